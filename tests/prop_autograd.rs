//! The finite-difference gradient checker against `grad!`, for every supported operation, in
//! `f64` with central differences, over the shape families that break naive code: broadcasting
//! in both directions, repeated sizes (`[3, 3]` with `[3]`), rank promotion, size-1 stretching,
//! and rank 0. Also `jvp!` against the same numbers.

use rand::{RngExt, SeedableRng, rngs::StdRng};
use typed_tensor::autodiff::check::{max_relative_error, numeric_grad};
use typed_tensor::prelude::*;

const H: f64 = 1e-6;
const TOLERANCE: f64 = 1e-6;

/// Random values in `[lo, hi)`, with a random sign if `signed`.
fn random<S: Shape>(seed: u64, lo: f64, hi: f64, signed: bool) -> Tensor<f64, S> {
    let mut rng = StdRng::seed_from_u64(seed);
    Tensor::from_fn_flat(|_| {
        let v = rng.random_range(lo..hi);
        if signed && rng.random_range(0..2) == 0 { -v } else { v }
    })
}

/// Checks `grad!` of a one-input body against finite differences, and `jvp!` along a random
/// direction against the gradient.
macro_rules! check1 {
    ($name:ident, ($lo:expr, $hi:expr, $signed:expr), |$x:ident: $tx:ty| $body:expr) => {
        #[test]
        fn $name() {
            let f = grad!(|$x: $tx| $body);
            let t = jvp!(|$x: $tx| $body);
            let plain = |$x: $tx| -> f64 { ($body).item() };
            let x0: $tx = random(1, $lo, $hi, $signed);
            let (y, g) = f(x0.clone());
            assert_eq!(y.item(), plain(x0.clone()), "value");
            let n = numeric_grad(|x| plain(x.clone()), &x0, H);
            let err = max_relative_error(&g, &n);
            assert!(err < TOLERANCE, "gradient off by {err}: {g} vs {n}");
            let dir: $tx = random(2, 0.5, 1.5, true);
            let (_, dy) = t(x0, dir.clone());
            let expected = (&g * &dir).sum().item();
            assert!(
                (dy.item() - expected).abs() < 1e-9 * expected.abs().max(1.0),
                "jvp {} vs {expected}",
                dy.item()
            );
        }
    };
}

/// The same for a body of two inputs.
macro_rules! check2 {
    ($name:ident, |$a:ident: $ta:ty, $b:ident: $tb:ty| $body:expr) => {
        #[test]
        fn $name() {
            let f = grad!(|$a: $ta, $b: $tb| $body);
            let t = jvp!(|$a: $ta, $b: $tb| $body);
            let plain = |$a: $ta, $b: $tb| -> f64 { ($body).item() };
            let a0: $ta = random(3, 0.5, 2.0, true);
            let b0: $tb = random(4, 0.5, 2.0, true);
            let (y, (ga, gb)) = f(a0.clone(), b0.clone());
            assert_eq!(y.item(), plain(a0.clone(), b0.clone()));
            let na = numeric_grad(|a| plain(a.clone(), b0.clone()), &a0, H);
            let nb = numeric_grad(|b| plain(a0.clone(), b.clone()), &b0, H);
            assert!(max_relative_error(&ga, &na) < TOLERANCE, "first input: {ga} vs {na}");
            assert!(max_relative_error(&gb, &nb) < TOLERANCE, "second input: {gb} vs {nb}");
            let (da, db): ($ta, $tb) = (random(5, 0.5, 1.5, true), random(6, 0.5, 1.5, true));
            let (_, dy) = t(a0, b0, da.clone(), db.clone());
            let expected = (&ga * &da).sum().item() + (&gb * &db).sum().item();
            assert!((dy.item() - expected).abs() < 1e-9 * expected.abs().max(1.0));
        }
    };
}

// arithmetic with broadcasting in both directions
check2!(add_outer, |a: Tensor<f64, Shape![3, 1]>, b: Tensor<f64, Shape![1, 4]>| ((&a + &b) * (&a + &b))
    .sum());
check2!(sub_repeated_dims, |a: Tensor<f64, Shape![3, 3]>, b: Tensor<f64, Shape![3]>| ((&a - &b).square())
    .sum());
check2!(mul_rank_promotion, |a: Tensor<f64, Shape![2, 3, 4]>, b: Tensor<f64, Shape![4]>| (&a * &b)
    .sin()
    .sum());
check2!(div_stretch, |a: Tensor<f64, Shape![1]>, b: Tensor<f64, Shape![5]>| (&a / &b).sum());
check2!(div_both_stretch, |a: Tensor<f64, Shape![2, 1, 3]>, b: Tensor<f64, Shape![4, 1]>| (&b / &a)
    .tanh()
    .sum());
check2!(rank_zero_with_vector, |a: Tensor<f64, Shape![]>, b: Tensor<f64, Shape![3]>| (&a * &b + &a)
    .square()
    .sum());
check2!(sub_left_broadcast, |a: Tensor<f64, Shape![3]>, b: Tensor<f64, Shape![2, 3]>| ((&a - &b).square())
    .sum());
check2!(one_by_one_stretch_both_sides, |a: Tensor<f64, Shape![1, 1]>, b: Tensor<f64, Shape![2, 1, 3]>| {
    (&a * &b - &b / &a).sum()
});
check2!(same_value_used_three_times, |a: Tensor<f64, Shape![3]>, b: Tensor<f64, Shape![3]>| (&a * &a * &a
    + &b * &a)
    .sum());

// tensor–scalar both ways, negation
check1!(scalar_ops, (0.5, 2.0, true), |x: Tensor<f64, Shape![4]>| ((2.0 * &x - 1.0) / 3.0 + (1.0 / &x)
    - (5.0 - &x))
    .sum());
check1!(negation, (0.5, 2.0, true), |x: Tensor<f64, Shape![2, 2]>| (-(&x * 3.0)).exp().sum());

// elementwise functions
check1!(exp_rule, (0.5, 2.0, true), |x: Tensor<f64, Shape![3]>| x.exp().sum());
check1!(ln_rule, (0.5, 2.0, false), |x: Tensor<f64, Shape![3]>| x.ln().sum());
check1!(log1p_rule, (0.5, 0.9, true), |x: Tensor<f64, Shape![3]>| x.log1p().sum());
check1!(sqrt_rule, (0.5, 2.0, false), |x: Tensor<f64, Shape![3]>| x.sqrt().sum());
check1!(abs_rule, (0.1, 2.0, true), |x: Tensor<f64, Shape![5]>| (x.abs() * &x).sum());
check1!(sin_rule, (0.5, 2.0, true), |x: Tensor<f64, Shape![3]>| x.sin().sum());
check1!(cos_rule, (0.5, 2.0, true), |x: Tensor<f64, Shape![3]>| x.cos().sum());
check1!(tanh_rule, (0.5, 2.0, true), |x: Tensor<f64, Shape![3]>| x.tanh().sum());
check1!(sigmoid_rule, (0.5, 2.0, true), |x: Tensor<f64, Shape![3]>| x.sigmoid().sum());
check1!(relu_rule, (0.1, 2.0, true), |x: Tensor<f64, Shape![6]>| (x.relu() * &x).sum());
check1!(square_rule, (0.5, 2.0, true), |x: Tensor<f64, Shape![3]>| x.square().sum());
check1!(powi_rule, (0.5, 2.0, true), |x: Tensor<f64, Shape![3]>| x.powi(3).sum());
check1!(powf_rule, (0.5, 2.0, false), |x: Tensor<f64, Shape![3]>| x.powf(1.5).sum());
check1!(powi_one, (0.5, 2.0, true), |x: Tensor<f64, Shape![3]>| (x.powi(1) * &x).sum());
check1!(powi_negative, (0.5, 2.0, true), |x: Tensor<f64, Shape![3]>| x.powi(-2).sum());
check1!(powf_negative, (0.5, 2.0, false), |x: Tensor<f64, Shape![3]>| x.powf(-0.5).sum());

#[test]
fn conventions_at_zero() {
    // where a derivative does not exist, PyTorch's choice: |x|' = relu' = 0 at 0, and x⁰ has
    // derivative 0 everywhere (finite differences cannot check these points)
    let x = tensor!([-1.0, 0.0, 2.0]);
    assert_eq!(grad!(|x: Tensor<f64, Shape![3]>| x.abs().sum())(x.clone()).1, tensor!([-1.0, 0.0, 1.0]));
    assert_eq!(grad!(|x: Tensor<f64, Shape![3]>| x.relu().sum())(x.clone()).1, tensor!([0.0, 0.0, 1.0]));
    assert_eq!(grad!(|x: Tensor<f64, Shape![3]>| x.powi(0).sum())(x.clone()).1, tensor!([0.0, 0.0, 0.0]));
    assert_eq!(grad!(|x: Tensor<f64, Shape![3]>| x.powi(1).sum())(x.clone()).1, tensor!([1.0, 1.0, 1.0]));
    assert_eq!(grad!(|x: Tensor<f64, Shape![3]>| x.square().sum())(x).1, tensor!([-2.0, 0.0, 4.0]));
}

#[test]
fn a_scalar_parameter() {
    // a plain `f64` input, on either side of tensors and with itself: its gradient is the sum
    // of its contributions over every element it touched
    let f = grad!(|x: Tensor<f64, Shape![3]>, s: f64| ((&x * s + s) / (s - &x)).sum() + s * s);
    let plain = |x: &Tensor<f64, Shape![3]>, s: f64| (((x * s + s) / (s - x)).sum() + s * s).item();
    let x0: Tensor<f64, Shape![3]> = random(9, 0.5, 2.0, true);
    let s0 = 3.5;
    let (y, (gx, gs)) = f(x0.clone(), s0);
    assert_eq!(y.item(), plain(&x0, s0));
    assert!(max_relative_error(&gx, &numeric_grad(|x| plain(x, s0), &x0, H)) < TOLERANCE);
    let ns = (plain(&x0, s0 + H) - plain(&x0, s0 - H)) / (2.0 * H);
    let gs: f64 = gs;
    assert!((gs - ns).abs() < TOLERANCE * ns.abs().max(1.0), "{gs} vs {ns}");
}

#[test]
fn captured_scalars_and_tensors_are_constants() {
    // (a captured float needs its type known outside the body: `1.7f64`, or from its use
    // there; an unsuffixed `let c = 1.7;` used only inside `grad!` is "type annotations needed")
    let (c, offset) = (1.7f64, tensor!([0.5, -0.5, 2.0]));
    let f = grad!(|x: Tensor<f64, Shape![3]>| ((&x * c + &offset).square() * c).sum());
    let plain = |x: &Tensor<f64, Shape![3]>| ((x * c + &offset).square() * c).sum().item();
    let x0: Tensor<f64, Shape![3]> = random(10, 0.5, 2.0, true);
    let (_, g) = f(x0.clone());
    assert!(max_relative_error(&g, &numeric_grad(plain, &x0, H)) < TOLERANCE);
}

// reductions
check1!(sum_rule, (0.5, 2.0, true), |x: Tensor<f64, Shape![2, 3]>| x.sum().square());
check1!(mean_rule, (0.5, 2.0, true), |x: Tensor<f64, Shape![2, 3]>| x.mean().exp());
check1!(sum_axis_rule, (0.5, 2.0, true), |x: Tensor<f64, Shape![2, 3]>| x.sum_axis::<0>().square().sum());
check1!(sum_axis_last, (0.5, 2.0, true), |x: Tensor<f64, Shape![2, 3, 2]>| x.sum_axis::<2>().sin().sum());
check1!(mean_axis_rule, (0.5, 2.0, true), |x: Tensor<f64, Shape![2, 3]>| x.mean_axis::<1>().square().sum());
check1!(keepdim_rules, (0.5, 2.0, true), |x: Tensor<f64, Shape![3, 4]>| {
    let centred = &x - &x.mean_axis_keepdim::<1>();
    let scaled = &centred / &x.sum_axis_keepdim::<0>();
    scaled.square().sum()
});

// products
check2!(dot_rule, |a: Tensor<f64, Shape![4]>, b: Tensor<f64, Shape![4]>| a.dot(&b).square());
check2!(mv_rule, |a: Tensor<f64, Shape![3, 4]>, b: Tensor<f64, Shape![4]>| a.mv(&b).square().sum());
check2!(mm_rule, |a: Tensor<f64, Shape![3, 4]>, b: Tensor<f64, Shape![4, 2]>| a.mm(&b).sin().sum());
check2!(vector_matrix, |a: Tensor<f64, Shape![4]>, b: Tensor<f64, Shape![4, 2]>| a.matmul(&b).square().sum());
check2!(batched_broadcast, |a: Tensor<f64, Shape![2, 1, 3, 4]>, b: Tensor<f64, Shape![5, 4, 2]>| {
    a.matmul(&b).tanh().sum()
});
check2!(batched_matrix_vector, |a: Tensor<f64, Shape![2, 3, 4]>, b: Tensor<f64, Shape![4]>| a
    .matmul(&b)
    .square()
    .sum());
check2!(transpose_rule, |a: Tensor<f64, Shape![3, 2]>, b: Tensor<f64, Shape![3, 2]>| a
    .t()
    .mm(&b)
    .square()
    .sum());
check2!(large_product, |a: Tensor<f64, Shape![20, 30]>, b: Tensor<f64, Shape![30, 25]>| a
    .mm(&b)
    .square()
    .mean());

// shape changes, constants and user-level composition
check1!(reshape_rule, (0.5, 2.0, true), |x: Tensor<f64, Shape![2, 3]>| {
    let col = x.reshape::<Shape![_, 1]>();
    (&col * &tensor!([1.0, 2.0])).square().sum()
});
#[test]
fn detach_rule() {
    // finite differences cannot hold a value constant, so the expectation is written out:
    // d/dx sum(c * x) with c = x² detached is c
    let f = grad!(|x: Tensor<f64, Shape![3]>| {
        let c = x.square().detach();
        (&c * &x).sum()
    });
    let t = jvp!(|x: Tensor<f64, Shape![3]>| {
        let c = x.square().detach();
        (&c * &x).sum()
    });
    let x0: Tensor<f64, Shape![3]> = random(1, 0.5, 2.0, true);
    let (_, g) = f(x0.clone());
    assert_eq!(g, x0.square());
    let dir = tensor!([1.0, -1.0, 0.5]);
    assert_eq!(t(x0.clone(), dir.clone()).1.item(), (&x0.square() * &dir).sum().item());
}
check1!(clone_rule, (0.5, 2.0, true), |x: Tensor<f64, Shape![3]>| {
    let y = x.clone();
    (&y * &x.exp()).sum()
});

// user functions: the rules `#[differentiable]` generates, reverse and forward, against finite
// differences (seed §2: `linreg` and `squared_loss`, composed)
#[differentiable]
fn affine(
    x: &Tensor<f64, Shape![4, 3]>,
    w: &Tensor<f64, Shape![3, 1]>,
    b: &Tensor<f64, Shape![1]>,
) -> Tensor<f64, Shape![4, 1]> {
    x.matmul(w) + b
}
#[differentiable]
fn half_squared_error(
    p: &Tensor<f64, Shape![4, 1]>,
    y: &Tensor<f64, Shape![4, 1]>,
) -> Tensor<f64, Shape![4, 1]> {
    let r = p - y;
    (&r * &r).tanh() / 2.0
}
check2!(user_functions_generated_rules, |w: Tensor<f64, Shape![3, 1]>, b: Tensor<f64, Shape![1]>| {
    let x: Tensor<f64, Shape![4, 3]> = random(11, 0.5, 2.0, true);
    let y: Tensor<f64, Shape![4, 1]> = random(12, 0.5, 2.0, true);
    half_squared_error(&affine(&x, &w, &b), &y).mean()
});

check1!(block_and_lets, (0.5, 2.0, true), |x: Tensor<f64, Shape![3]>| {
    let a = x.exp();
    let b = {
        let inner = &a * 2.0;
        inner.sqrt()
    };
    (&a + &b).sum()
});

#[test]
fn d2l_loss_matches_finite_differences() {
    let x: Tensor<f64, Shape![10, 2]> = random(7, 0.5, 2.0, true);
    let y: Tensor<f64, Shape![10, 1]> = random(8, 0.5, 2.0, true);
    let f = grad!(|w: Tensor<f64, Shape![2, 1]>, b: Tensor<f64, Shape![1]>| ((x.matmul(&w) + &b - &y)
        .powi(2)
        / 2.0)
        .mean());
    let plain = |w: &Tensor<f64, Shape![2, 1]>, b: &Tensor<f64, Shape![1]>| {
        ((x.matmul(w) + b - &y).powi(2) / 2.0).mean().item()
    };
    let (w, b) = (tensor!([[0.3], [-0.7]]), tensor!([0.2]));
    let (_, (gw, gb)) = f(w.clone(), b.clone());
    assert!(max_relative_error(&gw, &numeric_grad(|w| plain(w, &b), &w, H)) < TOLERANCE);
    assert!(max_relative_error(&gb, &numeric_grad(|b| plain(&w, b), &b, H)) < TOLERANCE);
}
