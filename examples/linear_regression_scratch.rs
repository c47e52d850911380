//! Seed §2.3: linear regression from scratch, function by function, with gradients from
//! `grad!`. Prints d2l's lines:
//!
//! ```text
//! epoch 1, loss 0.040433
//! ...
//! error in estimating w: [0.0005, -0.0002]
//! error in estimating b: [0.0006]
//! ```
//!
//! Run with `cargo run --release --example linear_regression_scratch [-- --seed N]`.

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use typed_tensor::prelude::*;

/// `y = Xw + b + ε`, features ~ N(0, 1), noise ~ N(0, 0.01) (seed §2.3.1). The example count
/// is a type-level size.
pub fn synthetic_data<const N: usize, R: Rng>(
    w: &Tensor<f32, Shape![2]>,
    b: f32,
    rng: &mut R,
) -> (Tensor<f32, Shape![N, 2]>, Tensor<f32, Shape![N, 1]>) {
    let x = Tensor::<f32, Shape![N, 2]>::normal(0.0, 1.0, rng);
    let mut y = x.mv(w) + b;
    y += Tensor::<f32, Shape![N]>::normal(0.0, 0.01, rng);
    (x, y.reshape::<Shape![N, 1]>()) // the seed's y.reshape((-1, 1))
}

/// Shuffled minibatches of `B` examples (seed §2.3.2). `B` must divide `N`, checked when this
/// is compiled: the seed's last batch may be shorter, a static batch cannot be, and silently
/// dropping the rest is not an option (the library's `DataLoader` makes that an explicit choice).
pub fn data_iter<'a, const B: usize, const N: usize, R: Rng>(
    features: &'a Tensor<f32, Shape![N, 2]>,
    labels: &'a Tensor<f32, Shape![N, 1]>,
    rng: &mut R,
) -> impl Iterator<Item = (Tensor<f32, Shape![B, 2]>, Tensor<f32, Shape![B, 1]>)> + 'a {
    const { assert!(B > 0 && N.is_multiple_of(B), "the batch size must divide the number of examples") };
    let mut indices: Vec<usize> = (0..N).collect();
    indices.shuffle(rng);
    (0..N / B).map(move |i| {
        let batch: [usize; B] = indices[i * B..(i + 1) * B].try_into().expect("B indices");
        (
            features.index_select::<0, B>(batch).expect("indices < N"),
            labels.index_select::<0, B>(batch).expect("indices < N"),
        )
    })
}

/// The model, `Xw + b` (seed §2.3.3).
#[differentiable]
pub fn linreg<const B: usize>(
    x: &Tensor<f32, Shape![B, 2]>,
    w: &Tensor<f32, Shape![2, 1]>,
    b: &Tensor<f32, Shape![1]>,
) -> Tensor<f32, Shape![B, 1]> {
    x.matmul(w) + b
}

/// The squared loss, `(ŷ - y)² / 2` (seed §2.3.4; the seed also divides by the batch size
/// here, d2l does it in `sgd`; the updates are the same, and the printed loss is d2l's).
#[differentiable]
pub fn squared_loss<const B: usize>(
    y_hat: &Tensor<f32, Shape![B, 1]>,
    y: &Tensor<f32, Shape![B, 1]>,
) -> Tensor<f32, Shape![B, 1]> {
    (y_hat - y).powi(2) / 2.0
}

/// Minibatch SGD: `param -= lr * param.grad / batch_size`, then `param.grad.zero_()`
/// (seed §2.3.5).
pub fn sgd<S: Shape>(param: &mut Param<f32, S>, lr: f32, batch_size: usize) {
    let step = lr / batch_size as f32;
    let Param { value, grad } = param;
    for (v, g) in value.as_mut_slice().iter_mut().zip(grad.as_slice()) {
        *v -= step * g;
    }
    param.zero_grad();
}

/// What training produced.
pub struct Report {
    pub losses: Vec<f32>,
    pub w: Tensor<f32, Shape![2]>,
    pub b: f32,
    pub true_w: Tensor<f32, Shape![2]>,
    pub true_b: f32,
}

/// Seed §2.3.6: three epochs of minibatch SGD with `lr = 0.03` and batches of 10.
pub fn train(seed: u64) -> Report {
    const BATCH: usize = 10;
    let (lr, num_epochs) = (0.03, 3);
    let mut rng = StdRng::seed_from_u64(seed);
    let true_w = tensor!([2.0f32, -3.4]);
    let true_b = 4.2;
    let (features, labels) = synthetic_data::<1000, _>(&true_w, true_b, &mut rng);
    let mut w = Param::new(Tensor::<f32, Shape![2, 1]>::normal(0.0, 0.01, &mut rng));
    let mut b = Param::new(Tensor::<f32, Shape![1]>::zeros());
    let mut losses = Vec::new();
    for epoch in 0..num_epochs {
        for (x, y) in data_iter::<BATCH, 1000, _>(&features, &labels, &mut rng) {
            // l = loss(net(X, w, b), y); l.sum().backward()
            let l = grad!(|w: &mut Param<f32, Shape![2, 1]>, b: &mut Param<f32, Shape![1]>| {
                squared_loss(&linreg(&x, w, b), &y).sum()
            });
            l(&mut w, &mut b);
            sgd(&mut w, lr, BATCH);
            sgd(&mut b, lr, BATCH);
        }
        let train_l = squared_loss(&linreg(&features, &w, &b), &labels);
        losses.push(train_l.mean().item());
        println!("epoch {}, loss {:.6}", epoch + 1, losses[epoch]);
    }
    let w = w.value.reshape::<Shape![2]>();
    let b = b.value.item();
    Report { losses, w, b, true_w, true_b }
}

#[path = "common/cli.rs"]
pub mod cli;

const ABOUT: &str = "Seed §2.3: linear regression from scratch, with the gradient written by `grad!`.\n\nUsage: cargo run --release --example linear_regression_scratch [-- --seed N | --help]";

#[allow(dead_code)] // when included by the tests, `main` is not called
fn main() {
    let seed = cli::seed_or_exit(ABOUT, true, 42);
    // seed §2.3.2: one batch of the data iterator, `X` 10 × 2 and `y` 10 × 1
    let mut rng = StdRng::seed_from_u64(seed);
    let (features, labels) = synthetic_data::<1000, _>(&tensor!([2.0f32, -3.4]), 4.2, &mut rng);
    if let Some((x, y)) = data_iter::<10, 1000, _>(&features, &labels, &mut rng).next() {
        println!("{x}\n {y}");
    }
    let report = train(seed);
    let dw = &report.true_w - &report.w;
    println!("error in estimating w: [{:.4}, {:.4}]", dw.as_slice()[0], dw.as_slice()[1]);
    println!("error in estimating b: [{:.4}]", report.true_b - report.b);
}
