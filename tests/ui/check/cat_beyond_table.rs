// The size of a `cat` result is computed with compile-time arithmetic, whose range is limited;
// beyond it, `cat_to` takes the result shape written out.
use typed_tensor::prelude::*;

fn main() {
    let x: Tensor<f32, Shape![3000, 2]> = Tensor::zeros();
    let _ = (&x, &x).cat::<0>();
}
