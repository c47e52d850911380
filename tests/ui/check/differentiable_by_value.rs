use typed_tensor::prelude::*;

#[differentiable]
fn double(x: Tensor<f32, Shape![4]>) -> Tensor<f32, Shape![4]> {
    &x * 2.0
}

fn main() {}
