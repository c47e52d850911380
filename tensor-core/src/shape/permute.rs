//! Reordering axes (`transpose`, `permute`) and naming several axes at once (`sum_axes`).
//!
//! An axis list is a tuple of `Axis<N>` types, written `Axes![1, 0, 2]`.

use super::axis::{AxisInRange, CheckedAxis};
use super::{Axis, Dimension, One, Shape};

/// The dimension at position `I`.
#[diagnostic::on_unimplemented(
    message = "Dimension specified as {I} but tensor has no dimensions",
    label = "a 0-dimensional tensor has no axes"
)]
pub trait SelectAxis<const I: usize>: Shape {
    /// The dimension type at `I`.
    type Output: Dimension;
}

/// [`SelectAxis`] at a checked position.
#[doc(hidden)]
pub trait SelectAxisAt<A>: Shape {
    type Output: Dimension;
}

/// `Self` with axes `I` and `J` exchanged (`transpose::<I, J>()`).
///
/// ```
/// use typed_tensor::prelude::*;
/// type T = <Shape![2, 3, 4] as SwapAxes<0, 2>>::Output;
/// assert_eq!(<T as Shape>::DIMS, [4, 3, 2]);
/// ```
#[diagnostic::on_unimplemented(
    message = "Dimension specified as {I} but tensor has no dimensions",
    label = "a 0-dimensional tensor has no axes to transpose"
)]
pub trait SwapAxes<const I: usize, const J: usize>: Shape {
    /// The shape with the two axes exchanged.
    type Output: Shape;
}

/// [`SwapAxes`] at checked positions.
#[doc(hidden)]
pub trait SwapAxesAt<A, B>: Shape {
    type Output: Shape;
}

/// `Self` with its axes reordered as listed in `P` (`permute::<Axes![...]>()`): axis `i` of
/// the result is axis `P[i]` of `Self`.
///
/// ```
/// use typed_tensor::prelude::*;
/// type T = <Shape![2, 3, 4] as Permute<Axes![2, 0, 1]>>::Output;
/// assert_eq!(<T as Shape>::DIMS, [4, 2, 3]);
/// ```
#[diagnostic::on_unimplemented(
    message = "cannot permute a tensor of shape {Self} by the axes {P}",
    label = "list each axis of the tensor exactly once"
)]
pub trait Permute<P>: Shape {
    /// The permuted shape.
    type Output: Shape;
    /// The axes, as values.
    const AXES: &'static [usize];
}

/// `Self` with the listed axes removed (and, as `Kept`, replaced by size 1): the shape of a
/// reduction over several axes, such as `sum_axes::<Axes![0, 2]>()`.
///
/// ```
/// use typed_tensor::prelude::*;
/// type S = <Shape![2, 5, 4] as RemoveAxes<Axes![0, 2]>>::Output;
/// assert_eq!(<S as Shape>::DIMS, [5]);
/// ```
#[diagnostic::on_unimplemented(
    message = "cannot reduce a tensor of shape {Self} over the axes {A}",
    label = "list distinct axes that exist, in increasing order"
)]
pub trait RemoveAxes<A>: Shape {
    /// The shape without the axes.
    type Output: Shape;
    /// The shape with the axes replaced by `One` (PyTorch's `keepdim=True`).
    type Kept: Shape;
}

tensor_macros::__impl_shape_traits!(permute);

/// Removing no axes (a slice without indices).
impl<S: Shape> RemoveAxes<()> for S {
    type Output = S;
    type Kept = S;
}

/// A list of axes as a type, for [`Permute`] and [`RemoveAxes`]: `Axes![2, 0, 1]`.
///
/// ```
/// use typed_tensor::prelude::*;
/// let a: Tensor<f32, Shape![2, 5, 4]> = Tensor::ones();
/// assert_eq!(a.sum_axes::<Axes![0, 2]>(), tensor!([8.0f32, 8., 8., 8., 8.]));
/// ```
#[macro_export]
macro_rules! Axes {
    ($($axis:expr),* $(,)?) => { ($($crate::shape::Axis<{ $axis }>,)*) };
}
