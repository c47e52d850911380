//! Reverse- and forward-mode differentiation without a tape.
//!
//! `grad!`, `vjp!`, `jvp!`, `jacobian!` and `#[differentiable]` (in `tensor-macros`) rewrite
//! the body they are given into plain Rust at compile time: a forward pass in single-assignment
//! form, then, in reverse order, one call per operation to its derivative rule. The macro
//! handles structure (which value is used where, which values depend on the inputs); the
//! rules handle meaning. Each method and operator is a type in [`ops`] implementing the
//! traits of [`rule`]: [`Rule`] (the value), [`Pullback`] (reverse mode, per operand) and
//! [`Tangent`] (forward mode), generic over the operands' types, which decide shapes,
//! broadcasting and reductions. So a rule like "the gradient of `a + b` with respect to `b` is
//! the output gradient summed back to `b`'s shape" is written once, and the compiler picks
//! which axes to sum from the types. The macros know no operation by name: `x.m::<G>(..)` is
//! differentiated by the type `ops::m<G>`.
//!
//! This module also holds [`Param`], the marker traits of `#[differentiable]` ([`Vjp`],
//! [`Jvp`]), and [`check`], the finite-difference gradient checker; the rest (operand access,
//! the scalar-output check, gradient accumulation) is support for the generated code, hidden
//! from the documentation.
//!
//! Because no graph is recorded, there is nothing to free: a gradient closure can be called
//! any number of times, and PyTorch's "Trying to backward through the graph a second time"
//! cannot happen.

pub mod check;
pub mod ops;
mod param;
pub mod rule;

pub use param::Param;
#[doc(hidden)]
pub use rule::{Method, differentiable_in, forward, keep_output, kept_or, pullback, rule_of, tangent};
pub use rule::{Pullback, Rule, Tangent};

use crate::element::{Element, Float, Num};
use crate::shape::{Append, Shape};
use crate::tensor::Tensor;

/// A value the generated code can use as an operand: a tensor, a reference to one (at any
/// depth), a [`Param`], or a scalar.
#[doc(hidden)]
pub trait AsOperand {
    /// The tensor or scalar behind the references.
    type Target: ?Sized;
    /// A reference to it.
    fn operand(&self) -> &Self::Target;
}

impl<E: Element, S: Shape> AsOperand for Tensor<E, S> {
    type Target = Self;
    #[crate::hot]
    fn operand(&self) -> &Self {
        self
    }
}
impl<E: Element, S: Shape> AsOperand for Param<E, S> {
    type Target = Tensor<E, S>;
    #[crate::hot]
    fn operand(&self) -> &Tensor<E, S> {
        &self.value
    }
}
impl<T: AsOperand + ?Sized> AsOperand for &T {
    type Target = T::Target;
    #[crate::hot]
    fn operand(&self) -> &T::Target {
        (**self).operand()
    }
}
impl<T: AsOperand + ?Sized> AsOperand for &mut T {
    type Target = T::Target;
    #[crate::hot]
    fn operand(&self) -> &T::Target {
        (**self).operand()
    }
}
macro_rules! scalar_operand {
    ($($t:ty),*) => {$(
        impl AsOperand for $t {
            type Target = $t;
            #[crate::hot]
            fn operand(&self) -> &$t {
                self
            }
        }
    )*};
}
scalar_operand!(f32, f64, i32, i64);

/// The tensor or scalar behind a value (strips references).
///
/// ```
/// use typed_tensor::autodiff::operand;
/// use typed_tensor::prelude::*;
/// let x = tensor!([1.0f32]);
/// let r = &&x;
/// assert_eq!(operand(&r), &x);
/// ```
#[crate::hot]
#[doc(hidden)]
pub fn operand<T: AsOperand + ?Sized>(x: &T) -> &T::Target {
    x.operand()
}

/// The check that a function differentiated by `grad!` returns a scalar, with PyTorch's words.
#[diagnostic::on_unimplemented(
    message = "grad can be implicitly created only for scalar outputs, but this function returns a tensor of shape {Self}",
    label = "`grad!` needs a rank-0 result",
    note = "reduce the result first, for example with `.sum()` or `.mean()`, or use `vjp!` and pass the output gradient"
)]
#[doc(hidden)]
pub trait ScalarOutput {}
impl ScalarOutput for () {}

/// The gradient of the output with respect to itself: 1, for a rank-0 output of floating-point
/// type.
#[crate::hot]
#[doc(hidden)]
pub fn seed<E: Float, S: Shape + ScalarOutput>(_y: &Tensor<E, S>) -> Tensor<E, S> {
    Tensor::ones()
}

/// `vjp!`'s output gradient, checked to have the output's type.
#[crate::hot]
#[doc(hidden)]
pub fn cotangent<'a, T>(_y: &T, g: &'a T) -> &'a T {
    g
}

/// What `grad!` can differentiate with respect to: floating-point tensors and scalars.
/// (An integer tensor is reported through [`Float`]'s message.)
#[doc(hidden)]
pub trait Input {}
impl<E: Float, S: Shape> Input for Tensor<E, S> {}
impl Input for f32 {}
impl Input for f64 {}

/// Checks that a value `grad!` differentiates with respect to is a floating-point tensor or
/// scalar.
#[crate::hot]
#[doc(hidden)]
pub fn input<T: Input>(x: &T) -> &T {
    x
}

/// A zero of a value's type: the tangent of a constant, the gradient of an input the output
/// does not depend on.
#[doc(hidden)]
pub trait ZeroTangent {
    /// The zero.
    fn zero_tangent(&self) -> Self;
}
impl<E: Num, S: Shape> ZeroTangent for Tensor<E, S> {
    #[crate::hot]
    fn zero_tangent(&self) -> Self {
        Tensor::zeros()
    }
}
macro_rules! scalar_zero {
    ($($t:ty),*) => {$(
        impl ZeroTangent for $t {
            #[crate::hot]
            fn zero_tangent(&self) -> Self {
                0 as $t
            }
        }
    )*};
}
scalar_zero!(f32, f64, i32, i64);

/// A zero of `x`'s type.
#[crate::hot]
#[doc(hidden)]
pub fn zero_tangent<T: ZeroTangent>(x: &T) -> T {
    x.zero_tangent()
}

/// Adding a gradient contribution into an accumulated gradient of the same type.
#[doc(hidden)]
pub trait Accumulate {
    /// `self += g`.
    fn accumulate(&mut self, g: &Self);
}
impl<E: Num, S: Shape> Accumulate for Tensor<E, S> {
    #[crate::hot]
    fn accumulate(&mut self, g: &Self) {
        self.zip_same_in_place(g, |a, b| a + b);
    }
}
macro_rules! scalar_accumulate {
    ($($t:ty),*) => {$(
        impl Accumulate for $t {
            #[crate::hot]
            fn accumulate(&mut self, g: &Self) {
                *self += *g;
            }
        }
    )*};
}
scalar_accumulate!(f32, f64, i32, i64);

/// Adds a gradient contribution into an accumulated gradient of the same shape.
#[crate::hot]
#[doc(hidden)]
pub fn accumulate<E: Num, S: Shape>(acc: &mut Tensor<E, S>, g: &Tensor<E, S>) {
    acc.zip_same_in_place(g, |a, b| a + b);
}

/// The output as an owned value (a copy only when the body's result is an input itself).
#[doc(hidden)]
pub trait IntoOwned {
    /// The owned type.
    type Owned;
    /// The owned value.
    fn into_owned(self) -> Self::Owned;
}
impl<E: Element, S: Shape> IntoOwned for Tensor<E, S> {
    type Owned = Self;
    #[crate::hot]
    fn into_owned(self) -> Self {
        self
    }
}
impl<E: Element, S: Shape> IntoOwned for &Tensor<E, S> {
    type Owned = Tensor<E, S>;
    #[crate::hot]
    fn into_owned(self) -> Tensor<E, S> {
        self.clone()
    }
}

/// The reverse-mode derivative of a `#[differentiable]` function, generated by the attribute
/// or written by hand (a custom rule). `Args` is the tuple of the function's parameters.
///
/// Calling a function that has no `#[differentiable]` inside `grad!` is a compile error that
/// names the function and the fix (`grad!` then names the function through a stand-in that
/// prints as the function's name and has no `Vjp`):
///
/// ```compile_fail
/// use typed_tensor::prelude::*;
///
/// fn double(x: &Tensor<f32, Shape![4]>) -> Tensor<f32, Shape![4]> {
///     x * 2.0
/// }
///
/// // error: `double` has no derivative that `grad!` can call with these arguments
/// let f = grad!(|x: Tensor<f32, Shape![4]>| double(&x).sum());
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no derivative that `grad!` can call with these arguments",
    label = "`{Self}` is not differentiable here",
    note = "if the function has no `#[differentiable]`, add it above the function (its body is then differentiated like a `grad!` body), or give it a hand-written derivative with `#[differentiable(vjp = ...)]`",
    note = "if it has one, the arguments here differ from its parameters in element type or shape",
    note = "if it is a closure (one made by `grad!` included), `grad!` cannot see its body: write it as a `#[differentiable] fn` (rustc also reports the closure as an import, which is how `grad!` looks up a function's derivative); gradients of gradients are not supported yet"
)]
pub trait Vjp<Args> {
    /// The function's result.
    type Output;
    /// The gradients of the parameters, in order (one per parameter).
    type Grads;
    /// The function's value, and its pullback: the gradients of the parameters given the
    /// output's gradient. The pullback keeps the forward pass's intermediate values.
    fn vjp(args: Args) -> (Self::Output, impl FnOnce(&Self::Output) -> Self::Grads);
}

/// The forward-mode derivative of a `#[differentiable]` function.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no forward-mode derivative that `jvp!` can call with these arguments",
    label = "`{Self}` is not differentiable here",
    note = "if the function has no `#[differentiable]`, add it above the function; if it has one with a hand-written `vjp = ...`, add a `jvp = ...` beside it",
    note = "if it has one, the arguments here differ from its parameters in element type or shape"
)]
pub trait Jvp<Args> {
    /// The function's result.
    type Output;
    /// The function's value and its tangent, given tangents of the parameters (of the
    /// parameters' own types).
    fn jvp(args: Args, tangents: Args) -> (Self::Output, Self::Output);
}

/// The Jacobian of `f` at `x` by forward mode: one tangent pass per input element. `f(x, dx)`
/// returns the value and its tangent. The result's shape is the output's shape followed by the
/// input's shape, computed by the compiler.
#[doc(hidden)]
pub fn jacobian<E: Float, SX: Shape, SY: Shape + Append<SX>>(
    x: &Tensor<E, SX>,
    mut f: impl FnMut(&Tensor<E, SX>, &Tensor<E, SX>) -> (Tensor<E, SY>, Tensor<E, SY>),
) -> (Tensor<E, SY>, Tensor<E, <SY as Append<SX>>::Output>) {
    let mut jac = Tensor::<E, <SY as Append<SX>>::Output>::zeros();
    let mut value = Tensor::<E, SY>::zeros();
    let mut basis = Tensor::<E, SX>::zeros();
    for i in 0..SX::NUMEL {
        basis.as_mut_slice()[i] = E::one();
        let (y, dy) = f(x, &basis);
        basis.as_mut_slice()[i] = E::zero();
        for (j, &d) in dy.as_slice().iter().enumerate() {
            jac.as_mut_slice()[j * SX::NUMEL + i] = d;
        }
        value = y;
    }
    if SX::NUMEL == 0 {
        value = f(x, &basis).0;
    }
    (value, jac)
}
