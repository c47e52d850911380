//! `grad!` against a hand-written fused loop (the d2l linear-regression loss at batch 10), and
//! the cost of a backward pass relative to its forward pass on 256 × 256 tensors.
//!
//! Run: `cargo bench -p typed-tensor-benches --bench autodiff`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use typed_tensor::prelude::*;

/// Loss `mean((Xw + b - y)² / 2)` and its gradients, fused into one pass over the batch.
#[inline(never)]
fn hand_fused(x: &[f32; 20], y: &[f32; 10], w: &[f32; 2], b: f32) -> (f32, [f32; 2], f32) {
    let (mut loss, mut gw, mut gb) = (0.0f32, [0.0f32; 2], 0.0f32);
    for i in 0..10 {
        let r = x[2 * i] * w[0] + x[2 * i + 1] * w[1] + b - y[i];
        loss += r * r;
        gw[0] += r * x[2 * i];
        gw[1] += r * x[2 * i + 1];
        gb += r;
    }
    (loss / 20.0, [gw[0] / 10.0, gw[1] / 10.0], gb / 10.0)
}

/// The loss gradient as a user's training step would hold it: `grad!` built and called inside
/// one function that takes the numbers out, so its tensors never leave registers.
#[inline(never)]
fn loss_and_grads(
    x: &Tensor<f32, Shape![10, 2]>,
    y: &Tensor<f32, Shape![10, 1]>,
    w: &Tensor<f32, Shape![2, 1]>,
    b: &Tensor<f32, Shape![1]>,
) -> (f32, [f32; 2], f32) {
    let g = grad!(|w: &Tensor<f32, Shape![2, 1]>, b: &Tensor<f32, Shape![1]>| {
        ((x.matmul(w) + b - y).powi(2) / 2.0).mean()
    });
    let (l, (dw, db)) = g(w, b);
    (l.item(), [dw.as_slice()[0], dw.as_slice()[1]], db.as_slice()[0])
}

fn d2l_loss(c: &mut Criterion) {
    let x = Tensor::<f32, Shape![10, 2]>::from_fn(|[i, j]| i as f32 * 0.1 - j as f32);
    let y = Tensor::<f32, Shape![10, 1]>::from_fn(|[i, _]| i as f32);
    let g = grad!(|w: &Tensor<f32, Shape![2, 1]>, b: &Tensor<f32, Shape![1]>| {
        ((x.matmul(w) + b - &y).powi(2) / 2.0).mean()
    });
    let w = tensor!([[0.5f32], [-0.25]]);
    let b = tensor!([0.1f32]);
    let mut group = c.benchmark_group("d2l_loss_forward_backward_batch10");
    group.bench_function("typed_tensor_grad", |bch| bch.iter(|| black_box(g(black_box(&w), black_box(&b)))));
    // the same, keeping only the numbers (as the hand-written loop returns them)
    group.bench_function("typed_tensor_grad_values", |bch| {
        bch.iter(|| {
            let (l, (dw, db)) = g(black_box(&w), black_box(&b));
            black_box((l.item(), [dw.as_slice()[0], dw.as_slice()[1]], db.as_slice()[0]))
        })
    });
    group.bench_function("typed_tensor_grad_in_caller", |bch| {
        bch.iter(|| black_box(loss_and_grads(black_box(&x), black_box(&y), black_box(&w), black_box(&b))))
    });
    let xa: [f32; 20] = x.as_slice().try_into().unwrap();
    let ya: [f32; 10] = y.as_slice().try_into().unwrap();
    group.bench_function("hand_fused_loop", |bch| {
        bch.iter(|| {
            black_box(hand_fused(black_box(&xa), black_box(&ya), black_box(&[0.5, -0.25]), black_box(0.1)))
        })
    });
    group.finish();
}

fn backward_cost(c: &mut Criterion) {
    let a = Tensor::<f32, Shape![256, 256]>::from_fn(|[i, j]| ((i * 7 + j) % 13) as f32 / 13.0 - 0.5);
    let b = Tensor::<f32, Shape![256, 256]>::from_fn(|[i, j]| ((i + 3 * j) % 11) as f32 / 11.0 - 0.5);
    let mut group = c.benchmark_group("matmul_tanh_mul_sum_256");
    group.sample_size(30);
    group.bench_function("forward", |bch| {
        bch.iter(|| black_box((black_box(&a).matmul(black_box(&b)).tanh() * &a).sum()))
    });
    let g = grad!(|a: &Tensor<f32, Shape![256, 256]>, b: &Tensor<f32, Shape![256, 256]>| {
        (a.matmul(b).tanh() * a).sum()
    });
    group.bench_function("forward_and_backward", |bch| {
        bch.iter(|| black_box(g(black_box(&a), black_box(&b))))
    });
    group.finish();
}

criterion_group!(benches, d2l_loss, backward_cost);
criterion_main!(benches);
