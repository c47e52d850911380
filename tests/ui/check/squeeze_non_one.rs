// Only an axis of size 1 can be squeezed away.
use typed_tensor::prelude::*;

fn main() {
    let x: Tensor<f32, Shape![3, 1]> = Tensor::ones();
    let _ = x.squeeze::<0>();
}
