// A reshape that changes the element count. The check runs when the call is compiled
// (`cargo build`), with PyTorch's message.
use typed_tensor::prelude::*;

fn main() {
    let x: Tensor<f32, Shape![2, 3]> = Tensor::zeros();
    let _ = x.reshape::<Shape![4, 2]>();
}
