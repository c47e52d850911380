// PyTorch broadcasts predictions of shape [B, 1] against targets of shape [B] to [B, B] (with a
// warning); here the target must broadcast to the prediction's shape.
use typed_tensor::nn::MseLoss;
use typed_tensor::prelude::*;

fn main() {
    let pred: Tensor<f32, Shape![10, 1]> = Tensor::zeros();
    let target: Tensor<f32, Shape![10]> = Tensor::zeros();
    let _ = MseLoss.forward(&pred, &target);
}
