// Seed §1.2.4, example 3: (5,3,4,1) + (3,2,1) does not broadcast.
use typed_tensor::prelude::*;

fn main() {
    let x: Tensor<f32, Shape![5, 3, 4, 1]> = Tensor::zeros();
    let y: Tensor<f32, Shape![3, 2, 1]> = Tensor::zeros();
    let _ = &x + &y;
}
