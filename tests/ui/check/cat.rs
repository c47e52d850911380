// `cat`: the joined axis, the other axes, and the range of compile-time size arithmetic.
// Each case is a module of its own (its `main` is an ordinary function here); one file per
// group, so that trybuild runs one `cargo check` for the group rather than one per case.
#![allow(dead_code, unused)]

fn main() {}

mod cat_mismatch {
    // torch.cat((X, Y), dim=0) needs the other dimensions to agree.
    use typed_tensor::prelude::*;

    fn main() {
        let x: Tensor<f32, Shape![3, 4]> = Tensor::zeros();
        let y: Tensor<f32, Shape![3, 3]> = Tensor::zeros();
        let _ = (&x, &y).cat::<0>();
    }
}

mod cat_mismatch_beyond_table {
    // The mismatch of the axis that is not joined is reported first, before the size-arithmetic
    // range of the joined one (5000 + 5000 is beyond it).
    use typed_tensor::prelude::*;

    fn main() {
        let x: Tensor<f32, Shape![5000, 2]> = Tensor::zeros();
        let y: Tensor<f32, Shape![5000, 3]> = Tensor::zeros();
        let _ = (&x, &y).cat::<0>();
    }
}

mod cat_beyond_table {
    // The size of a `cat` result is computed with compile-time arithmetic, whose range is limited;
    // beyond it, `cat_to` takes the result shape written out.
    use typed_tensor::prelude::*;

    fn main() {
        let x: Tensor<f32, Shape![3000, 2]> = Tensor::zeros();
        let _ = (&x, &x).cat::<0>();
    }
}

mod cat_axis_out_of_range {
    use typed_tensor::prelude::*;

    fn main() {
        let x: Tensor<f32, Shape![3, 4]> = Tensor::zeros();
        let _ = (&x, &x).cat::<2>();
    }
}
