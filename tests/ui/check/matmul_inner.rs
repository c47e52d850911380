use typed_tensor::prelude::*;

fn main() {
    // two matrices, as `mm` (a separate file: rustc reports one identical error once)
    let a: Tensor<f32, Shape![2, 3]> = Tensor::ones();
    let b: Tensor<f32, Shape![4, 5]> = Tensor::ones();
    let _ = a.matmul(&b);
    // batched: the batch dims broadcast, the matrices do not multiply
    let x: Tensor<f32, Shape![2, 2, 3]> = Tensor::ones();
    let y: Tensor<f32, Shape![2, 5, 6]> = Tensor::ones();
    let _ = x.matmul(&y);
}
