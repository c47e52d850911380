// A negative literal index counts from the end (PyTorch's `x[-5]`), and is checked as others.
use typed_tensor::prelude::*;

fn main() {
    let x = Tensor::<i32, Shape![4, 4]>::arange();
    let _ = x.at(s![-5, 0]);
}
