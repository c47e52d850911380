use typed_tensor::prelude::*;

fn main() {
    let a: Tensor<f64, Shape![3, 3]> = Tensor::eye();
    let b: Tensor<f64, Shape![2, 3, 1]> = Tensor::ones();
    let _ = a.solve(&b);
}
