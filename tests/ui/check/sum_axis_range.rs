use typed_tensor::prelude::*;

fn main() {
    let a: Tensor<f32, Shape![3, 4]> = Tensor::ones();
    let _ = a.sum_axis::<2>();
    let _ = a.sum_axes::<Axes![1, 0]>();
}
