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

/// Distribution parameters that PyTorch rejects are errors (and panics of the plain forms),
/// not hangs, infinities or NaN (item 2).
#[test]
fn random_parameters_are_checked() {
    use typed_tensor::error::DistributionError;
    let mut rng = StdRng::seed_from_u64(0);
    type V = Tensor<f64, Shape![4]>;
    assert_eq!(
        V::try_uniform(0.0, f64::INFINITY, &mut rng).unwrap_err(),
        DistributionError::UniformOverflow { low: 0.0, high: f64::INFINITY }
    );
    assert!(Tensor::<f32, Shape![4]>::try_uniform(0.0, f32::INFINITY, &mut rng).is_err());
    assert!(V::try_uniform(f64::MIN, f64::MAX, &mut rng).is_err());
    assert!(Tensor::<f32, Shape![4]>::try_uniform(f32::MIN, f32::MAX, &mut rng).is_err());
    assert!(V::try_uniform(f64::NEG_INFINITY, f64::INFINITY, &mut rng).is_err());
    assert_eq!(
        V::try_uniform(1.0, 0.0, &mut rng).unwrap_err().to_string(),
        "uniform expects to return a [low, high) range, but found low=1 > high=0"
    );
    assert!(V::try_uniform(f64::NAN, 1.0, &mut rng).is_err());
    assert_eq!(V::try_normal(0.0, -1.0, &mut rng).unwrap_err(), DistributionError::NegativeStd { std: -1.0 });
    assert!(V::try_normal(0.0, f64::NAN, &mut rng).is_err());
    // accepted as PyTorch accepts them
    assert_eq!(V::try_uniform(2.0, 2.0, &mut rng).unwrap(), Tensor::full(2.0));
    assert!(
        V::try_uniform(-f64::MAX / 2.0, f64::MAX / 2.0, &mut rng)
            .unwrap()
            .as_slice()
            .iter()
            .all(|x| x.is_finite())
    );
    assert!(V::try_normal(f64::NAN, 1.0, &mut rng).unwrap().as_slice().iter().all(|x| x.is_nan()));
    assert_eq!(V::try_normal(3.0, 0.0, &mut rng).unwrap(), Tensor::full(3.0));
    let panic = std::panic::catch_unwind(|| V::uniform(1.0, 0.0, &mut StdRng::seed_from_u64(0))).unwrap_err();
    assert_eq!(
        panic.downcast_ref::<String>().unwrap(),
        "uniform expects to return a [low, high) range, but found low=1 > high=0"
    );
}
