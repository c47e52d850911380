// Seed §1.1.3 on a 4 x 4 matrix: a literal index beyond the axis.
use typed_tensor::prelude::*;

fn main() {
    let x = Tensor::<i32, Shape![4, 4]>::arange();
    let _ = x.at(s![1, 4]);
}
