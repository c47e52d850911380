// PyTorch's slices step forward only: "step must be greater than zero".
use typed_tensor::prelude::*;

fn main() {
    let x = Tensor::<i32, Shape![4, 4]>::arange();
    let _ = x.slice(s![..;-1, ..]);
}
