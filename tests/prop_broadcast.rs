//! Property test: elementwise operations with broadcasting agree with a straightforward
//! reference implementation, over 200 random pairs of shapes of rank 0 to 5 (drawn when this
//! file compiles, from a fixed seed), with random values, for every combination of owned and
//! borrowed operands (the operator rotates over the cases); and `sum_to` undoes
//! `broadcast_to`.

use rand::{RngExt, SeedableRng, rngs::StdRng};
use typed_tensor::prelude::*;

/// The broadcast of two run-time shapes, by numpy's rule.
fn broadcast_dims(a: &[usize], b: &[usize]) -> Vec<usize> {
    let r = a.len().max(b.len());
    (0..r)
        .map(|i| {
            let da = if i + a.len() >= r { a[i + a.len() - r] } else { 1 };
            let db = if i + b.len() >= r { b[i + b.len() - r] } else { 1 };
            assert!(da == db || da == 1 || db == 1);
            if da == 1 { db } else { da }
        })
        .collect()
}

/// The flat index into an operand of shape `dims` for the output multi-index `idx`.
fn source_index(dims: &[usize], idx: &[usize]) -> usize {
    let off = idx.len() - dims.len();
    dims.iter().enumerate().fold(0, |acc, (i, &d)| acc * d + if d == 1 { 0 } else { idx[off + i] })
}

/// `f` applied elementwise with broadcasting, the obvious way.
fn reference(a: &[f64], ad: &[usize], b: &[f64], bd: &[usize], f: impl Fn(f64, f64) -> f64) -> Vec<f64> {
    let od = broadcast_dims(ad, bd);
    let n: usize = od.iter().product();
    let mut idx = vec![0; od.len()];
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(f(a[source_index(ad, &idx)], b[source_index(bd, &idx)]));
        for ax in (0..od.len()).rev() {
            idx[ax] += 1;
            if idx[ax] < od[ax] {
                break;
            }
            idx[ax] = 0;
        }
    }
    out
}

fn random<S: Shape>(rng: &mut StdRng) -> Tensor<f64, S> {
    Tensor::from_fn_flat(|_| rng.random_range(-4.0..4.0))
}

fn check<SA, SB, const CASE: usize>(rng: &mut StdRng)
where
    SA: Shape + Broadcast<SB> + BroadcastTo<<SA as Broadcast<SB>>::Output>,
    SB: Shape,
{
    let a: Tensor<f64, SA> = random(rng);
    let b: Tensor<f64, SB> = random(rng);
    let (ad, bd) = (SA::DIMS, SB::DIMS);
    let (ad, bd) = (ad.as_ref(), bd.as_ref());
    let out_dims = broadcast_dims(ad, bd);
    assert_eq!(<SA::Output as Shape>::DIMS.as_ref(), out_dims.as_slice(), "shape of {ad:?} with {bd:?}");

    // The four operators run one broadcasting loop and differ only in the scalar function, so
    // each case checks one of them, chosen by its number (each still sees about 50 random
    // pairs), in all four forms of ownership: whether an owned operand's buffer is reused
    // depends on the shapes. Every operator on every case would instantiate four times the
    // code for no extra coverage of the shapes. (`if const`: only the chosen branch is
    // compiled.)
    type Op = fn(f64, f64) -> f64;
    let (name, f, results): (&str, Op, [Tensor<f64, SA::Output>; 4]) = if const { CASE.is_multiple_of(4) } {
        ("+", |x, y| x + y, [&a + &b, a.clone() + &b, &a + b.clone(), a.clone() + b.clone()])
    } else if const { CASE % 4 == 1 } {
        ("-", |x, y| x - y, [&a - &b, a.clone() - &b, &a - b.clone(), a.clone() - b.clone()])
    } else if const { CASE % 4 == 2 } {
        ("*", |x, y| x * y, [&a * &b, a.clone() * &b, &a * b.clone(), a.clone() * b.clone()])
    } else {
        ("/", |x, y| x / y, [&a / &b, a.clone() / &b, &a / b.clone(), a.clone() / b.clone()])
    };
    let expected = reference(a.as_slice(), ad, b.as_slice(), bd, f);
    for (form, r) in ["&a op &b", "a op &b", "&a op b", "a op b"].iter().zip(&results) {
        let same = r.as_slice().iter().zip(&expected).all(|(x, y)| x == y || (x.is_nan() && y.is_nan()));
        assert!(same, "{form} with {name}: {ad:?} and {bd:?}");
    }
    // comparisons broadcast the same way
    let lt = a.lt(&b);
    let expected = reference(a.as_slice(), ad, b.as_slice(), bd, |x, y| (x < y) as u8 as f64);
    assert!(lt.as_slice().iter().zip(&expected).all(|(&x, &y)| (x as u8 as f64) == y));

    // sum_to is the inverse of broadcast_to: summing the broadcast of `a` gives `a` times the
    // number of copies, and summing ones gives that number
    let g = Tensor::<f64, SA::Output>::ones();
    let copies = (<SA::Output as Shape>::NUMEL / SA::NUMEL.max(1)) as f64;
    if SA::NUMEL > 0 {
        let back = g.sum_to::<SA>();
        assert!(back.as_slice().iter().all(|&v| v == copies), "sum_to {:?} -> {ad:?}", out_dims);
    }
}

macro_rules! case {
    ($case:literal, [$($a:literal),*], [$($b:literal),*]) => {
        check::<Shape![$($a),*], Shape![$($b),*], $case>(&mut rng());
    };
}

fn rng() -> StdRng {
    StdRng::seed_from_u64(2024)
}

#[test]
fn broadcasting_matches_reference() {
    tensor_test_cases::random_cases!(broadcast, 7, 200, 5, case);
}

#[test]
fn sum_to_is_adjoint_of_broadcast_to() {
    // <broadcast_to(x), g> == <x, sum_to(g)> for random x, g
    let mut rng = rng();
    let x: Tensor<f64, Shape![3, 1, 4]> = random(&mut rng);
    let g: Tensor<f64, Shape![2, 3, 5, 4]> = random(&mut rng);
    let lhs = (x.broadcast_to::<Shape![2, 3, 5, 4]>() * &g).sum().item();
    let rhs = (&x * g.sum_to::<Shape![3, 1, 4]>()).sum().item();
    assert!((lhs - rhs).abs() < 1e-9 * lhs.abs().max(1.0));
}
