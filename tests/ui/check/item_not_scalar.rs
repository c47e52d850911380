use typed_tensor::prelude::*;

fn main() {
    let x: Tensor<f32, Shape![2, 3]> = Tensor::ones();
    let _ = x.item();
}
