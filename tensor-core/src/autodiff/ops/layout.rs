//! Operations that move elements without computing: their rules move the gradient back.
//!
//! | method | reverse rule (`g` is the output gradient) | PyTorch |
//! |---|---|---|
//! | `t` | `gᵀ` | `x.T` |
//! | `reshape::<T>` | `g` reshaped back to `x`'s shape | `x.reshape(...)` |
//!
//! Both are linear, so the forward-mode rule is the operation applied to the tangent; the
//! reverse rules are the same operations (`t`, and `reshape` back), which have these rules.

use crate::autodiff::{Pullback, Rule, Tangent};
use crate::element::Element;
use crate::shape::{Dimension, ResolveShape, Shape};
use crate::tensor::Tensor;

super::declare! {
    /// `t`: `gᵀ`.
    t;
    /// `reshape::<T>`: `g` reshaped back.
    reshape<shape T>;
}

impl<'a, E: Element, D0: Dimension, D1: Dimension> Rule<(&'a Tensor<E, (D0, D1)>,)> for t {
    type Output = Tensor<E, (D1, D0)>;
    const READS_OUTPUT: bool = false;
    #[inline]
    fn forward((x,): (&'a Tensor<E, (D0, D1)>,)) -> Tensor<E, (D1, D0)> {
        x.t()
    }
}

impl<'a, E: Element, D0: Dimension, D1: Dimension> Pullback<(&'a Tensor<E, (D0, D1)>,), 0> for t {
    type Grad = Tensor<E, (D0, D1)>;
    #[inline]
    fn pullback(
        _: (&'a Tensor<E, (D0, D1)>,),
        _y: &Tensor<E, (D1, D0)>,
        g: &Tensor<E, (D1, D0)>,
    ) -> Self::Grad {
        g.t()
    }
}

impl<'a, E: Element, D0: Dimension, D1: Dimension> Tangent<(&'a Tensor<E, (D0, D1)>,)> for t {
    #[inline]
    fn tangent(
        _: (&'a Tensor<E, (D0, D1)>,),
        _y: &Tensor<E, (D1, D0)>,
        (dx,): (&'a Tensor<E, (D0, D1)>,),
    ) -> Tensor<E, (D1, D0)> {
        dx.t()
    }
}

impl<'a, T: ResolveShape<S>, E: Element, S: Shape> Rule<(&'a Tensor<E, S>,)> for reshape<T> {
    type Output = Tensor<E, T::Output>;
    const READS_OUTPUT: bool = false;
    /// A copy of `x` with the new shape (the forward pass keeps its values for the backward
    /// pass, so it cannot move `x`).
    #[inline]
    fn forward((x,): (&'a Tensor<E, S>,)) -> Self::Output {
        x.clone().reshape::<T>()
    }
}

impl<'a, T: ResolveShape<S>, E: Element, S: Shape> Pullback<(&'a Tensor<E, S>,), 0> for reshape<T> {
    type Grad = Tensor<E, S>;
    #[inline]
    fn pullback(_: (&'a Tensor<E, S>,), _y: &Self::Output, g: &Self::Output) -> Tensor<E, S> {
        g.clone().reinterpret()
    }
}

impl<'a, T: ResolveShape<S>, E: Element, S: Shape> Tangent<(&'a Tensor<E, S>,)> for reshape<T> {
    #[inline]
    fn tangent(_: (&'a Tensor<E, S>,), _y: &Self::Output, (dx,): (&'a Tensor<E, S>,)) -> Self::Output {
        dx.clone().reshape::<T>()
    }
}
