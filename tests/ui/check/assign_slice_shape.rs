// A region of shape [2, 2] cannot take a tensor of shape [2, 3].
use typed_tensor::prelude::*;

fn main() {
    let mut x: Tensor<f32, Shape![4, 4]> = Tensor::zeros();
    let y: Tensor<f32, Shape![2, 3]> = Tensor::ones();
    x.assign_slice(s![0..2, 0..2], &y);
}
