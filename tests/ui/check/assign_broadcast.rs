// `+=` needs the right side to broadcast into the left side's shape.
use typed_tensor::prelude::*;

fn main() {
    let mut x: Tensor<f32, Shape![3]> = Tensor::zeros();
    let y: Tensor<f32, Shape![2, 3]> = Tensor::ones();
    x += &y;
    let mut a: Tensor<f32, Shape![2, 4]> = Tensor::zeros();
    let b: Tensor<f32, Shape![2, 3]> = Tensor::ones();
    a += &b;
}
