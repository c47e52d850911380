//! The core of `typed-tensor`: tensors whose shapes are types.
//!
//! Most users depend on `typed_tensor`, which re-exports this crate; the documentation here
//! is written for them.
//!
//! ```
//! use typed_tensor::prelude::*;
//!
//! // A shape is a type. Sizes are checked by the compiler.
//! let x: Tensor<f32, Shape![3, 1]> = Tensor::arange();
//! let y: Tensor<f32, Shape![1, 2]> = Tensor::arange();
//! let z = &x + &y; // numpy broadcasting, computed by the compiler: Shape![3, 2]
//! assert_eq!(z, tensor!([[0., 1.], [1., 2.], [2., 3.]]));
//! println!("{z}"); // tensor([[0., 1.], ...]) as PyTorch prints it
//! ```
//!
//! Layout of the crate:
//! - [`shape`]: shapes as types, and one file per shape rule (broadcasting, reshape, ...);
//! - [`tensor`](Tensor), `create.rs`, `display.rs`: the tensor type, its constructors, printing;
//! - [`ops`]: operations, one file per family;
//! - `kernels/`: the loops that process elements;
//! - `sys.rs` and `sys/`: the only `unsafe` code, among it where elements live
//!   (`sys/shaped.rs`, `sys/inline.rs`);
//! - [`error`]: errors for data that arrives at run time.
//!
//! Errors follow one convention:
//! - a shape mistake the compiler can see is a compile error, in PyTorch's words;
//! - input known only at run time (a file, a `Vec`, an index chosen at run time) is checked,
//!   and a function whose only form can fail returns a `Result` under its plain name
//!   ([`Tensor::from_vec`], [`Tensor::index_ix`], [`data::read_csv`], [`Tensor::solve`]), as
//!   `std`'s `String::from_utf8` does;
//! - where a form that cannot fail sits beside it, the `Result` form is `try_x`
//!   ([`Tensor::try_get`] beside [`Tensor::get`], which gives an `Option`, and indexing,
//!   which panics), as `std`'s `try_reserve` beside `reserve`;
//! - operators and conveniences that panic say so under a "Panics" heading, as PyTorch
//!   raises.

#![deny(unsafe_code)]
#![warn(missing_docs)]

// Lets the macros' expansions name this crate as `$crate` from inside it as well.
extern crate self as tensor_core;

pub mod autodiff;
mod checks;
mod create;
pub mod data;
mod display;
pub mod element;
pub mod error;
mod kernels;
pub mod nn;
pub mod ops;
pub mod optim;
pub mod shape;
mod sys;
mod tensor;

// `#[inline(always)]` in builds without debug assertions only (see the macro's doc)
use tensor_macros::__hot as hot;

pub use element::{Element, Float, Num};
pub use error::{LinalgError, ShapeError};
pub use ops::concat::{Cat, Stack};
pub use ops::index::{TensorView, TensorViewMut};
pub use shape::{Dim, Dimension, Infer, One, Shape};
pub use sys::set_num_threads;
pub use tensor::Tensor;

/// A shape type from a list of sizes: `Shape![8, 16, 64, 64, 3]`.
///
/// A literal `1` becomes [`One`] (a size that broadcasts), any other literal `N` becomes
/// [`Dim<N>`], a const name `B` (say a const generic parameter) becomes `Dim<B>`, a braced
/// expression `{N * 2}` becomes `Dim<{N * 2}>`, and `_` becomes [`Infer`], the size that
/// `reshape` works out. A braced literal `{1}` is `Dim<1>`: size 1 that does not broadcast, as
/// generic code over `const B: usize` sees it. `Shape![]` is the shape of a scalar. Ranks 0
/// to 6 are supported.
///
/// ```
/// use typed_tensor::prelude::*;
/// type Video = Shape![8, 16, 64, 64, 3];
/// assert_eq!(<Video as Shape>::RANK, 5);
/// let a: Tensor<f32, Shape![2, 1]> = Tensor::zeros(); // (Dim<2>, One)
/// let b: Tensor<f32, Shape![{1}, 2]> = Tensor::zeros(); // (Dim<1>, Dim<2>)
/// # let _ = (a, b);
/// ```
///
/// # A batch axis that takes any size, 1 included
///
/// Size 1 has two types, [`One`] (what a literal `1` and `tensor!([[..]])` give) and `Dim<1>`,
/// so generic code should take a batch (or any axis whose size varies) as a [`Dimension`]
/// type parameter and write the shape as a tuple, rather than as a `const B: usize`, whose
/// `Dim<B>` never matches `One`. This is how the library's own layers, losses and loaders
/// are written.
///
/// ```
/// use typed_tensor::prelude::*;
/// /// The sum of each row, for a batch of any size.
/// fn row_sums<B: Dimension>(x: &Tensor<f32, (B, Dim<3>)>) -> Tensor<f32, (B,)> {
///     x.sum_axis::<1>()
/// }
/// let one = tensor!([[1.0f32, 2.0, 3.0]]); // Shape![1, 3], that is (One, Dim<3>)
/// assert_eq!(row_sums(&one), tensor!([6.0f32]));
/// let two: Tensor<f32, Shape![2, 3]> = Tensor::ones();
/// assert_eq!(row_sums(&two), tensor!([3.0f32, 3.0]));
/// ```
#[macro_export]
macro_rules! Shape {
    ($($dims:tt)*) => { $crate::__private::__shape!($crate; $($dims)*) };
}

/// A tensor from a nested array literal; its shape is read off the literal, its element type
/// is inferred as for Rust literals.
///
/// ```
/// use typed_tensor::prelude::*;
/// let e = tensor!([[1., 2., 3., 4.], [5., 6., 7., 8.]]); // Tensor<f64, Shape![2, 4]>
/// assert_eq!(e.shape(), [2, 4]);
/// let i = tensor!([1, 2, 3]); // Tensor<i32, Shape![3]>
/// let s = tensor!(2.5f32); // rank 0
/// assert_eq!(s.item(), 2.5);
/// # let _ = i;
/// ```
///
/// A ragged literal is a compile error: `tensor!([[1, 2], [3]])` reports "ragged tensor
/// literal: expected sequence of length 2 at dim 1 (got 1)".
#[macro_export]
macro_rules! tensor {
    ($($t:tt)*) => { $crate::__private::__tensor!($crate; $($t)*) };
}

/// Everything a user of the library needs, in one import.
pub mod prelude {
    pub use crate::Axes;
    pub use crate::autodiff::Param;
    pub use crate::element::{Element, Float, Num};
    pub use crate::error::{LinalgError, ShapeError};
    pub use crate::ops::concat::{Cat, Stack};
    pub use crate::shape::{
        Append, Axis, AxisInRange, Broadcast, BroadcastTo, Concat, Dim, Dimension, Infer, InsertAxis, Matmul,
        One, Permute, RemoveAxes, RemoveAxis, ReplaceAxis, ResolveShape, Squeezable, SwapAxes,
    };
    pub use crate::tensor::Tensor;
    pub use crate::{Shape, grad, jacobian, jvp, s, tensor, vjp};
    pub use tensor_macros::differentiable;
}

/// Differentiates a function at compile time (reverse mode): `grad!(|x: T, ..| body)` is a
/// closure returning the body's value and the gradients with respect to each parameter.
///
/// ```
/// use typed_tensor::prelude::*;
/// let f = grad!(|x: Tensor<f32, Shape![4]>| 2.0 * x.dot(&x));
/// let (y, dx) = f(Tensor::arange());
/// assert_eq!(y.item(), 28.0);
/// assert_eq!(dx, tensor!([0., 4., 8., 12.]));
/// ```
///
/// Parameters are floating-point tensors, owned or by reference (`&Tensor<..>`, or
/// `&mut Param<..>` to add the gradient into the parameter's `grad`), or scalars (`s: f64`).
/// Captured variables are constants.
///
/// Several inputs give a tuple of gradients in parameter order, `(y, (dw, db))`; inputs by
/// reference avoid a copy per step (d2l's loss, with the data captured as constants):
///
/// ```
/// use typed_tensor::prelude::*;
/// let x: Tensor<f32, Shape![3, 2]> = Tensor::arange();
/// let y = tensor!([[1.0f32], [2.0], [3.0]]);
/// let loss = grad!(|w: &Tensor<f32, Shape![2, 1]>, b: &Tensor<f32, Shape![1]>| {
///     let e = x.matmul(w) + b - &y;
///     (&e * &e).mean()
/// });
/// let (l, (dw, db)) = loss(&tensor!([[0.0f32], [0.0]]), &tensor!([0.0f32]));
/// assert_eq!(l.item(), 14.0 / 3.0);
/// assert_eq!((dw.shape(), db.shape()), ([2, 1], [1]));
/// ```
///
/// With `&mut Param`, the gradient is added into `param.grad` (PyTorch's `backward()` and
/// `.grad`), and the call returns the value only:
///
/// ```
/// use typed_tensor::prelude::*;
/// let mut x = Param::new(Tensor::<f32, Shape![4]>::arange()); // requires_grad=True
/// let f = grad!(|x: &mut Param<f32, Shape![4]>| 2.0 * x.dot(&x));
/// let y = f(&mut x); // y.backward()
/// assert_eq!((y.item(), &x.grad), (28.0, &tensor!([0., 4., 8., 12.])));
/// x.zero_grad();
/// ```
///
/// A non-scalar output takes the output's gradient with [`vjp!`] (PyTorch's
/// `y.backward(gradient=v)`), and [`jvp!`] pushes a tangent forward (`torch.func.jvp`):
///
/// ```
/// use typed_tensor::prelude::*;
/// let f = vjp!(|x: Tensor<f32, Shape![3]>| &x * &x);
/// let (y, dx) = f(tensor!([1.0f32, 2.0, 3.0]), &Tensor::ones());
/// assert_eq!((y, dx), (tensor!([1.0f32, 4.0, 9.0]), tensor!([2.0f32, 4.0, 6.0])));
/// let t = jvp!(|x: Tensor<f32, Shape![3]>| (&x * &x).sum());
/// let (y, dy) = t(tensor!([1.0f32, 2.0, 3.0]), tensor!([1.0f32, 0.0, 0.0]));
/// assert_eq!((y.item(), dy.item()), (14.0, 2.0));
/// ```
///
/// The body may use `let`, blocks, `+ - * /` and unary `-` with broadcasting, `detach`,
/// `clone`, calls of [`#[differentiable]`](macro@crate::prelude::differentiable) functions, and
/// the methods listed in [`autodiff::ops`](crate::autodiff::ops); anything else is a compile
/// error at its span that says what to write instead. See [`autodiff`](crate::autodiff) for
/// how it works.
#[macro_export]
macro_rules! grad {
    ($($t:tt)*) => { $crate::__private::__grad!($crate; $($t)*) };
}

/// Reverse mode for any output: `vjp!(|x: T| body)` is a closure taking the parameters and
/// the output's gradient (PyTorch's `y.backward(gradient)`), returning the value and the
/// parameters' gradients.
///
/// ```
/// use typed_tensor::prelude::*;
/// let f = vjp!(|x: Tensor<f32, Shape![4]>| &x * &x);
/// let (y, dx) = f(Tensor::arange(), &Tensor::ones());
/// assert_eq!(y, tensor!([0., 1., 4., 9.]));
/// assert_eq!(dx, tensor!([0., 2., 4., 6.]));
/// ```
#[macro_export]
macro_rules! vjp {
    ($($t:tt)*) => { $crate::__private::__vjp!($crate; $($t)*) };
}

/// Forward mode: `jvp!(|x: T| body)` is a closure taking the parameters and then one tangent
/// per parameter, returning the value and its tangent (the directional derivative).
///
/// ```
/// use typed_tensor::prelude::*;
/// let f = jvp!(|x: Tensor<f32, Shape![2]>| (&x * &x).sum());
/// let (y, dy) = f(tensor!([1.0f32, 2.0]), tensor!([1.0f32, 0.0]));
/// assert_eq!((y.item(), dy.item()), (5.0, 2.0));
/// ```
#[macro_export]
macro_rules! jvp {
    ($($t:tt)*) => { $crate::__private::__jvp!($crate; $($t)*) };
}

/// The Jacobian: `jacobian!(|x: T| body)` is a closure returning the value and the matrix of
/// partial derivatives, whose shape (output's shape followed by the input's) is computed by
/// the compiler: scalar by vector gives a vector, vector `[m]` by vector `[n]` an `[m, n]`
/// matrix.
///
/// ```
/// use typed_tensor::prelude::*;
/// let f = jacobian!(|x: Tensor<f32, Shape![2]>| x.square());
/// let (_, j) = f(tensor!([1.0f32, 3.0]));
/// assert_eq!(j, tensor!([[2.0f32, 0.0], [0.0, 6.0]]));
/// ```
#[macro_export]
macro_rules! jacobian {
    ($($t:tt)*) => { $crate::__private::__jacobian!($crate; $($t)*) };
}

/// A slice with literal bounds, for [`Tensor::slice`], [`Tensor::view`], [`Tensor::at`] and
/// the writing forms: indices (`1`), ranges (`1..3`, `1..`, `..3`, `..`, `0..=2`) and steps
/// after a semicolon (`..;2`), as in ndarray's `s![]`. The result's shape is computed by the
/// compiler: an index removes its axis, a range with both bounds has their difference (divided
/// by the step), and axes after the last entry are kept.
///
/// ```
/// use typed_tensor::prelude::*;
/// let x = Tensor::<i32, Shape![4, 4]>::arange() + 1;
/// let r: Tensor<i32, Shape![2, 3]> = x.slice(s![1..3, 1..]);
/// assert_eq!(r, tensor!([[6, 7, 8], [10, 11, 12]]));
/// ```
#[macro_export]
macro_rules! s {
    ($($t:tt)*) => { $crate::__private::__s!($crate; $($t)*) };
}

#[doc(hidden)]
pub mod __private {
    pub use tensor_macros::{__grad, __jacobian, __jvp, __s, __shape, __tensor, __vjp};
}
