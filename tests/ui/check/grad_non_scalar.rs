use typed_tensor::prelude::*;

fn main() {
    let f = grad!(|x: Tensor<f32, Shape![4]>| &x * &x);
    let _ = f(Tensor::arange());
}
