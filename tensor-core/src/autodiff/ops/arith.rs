//! The arithmetic operators `+ - * /` and unary `-`, with broadcasting, between tensors and
//! scalars.
//!
//! | operator | rule type | reverse rule (`g` is the output gradient) |
//! |---|---|---|
//! | `a + b`, `a - b` | `add`, `sub` | `g` (negated for `b` of `-`), summed to each operand's shape |
//! | `a * b` | `mul` | `g · b` for `a`, `g · a` for `b`, summed to each operand's shape |
//! | `a / b` | `div` | `g / b` for `a`, `-g · a / b²` for `b` |
//! | `-x` | `neg` | `-g` |
//!
//! Summing back over broadcast axes ("unbroadcasting") is the exact inverse of broadcasting:
//! leading axes that broadcasting added are summed away, stretched size-1 axes are summed and
//! kept. It is the step other libraries most often got wrong (burn #181: the bias of `X·w + b`).
//!
//! The four operand kinds (tensor–tensor, tensor–scalar, scalar–tensor, scalar–scalar) differ
//! in how the gradient is summed, so each implements [`Binary`], and the rule types `add`,
//! `sub`, `mul`, `div` dispatch to it. The reverse rules are elementwise kernels and sums back
//! to the operand's shape (`zip_to_shape`, `sum_to_shape`), not the operators themselves: the
//! product with the other operand is computed at the output's shape and summed back in a
//! second pass, without the bounds that the operators' broadcasting needs.

use crate::autodiff::{Pullback, Rule, Tangent};
use crate::element::Num;
use crate::shape::{Broadcast, Shape};
use crate::tensor::Tensor;

super::declare! {
    /// `a + b`: `g`, summed to each operand's shape.
    add;
    /// `a - b`: `g` for `a`, `-g` for `b`, summed to each operand's shape.
    sub;
    /// `a * b`: `g · b` for `a`, `g · a` for `b`, summed to each operand's shape.
    mul;
    /// `a / b`: `g / b` for `a`, `-g · a / b²` for `b`, summed to each operand's shape.
    div;
    /// `-x`: `-g`.
    neg;
}

macro_rules! binary {
    ($($name:ident, $dl:ident, $dr:ident, $t:ident;)*) => {$(
        impl<'a, A: Binary<B>, B> Rule<(&'a A, &'a B)> for $name {
            type Output = A::Output;
            const READS_OUTPUT: bool = false;
            #[inline]
            fn forward((a, b): (&'a A, &'a B)) -> A::Output {
                a.$name(b)
            }
        }
        impl<'a, A: Binary<B>, B> Pullback<(&'a A, &'a B), 0> for $name {
            type Grad = A;
            #[inline]
            fn pullback((a, b): (&'a A, &'a B), _y: &A::Output, g: &A::Output) -> A {
                a.$dl(b, g)
            }
        }
        impl<'a, A: Binary<B>, B> Pullback<(&'a A, &'a B), 1> for $name {
            type Grad = B;
            #[inline]
            fn pullback((a, b): (&'a A, &'a B), _y: &A::Output, g: &A::Output) -> B {
                a.$dr(b, g)
            }
        }
        impl<'a, A: Binary<B>, B> Tangent<(&'a A, &'a B)> for $name {
            #[inline]
            fn tangent((a, b): (&'a A, &'a B), _y: &A::Output, (da, db): (&'a A, &'a B)) -> A::Output {
                a.$t(b, da, db)
            }
        }
    )*};
}

binary! {
    add, add_dl, add_dr, add_t;
    sub, sub_dl, sub_dr, sub_t;
    mul, mul_dl, mul_dr, mul_t;
    div, div_dl, div_dr, div_t;
}

impl<'a, E: Num> Rule<(&'a E,)> for neg {
    type Output = E;
    const READS_OUTPUT: bool = false;
    #[inline]
    fn forward((x,): (&'a E,)) -> E {
        -*x
    }
}

impl<'a, E: Num> Pullback<(&'a E,), 0> for neg {
    type Grad = E;
    #[inline]
    fn pullback(_: (&'a E,), _y: &E, g: &E) -> E {
        -*g
    }
}

impl<'a, E: Num> Tangent<(&'a E,)> for neg {
    #[inline]
    fn tangent(_: (&'a E,), _y: &E, (dx,): (&'a E,)) -> E {
        -*dx
    }
}

impl<'a, E: Num, S: Shape> Rule<(&'a Tensor<E, S>,)> for neg {
    type Output = Tensor<E, S>;
    const READS_OUTPUT: bool = false;
    #[inline]
    fn forward((x,): (&'a Tensor<E, S>,)) -> Tensor<E, S> {
        -x
    }
}

impl<'a, E: Num, S: Shape> Pullback<(&'a Tensor<E, S>,), 0> for neg {
    type Grad = Tensor<E, S>;
    #[inline]
    fn pullback(_: (&'a Tensor<E, S>,), _y: &Tensor<E, S>, g: &Tensor<E, S>) -> Tensor<E, S> {
        -g
    }
}

impl<'a, E: Num, S: Shape> Tangent<(&'a Tensor<E, S>,)> for neg {
    #[inline]
    fn tangent(_: (&'a Tensor<E, S>,), _y: &Tensor<E, S>, (dx,): (&'a Tensor<E, S>,)) -> Tensor<E, S> {
        -dx
    }
}

/// The four arithmetic operators between two operands, with their rules, for each operand kind:
/// tensor–tensor (with broadcasting), tensor–scalar, scalar–tensor and scalar–scalar. The rule
/// types `add`, `sub`, `mul` and `div` call it.
#[doc(hidden)]
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
        g.sum_to_shape()
    }
    #[inline]
    fn add_dr(&self, _: &Tensor<E, SB>, g: &Self::Output) -> Tensor<E, SB> {
        g.sum_to_shape()
    }
    #[inline]
    fn sub_dl(&self, _: &Tensor<E, SB>, g: &Self::Output) -> Self {
        g.sum_to_shape()
    }
    #[inline]
    fn sub_dr(&self, _: &Tensor<E, SB>, g: &Self::Output) -> Tensor<E, SB> {
        -g.sum_to_shape::<SB>()
    }
    #[inline]
    fn mul_dl(&self, rhs: &Tensor<E, SB>, g: &Self::Output) -> Self {
        g.zip_to_shape::<E, SA::Output, SB>(rhs, |g, b| g * b).sum_to_shape()
    }
    #[inline]
    fn mul_dr(&self, rhs: &Tensor<E, SB>, g: &Self::Output) -> Tensor<E, SB> {
        let _ = rhs;
        g.zip_to_shape::<E, SA::Output, SA>(self, |g, a| g * a).sum_to_shape()
    }
    #[inline]
    fn div_dl(&self, rhs: &Tensor<E, SB>, g: &Self::Output) -> Self {
        g.zip_to_shape::<E, SA::Output, SB>(rhs, |g, b| g / b).sum_to_shape()
    }
    #[inline]
    fn div_dr(&self, rhs: &Tensor<E, SB>, g: &Self::Output) -> Tensor<E, SB> {
        let ga = g.zip_to_shape::<E, SA::Output, SA>(self, |g, a| g * a);
        ga.zip_to_shape::<E, SA::Output, SB>(rhs, |x, b| -x / (b * b)).sum_to_shape()
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
        let adb_b2 = adb.zip_to_shape::<E, SA::Output, SB>(rhs, |x, b| x / (b * b));
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
        g.sum_elem()
    }
    #[inline]
    fn sub_dl(&self, _: &E, g: &Self) -> Self {
        g.clone()
    }
    #[inline]
    fn sub_dr(&self, _: &E, g: &Self) -> E {
        -g.sum_elem()
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
        g.sum_elem()
    }
    #[inline]
    fn add_dr(&self, _: &Tensor<E, S>, g: &Tensor<E, S>) -> Tensor<E, S> {
        g.clone()
    }
    #[inline]
    fn sub_dl(&self, _: &Tensor<E, S>, g: &Tensor<E, S>) -> E {
        g.sum_elem()
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
        g.zip_same(rhs, |g, b| g / b).sum_elem()
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
