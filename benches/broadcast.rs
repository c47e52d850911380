//! Elementwise addition with broadcasting, side by side with a hand-written loop and ndarray.
//!
//! - `small`: the seed's `(5,3,4,1) + (3,1,1)`.
//! - `medium`: `64×1024 + 1024`, in cache, where a wider vector loop could pay. (An AVX2 copy of
//!   the elementwise loop, picked at run time, does not: the loop is bound by cache bandwidth,
//!   not by lanes; `docs/benchmark-history.md`.)
//! - `large`: `256×256×256 + 256`, into a preallocated output and allocating a fresh one.
//!
//! Run: `cargo bench -p typed-tensor-benches --bench broadcast`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use typed_tensor::prelude::*;

type A4 = [[[[f32; 1]; 4]; 3]; 5];
type B3 = [[[f32; 1]; 1]; 3];

/// The hand-written reference: fixed arrays, the broadcast written out as loops.
#[inline(never)]
fn hand_small(a: &A4, b: &B3) -> A4 {
    let mut out = [[[[0.0f32; 1]; 4]; 3]; 5];
    for i in 0..5 {
        for j in 0..3 {
            for k in 0..4 {
                out[i][j][k][0] = a[i][j][k][0] + b[j][0][0];
            }
        }
    }
    out
}

fn small(c: &mut Criterion) {
    let mut g = c.benchmark_group("broadcast_5x3x4x1_plus_3x1x1");
    let x: Tensor<f32, Shape![5, 3, 4, 1]> = Tensor::arange();
    let y: Tensor<f32, Shape![3, 1, 1]> = Tensor::arange();
    g.bench_function("typed_tensor", |bch| bch.iter(|| black_box(black_box(&x) + black_box(&y))));

    let a: A4 = core::array::from_fn(|i| {
        core::array::from_fn(|j| core::array::from_fn(|k| [(i * 12 + j * 4 + k) as f32]))
    });
    let b: B3 = core::array::from_fn(|j| [[j as f32]]);
    g.bench_function("hand_loop", |bch| bch.iter(|| black_box(hand_small(black_box(&a), black_box(&b)))));

    let na = ndarray::Array::from_shape_vec((5, 3, 4, 1), x.to_vec()).unwrap();
    let nb = ndarray::Array::from_shape_vec((3, 1, 1), y.to_vec()).unwrap();
    g.bench_function("ndarray", |bch| bch.iter(|| black_box(black_box(&na) + black_box(&nb))));
    g.finish();
}

#[inline(never)]
fn plain_large(a: &[f32], b: &[f32], out: &mut [f32]) {
    for (o, x) in out.chunks_exact_mut(256).zip(a.chunks_exact(256)) {
        for ((o, &x), &y) in o.iter_mut().zip(x).zip(b) {
            *o = x + y;
        }
    }
}

/// `64×1024 + 1024` (256 KiB, in cache).
fn medium(c: &mut Criterion) {
    let mut g = c.benchmark_group("broadcast_64x1024_plus_1024");
    let x: Tensor<f32, Shape![64, 1024]> = Tensor::ones();
    let y: Tensor<f32, Shape![1024]> = Tensor::arange();
    let mut out: Tensor<f32, Shape![64, 1024]> = Tensor::zeros();
    g.bench_function("typed_tensor_into", |bch| {
        bch.iter(|| black_box(&x).zip_with_into(black_box(&y), &mut out, |a, b| a + b))
    });
    let mut plain_out = vec![0.0f32; 64 * 1024];
    g.bench_function("plain_loop_into", |bch| {
        bch.iter(|| plain_rows(black_box(x.as_slice()), black_box(y.as_slice()), &mut plain_out))
    });
    let na = ndarray::Array::from_shape_vec((64, 1024), x.to_vec()).unwrap();
    let nb = ndarray::Array::from_shape_vec(1024, y.to_vec()).unwrap();
    let mut nout = ndarray::Array2::<f32>::zeros((64, 1024));
    g.bench_function("ndarray_into", |bch| {
        bch.iter(|| {
            ndarray::Zip::from(&mut nout)
                .and(black_box(&na))
                .and_broadcast(black_box(&nb))
                .for_each(|o, &a, &b| *o = a + b)
        })
    });
    g.finish();
}

#[inline(never)]
fn plain_rows(a: &[f32], b: &[f32], out: &mut [f32]) {
    for (o, x) in out.chunks_exact_mut(b.len()).zip(a.chunks_exact(b.len())) {
        for ((o, &x), &y) in o.iter_mut().zip(x).zip(b) {
            *o = x + y;
        }
    }
}

fn large(c: &mut Criterion) {
    let mut g = c.benchmark_group("broadcast_256x256x256_plus_256");
    g.sample_size(20).measurement_time(Duration::from_secs(4)).warm_up_time(Duration::from_secs(1));
    let x: Tensor<f32, Shape![256, 256, 256]> = Tensor::ones();
    let y: Tensor<f32, Shape![256]> = Tensor::arange();
    let mut out: Tensor<f32, Shape![256, 256, 256]> = Tensor::zeros();
    g.bench_function("typed_tensor_into", |bch| {
        bch.iter(|| x.zip_with_into(black_box(&y), &mut out, |a, b| a + b))
    });
    // on one thread, as the plain loop runs
    typed_tensor::set_num_threads(1);
    g.bench_function("typed_tensor_into_1_thread", |bch| {
        bch.iter(|| x.zip_with_into(black_box(&y), &mut out, |a, b| a + b))
    });
    typed_tensor::set_num_threads(0);
    let mut plain_out = vec![0.0f32; 256 * 256 * 256];
    g.bench_function("plain_loop_into", |bch| {
        bch.iter(|| plain_large(black_box(x.as_slice()), black_box(y.as_slice()), &mut plain_out))
    });
    g.bench_function("typed_tensor_alloc", |bch| bch.iter(|| black_box(black_box(&x) + black_box(&y))));
    let na = ndarray::Array::from_shape_vec((256, 256, 256), x.to_vec()).unwrap();
    let nb = ndarray::Array::from_shape_vec(256, y.to_vec()).unwrap();
    g.bench_function("ndarray_alloc", |bch| bch.iter(|| black_box(black_box(&na) + black_box(&nb))));
    g.finish();
}

criterion_group!(benches, small, medium, large);
criterion_main!(benches);
