use typed_tensor::prelude::*;

fn main() {
    let x: Tensor<f32, Shape![30000, 2]> = Tensor::zeros();
    let _ = (&x, &x).cat_to::<0, Shape![50000, 2]>();
}
