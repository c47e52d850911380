// `START..-BACK` needs START + BACK elements within the axis (here 3 + 2 > 4).
use typed_tensor::prelude::*;

fn main() {
    let x = Tensor::<i32, Shape![4, 4]>::arange();
    let _ = x.slice(s![3..-2, ..]);
}
