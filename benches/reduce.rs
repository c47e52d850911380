//! Sums of a 1024 × 1024 `f32` matrix, over all elements and along axis 1 (each row), side by
//! side with ndarray and a plain loop with eight accumulators.
//!
//! Run: `cargo bench -p typed-tensor-benches --bench reduce`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use typed_tensor::prelude::*;

#[inline(never)]
fn plain_row_sums(x: &[f32], out: &mut [f32]) {
    for (row, o) in x.chunks_exact(1024).zip(out.iter_mut()) {
        let mut acc = [0.0f32; 8];
        for c in row.chunks_exact(8) {
            for k in 0..8 {
                acc[k] += c[k];
            }
        }
        *o = acc.iter().sum();
    }
}

fn sums(c: &mut Criterion) {
    let x = Tensor::<f32, Shape![1024, 1024]>::from_fn(|[i, j]| ((i * 31 + j) % 17) as f32);
    let nx = ndarray::Array2::from_shape_vec((1024, 1024), x.to_vec()).unwrap();

    let mut g = c.benchmark_group("sum_axis1_1024x1024");
    g.bench_function("typed_tensor", |b| b.iter(|| black_box(black_box(&x).sum_axis::<1>())));
    g.bench_function("ndarray", |b| b.iter(|| black_box(black_box(&nx).sum_axis(ndarray::Axis(1)))));
    let mut out = vec![0.0f32; 1024];
    g.bench_function("plain_8_accumulators", |b| {
        b.iter(|| plain_row_sums(black_box(x.as_slice()), &mut out))
    });
    g.finish();

    let mut g = c.benchmark_group("sum_1024x1024");
    g.bench_function("typed_tensor", |b| b.iter(|| black_box(black_box(&x).sum())));
    g.bench_function("ndarray", |b| b.iter(|| black_box(black_box(&nx).sum())));
    g.finish();
}

#[inline(never)]
fn plain_sum(x: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    for c in x.chunks_exact(8) {
        for k in 0..8 {
            acc[k] += c[k];
        }
    }
    acc.iter().sum()
}

/// In cache, where vector width matters: the AVX2 copy of the loop against a baseline
/// (SSE2) loop with eight accumulators.
fn sums_in_cache(c: &mut Criterion) {
    let x = Tensor::<f32, Shape![64, 64]>::from_fn(|[i, j]| ((i * 31 + j) % 17) as f32);
    let nx = ndarray::Array2::from_shape_vec((64, 64), x.to_vec()).unwrap();
    let mut g = c.benchmark_group("sum_64x64");
    g.bench_function("typed_tensor", |b| b.iter(|| black_box(black_box(&x).sum())));
    g.bench_function("ndarray", |b| b.iter(|| black_box(black_box(&nx).sum())));
    g.bench_function("plain_8_accumulators", |b| b.iter(|| plain_sum(black_box(x.as_slice()))));
    g.finish();
}

criterion_group!(benches, sums, sums_in_cache);
criterion_main!(benches);
