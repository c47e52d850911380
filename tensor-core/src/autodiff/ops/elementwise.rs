//! Elementwise functions of one tensor: `y = f(x)`, with `g · f'(x)` written with the forward
//! value `y` where that is cheaper.
//!
//! | method | reverse rule (`g` is the output gradient) | PyTorch |
//! |---|---|---|
//! | `exp` | `g · y` | `torch.exp` |
//! | `ln` | `g / x` | `torch.log` |
//! | `log1p` | `g / (1 + x)` | `torch.log1p` |
//! | `sqrt` | `g / (2 y)` | `torch.sqrt` |
//! | `abs` | `g · sign(x)` (0 at 0, as PyTorch) | `torch.abs` |
//! | `sin`, `cos` | `g · cos x`, `-g · sin x` | `torch.sin`, `torch.cos` |
//! | `tanh` | `g · (1 - y)(1 + y)` | `torch.tanh` |
//! | `sigmoid` | `g · y (1 - y)` | `torch.sigmoid` |
//! | `relu` | 0 where `x ≤ 0`, else `g` (also at NaN) | `torch.relu` |
//! | `square` | `g · 2x` | `torch.square` |
//!
//! The forward-mode rule is the same function applied to the tangent: `dy = f'(x) · dx`.
//!
//! Each rule is one fused pass over `x`, `y` and `g` (a kernel), not a chain of tensor
//! operations: `g · (1 - y²)` as tensor operations would read and write the whole tensor three
//! times. A gradient of this gradient needs the derivative of `f'`, which a later rule can
//! give; the fused form is kept for the first derivative's speed.

use crate::autodiff::{Pullback, Rule, Tangent};
use crate::element::{Float, Num};
use crate::shape::Shape;
use crate::tensor::Tensor;

super::declare! {
    /// `exp`: `g · y`.
    exp;
    /// `ln`: `g / x`.
    ln;
    /// `log1p`: `g / (1 + x)`.
    log1p;
    /// `sqrt`: `g / (2 y)`.
    sqrt;
    /// `abs`: `g · sign(x)`, with sign(0) = 0 (PyTorch's choice).
    abs;
    /// `sin`: `g · cos x`.
    sin;
    /// `cos`: `-g · sin x`.
    cos;
    /// `tanh`: `g · (1 - y)(1 + y)`.
    tanh;
    /// `sigmoid`: `g · y (1 - y)`.
    sigmoid;
    /// `relu`: 0 where `x ≤ 0`, else `g`.
    relu;
    /// `square`: `g · 2x`.
    square;
}

/// The three rules of an elementwise method from `g · f'(x)`, written with `x`, `y` and `g`.
macro_rules! elementwise {
    ($($name:ident, $bound:ident, |$x:ident, $y:ident, $g:ident| $body:expr;)*) => {$(
        impl<'a, E: $bound, S: Shape> Rule<(&'a Tensor<E, S>,)> for $name {
            type Output = Tensor<E, S>;
            #[inline]
            fn forward((x,): (&'a Tensor<E, S>,)) -> Tensor<E, S> {
                x.$name()
            }
        }
        impl<'a, E: $bound, S: Shape> Pullback<(&'a Tensor<E, S>,), 0> for $name {
            type Grad = Tensor<E, S>;
            #[inline]
            fn pullback((x,): (&'a Tensor<E, S>,), y: &Tensor<E, S>, g: &Tensor<E, S>) -> Tensor<E, S> {
                let (xs, ys, gs) = (x.as_slice(), y.as_slice(), g.as_slice());
                Tensor::from_fn_flat(|i| {
                    let ($x, $y, $g) = (xs[i], ys[i], gs[i]);
                    let _ = (&$x, &$y);
                    $body
                })
            }
        }
        impl<'a, E: $bound, S: Shape> Tangent<(&'a Tensor<E, S>,)> for $name {
            #[inline]
            fn tangent(x: (&'a Tensor<E, S>,), y: &Tensor<E, S>, (dx,): (&'a Tensor<E, S>,)) -> Tensor<E, S> {
                <$name as Pullback<_, 0>>::pullback(x, y, dx)
            }
        }
    )*};
}

elementwise! {
    exp, Float, |x, y, g| g * y;
    ln, Float, |x, y, g| g / x;
    log1p, Float, |x, y, g| g / (E::one() + x);
    sqrt, Float, |x, y, g| g / (y + y);
    abs, Num, |x, y, g| if x > E::zero() { g } else if x < E::zero() { -g } else { E::zero() };
    sin, Float, |x, y, g| g * x.cos();
    cos, Float, |x, y, g| -g * x.sin();
    // `(1 - y)(1 + y)`, not `1 - y²`, which cancels where `|y|` is near 1 (PyTorch's bits)
    tanh, Float, |x, y, g| g * ((E::one() - y) * (E::one() + y));
    sigmoid, Float, |x, y, g| g * y * (E::one() - y);
    // PyTorch's `threshold_backward`: 0 where `x <= 0`, so that NaN passes `g` on
    relu, Num, |x, y, g| if x <= E::zero() { E::zero() } else { g };
    square, Num, |x, y, g| g * (x + x);
}
