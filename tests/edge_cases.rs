//! Bad input and extreme sizes through the public API: each test is the reproducer of a
//! crash, hang or wrong result, kept so that it cannot come back.

use typed_tensor::nn::{self, Module};
use typed_tensor::prelude::*;
use typed_tensor::rand::SeedableRng;
use typed_tensor::rand::rngs::StdRng;

/// Runs `f` in a thread with a 2 MiB stack, the size of a `#[test]` thread and of a spawned
/// thread, so that a product whose rows or frames grow with the shape overflows here.
fn in_small_stack<F: FnOnce() + Send + 'static>(f: F) {
    std::thread::Builder::new().stack_size(2 << 20).spawn(f).unwrap().join().unwrap();
}

/// The widest products of each path and element type do not overflow a 2 MiB stack: the row
/// loop keeps a row of constant length only while it is short.
#[test]
fn wide_products_fit_a_small_stack() {
    in_small_stack(|| {
        let c = Tensor::<f32, Shape![8, 64]>::ones().mm(&Tensor::<f32, Shape![64, 16384]>::ones());
        assert!(c.as_slice().iter().all(|&x| x == 64.0));
    });
    in_small_stack(|| {
        let c = Tensor::<f64, Shape![2, 3]>::ones().mm(&Tensor::<f64, Shape![3, 100_000]>::ones());
        assert!(c.as_slice().iter().all(|&x| x == 3.0));
        // rows longer than the loop keeps in registers add the products in the same order (a
        // product of at most 16³ multiply-adds, which the `gemm` crate does not compute)
        let a = Tensor::<f64, Shape![2, 4]>::from_fn(|[i, j]| (i as f64 + 1.0) / (j as f64 + 3.0));
        let b = Tensor::<f64, Shape![4, 500]>::from_fn(|[i, j]| ((i * 7 + j) % 13) as f64 / 7.0 - 0.5);
        let c = a.mm(&b);
        for i in 0..2 {
            for j in 0..500 {
                let expected = (1..4).fold(a.as_slice()[i * 4] * b.as_slice()[j], |s, p| {
                    s + a.as_slice()[i * 4 + p] * b.as_slice()[p * 500 + j]
                });
                assert_eq!(c.as_slice()[i * 500 + j], expected);
            }
        }
    });
    in_small_stack(|| {
        let c = Tensor::<i32, Shape![4, 4]>::ones().mm(&Tensor::<i32, Shape![4, 200_000]>::ones());
        assert!(c.as_slice().iter().all(|&x| x == 4));
        let c = Tensor::<i32, Shape![4, 4]>::ones().mm(&Tensor::<i32, Shape![4, 8192]>::ones());
        assert!(c.as_slice().iter().all(|&x| x == 4));
        // below the vector loop's threshold: the plain row loop, 1 · 1 · 500 < 8³
        let c = Tensor::<i32, Shape![1, 1]>::ones().mm(&Tensor::<i32, Shape![1, 500]>::ones());
        assert!(c.as_slice().iter().all(|&x| x == 1));
    });
    in_small_stack(|| {
        let c = Tensor::<i64, Shape![4, 4]>::ones().mm(&Tensor::<i64, Shape![4, 600_000]>::ones());
        assert!(c.as_slice().iter().all(|&x| x == 4));
        let v = Tensor::<i64, Shape![4]>::ones().matmul(&Tensor::<i64, Shape![4, 600_000]>::ones());
        assert!(v.as_slice().iter().all(|&x| x == 4));
    });
    in_small_stack(|| {
        // a batched product: the same loop once per matrix
        let a = Tensor::<i64, Shape![2, 3, 2]>::ones();
        let c = a.matmul(&Tensor::<i64, Shape![2, 100_000]>::ones());
        assert!(c.as_slice().iter().all(|&x| x == 2));
    });
    in_small_stack(|| {
        // a vocabulary-sized layer on a batch of 8
        let mut rng = StdRng::seed_from_u64(0);
        let layer = nn::Linear::<f32, Shape![64, 32000]>::new(&mut rng);
        let y = layer.forward(&Tensor::<f32, Shape![8, 64]>::ones());
        assert_eq!(y.shape(), [8, 32000]);
    });
}
