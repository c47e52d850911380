use typed_tensor::prelude::*;

fn main() {
    let a: Tensor<f64, Shape![2, 3]> = Tensor::ones();
    let b: Tensor<f64, Shape![2]> = Tensor::ones();
    let _ = a.solve(&b);
}
