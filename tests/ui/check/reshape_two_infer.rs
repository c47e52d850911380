use typed_tensor::prelude::*;

fn main() {
    let x: Tensor<f32, Shape![12]> = Tensor::arange();
    let _ = x.reshape::<Shape![_, _]>();
}
