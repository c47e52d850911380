use typed_tensor::prelude::*;

fn double(x: &Tensor<f32, Shape![4]>) -> Tensor<f32, Shape![4]> {
    x * 2.0
}

fn main() {
    let f = grad!(|x: Tensor<f32, Shape![4]>| double(&x).sum());
    let _ = f(Tensor::arange());
}
