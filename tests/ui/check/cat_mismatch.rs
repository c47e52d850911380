// torch.cat((X, Y), dim=0) needs the other dimensions to agree.
use typed_tensor::prelude::*;

fn main() {
    let x: Tensor<f32, Shape![3, 4]> = Tensor::zeros();
    let y: Tensor<f32, Shape![3, 3]> = Tensor::zeros();
    let _ = (&x, &y).cat::<0>();
}
