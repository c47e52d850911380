// `+=` needs the right side to broadcast into the left side's shape; in code generic over the
// shape, the bound must be stated even for the same shape.
use typed_tensor::prelude::*;

fn step<S: Shape>(param: &mut Tensor<f32, S>, update: &Tensor<f32, S>) {
    *param -= update;
}

fn main() {
    let mut x: Tensor<f32, Shape![3]> = Tensor::zeros();
    let y: Tensor<f32, Shape![2, 3]> = Tensor::ones();
    x += &y;
    let mut a: Tensor<f32, Shape![2, 4]> = Tensor::zeros();
    let b: Tensor<f32, Shape![2, 3]> = Tensor::ones();
    a += &b;
    step(&mut x, &Tensor::zeros());
}
