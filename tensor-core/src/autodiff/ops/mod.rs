//! The differentiable operations: one type per method (and per arithmetic operator), each
//! with its [`Rule`](super::Rule), [`Pullback`](super::Pullback) and
//! [`Tangent`](super::Tangent) impls beside the formula in its module's table.
//!
//! - [`arith`]: `+ - * /` (`add sub mul div`) and unary `-` (`neg`), with broadcasting,
//!   between tensors and scalars;
//! - [`elementwise`]: `exp ln sqrt abs sin cos tanh sigmoid relu square`;
//! - [`powers`]: `powi powf`;
//! - [`reduce`]: `sum mean sum_axis mean_axis sum_axis_keepdim mean_axis_keepdim`;
//! - [`products`]: `matmul dot mv mm`;
//! - [`layout`]: `t reshape`.
//!
//! Inside `grad!`, `x.exp()` is differentiated by the type [`exp`], `x.sum_axis::<1>()` by
//! [`sum_axis<1>`](sum_axis): the macro finds the type by the method's name, here, and knows
//! nothing else about it. Besides these, `grad!` understands `clone` (the same value) and
//! `detach` (the same value, cut off from gradients).

#![allow(non_camel_case_types)]

pub mod arith;
pub mod elementwise;
pub mod layout;
pub mod powers;
pub mod products;
pub mod reduce;

pub use arith::{add, div, mul, neg, sub};
pub use elementwise::{abs, cos, exp, ln, relu, sigmoid, sin, sqrt, square, tanh};
pub use layout::{reshape, t};
pub use powers::{powf, powi};
pub use products::{dot, matmul, mm, mv};
pub use reduce::{mean, mean_axis, mean_axis_keepdim, sum, sum_axis, sum_axis_keepdim};

/// The names of the differentiable methods, in the order of the modules above (the
/// operators' rules `add sub mul div neg` are not methods and are not listed).
///
/// ```
/// let names: Vec<_> = typed_tensor::autodiff::ops::methods().collect();
/// assert!(names.contains(&"exp") && names.contains(&"sum_axis") && !names.contains(&"add"));
/// ```
pub fn methods() -> impl Iterator<Item = &'static str> {
    [elementwise::NAMES, powers::NAMES, reduce::NAMES, products::NAMES, layout::NAMES]
        .into_iter()
        .flatten()
        .copied()
}

/// Declares rule types, one braced struct per operation named after its method (so it lives
/// in the type namespace only, and never shadows a value), and the module's `NAMES`.
macro_rules! declare {
    ($($(#[$doc:meta])* $name:ident $(<const $c:ident: $cty:ty>)? $(<shape $t:ident>)?;)*) => {
        $(
            $(#[$doc])*
            pub struct $name $(<const $c: $cty>)? $(<$t>)? {
                $(_target: ::core::marker::PhantomData<$t>,)?
            }
            impl $(<const $c: $cty>)? $(<$t>)? $crate::autodiff::Method for $name $(<$c>)? $(<$t>)? {
                type Rule = Self;
            }
        )*
        /// The names of this module's operations.
        #[allow(dead_code)]
        pub(super) const NAMES: &[&str] = &[$(stringify!($name)),*];
    };
}
use declare;
