use typed_tensor::prelude::*;

fn main() {
    let a: Tensor<f32, Shape![2, 3]> = Tensor::ones();
    let b: Tensor<f32, Shape![4, 5]> = Tensor::ones();
    let _ = a.mm(&b);
    let _ = a.matmul(&b);
}
