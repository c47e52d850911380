//! Whole training runs of linear regression, against hand-written Rust loops with the
//! closed-form gradient and no library, in the same run.
//!
//! - `d2l_training`: the d2l configuration (1000 examples, batches of 10, 3 epochs: 300 steps,
//!   including the shuffling and the loss over the whole set after each epoch).
//! - `large_epoch`: 100 000 examples of 64 features, batches of 256, one epoch (shuffle,
//!   gather each batch, step). Throughput counts the floating-point operations of the
//!   forward pass and the gradient (6 B F per step), so `Gelem/s` reads as GFLOP/s.
//!
//! Run: `cargo bench -p typed-tensor-benches --bench training`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use typed_tensor::data::{BatchSize, DataLoader, Remainder};
use typed_tensor::nn::{self, Linear, Module};
use typed_tensor::optim::Sgd;
use typed_tensor::prelude::*;

/// The library: DataLoader, nn::Linear, nn::MseLoss, optim::Sgd.
fn train_library<const N: usize, const F: usize, const B: usize>(
    x: &Tensor<f32, Shape![N, F]>,
    y: &Tensor<f32, Shape![N, 1]>,
    epochs: usize,
    full_loss: bool,
) -> f32 {
    let mut rng = StdRng::seed_from_u64(1);
    let loader = DataLoader::new(x, y, BatchSize::<B>, Remainder::Drop, true).unwrap();
    let mut net = Linear::<f32, Shape![F, 1]>::new(&mut rng);
    let (loss, trainer) = (nn::MseLoss, Sgd::new(0.03f32));
    let mut last = 0.0;
    for _ in 0..epochs {
        for (xb, yb) in loader.epoch(&mut rng) {
            let (_, g) = loss.value_and_grad(&net.forward(&xb), &yb);
            trainer.zero_grad(&mut net);
            net.backward(&xb, &g);
            trainer.step(&mut net);
        }
        if full_loss {
            last = loss.forward(&net.forward(x), y).item();
        }
    }
    last + net.bias.value.as_slice()[0]
}

/// The hand-written baseline: the same steps on plain slices, the gradient of the mean squared
/// error written out (2/B Σ r x, 2/B Σ r).
fn train_by_hand(x: &[f32], y: &[f32], n: usize, f: usize, b: usize, epochs: usize, full_loss: bool) -> f32 {
    let mut rng = StdRng::seed_from_u64(1);
    let mut w = vec![0.0f32; f];
    let mut bias = 0.0f32;
    let mut order: Vec<usize> = (0..n).collect();
    let mut xb = vec![0.0f32; b * f];
    let mut yb = vec![0.0f32; b];
    let mut r = vec![0.0f32; b];
    let mut gw = vec![0.0f32; f];
    let mut last = 0.0;
    for _ in 0..epochs {
        order.shuffle(&mut rng);
        for batch in order.chunks_exact(b) {
            for (k, &i) in batch.iter().enumerate() {
                xb[k * f..(k + 1) * f].copy_from_slice(&x[i * f..(i + 1) * f]);
                yb[k] = y[i];
            }
            for k in 0..b {
                let row = &xb[k * f..(k + 1) * f];
                r[k] = row.iter().zip(&w).map(|(a, c)| a * c).sum::<f32>() + bias - yb[k];
            }
            gw.fill(0.0);
            let mut gb = 0.0;
            for k in 0..b {
                for (g, &a) in gw.iter_mut().zip(&xb[k * f..(k + 1) * f]) {
                    *g += r[k] * a;
                }
                gb += r[k];
            }
            let scale = 0.03 * 2.0 / b as f32;
            for (wj, g) in w.iter_mut().zip(&gw) {
                *wj -= scale * g;
            }
            bias -= scale * gb;
        }
        if full_loss {
            last = (0..n)
                .map(|i| {
                    let e =
                        x[i * f..(i + 1) * f].iter().zip(&w).map(|(a, c)| a * c).sum::<f32>() + bias - y[i];
                    e * e
                })
                .sum::<f32>()
                / n as f32;
        }
    }
    last + bias
}

fn d2l(c: &mut Criterion) {
    let mut rng = StdRng::seed_from_u64(0);
    let x = Tensor::<f32, Shape![1000, 2]>::randn(&mut rng);
    let y = x.matmul(&tensor!([[2.0f32], [-3.4]]))
        + 4.2
        + Tensor::<f32, Shape![1000, 1]>::normal(0.0, 0.01, &mut rng);
    let mut g = c.benchmark_group("d2l_training_300_steps");
    g.bench_function("typed_tensor", |b| b.iter(|| black_box(train_library::<1000, 2, 10>(&x, &y, 3, true))));
    let (xs, ys) = (x.to_vec(), y.to_vec());
    g.bench_function("hand_written", |b| b.iter(|| black_box(train_by_hand(&xs, &ys, 1000, 2, 10, 3, true))));
    g.finish();
}

fn large(c: &mut Criterion) {
    let mut rng = StdRng::seed_from_u64(0);
    let x = Tensor::<f32, Shape![100000, 64]>::randn(&mut rng);
    let w = Tensor::<f32, Shape![64, 1]>::randn(&mut rng);
    let y = x.matmul(&w) + 4.2;
    let mut g = c.benchmark_group("large_epoch_100000x64_batch256");
    g.sample_size(20).measurement_time(Duration::from_secs(5));
    // floating-point operations per epoch: per step, X·w (2·B·F), the loss gradient (3·B),
    // Xᵀ·g and Σ g (2·B·F + B), the update (2·F + 2); the hand-written loop does the same work
    g.throughput(Throughput::Elements((4 * 256 * 64 + 4 * 256 + 2 * 64 + 2) * (100_000 / 256) as u64));
    g.bench_function("typed_tensor", |b| {
        b.iter(|| black_box(train_library::<100000, 64, 256>(&x, &y, 1, false)))
    });
    let (xs, ys) = (x.to_vec(), y.to_vec());
    g.bench_function("hand_written", |b| {
        b.iter(|| black_box(train_by_hand(&xs, &ys, 100_000, 64, 256, 1, false)))
    });
    g.finish();
}

criterion_group!(benches, d2l, large);
criterion_main!(benches);
