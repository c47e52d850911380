//! Naming one axis, and inserting and removing it: the shape rules of `stack`, `unsqueeze` and
//! of reductions along an axis (`sum_axis`, `mean_axis`, ... remove it; the keep-dim forms
//! replace it by 1).
//!
//! Every rule that takes an axis number first checks that the axis exists, through
//! [`AxisInRange`], which carries PyTorch's message:
//!
//! ```text
//! error[E0277]: Dimension out of range (expected to be in range of [0, 1], but got 2)
//! ```
//!
//! and then applies a structural rule for that position (the hidden `*At` traits), so a wrong
//! axis is reported once, in those words, whichever operation was called.

use super::{Dimension, One, Shape};

/// An axis number as a type (element of an `Axes![...]` list).
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq, Hash)]
pub struct Axis<const N: usize>;

/// The check that axis `AXIS` exists when the last valid axis is `LAST`, with PyTorch's
/// message. (PyTorch also accepts negative axes, counted from the end; axes here are
/// `usize`, so the range starts at 0.)
///
/// ```
/// use typed_tensor::prelude::*;
/// fn exists<const A: usize, const LAST: usize>() where (): AxisInRange<A, LAST> {}
/// exists::<1, 1>();
/// ```
#[diagnostic::on_unimplemented(
    message = "Dimension out of range (expected to be in range of [0, {LAST}], but got {AXIS})",
    label = "axes are numbered from 0"
)]
pub trait AxisInRange<const AXIS: usize, const LAST: usize> {
    /// `Axis<AXIS>`, once checked.
    type Axis;
}

/// `Axis<AXIS>` once checked against `LAST`: the position the structural rules dispatch on.
pub type CheckedAxis<const AXIS: usize, const LAST: usize> = <() as AxisInRange<AXIS, LAST>>::Axis;

/// `Self` with a new axis of dimension `D` inserted at position `AXIS` (0 ..= rank).
///
/// ```
/// use typed_tensor::prelude::*;
/// type S = <Shape![3, 4] as InsertAxis<1, Dim<2>>>::Output;
/// assert_eq!(<S as Shape>::DIMS, [3, 2, 4]);
/// ```
// the 6 and 7 are `MAX_RANK` and one more: a message cannot name a constant
#[diagnostic::on_unimplemented(
    message = "tensors have at most 6 dimensions: cannot insert axis {AXIS} into a tensor of shape {Self}",
    label = "the result would have 7 dimensions"
)]
pub trait InsertAxis<const AXIS: usize, D: Dimension>: Shape {
    /// The shape with the axis inserted.
    type Output: Shape;
}

/// [`InsertAxis`] at a checked position.
#[doc(hidden)]
pub trait InsertAxisAt<A, D: Dimension>: Shape {
    type Output: Shape;
}

/// `Self` with axis `AXIS` removed (and, as `Kept`, with it replaced by size 1).
///
/// ```
/// use typed_tensor::prelude::*;
/// type S = <Shape![2, 5, 4] as RemoveAxis<1>>::Output;
/// assert_eq!(<S as Shape>::DIMS, [2, 4]);
/// type K = <Shape![2, 5, 4] as RemoveAxis<1>>::Kept;
/// assert_eq!(<K as Shape>::DIMS, [2, 1, 4]);
/// ```
#[diagnostic::on_unimplemented(
    message = "Dimension specified as {AXIS} but tensor has no dimensions",
    label = "a 0-dimensional tensor has no axis to reduce or select"
)]
pub trait RemoveAxis<const AXIS: usize>: Shape {
    /// The shape without the axis.
    type Output: Shape;
    /// The shape with the axis replaced by `One` (PyTorch's `keepdim=True`).
    type Kept: Shape;
    /// The removed dimension.
    type Removed: Dimension;
}

/// [`RemoveAxis`] at a checked position.
#[doc(hidden)]
pub trait RemoveAxisAt<A>: Shape {
    type Output: Shape;
    type Kept: Shape;
    type Removed: Dimension;
}

/// A dimension that `squeeze` may remove: only `One`, the size-1 axis.
///
/// PyTorch's `squeeze(dim)` silently keeps an axis whose size is not 1; here asking for it is a
/// compile error, since the result shape would not be the one the caller wrote.
///
/// ```
/// use typed_tensor::prelude::*;
/// fn squeezable<D: Squeezable>() {}
/// squeezable::<One>();
/// ```
#[diagnostic::on_unimplemented(
    message = "cannot squeeze an axis of size {Self}: only an axis of size 1 can be removed",
    label = "this axis does not have size 1",
    note = "PyTorch's `squeeze(dim)` would return the tensor unchanged; drop the call, or `sum_axis`/`index` it away"
)]
pub trait Squeezable: Dimension {}
impl Squeezable for One {}

/// `Self` with the dimension at position `AXIS` replaced by `D`: the shape of a selection of
/// `N` indices along an axis (`index_select`).
///
/// ```
/// use typed_tensor::prelude::*;
/// type S = <Shape![1000, 2] as ReplaceAxis<0, Dim<10>>>::Output;
/// assert_eq!(<S as Shape>::DIMS, [10, 2]);
/// ```
#[diagnostic::on_unimplemented(
    message = "Dimension specified as {AXIS} but tensor has no dimensions",
    label = "a 0-dimensional tensor has no axis to select along"
)]
pub trait ReplaceAxis<const AXIS: usize, D: Dimension>: Shape {
    /// The shape with the axis replaced.
    type Output: Shape;
}

/// [`ReplaceAxis`] at a checked position.
#[doc(hidden)]
pub trait ReplaceAxisAt<A, D: Dimension>: Shape {
    type Output: Shape;
}

tensor_macros::__impl_shape_traits!(axis);

/// `Self`'s sizes followed by `Rhs`'s: the shape of a Jacobian of an output of shape `Self`
/// with respect to an input of shape `Rhs`.
///
/// ```
/// use typed_tensor::prelude::*;
/// type J = <Shape![3] as Append<Shape![4]>>::Output;
/// assert_eq!(<J as Shape>::DIMS, [3, 4]);
/// ```
// the 6 is `MAX_RANK`: a message cannot name a constant
#[diagnostic::on_unimplemented(
    message = "a tensor of shape {Self} followed by one of shape {Rhs} would have more than 6 dimensions"
)]
pub trait Append<Rhs: Shape>: Shape {
    /// The concatenated shape.
    type Output: Shape;
}

tensor_macros::__impl_shape_traits!(append);
