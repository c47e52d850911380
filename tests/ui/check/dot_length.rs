use typed_tensor::prelude::*;

fn main() {
    let a = tensor!([1.0, 2.0, 3.0, 4.0]);
    let b = tensor!([1.0, 2.0, 3.0]);
    let _ = a.dot(&b);
}
