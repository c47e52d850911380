use typed_tensor::prelude::*;

fn main() {
    let a: Tensor<i64, Shape![3, 2]> = Tensor::arange();
    let _ = a.mean();
    let _ = tensor!([-3, 4]).norm();
}
