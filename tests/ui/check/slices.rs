// Slicing with s![...]: bounds known from the literal, steps, and assignment of a slice.
// Each case is a module of its own (its `main` is an ordinary function here); one file per
// group, so that trybuild runs one `cargo check` for the group rather than one per case.
#![allow(dead_code, unused)]

fn main() {}

mod open_slice_start {
    // An open slice that starts past the end of its axis: the compiler cannot size it.
    use typed_tensor::prelude::*;

    fn main() {
        let x: Tensor<f32, Shape![4, 4]> = Tensor::zeros();
        let _ = x.slice(s![5.., ..]);
    }
}

mod open_slice_large {
    // Open-ended slices are sized with compile-time arithmetic, which covers sizes up to 1024
    // (and powers of 2 and 10); with the end written out, any size works.
    use typed_tensor::prelude::*;

    fn main() {
        let x: Tensor<f32, Shape![5000, 2]> = Tensor::zeros();
        let _ = x.slice(s![3.., ..]);
    }
}

mod slice_before_end {
    // `START..-BACK` needs START + BACK elements within the axis (here 3 + 2 > 4).
    use typed_tensor::prelude::*;

    fn main() {
        let x = Tensor::<i32, Shape![4, 4]>::arange();
        let _ = x.slice(s![3..-2, ..]);
    }
}

mod slice_mixed_ends {
    // A range from a bound counted from the end to one counted from the start: its size depends
    // on the axis at both ends, so the macro asks for both bounds from the same end.
    use typed_tensor::prelude::*;

    fn main() {
        let x = Tensor::<i32, Shape![4, 4]>::arange();
        let _ = x.slice(s![-3..3, ..]);
    }
}

mod slice_negative_step {
    // PyTorch's slices step forward only: "step must be greater than zero".
    use typed_tensor::prelude::*;

    fn main() {
        let x = Tensor::<i32, Shape![4, 4]>::arange();
        let _ = x.slice(s![..;-1, ..]);
    }
}

mod assign_slice_shape {
    // A region of shape [2, 2] cannot take a tensor of shape [2, 3].
    use typed_tensor::prelude::*;

    fn main() {
        let mut x: Tensor<f32, Shape![4, 4]> = Tensor::zeros();
        let y: Tensor<f32, Shape![2, 3]> = Tensor::ones();
        x.assign_slice(s![0..2, 0..2], &y);
    }
}
