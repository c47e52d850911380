// torch.matmul needs at least one dimension on each side ("both arguments to matmul need to
// be at least 1D").
use typed_tensor::prelude::*;

fn main() {
    let s: Tensor<f32, Shape![]> = Tensor::ones();
    let v: Tensor<f32, Shape![3]> = Tensor::ones();
    let _ = v.matmul(&s);
    let _ = s.matmul(&v);
}
