//! The differentiable operations: one type per method (and per arithmetic operator), each
//! with its [`Rule`](super::Rule), [`Pullback`](super::Pullback) and
//! [`Tangent`](super::Tangent) impls beside the formula in its module's table.
//!
//! - [`arith`]: the operators `+ - * /` (`add sub mul div`) and unary `-` (`neg`), with
//!   broadcasting, between tensors and scalars;
//! - [`elementwise`]: functions of one tensor, element by element;
//! - [`powers`]: powers with a constant exponent;
//! - [`reduce`]: sums and means;
//! - [`products`]: matrix products;
//! - [`layout`]: transposes and reshapes.
//!
//! [`methods`] lists the methods, each module's table gives their rules with PyTorch's names.
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

pub use rule_types::*;

/// The rule types without the modules and functions beside them: what the macros glob-import
/// to find a method's rule type, in a scope that also holds the tokens of the method's generic
/// arguments (`reshape::<layout::S>()` must find the user's `layout`, not the module above).
#[doc(hidden)]
pub mod rule_types {
    pub use super::arith::*;
    pub use super::elementwise::*;
    pub use super::layout::*;
    pub use super::powers::*;
    pub use super::products::*;
    pub use super::reduce::*;
}

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
