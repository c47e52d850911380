// Any size works, and a mismatch between large sizes is reported in decimal.
use typed_tensor::prelude::*;

fn main() {
    let x: Tensor<f32, Shape![100000, 3]> = Tensor::zeros();
    let y: Tensor<f32, Shape![60000, 3]> = Tensor::zeros();
    let _ = &x * &y;
}
