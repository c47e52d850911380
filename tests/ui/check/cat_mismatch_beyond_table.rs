// The mismatch of the axis that is not joined is reported first, before the size-arithmetic
// range of the joined one (5000 + 5000 is beyond it).
use typed_tensor::prelude::*;

fn main() {
    let x: Tensor<f32, Shape![5000, 2]> = Tensor::zeros();
    let y: Tensor<f32, Shape![5000, 3]> = Tensor::zeros();
    let _ = (&x, &y).cat::<0>();
}
