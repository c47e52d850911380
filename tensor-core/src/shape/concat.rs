//! `cat`: joining two tensors along an existing axis.
//!
//! All axes but the joined one must agree, and the joined axis of the result is the sum of the
//! two sizes. The sum goes through the typenum bridge (`table.rs`); beyond its range the
//! result shape is written out by the caller (`cat_to`), and checked when compiled.
//! (`stack`, which adds a new axis of size `K`, needs no arithmetic: see `axis.rs`.)

use super::axis::{AxisInRange, CheckedAxis};
use super::{Axis, Dim, DimAdd, Dimension, One, Shape};

/// The check that the sizes of two tensors agree on an axis that is not being joined, with
/// PyTorch's message.
#[diagnostic::on_unimplemented(
    message = "Sizes of tensors must match except in dimension {AXIS}. Expected size {A} but got size {B} for tensor number 1 in the list.",
    label = "the tensors differ on an axis that `cat` does not join"
)]
pub trait CatSize<const A: usize, const B: usize, const AXIS: usize> {}
impl<const N: usize, const AXIS: usize> CatSize<N, N, AXIS> for () {}

/// An axis that `cat` along `AXIS` does not join: the two sizes must be equal.
pub trait SameCatDim<Rhs: Dimension, const AXIS: usize>: Dimension {
    /// `()`, once the sizes are known to agree: the joined axis's sum is computed only from
    /// such proofs, so that a mismatch here is reported instead of the range of the sum.
    type Agree;
}
impl<const A: usize, const B: usize, const AXIS: usize> SameCatDim<Dim<B>, AXIS> for Dim<A>
where
    (): CatSize<A, B, AXIS>,
{
    type Agree = ();
}
impl<const B: usize, const AXIS: usize> SameCatDim<Dim<B>, AXIS> for One
where
    (): CatSize<1, B, AXIS>,
{
    type Agree = ();
}
impl<const A: usize, const AXIS: usize> SameCatDim<One, AXIS> for Dim<A>
where
    (): CatSize<A, 1, AXIS>,
{
    type Agree = ();
}
impl<const AXIS: usize> SameCatDim<One, AXIS> for One {
    type Agree = ();
}

/// The joined axis: its size in the result is the sum. `Agree` is the other axes' proofs that
/// their sizes match (see [`SameCatDim`]).
pub trait CatDim<Rhs: Dimension, Agree>: Dimension {
    /// The dimension of the result.
    type Output: Dimension;
}
impl<A: Dimension + DimAdd<B>, B: Dimension, Agree> CatDim<B, Agree> for A {
    type Output = <A as DimAdd<B>>::Output;
}

/// The shape of `cat` of a tensor of shape `Self` with one of shape `Rhs` along `AXIS`.
///
/// ```
/// use typed_tensor::prelude::*;
/// type Rows = <Shape![3, 4] as Concat<Shape![3, 4], 0>>::Output;
/// type Cols = <Shape![3, 4] as Concat<Shape![3, 4], 1>>::Output;
/// assert_eq!(<Rows as Shape>::DIMS, [6, 4]);
/// assert_eq!(<Cols as Shape>::DIMS, [3, 8]);
/// ```
#[diagnostic::on_unimplemented(
    message = "Tensors must have same number of dimensions: cannot `cat` a tensor of shape {Rhs} to one of shape {Self}",
    label = "both tensors must have the same number of dimensions"
)]
pub trait Concat<Rhs: Shape, const AXIS: usize>: Shape {
    /// The shape of the result.
    type Output: Shape;
}

/// [`Concat`] along a checked axis.
#[doc(hidden)]
pub trait ConcatAt<Rhs: Shape, A>: Shape {
    type Output: Shape;
}

tensor_macros::__impl_shape_traits!(concat);
