// A reshape with `_` whose other sizes do not divide the element count: PyTorch's message,
// with the target as written (`-1` for `_`), when the call is compiled.
use typed_tensor::prelude::*;

fn main() {
    let x: Tensor<f32, Shape![12]> = Tensor::arange();
    let _ = x.reshape::<Shape![_, 5]>();
}
