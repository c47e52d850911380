//! Powers with a constant exponent.
//!
//! | method | reverse rule (`g` is the output gradient) | PyTorch |
//! |---|---|---|
//! | `powi(n)` | `g · n xⁿ⁻¹` (0 for `n = 0`, also at `x = 0`) | `x ** n` |
//! | `powf(p)` | `g · p xᵖ⁻¹` | `x ** p` |
//!
//! The exponent is an operand without a derivative: `grad!` rejects one that depends on the
//! inputs (no `Pullback<_, 1>`); `pow` takes a tensor exponent. The forward-mode rule is the
//! reverse rule applied to the tangent. The rules are fused kernels, as in
//! [`elementwise`](super::elementwise).

use crate::autodiff::{Pullback, Rule, Tangent};
use crate::element::{Float, Num};
use crate::ops::arith::powf_elem;
use crate::shape::Shape;
use crate::tensor::Tensor;

super::declare! {
    /// `powi(n)`: `g · n xⁿ⁻¹`.
    powi;
    /// `powf(p)`: `g · p xᵖ⁻¹`.
    powf;
}

impl<'a, E: Num, S: Shape> Rule<(&'a Tensor<E, S>, &'a i32)> for powi {
    type Output = Tensor<E, S>;
    const READS_OUTPUT: bool = false;
    #[inline]
    fn forward((x, n): (&'a Tensor<E, S>, &'a i32)) -> Tensor<E, S> {
        x.powi(*n)
    }
}

/// `d xⁿ = n xⁿ⁻¹ dx`; for `n = 0` the derivative is 0 everywhere, also at `x = 0` (where
/// `0 · x⁻¹` would give NaN), as in PyTorch.
impl<'a, E: Num, S: Shape> Pullback<(&'a Tensor<E, S>, &'a i32), 0> for powi {
    type Grad = Tensor<E, S>;
    #[inline]
    fn pullback((x, n): (&'a Tensor<E, S>, &'a i32), _y: &Tensor<E, S>, g: &Tensor<E, S>) -> Tensor<E, S> {
        let n = *n;
        if n == 0 {
            return Tensor::zeros();
        }
        let nn = <E as num_traits::NumCast>::from(n).unwrap_or_else(E::zero);
        g.zip_same(x, |g, x| g * nn * x.powi_elem(n - 1))
    }
}

impl<'a, E: Num, S: Shape> Tangent<(&'a Tensor<E, S>, &'a i32)> for powi {
    #[inline]
    fn tangent(
        (x, n): (&'a Tensor<E, S>, &'a i32),
        y: &Tensor<E, S>,
        (dx, _): (&'a Tensor<E, S>, &'a i32),
    ) -> Tensor<E, S> {
        <powi as Pullback<_, 0>>::pullback((x, n), y, dx)
    }
}

impl<'a, E: Float, S: Shape> Rule<(&'a Tensor<E, S>, &'a E)> for powf {
    type Output = Tensor<E, S>;
    const READS_OUTPUT: bool = false;
    #[inline]
    fn forward((x, p): (&'a Tensor<E, S>, &'a E)) -> Tensor<E, S> {
        x.powf(*p)
    }
}

/// `d xᵖ = p xᵖ⁻¹ dx`.
impl<'a, E: Float, S: Shape> Pullback<(&'a Tensor<E, S>, &'a E), 0> for powf {
    type Grad = Tensor<E, S>;
    #[inline]
    fn pullback((x, p): (&'a Tensor<E, S>, &'a E), _y: &Tensor<E, S>, g: &Tensor<E, S>) -> Tensor<E, S> {
        let p = *p;
        g.zip_same(x, |g, x| g * p * powf_elem(x, p - E::one()))
    }
}

impl<'a, E: Float, S: Shape> Tangent<(&'a Tensor<E, S>, &'a E)> for powf {
    #[inline]
    fn tangent(
        (x, p): (&'a Tensor<E, S>, &'a E),
        y: &Tensor<E, S>,
        (dx, _): (&'a Tensor<E, S>, &'a E),
    ) -> Tensor<E, S> {
        <powf as Pullback<_, 0>>::pullback((x, p), y, dx)
    }
}
