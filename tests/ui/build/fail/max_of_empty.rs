use typed_tensor::prelude::*;

fn main() {
    let a: Tensor<f32, Shape![0, 3]> = Tensor::zeros();
    let _ = a.max();
}
