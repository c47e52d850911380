use typed_tensor::prelude::*;

type TooMany = Shape![2, 2, 2, 2, 2, 2, 2];

fn main() {}
