// A passing case: makes trybuild run `cargo build`, so that checks which fire when a call is
// compiled to machine code are exercised by the cases beside this one.
use typed_tensor::prelude::*;

fn main() {
    let x: Tensor<f32, Shape![2, 3]> = Tensor::arange();
    let y = x.reshape::<Shape![3, 2]>();
    assert_eq!(y.shape(), [3, 2]);
}
