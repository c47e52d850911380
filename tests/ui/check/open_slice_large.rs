// Open-ended slices are sized with compile-time arithmetic, which covers sizes up to 1024
// (and powers of 2 and 10); with the end written out, any size works.
use typed_tensor::prelude::*;

fn main() {
    let x: Tensor<f32, Shape![5000, 2]> = Tensor::zeros();
    let _ = x.slice(s![3.., ..]);
}
