//! Derivative rules, all in one place.
//!
//! For each operation the generated code calls, here are its reverse-mode rule (given the
//! output's gradient `g`, the gradient with respect to one operand, already summed back to
//! that operand's shape) and its forward-mode rule (the output's tangent given the operands'
//! tangents). Rules take the forward values as witnesses: their types tell the rule which
//! shapes are involved, so no axis is ever named by hand.
//!
//! | operation | reverse rule (`g` is the output gradient) |
//! |---|---|
//! | `a + b`, `a - b` | `g` (negated for `b` of `-`), summed to each operand's shape |
//! | `a * b` | `g · b` for `a`, `g · a` for `b`, summed to each operand's shape |
//! | `a / b` | `g / b` for `a`, `-g · a / b²` for `b` |
//! | `-x` | `-g` |
//! | `exp` | `g · y` |
//! | `ln` | `g / x` |
//! | `sqrt` | `g / (2 y)` |
//! | `abs` | `g · sign(x)` (0 at 0, as PyTorch) |
//! | `sin`, `cos` | `g · cos x`, `-g · sin x` |
//! | `tanh` | `g · (1 - y²)` |
//! | `sigmoid` | `g · y (1 - y)` |
//! | `relu` | `g` where `x > 0`, else 0 |
//! | `square`, `powi(n)`, `powf(p)` | `g · 2x`, `g · n xⁿ⁻¹`, `g · p xᵖ⁻¹` |
//! | `sum`, `mean` | `g` (divided by the count) broadcast to `x`'s shape |
//! | `sum_axis::<A>`, `mean_axis::<A>` (and keep-dim) | `g` with axis `A` restored, broadcast |
//! | `matmul`, `dot`, `mv`, `mm` | `g · bᵀ` for `a`, `aᵀ · g` for `b`, per matrix of a batch, summed over broadcast batch positions |
//! | `t` | `gᵀ` |
//! | `reshape` | `g` reshaped back |
//!
//! Summing back over broadcast axes ("unbroadcasting") is the exact inverse of broadcasting:
//! leading axes that broadcasting added are summed away, stretched size-1 axes are summed and
//! kept. It is the step other libraries most often got wrong (burn #181: the bias of `X·w + b`).

use crate::element::{Element, Float, Num};
use crate::shape::{Broadcast, Matmul, RemoveAxis, Shape};
use crate::tensor::Tensor;

/// The four arithmetic operators between tensors and scalars, with their rules. Implemented
/// for tensor–tensor (with broadcasting), tensor–scalar, scalar–tensor and scalar–scalar.
pub trait Binary<Rhs>: Sized {
    /// The result type.
    type Output;
    /// `self + rhs`.
    fn add(&self, rhs: &Rhs) -> Self::Output;
    /// `self - rhs`.
    fn sub(&self, rhs: &Rhs) -> Self::Output;
    /// `self * rhs`.
    fn mul(&self, rhs: &Rhs) -> Self::Output;
    /// `self / rhs`.
    fn div(&self, rhs: &Rhs) -> Self::Output;
    /// The gradient of `self + rhs` with respect to `self`.
    fn add_dl(&self, rhs: &Rhs, g: &Self::Output) -> Self;
    /// The gradient of `self + rhs` with respect to `rhs`.
    fn add_dr(&self, rhs: &Rhs, g: &Self::Output) -> Rhs;
    /// The gradient of `self - rhs` with respect to `self`.
    fn sub_dl(&self, rhs: &Rhs, g: &Self::Output) -> Self;
    /// The gradient of `self - rhs` with respect to `rhs`.
    fn sub_dr(&self, rhs: &Rhs, g: &Self::Output) -> Rhs;
    /// The gradient of `self * rhs` with respect to `self`.
    fn mul_dl(&self, rhs: &Rhs, g: &Self::Output) -> Self;
    /// The gradient of `self * rhs` with respect to `rhs`.
    fn mul_dr(&self, rhs: &Rhs, g: &Self::Output) -> Rhs;
    /// The gradient of `self / rhs` with respect to `self`.
    fn div_dl(&self, rhs: &Rhs, g: &Self::Output) -> Self;
    /// The gradient of `self / rhs` with respect to `rhs`.
    fn div_dr(&self, rhs: &Rhs, g: &Self::Output) -> Rhs;
    /// The tangent of `self + rhs` given tangents `da`, `db`.
    fn add_t(&self, rhs: &Rhs, da: &Self, db: &Rhs) -> Self::Output;
    /// The tangent of `self - rhs`.
    fn sub_t(&self, rhs: &Rhs, da: &Self, db: &Rhs) -> Self::Output;
    /// The tangent of `self * rhs`: `da · b + a · db`.
    fn mul_t(&self, rhs: &Rhs, da: &Self, db: &Rhs) -> Self::Output;
    /// The tangent of `self / rhs`: `da / b - a · db / b²`.
    fn div_t(&self, rhs: &Rhs, da: &Self, db: &Rhs) -> Self::Output;
}

impl<E: Num, SA: Shape + Broadcast<SB>, SB: Shape> Binary<Tensor<E, SB>> for Tensor<E, SA> {
    type Output = Tensor<E, SA::Output>;
    #[inline]
    fn add(&self, rhs: &Tensor<E, SB>) -> Self::Output {
        self + rhs
    }
    #[inline]
    fn sub(&self, rhs: &Tensor<E, SB>) -> Self::Output {
        self - rhs
    }
    #[inline]
    fn mul(&self, rhs: &Tensor<E, SB>) -> Self::Output {
        self * rhs
    }
    #[inline]
    fn div(&self, rhs: &Tensor<E, SB>) -> Self::Output {
        self / rhs
    }
    #[inline]
    fn add_dl(&self, _: &Tensor<E, SB>, g: &Self::Output) -> Self {
        g.sum_into_shape()
    }
    #[inline]
    fn add_dr(&self, _: &Tensor<E, SB>, g: &Self::Output) -> Tensor<E, SB> {
        g.sum_into_shape()
    }
    #[inline]
    fn sub_dl(&self, _: &Tensor<E, SB>, g: &Self::Output) -> Self {
        g.sum_into_shape()
    }
    #[inline]
    fn sub_dr(&self, _: &Tensor<E, SB>, g: &Self::Output) -> Tensor<E, SB> {
        -g.sum_into_shape::<SB>()
    }
    #[inline]
    fn mul_dl(&self, rhs: &Tensor<E, SB>, g: &Self::Output) -> Self {
        g.zip_into_shape::<E, SA::Output, SB>(rhs, |g, b| g * b).sum_into_shape()
    }
    #[inline]
    fn mul_dr(&self, rhs: &Tensor<E, SB>, g: &Self::Output) -> Tensor<E, SB> {
        let _ = rhs;
        g.zip_into_shape::<E, SA::Output, SA>(self, |g, a| g * a).sum_into_shape()
    }
    #[inline]
    fn div_dl(&self, rhs: &Tensor<E, SB>, g: &Self::Output) -> Self {
        g.zip_into_shape::<E, SA::Output, SB>(rhs, |g, b| g / b).sum_into_shape()
    }
    #[inline]
    fn div_dr(&self, rhs: &Tensor<E, SB>, g: &Self::Output) -> Tensor<E, SB> {
        let ga = g.zip_into_shape::<E, SA::Output, SA>(self, |g, a| g * a);
        ga.zip_into_shape::<E, SA::Output, SB>(rhs, |x, b| -x / (b * b)).sum_into_shape()
    }
    #[inline]
    fn add_t(&self, _: &Tensor<E, SB>, da: &Self, db: &Tensor<E, SB>) -> Self::Output {
        da + db
    }
    #[inline]
    fn sub_t(&self, _: &Tensor<E, SB>, da: &Self, db: &Tensor<E, SB>) -> Self::Output {
        da - db
    }
    #[inline]
    fn mul_t(&self, rhs: &Tensor<E, SB>, da: &Self, db: &Tensor<E, SB>) -> Self::Output {
        let mut t = da * rhs;
        t.zip_same_in_place(&(self * db), |x, y| x + y);
        t
    }
    #[inline]
    fn div_t(&self, rhs: &Tensor<E, SB>, da: &Self, db: &Tensor<E, SB>) -> Self::Output {
        let mut t = da / rhs;
        let adb = self * db;
        let adb_b2 = adb.zip_into_shape::<E, SA::Output, SB>(rhs, |x, b| x / (b * b));
        t.zip_same_in_place(&adb_b2, |x, y| x - y);
        t
    }
}

impl<E: Num, S: Shape> Binary<E> for Tensor<E, S> {
    type Output = Tensor<E, S>;
    #[inline]
    fn add(&self, rhs: &E) -> Self {
        self + *rhs
    }
    #[inline]
    fn sub(&self, rhs: &E) -> Self {
        self - *rhs
    }
    #[inline]
    fn mul(&self, rhs: &E) -> Self {
        self * *rhs
    }
    #[inline]
    fn div(&self, rhs: &E) -> Self {
        self / *rhs
    }
    #[inline]
    fn add_dl(&self, _: &E, g: &Self) -> Self {
        g.clone()
    }
    #[inline]
    fn add_dr(&self, _: &E, g: &Self) -> E {
        g.sum().item()
    }
    #[inline]
    fn sub_dl(&self, _: &E, g: &Self) -> Self {
        g.clone()
    }
    #[inline]
    fn sub_dr(&self, _: &E, g: &Self) -> E {
        -g.sum().item()
    }
    #[inline]
    fn mul_dl(&self, rhs: &E, g: &Self) -> Self {
        g * *rhs
    }
    #[inline]
    fn mul_dr(&self, _: &E, g: &Self) -> E {
        crate::kernels::reduce::dot(g.as_slice(), self.as_slice())
    }
    #[inline]
    fn div_dl(&self, rhs: &E, g: &Self) -> Self {
        g / *rhs
    }
    #[inline]
    fn div_dr(&self, rhs: &E, g: &Self) -> E {
        -crate::kernels::reduce::dot(g.as_slice(), self.as_slice()) / (*rhs * *rhs)
    }
    #[inline]
    fn add_t(&self, _: &E, da: &Self, db: &E) -> Self {
        da + *db
    }
    #[inline]
    fn sub_t(&self, _: &E, da: &Self, db: &E) -> Self {
        da - *db
    }
    #[inline]
    fn mul_t(&self, rhs: &E, da: &Self, db: &E) -> Self {
        da.zip_same(self, |d, a| d * *rhs + a * *db)
    }
    #[inline]
    fn div_t(&self, rhs: &E, da: &Self, db: &E) -> Self {
        da.zip_same(self, |d, a| d / *rhs - a * *db / (*rhs * *rhs))
    }
}

impl<E: Num, S: Shape> Binary<Tensor<E, S>> for E {
    type Output = Tensor<E, S>;
    #[inline]
    fn add(&self, rhs: &Tensor<E, S>) -> Tensor<E, S> {
        let a = *self;
        rhs.map(|b| a + b)
    }
    #[inline]
    fn sub(&self, rhs: &Tensor<E, S>) -> Tensor<E, S> {
        let a = *self;
        rhs.map(|b| a - b)
    }
    #[inline]
    fn mul(&self, rhs: &Tensor<E, S>) -> Tensor<E, S> {
        let a = *self;
        rhs.map(|b| a * b)
    }
    #[inline]
    fn div(&self, rhs: &Tensor<E, S>) -> Tensor<E, S> {
        let a = *self;
        rhs.map(|b| a / b)
    }
    #[inline]
    fn add_dl(&self, _: &Tensor<E, S>, g: &Tensor<E, S>) -> E {
        g.sum().item()
    }
    #[inline]
    fn add_dr(&self, _: &Tensor<E, S>, g: &Tensor<E, S>) -> Tensor<E, S> {
        g.clone()
    }
    #[inline]
    fn sub_dl(&self, _: &Tensor<E, S>, g: &Tensor<E, S>) -> E {
        g.sum().item()
    }
    #[inline]
    fn sub_dr(&self, _: &Tensor<E, S>, g: &Tensor<E, S>) -> Tensor<E, S> {
        -g
    }
    #[inline]
    fn mul_dl(&self, rhs: &Tensor<E, S>, g: &Tensor<E, S>) -> E {
        crate::kernels::reduce::dot(g.as_slice(), rhs.as_slice())
    }
    #[inline]
    fn mul_dr(&self, _: &Tensor<E, S>, g: &Tensor<E, S>) -> Tensor<E, S> {
        g * *self
    }
    #[inline]
    fn div_dl(&self, rhs: &Tensor<E, S>, g: &Tensor<E, S>) -> E {
        g.zip_same(rhs, |g, b| g / b).sum().item()
    }
    #[inline]
    fn div_dr(&self, rhs: &Tensor<E, S>, g: &Tensor<E, S>) -> Tensor<E, S> {
        let a = *self;
        g.zip_same(rhs, |g, b| -g * a / (b * b))
    }
    #[inline]
    fn add_t(&self, _: &Tensor<E, S>, da: &E, db: &Tensor<E, S>) -> Tensor<E, S> {
        let d = *da;
        db.map(|x| d + x)
    }
    #[inline]
    fn sub_t(&self, _: &Tensor<E, S>, da: &E, db: &Tensor<E, S>) -> Tensor<E, S> {
        let d = *da;
        db.map(|x| d - x)
    }
    #[inline]
    fn mul_t(&self, rhs: &Tensor<E, S>, da: &E, db: &Tensor<E, S>) -> Tensor<E, S> {
        let (a, d) = (*self, *da);
        db.zip_same(rhs, |db, b| d * b + a * db)
    }
    #[inline]
    fn div_t(&self, rhs: &Tensor<E, S>, da: &E, db: &Tensor<E, S>) -> Tensor<E, S> {
        let (a, d) = (*self, *da);
        db.zip_same(rhs, |db, b| d / b - a * db / (b * b))
    }
}

impl<E: Num> Binary<E> for E {
    type Output = E;
    #[inline]
    fn add(&self, rhs: &E) -> E {
        *self + *rhs
    }
    #[inline]
    fn sub(&self, rhs: &E) -> E {
        *self - *rhs
    }
    #[inline]
    fn mul(&self, rhs: &E) -> E {
        *self * *rhs
    }
    #[inline]
    fn div(&self, rhs: &E) -> E {
        *self / *rhs
    }
    #[inline]
    fn add_dl(&self, _: &E, g: &E) -> E {
        *g
    }
    #[inline]
    fn add_dr(&self, _: &E, g: &E) -> E {
        *g
    }
    #[inline]
    fn sub_dl(&self, _: &E, g: &E) -> E {
        *g
    }
    #[inline]
    fn sub_dr(&self, _: &E, g: &E) -> E {
        -*g
    }
    #[inline]
    fn mul_dl(&self, rhs: &E, g: &E) -> E {
        *g * *rhs
    }
    #[inline]
    fn mul_dr(&self, _: &E, g: &E) -> E {
        *g * *self
    }
    #[inline]
    fn div_dl(&self, rhs: &E, g: &E) -> E {
        *g / *rhs
    }
    #[inline]
    fn div_dr(&self, rhs: &E, g: &E) -> E {
        -*g * *self / (*rhs * *rhs)
    }
    #[inline]
    fn add_t(&self, _: &E, da: &E, db: &E) -> E {
        *da + *db
    }
    #[inline]
    fn sub_t(&self, _: &E, da: &E, db: &E) -> E {
        *da - *db
    }
    #[inline]
    fn mul_t(&self, rhs: &E, da: &E, db: &E) -> E {
        *da * *rhs + *self * *db
    }
    #[inline]
    fn div_t(&self, rhs: &E, da: &E, db: &E) -> E {
        *da / *rhs - *self * *db / (*rhs * *rhs)
    }
}

/// Negation: `-g` (and the tangent `-dx`).
#[inline]
pub fn neg_d<E: Num, S: Shape>(g: &Tensor<E, S>) -> Tensor<E, S> {
    -g
}

/// Elementwise rules: `g · f'(x)`, written with the forward value `y = f(x)` where that is
/// cheaper. For these operations the tangent rule is the same function applied to the tangent
/// (`dy = f'(x) · dx`).
macro_rules! elementwise_rule {
    ($(#[$doc:meta])* $name:ident, $bound:ident, |$x:ident, $y:ident, $g:ident| $body:expr) => {
        $(#[$doc])*
        #[inline]
        pub fn $name<E: $bound, S: Shape>(x: &Tensor<E, S>, y: &Tensor<E, S>, g: &Tensor<E, S>) -> Tensor<E, S> {
            let (xs, ys, gs) = (x.as_slice(), y.as_slice(), g.as_slice());
            Tensor::from_fn_flat(|i| {
                let ($x, $y, $g) = (xs[i], ys[i], gs[i]);
                let _ = (&$x, &$y);
                $body
            })
        }
    };
}

elementwise_rule!(
    /// `d exp(x) = exp(x) dx`.
    exp_d, Float, |x, y, g| g * y
);
elementwise_rule!(
    /// `d ln(x) = dx / x`.
    ln_d, Float, |x, y, g| g / x
);
elementwise_rule!(
    /// `d sqrt(x) = dx / (2 sqrt(x))`.
    sqrt_d, Float, |x, y, g| g / (y + y)
);
elementwise_rule!(
    /// `d |x| = sign(x) dx`, with sign(0) = 0 (PyTorch's choice).
    abs_d, Num, |x, y, g| if x > E::zero() { g } else if x < E::zero() { -g } else { E::zero() }
);
elementwise_rule!(
    /// `d sin(x) = cos(x) dx`.
    sin_d, Float, |x, y, g| g * x.cos()
);
elementwise_rule!(
    /// `d cos(x) = -sin(x) dx`.
    cos_d, Float, |x, y, g| -g * x.sin()
);
elementwise_rule!(
    /// `d tanh(x) = (1 - tanh²(x)) dx`.
    tanh_d, Float, |x, y, g| g * (E::one() - y * y)
);
elementwise_rule!(
    /// `d sigmoid(x) = sigmoid(x) (1 - sigmoid(x)) dx`.
    sigmoid_d, Float, |x, y, g| g * y * (E::one() - y)
);
elementwise_rule!(
    /// `d relu(x) = dx` where `x > 0`, else 0.
    relu_d, Num, |x, y, g| if x > E::zero() { g } else { E::zero() }
);
elementwise_rule!(
    /// `d x² = 2x dx`.
    square_d, Num, |x, y, g| g * (x + x)
);

/// `d xⁿ = n xⁿ⁻¹ dx`; for `n = 0` the derivative is 0 everywhere, also at `x = 0` (where
/// `0 · x⁻¹` would give NaN), as in PyTorch.
#[inline]
pub fn powi_d<E: Num, S: Shape>(
    x: &Tensor<E, S>,
    _y: &Tensor<E, S>,
    g: &Tensor<E, S>,
    n: i32,
) -> Tensor<E, S> {
    if n == 0 {
        return Tensor::zeros();
    }
    let nn = <E as num_traits::NumCast>::from(n).unwrap_or_else(E::zero);
    g.zip_same(x, |g, x| g * nn * x.powi_elem(n - 1))
}

/// `d xᵖ = p xᵖ⁻¹ dx`.
#[inline]
pub fn powf_d<E: Float, S: Shape>(
    x: &Tensor<E, S>,
    _y: &Tensor<E, S>,
    g: &Tensor<E, S>,
    p: E,
) -> Tensor<E, S> {
    g.zip_same(x, |g, x| g * p * x.powf(p - E::one()))
}

/// The gradient of `sum()`: `g` broadcast to `x`'s shape.
#[inline]
pub fn sum_d<E: Num, S: Shape>(_x: &Tensor<E, S>, g: &Tensor<E, ()>) -> Tensor<E, S> {
    Tensor::full(g.item())
}

/// The gradient of `mean()`: `g / n` broadcast to `x`'s shape.
#[inline]
pub fn mean_d<E: Float, S: Shape>(_x: &Tensor<E, S>, g: &Tensor<E, ()>) -> Tensor<E, S> {
    Tensor::full(g.item() / E::from_usize(S::NUMEL))
}

/// The gradient of `sum_axis::<A>()`: `g` with axis `A` restored, broadcast along it.
#[inline]
pub fn sum_axis_d<const A: usize, E: Num, S: Shape + RemoveAxis<A>>(
    _x: &Tensor<E, S>,
    g: &Tensor<E, <S as RemoveAxis<A>>::Output>,
) -> Tensor<E, S> {
    g.clone().reinterpret::<<S as RemoveAxis<A>>::Kept>().broadcast_into_shape()
}

/// The gradient of `sum_axis_keepdim::<A>()`: `g` broadcast along axis `A`.
#[inline]
pub fn sum_axis_keepdim_d<const A: usize, E: Num, S: Shape + RemoveAxis<A>>(
    _x: &Tensor<E, S>,
    g: &Tensor<E, <S as RemoveAxis<A>>::Kept>,
) -> Tensor<E, S> {
    g.broadcast_into_shape()
}

/// The gradient of `mean_axis::<A>()`.
#[inline]
pub fn mean_axis_d<const A: usize, E: Float, S: Shape + RemoveAxis<A>>(
    x: &Tensor<E, S>,
    g: &Tensor<E, <S as RemoveAxis<A>>::Output>,
) -> Tensor<E, S> {
    let n = E::from_usize(<<S as RemoveAxis<A>>::Removed as crate::shape::Dimension>::SIZE);
    sum_axis_d::<A, E, S>(x, g) / n
}

/// The gradient of `mean_axis_keepdim::<A>()`.
#[inline]
pub fn mean_axis_keepdim_d<const A: usize, E: Float, S: Shape + RemoveAxis<A>>(
    x: &Tensor<E, S>,
    g: &Tensor<E, <S as RemoveAxis<A>>::Kept>,
) -> Tensor<E, S> {
    let n = E::from_usize(<<S as RemoveAxis<A>>::Removed as crate::shape::Dimension>::SIZE);
    sum_axis_keepdim_d::<A, E, S>(x, g) / n
}

/// The gradient of `matmul` (and `dot`, `mv`, `mm`) with respect to the left operand.
#[inline]
pub fn matmul_dl<E: Num, SA: Shape + Matmul<SB>, SB: Shape>(
    _a: &Tensor<E, SA>,
    b: &Tensor<E, SB>,
    g: &Tensor<E, <SA as Matmul<SB>>::Output>,
) -> Tensor<E, SA> {
    crate::ops::matmul::grad_lhs::<E, SA, SB>(b, g.as_slice())
}

/// The gradient of `matmul` (and `dot`, `mv`, `mm`) with respect to the right operand.
#[inline]
pub fn matmul_dr<E: Num, SA: Shape + Matmul<SB>, SB: Shape>(
    a: &Tensor<E, SA>,
    _b: &Tensor<E, SB>,
    g: &Tensor<E, <SA as Matmul<SB>>::Output>,
) -> Tensor<E, SB> {
    crate::ops::matmul::grad_rhs::<E, SA, SB>(a, g.as_slice())
}

/// The tangent of `matmul`: `da · b + a · db`.
#[inline]
pub fn matmul_t<E: Num, SA: Shape + Matmul<SB>, SB: Shape>(
    a: &Tensor<E, SA>,
    b: &Tensor<E, SB>,
    da: &Tensor<E, SA>,
    db: &Tensor<E, SB>,
) -> Tensor<E, <SA as Matmul<SB>>::Output> {
    let mut t = da.matmul(b);
    t.zip_same_in_place(&a.matmul(db), |x, y| x + y);
    t
}

/// The gradient of `t()`: `gᵀ`.
#[inline]
pub fn t_d<E: Element, D0: crate::shape::Dimension, D1: crate::shape::Dimension>(
    g: &Tensor<E, (D1, D0)>,
) -> Tensor<E, (D0, D1)> {
    g.t()
}

/// The gradient of `reshape`: `g` seen with `x`'s shape again.
#[inline]
pub fn reshape_d<E: Element, S: Shape, T: Shape>(_x: &Tensor<E, S>, g: &Tensor<E, T>) -> Tensor<E, S> {
    g.clone().reinterpret()
}
