use typed_tensor::prelude::*;

fn main() {
    let a: Tensor<f32, Shape![2, 3, 4]> = Tensor::ones();
    let b: Tensor<f32, Shape![3, 4, 5]> = Tensor::ones();
    let _ = a.matmul(&b);
}
