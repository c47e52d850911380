//! Sums of a 1024 × 1024 `f32` matrix, over all elements and along each axis, side by side
//! with ndarray (and a plain loop with eight accumulators along axis 1), and its largest
//! element; along each axis of a tall `131072 × 8` matrix of as many elements (and its maxima
//! along each axis), and over the first axis of a batch of 16 images of 256 × 256, with ndarray;
//! and the mean along the last axis of a small `[3, 5]` matrix, side by side with nalgebra,
//! ndarray and a plain loop.
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

    // the sum over the leading axis (a batch mean's sum): a column sum per output element
    let mut g = c.benchmark_group("sum_axis0_1024x1024");
    g.bench_function("typed_tensor", |b| b.iter(|| black_box(black_box(&x).sum_axis::<0>())));
    g.bench_function("ndarray", |b| b.iter(|| black_box(black_box(&nx).sum_axis(ndarray::Axis(0)))));
    g.finish();

    let mut g = c.benchmark_group("sum_1024x1024");
    g.bench_function("typed_tensor", |b| b.iter(|| black_box(black_box(&x).sum())));
    g.bench_function("ndarray", |b| b.iter(|| black_box(black_box(&nx).sum())));
    g.finish();

    // the largest element: the first of a run of 17 values, and of increasing values (the
    // largest last)
    let up = Tensor::<f32, Shape![1024, 1024]>::from_fn(|[i, j]| (i * 1024 + j) as f32);
    let nup = ndarray::Array2::from_shape_vec((1024, 1024), up.to_vec()).unwrap();
    let mut g = c.benchmark_group("max_1024x1024");
    g.bench_function("typed_tensor", |b| b.iter(|| black_box(black_box(&x).max())));
    g.bench_function("typed_tensor_largest_last", |b| b.iter(|| black_box(black_box(&up).max())));
    g.bench_function("ndarray_fold", |b| {
        b.iter(|| black_box(black_box(&nx).fold(f32::MIN, |m, &v| m.max(v))))
    });
    g.bench_function("ndarray_fold_largest_last", |b| {
        b.iter(|| black_box(black_box(&nup).fold(f32::MIN, |m, &v| m.max(v))))
    });
    g.finish();

    // the same number of elements in a tall, narrow table (many samples of 8 features): the
    // per-feature sum over the samples, and the per-sample sum over the features
    let t = Tensor::<f32, Shape![131072, 8]>::from_fn(|[i, j]| ((i * 31 + j) % 17) as f32);
    let nt = ndarray::Array2::from_shape_vec((131072, 8), t.to_vec()).unwrap();
    for (name, axis) in [("sum_axis0_131072x8", 0), ("sum_axis1_131072x8", 1)] {
        let mut g = c.benchmark_group(name);
        if axis == 0 {
            g.bench_function("typed_tensor", |b| b.iter(|| black_box(black_box(&t).sum_axis::<0>())));
        } else {
            g.bench_function("typed_tensor", |b| b.iter(|| black_box(black_box(&t).sum_axis::<1>())));
        }
        g.bench_function("ndarray", |b| b.iter(|| black_box(black_box(&nt).sum_axis(ndarray::Axis(axis)))));
        g.finish();
    }
    // the per-feature maximum (ndarray has no max along an axis: a fold, as its docs suggest)
    let mut g = c.benchmark_group("max_axis0_131072x8");
    g.bench_function("typed_tensor", |b| b.iter(|| black_box(black_box(&t).max_axis::<0>())));
    g.bench_function("ndarray_fold", |b| {
        b.iter(|| black_box(black_box(&nt).fold_axis(ndarray::Axis(0), f32::MIN, |m, &v| m.max(v))))
    });
    g.finish();
    // and the per-sample maximum, along rows of 8
    let mut g = c.benchmark_group("max_axis1_131072x8");
    g.bench_function("typed_tensor", |b| b.iter(|| black_box(black_box(&t).max_axis::<1>())));
    g.bench_function("ndarray_fold", |b| {
        b.iter(|| black_box(black_box(&nt).fold_axis(ndarray::Axis(1), f32::MIN, |m, &v| m.max(v))))
    });
    g.finish();

    // and in a batch of 16 images of 256 x 256: the sum over the batch (a 256 KiB result)
    let batch = Tensor::<f32, Shape![16, 256, 256]>::from_fn(|[i, j, k]| ((i * 31 + j * 7 + k) % 17) as f32);
    let nbatch = ndarray::Array3::from_shape_vec((16, 256, 256), batch.to_vec()).unwrap();
    let mut g = c.benchmark_group("sum_axis0_16x256x256");
    g.bench_function("typed_tensor", |b| b.iter(|| black_box(black_box(&batch).sum_axis::<0>())));
    g.bench_function("ndarray", |b| b.iter(|| black_box(black_box(&nbatch).sum_axis(ndarray::Axis(0)))));
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

#[inline(never)]
fn plain_row_means(x: &[[f32; 5]; 3]) -> [f32; 3] {
    x.map(|row| row.iter().sum::<f32>() / 5.0)
}

/// A small reduction along the last axis, each result used in place: the loop over its rows
/// must be unrolled, with no call per row.
fn small_mean(c: &mut Criterion) {
    let x = Tensor::<f32, Shape![3, 5]>::from_fn(|[i, j]| ((i * 31 + j) % 17) as f32);
    let na = nalgebra::SMatrix::<f32, 3, 5>::from_row_slice(x.as_slice());
    let nx = ndarray::Array2::from_shape_vec((3, 5), x.to_vec()).unwrap();
    let rows: [[f32; 5]; 3] = core::array::from_fn(|i| core::array::from_fn(|j| x.as_slice()[i * 5 + j]));
    let mut g = c.benchmark_group("mean_axis1_3x5");
    g.bench_function("typed_tensor", |b| {
        b.iter(|| {
            let m = black_box(&x).mean_axis::<1>();
            black_box(&m);
        })
    });
    g.bench_function("nalgebra_column_mean", |b| {
        b.iter(|| {
            let m = black_box(&na).column_mean();
            black_box(&m);
        })
    });
    g.bench_function("ndarray", |b| b.iter(|| black_box(black_box(&nx).mean_axis(ndarray::Axis(1)))));
    g.bench_function("plain_loop", |b| b.iter(|| black_box(plain_row_means(black_box(&rows)))));
    g.finish();
}

criterion_group!(benches, sums, sums_in_cache, small_mean);
criterion_main!(benches);
