use typed_tensor::prelude::*;

fn main() {
    let a: Tensor<f32, Shape![2, 3, 4]> = Tensor::ones();
    let _ = a.permute::<Axes![0, 1, 1]>();
}
