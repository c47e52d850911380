// dot, mv, mm, matmul and solve: their size checks.
// Each case is a module of its own (its `main` is an ordinary function here); one file per
// group, so that trybuild runs one `cargo check` for the group rather than one per case.
#![allow(dead_code, unused)]

fn main() {}

mod dot_length {
    use typed_tensor::prelude::*;

    fn main() {
        let a = tensor!([1.0, 2.0, 3.0, 4.0]);
        let b = tensor!([1.0, 2.0, 3.0]);
        let _ = a.dot(&b);
    }
}

mod mv_length {
    use typed_tensor::prelude::*;

    fn main() {
        let a: Tensor<f32, Shape![3, 4]> = Tensor::ones();
        let x: Tensor<f32, Shape![5]> = Tensor::ones();
        let _ = a.mv(&x);
    }
}

mod mm_inner {
    use typed_tensor::prelude::*;

    fn main() {
        let a: Tensor<f32, Shape![2, 3]> = Tensor::ones();
        let b: Tensor<f32, Shape![4, 5]> = Tensor::ones();
        let _ = a.mm(&b);
        let _ = a.matmul(&b);
    }
}

mod matmul_inner {
    use typed_tensor::prelude::*;

    fn main() {
        // two matrices, as `mm` (a separate file: rustc reports one identical error once)
        let a: Tensor<f32, Shape![2, 3]> = Tensor::ones();
        let b: Tensor<f32, Shape![4, 5]> = Tensor::ones();
        let _ = a.matmul(&b);
        // batched: the batch dims broadcast, the matrices do not multiply
        let x: Tensor<f32, Shape![2, 2, 3]> = Tensor::ones();
        let y: Tensor<f32, Shape![2, 5, 6]> = Tensor::ones();
        let _ = x.matmul(&y);
    }
}

mod matmul_batch {
    use typed_tensor::prelude::*;

    fn main() {
        let a: Tensor<f32, Shape![2, 3, 4]> = Tensor::ones();
        let b: Tensor<f32, Shape![3, 4, 5]> = Tensor::ones();
        let _ = a.matmul(&b);
    }
}

mod matmul_scalar {
    // torch.matmul needs at least one dimension on each side ("both arguments to matmul need to
    // be at least 1D").
    use typed_tensor::prelude::*;

    fn main() {
        let s: Tensor<f32, Shape![]> = Tensor::ones();
        let v: Tensor<f32, Shape![3]> = Tensor::ones();
        let _ = v.matmul(&s);
        let _ = s.matmul(&v);
    }
}

mod solve_not_square {
    use typed_tensor::prelude::*;

    fn main() {
        let a: Tensor<f64, Shape![2, 3]> = Tensor::ones();
        let b: Tensor<f64, Shape![2]> = Tensor::ones();
        let _ = a.solve(&b);
    }
}

mod solve_batched {
    use typed_tensor::prelude::*;

    fn main() {
        let a: Tensor<f64, Shape![3, 3]> = Tensor::eye();
        let b: Tensor<f64, Shape![2, 3, 1]> = Tensor::ones();
        let _ = a.solve(&b);
    }
}
