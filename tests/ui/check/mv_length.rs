use typed_tensor::prelude::*;

fn main() {
    let a: Tensor<f32, Shape![3, 4]> = Tensor::ones();
    let x: Tensor<f32, Shape![5]> = Tensor::ones();
    let _ = a.mv(&x);
}
