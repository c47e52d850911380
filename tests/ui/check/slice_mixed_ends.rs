// A range from a bound counted from the end to one counted from the start: its size depends
// on the axis at both ends, so the macro asks for both bounds from the same end.
use typed_tensor::prelude::*;

fn main() {
    let x = Tensor::<i32, Shape![4, 4]>::arange();
    let _ = x.slice(s![-3..3, ..]);
}
