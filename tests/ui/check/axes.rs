// Axis numbers out of range, and squeezing an axis that is not of size 1.
// Each case is a module of its own (its `main` is an ordinary function here); one file per
// group, so that trybuild runs one `cargo check` for the group rather than one per case.
#![allow(dead_code, unused)]

fn main() {}

mod sum_axis_range {
    use typed_tensor::prelude::*;

    fn main() {
        let a: Tensor<f32, Shape![3, 4]> = Tensor::ones();
        let _ = a.sum_axis::<2>();
        let _ = a.sum_axes::<Axes![1, 0]>();
    }
}

mod transpose_range {
    use typed_tensor::prelude::*;

    fn main() {
        let a: Tensor<f32, Shape![2, 3, 4]> = Tensor::ones();
        let _ = a.transpose::<0, 3>();
        let _ = a.permute::<Axes![0, 1, 5]>();
    }
}

mod unsqueeze_range {
    use typed_tensor::prelude::*;

    fn main() {
        let x: Tensor<f32, Shape![3, 4]> = Tensor::ones();
        let _ = x.unsqueeze::<3>();
    }
}

mod squeeze_non_one {
    // Only an axis of size 1 can be squeezed away.
    use typed_tensor::prelude::*;

    fn main() {
        let x: Tensor<f32, Shape![3, 1]> = Tensor::ones();
        let _ = x.squeeze::<0>();
    }
}
