//! Matrix products, side by side with nalgebra, ndarray, and the `gemm` and `matrixmultiply`
//! crates called directly, in one run. Throughput is reported in elements per second where an
//! element is one floating-point operation (2 n³ per product), so `Gelem/s` reads as GFLOP/s.
//!
//! Run: `cargo bench -p typed-tensor-benches --bench matmul`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use typed_tensor::prelude::*;

fn direct_gemm(n: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
    assert!(a.len() >= n * n && b.len() >= n * n && c.len() >= n * n);
    let s = n as isize;
    // SAFETY: a, b and c hold n*n row-major elements each (checked above) and c is a distinct
    // mutable borrow.
    unsafe {
        gemm::gemm(
            n,
            n,
            n,
            c.as_mut_ptr(),
            1,
            s,
            false,
            a.as_ptr(),
            1,
            s,
            b.as_ptr(),
            1,
            s,
            0.0,
            1.0,
            false,
            false,
            false,
            gemm::Parallelism::None,
        );
    }
}

fn direct_matrixmultiply(n: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
    assert!(a.len() >= n * n && b.len() >= n * n && c.len() >= n * n);
    let s = n as isize;
    // SAFETY: as in `direct_gemm`.
    unsafe {
        matrixmultiply::sgemm(n, n, n, 1.0, a.as_ptr(), s, 1, b.as_ptr(), s, 1, 0.0, c.as_mut_ptr(), s, 1);
    }
}

/// The rows that compare the product itself with nalgebra's, three ways of using the result.
macro_rules! product_rows {
    ($g:ident, $a:ident, $b:ident, $na:ident, $nb:ident) => {{
        // returned to the caller (criterion's own idiom: it passes the returned value to
        // `black_box`), which the compiler builds in the caller's slot without a copy
        $g.bench_function("typed_tensor_returned", |bch| bch.iter(|| black_box(&$a).mm(black_box(&$b))));
        $g.bench_function("nalgebra_smatrix_returned", |bch| bch.iter(|| black_box(&$na) * black_box(&$nb)));
        // used where it is computed (as `let c = a.mm(&b);` in user code): every element is
        // still computed and stored, but nothing is moved
        $g.bench_function("typed_tensor_in_place", |bch| {
            bch.iter(|| {
                let c = black_box(&$a).mm(black_box(&$b));
                black_box(&c);
            })
        });
        $g.bench_function("nalgebra_smatrix_in_place", |bch| {
            bch.iter(|| {
                let c = black_box(&$na) * black_box(&$nb);
                black_box(&c);
            })
        });
        // into an existing tensor: the product without building a fresh result
        let mut out = Tensor::zeros();
        $g.bench_function("typed_tensor_into", |bch| {
            bch.iter(|| black_box(&$a).matmul_into(black_box(&$b), black_box(&mut out)))
        });
    }};
}

macro_rules! small_case {
    ($c:expr, $n:literal) => {{
        let mut g = $c.benchmark_group(concat!("matmul_", stringify!($n), "x", stringify!($n)));
        g.throughput(Throughput::Elements(2 * $n * $n * $n));
        let a: Tensor<f32, Shape![$n, $n]> = Tensor::arange();
        let b: Tensor<f32, Shape![$n, $n]> = Tensor::ones();
        // moved once after it is computed, through a `black_box` the compiler cannot see
        // into: the whole value is copied (a tensor carries its 256-byte inline buffer, an
        // SMatrix exactly its elements)
        g.bench_function("typed_tensor", |bch| bch.iter(|| black_box(black_box(&a).mm(black_box(&b)))));
        let na = nalgebra::SMatrix::<f32, $n, $n>::from_row_slice(a.as_slice());
        let nb = nalgebra::SMatrix::<f32, $n, $n>::from_row_slice(b.as_slice());
        g.bench_function("nalgebra_smatrix", |bch| bch.iter(|| black_box(black_box(&na) * black_box(&nb))));
        product_rows!(g, a, b, na, nb);
        let xa = ndarray::Array2::from_shape_vec(($n, $n), a.to_vec()).unwrap();
        let xb = ndarray::Array2::from_shape_vec(($n, $n), b.to_vec()).unwrap();
        g.bench_function("ndarray", |bch| bch.iter(|| black_box(black_box(&xa).dot(black_box(&xb)))));
        let mut c = vec![0.0f32; $n * $n];
        g.bench_function("gemm_crate", |bch| {
            bch.iter(|| direct_gemm($n, black_box(a.as_slice()), b.as_slice(), &mut c))
        });
        g.bench_function("matrixmultiply", |bch| {
            bch.iter(|| direct_matrixmultiply($n, black_box(a.as_slice()), b.as_slice(), &mut c))
        });
        g.finish();
    }};
}

/// The other sizes up to 16, against nalgebra only: with `small`, every size from 2 to 16.
macro_rules! small_size_vs_nalgebra {
    ($c:expr, $n:literal) => {{
        let mut g = $c.benchmark_group(concat!("matmul_", stringify!($n), "x", stringify!($n)));
        g.throughput(Throughput::Elements(2 * $n * $n * $n));
        g.warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(2));
        let a: Tensor<f32, Shape![$n, $n]> = Tensor::arange();
        let b: Tensor<f32, Shape![$n, $n]> = Tensor::ones();
        let na = nalgebra::SMatrix::<f32, $n, $n>::from_row_slice(a.as_slice());
        let nb = nalgebra::SMatrix::<f32, $n, $n>::from_row_slice(b.as_slice());
        product_rows!(g, a, b, na, nb);
        g.finish();
    }};
}

fn small(c: &mut Criterion) {
    small_case!(c, 4);
    small_case!(c, 8);
    small_case!(c, 16);
}

fn small_other_sizes(c: &mut Criterion) {
    small_size_vs_nalgebra!(c, 2);
    small_size_vs_nalgebra!(c, 3);
    small_size_vs_nalgebra!(c, 5);
    small_size_vs_nalgebra!(c, 6);
    small_size_vs_nalgebra!(c, 7);
    small_size_vs_nalgebra!(c, 9);
    small_size_vs_nalgebra!(c, 10);
    small_size_vs_nalgebra!(c, 11);
    small_size_vs_nalgebra!(c, 12);
    small_size_vs_nalgebra!(c, 13);
    small_size_vs_nalgebra!(c, 14);
    small_size_vs_nalgebra!(c, 15);
}

macro_rules! large_case {
    ($c:expr, $n:literal) => {{
        let mut g = $c.benchmark_group(concat!("matmul_", stringify!($n), "x", stringify!($n)));
        g.throughput(Throughput::Elements(2 * $n * $n * $n));
        g.sample_size(10).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
        let a = Tensor::<f32, Shape![$n, $n]>::from_fn(|[i, j]| ((i + j) % 7) as f32);
        let b = Tensor::<f32, Shape![$n, $n]>::from_fn(|[i, j]| ((i * j) % 5) as f32);
        for threads in [1usize, 2] {
            typed_tensor::set_num_threads(threads);
            g.bench_with_input(BenchmarkId::new("typed_tensor_threads", threads), &threads, |bch, _| {
                bch.iter(|| black_box(black_box(&a).mm(black_box(&b))))
            });
        }
        typed_tensor::set_num_threads(1);
        // into an existing tensor, as the direct calls below write into an existing buffer
        let mut out = Tensor::<f32, Shape![$n, $n]>::zeros();
        g.bench_function("typed_tensor_into_1_thread", |bch| {
            bch.iter(|| black_box(&a).matmul_into(black_box(&b), &mut out))
        });
        typed_tensor::set_num_threads(0);
        let mut c = vec![0.0f32; $n * $n];
        g.bench_function("gemm_crate_1_thread", |bch| {
            bch.iter(|| direct_gemm($n, a.as_slice(), b.as_slice(), &mut c))
        });
        g.bench_function("matrixmultiply_1_thread", |bch| {
            bch.iter(|| direct_matrixmultiply($n, a.as_slice(), b.as_slice(), &mut c))
        });
        let xa = ndarray::Array2::from_shape_vec(($n, $n), a.to_vec()).unwrap();
        let xb = ndarray::Array2::from_shape_vec(($n, $n), b.to_vec()).unwrap();
        g.bench_function("ndarray", |bch| bch.iter(|| black_box(xa.dot(&xb))));
        g.finish();
    }};
}

fn large(c: &mut Criterion) {
    large_case!(c, 256);
    large_case!(c, 1024);
}

criterion_group!(benches, small, small_other_sizes, large);
criterion_main!(benches);
