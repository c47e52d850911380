use typed_tensor::prelude::*;

fn main() {
    let _ = tensor!([[1., 2., 3.], [4., 5.]]);
    let _ = tensor!([[1, 2], 3]);
}
