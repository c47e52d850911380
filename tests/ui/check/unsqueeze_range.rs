use typed_tensor::prelude::*;

fn main() {
    let x: Tensor<f32, Shape![3, 4]> = Tensor::ones();
    let _ = x.unsqueeze::<3>();
}
