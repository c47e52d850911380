// Broadcasting, element-wise assignment, and a loss target that must broadcast to the prediction.
// Each case is a module of its own (its `main` is an ordinary function here); one file per
// group, so that trybuild runs one `cargo check` for the group rather than one per case.
#![allow(dead_code, unused)]

fn main() {}

mod broadcast_mismatch {
    // Seed §1.2.4, example 3: (5,3,4,1) + (3,2,1) does not broadcast.
    use typed_tensor::prelude::*;

    fn main() {
        let x: Tensor<f32, Shape![5, 3, 4, 1]> = Tensor::zeros();
        let y: Tensor<f32, Shape![3, 2, 1]> = Tensor::zeros();
        let _ = &x + &y;
    }
}

mod broadcast_large_dims {
    // Any size works, and a mismatch between large sizes is reported in decimal.
    use typed_tensor::prelude::*;

    fn main() {
        let x: Tensor<f32, Shape![100000, 3]> = Tensor::zeros();
        let y: Tensor<f32, Shape![60000, 3]> = Tensor::zeros();
        let _ = &x * &y;
    }
}

mod assign_broadcast {
    // `+=` needs the right side to broadcast into the left side's shape; in code generic over the
    // shape, the bound must be stated even for the same shape.
    use typed_tensor::prelude::*;

    fn step<S: Shape>(param: &mut Tensor<f32, S>, update: &Tensor<f32, S>) {
        *param -= update;
    }

    fn main() {
        let mut x: Tensor<f32, Shape![3]> = Tensor::zeros();
        let y: Tensor<f32, Shape![2, 3]> = Tensor::ones();
        x += &y;
        let mut a: Tensor<f32, Shape![2, 4]> = Tensor::zeros();
        let b: Tensor<f32, Shape![2, 3]> = Tensor::ones();
        a += &b;
        step(&mut x, &Tensor::zeros());
    }
}

mod mse_target_shape {
    // PyTorch broadcasts predictions of shape [B, 1] against targets of shape [B] to [B, B] (with a
    // warning); here the target must broadcast to the prediction's shape.
    use typed_tensor::nn::MseLoss;
    use typed_tensor::prelude::*;

    fn main() {
        let pred: Tensor<f32, Shape![10, 1]> = Tensor::zeros();
        let target: Tensor<f32, Shape![10]> = Tensor::zeros();
        let _ = MseLoss.forward(&pred, &target);
    }
}
