// A batch size of 0 (PyTorch: "batch_size should be a positive integer value").
use typed_tensor::data::{BatchSize, DataLoader, Remainder};
use typed_tensor::prelude::*;

fn main() {
    let x: Tensor<f32, Shape![10, 2]> = Tensor::zeros();
    let y: Tensor<f32, Shape![10, 1]> = Tensor::zeros();
    let _ = DataLoader::new(&x, &y, BatchSize::<0>, Remainder::Drop, false);
}
