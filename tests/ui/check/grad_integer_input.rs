use typed_tensor::prelude::*;

fn main() {
    let f = grad!(|x: Tensor<i64, Shape![4]>| x.sum());
    let _ = f(Tensor::arange());
}
