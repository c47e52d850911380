//! The rule traits: how `grad!`, `vjp!`, `jvp!`, `jacobian!` and `#[differentiable]`
//! differentiate a method or an operator.
//!
//! Each differentiable operation is a type in [`ops`](super::ops), named after its method
//! (`exp`, `sum_axis<A>`, `matmul`; `add`, `sub`, `mul`, `div` and `neg` for the operators).
//! The macros lower `x.m::<G>(a, b)` to that type, `m<G>`, with the operands as a tuple of
//! references `(&x, &a, &b)`, and call its three rules:
//!
//! - [`Rule::forward`]: the value (the method itself);
//! - [`Pullback::pullback`]: the reverse-mode rule, one impl per operand `I` that has a
//!   derivative (`powi`'s exponent has none), giving the gradient of operand `I` from the
//!   output's gradient, summed back to the operand's shape;
//! - [`Tangent::tangent`]: the forward-mode rule, the output's tangent from every operand's
//!   tangent (zero for constants).
//!
//! The macros know no operation by name, so adding one is adding its type and impls here
//! (see [`ops`](super::ops) for the list and the formulas). A method without a rule is a
//! compile error that names it:
//!
//! ```compile_fail
//! use typed_tensor::prelude::*;
//! // error: `signum` has no derivative rule that `grad!` can use with these operands
//! let f = grad!(|x: Tensor<f32, Shape![4]>| x.signum().sum());
//! ```
//!
//! The operands are references, so a rule never copies a tensor to read it; the forward value
//! `y` is passed to both rules, so a rule can use it where that is cheaper than the operand
//! (`exp`'s derivative is `y`).

use core::marker::PhantomData;

/// An operation `grad!` can differentiate: its forward value. `Args` is the tuple of operand
/// references, receiver first.
///
/// ```
/// use typed_tensor::autodiff::{Rule, ops};
/// use typed_tensor::prelude::*;
/// let x = tensor!([0.0f32, 1.0]);
/// // PyTorch: torch.exp(x)
/// assert_eq!(<ops::exp as Rule<_>>::forward((&x,)), x.exp());
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no derivative rule for the operands `{Args}`",
    label = "`{Self}` is not differentiable with these operands",
    note = "the operands are the receiver and the arguments, in order, by reference"
)]
pub trait Rule<Args> {
    /// The result.
    type Output;
    /// Whether the rule's [`Pullback`] reads the output `y`. A `#[differentiable]` function
    /// returns its output and keeps a copy for its pullback only where the last operation's
    /// rule reads it (`exp`'s does); elsewhere the pullback is handed the gradient in its place.
    const READS_OUTPUT: bool = true;
    /// The result of the operation on `args`.
    fn forward(args: Args) -> Self::Output;
}

/// The reverse-mode rule of an operation with respect to its operand `I` (0 is the receiver):
/// given the output `y` and its gradient `g`, the gradient of operand `I`, of that operand's
/// own type (summed back over broadcast axes).
///
/// ```
/// use typed_tensor::autodiff::{Pullback, ops};
/// use typed_tensor::prelude::*;
/// let (x, y, g) = (tensor!([0.0f32, 1.0]), tensor!([1.0f32, 1.0]), tensor!([2.0f32, 3.0]));
/// // PyTorch: torch.autograd.grad(x.square(), x, g)
/// assert_eq!(<ops::square as Pullback<_, 0>>::pullback((&x,), &y, &g), tensor!([0.0, 6.0]));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no derivative with respect to operand {I} here (0 is the receiver, 1 the first argument)",
    label = "this operand depends on the inputs, but `{Self}` cannot be differentiated with respect to it",
    note = "make the operand a constant (compute it outside `grad!`, or `.detach()` it)"
)]
pub trait Pullback<Args, const I: usize>: Rule<Args> {
    /// The gradient's type: the operand's own type.
    type Grad;
    /// The gradient of operand `I`.
    fn pullback(args: Args, y: &Self::Output, g: &Self::Output) -> Self::Grad;
}

/// The forward-mode rule of an operation: the output's tangent from the operands' tangents
/// (of the operands' own types; a constant's tangent is zero).
///
/// ```
/// use typed_tensor::autodiff::{Rule, Tangent, ops};
/// use typed_tensor::prelude::*;
/// let (x, dx) = (tensor!([1.0f32, 2.0]), tensor!([1.0f32, 0.0]));
/// let y = <ops::square as Rule<_>>::forward((&x,));
/// // PyTorch: torch.func.jvp(torch.square, (x,), (dx,))
/// assert_eq!(<ops::square as Tangent<_>>::tangent((&x,), &y, (&dx,)), tensor!([2.0, 0.0]));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no forward-mode rule that `jvp!` can use with these operands",
    label = "`{Self}` has no tangent rule here"
)]
pub trait Tangent<Args>: Rule<Args> {
    /// The output's tangent.
    fn tangent(args: Args, y: &Self::Output, tangents: Args) -> Self::Output;
}

/// The rule type found for a method: every type in [`ops`](super::ops) is its own. The macros
/// name the rule type of a method `m` through this trait, so that a method without a rule
/// (whose name then finds a stand-in of the macro's, without this trait) is one error at the
/// method, and not one more for every use of its value.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no derivative rule that `grad!` can use",
    label = "`{Self}` is not differentiable",
    note = "the methods `grad!` can differentiate are the types in `typed_tensor::autodiff::ops` (listed in its documentation and the README)",
    note = "to differentiate through code of your own, call a function marked `#[differentiable]` (its body is differentiated), or give it a hand-written derivative with `#[differentiable(vjp = ...)]`; a new method gets a rule by a type of its name in `autodiff::ops` implementing `Rule`, `Pullback` and `Tangent`"
)]
pub trait Method {
    /// The rule type: `Self`.
    type Rule;
}

/// The generated code's lookup of a method's rule type (see [`Method`]).
#[doc(hidden)]
#[crate::hot]
pub fn rule_of<M: Method>(_method: PhantomData<M>) -> PhantomData<M::Rule> {
    PhantomData
}

/// A copy of the output `y` of a `#[differentiable]` function, for its pullback, where the
/// last operation's rule reads it ([`Rule::READS_OUTPUT`]).
#[doc(hidden)]
#[crate::hot]
pub fn keep_output<R: Rule<A>, A>(_rule: PhantomData<R>, _args: A, y: &R::Output) -> Option<R::Output>
where
    R::Output: Clone,
{
    if R::READS_OUTPUT { Some(y.clone()) } else { None }
}

/// The output as the pullback reads it: the copy [`keep_output`] kept, or else `g`, of the same
/// type, which a rule that does not read the output ignores.
#[doc(hidden)]
#[crate::hot]
pub fn kept_or<'a, T>(kept: &'a Option<T>, g: &'a T) -> &'a T {
    kept.as_ref().unwrap_or(g)
}

/// The generated code's call of [`Rule::forward`]; the rule type comes as a marker value, so
/// that the macro can name it by a path resolved in its own scope.
#[doc(hidden)]
#[crate::hot]
pub fn forward<R: Rule<A>, A>(_rule: PhantomData<R>, args: A) -> R::Output {
    R::forward(args)
}

/// The generated code's call of [`Pullback::pullback`].
#[doc(hidden)]
#[crate::hot]
pub fn pullback<const I: usize, R: Pullback<A, I>, A>(
    _rule: PhantomData<R>,
    args: A,
    y: &R::Output,
    g: &R::Output,
) -> R::Grad {
    R::pullback(args, y, g)
}

/// The generated code's call of [`Tangent::tangent`].
#[doc(hidden)]
#[crate::hot]
pub fn tangent<R: Tangent<A>, A>(_rule: PhantomData<R>, args: A, y: &R::Output, tangents: A) -> R::Output {
    R::tangent(args, y, tangents)
}

/// The check, in forward mode, that an operation is differentiable with respect to an operand
/// that depends on the inputs (the tangent rule takes every operand's tangent, so without this
/// check a tangent it ignores, such as `powi`'s exponent's, would be dropped silently).
#[doc(hidden)]
#[crate::hot]
pub fn differentiable_in<const I: usize, R: Pullback<A, I>, A>(_rule: PhantomData<R>, _args: &A) {}
