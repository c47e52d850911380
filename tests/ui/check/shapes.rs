// Literals, shape ranks, reshape, item() and means of integers.
// Each case is a module of its own (its `main` is an ordinary function here); one file per
// group, so that trybuild runs one `cargo check` for the group rather than one per case.
#![allow(dead_code, unused)]

fn main() {}

mod ragged_literal {
    use typed_tensor::prelude::*;

    fn main() {
        let _ = tensor!([[1., 2., 3.], [4., 5.]]);
        let _ = tensor!([[1, 2], 3]);
    }
}

mod shape_rank_seven {
    use typed_tensor::prelude::*;

    type TooMany = Shape![2, 2, 2, 2, 2, 2, 2];

    fn main() {}
}

mod reshape_two_infer {
    use typed_tensor::prelude::*;

    fn main() {
        let x: Tensor<f32, Shape![12]> = Tensor::arange();
        let _ = x.reshape::<Shape![_, _]>();
    }
}

mod item_not_scalar {
    use typed_tensor::prelude::*;

    fn main() {
        let x: Tensor<f32, Shape![2, 3]> = Tensor::ones();
        let _ = x.item();
    }
}

mod mean_of_integers {
    use typed_tensor::prelude::*;

    fn main() {
        let a: Tensor<i64, Shape![3, 2]> = Tensor::arange();
        let _ = a.mean();
        let _ = tensor!([-3, 4]).norm();
    }
}
