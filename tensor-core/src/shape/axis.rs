//! Inserting and removing one axis: the shape rules of `stack`, `unsqueeze` and of reductions
//! along an axis (`sum_axis`, `mean_axis`, ... remove it; the keep-dim forms replace it by 1).

use super::{Dimension, One, Shape};

/// `Self` with a new axis of dimension `D` inserted at position `AXIS` (0 ..= rank).
///
/// ```
/// use typed_tensor::prelude::*;
/// type S = <Shape![3, 4] as InsertAxis<1, Dim<2>>>::Output;
/// assert_eq!(<S as Shape>::DIMS, [3, 2, 4]);
/// ```
#[diagnostic::on_unimplemented(
    message = "Dimension out of range: cannot insert axis {AXIS} into a tensor of shape {Self}",
    label = "the new axis must be at most the number of dimensions, and the result at most 6-dimensional"
)]
pub trait InsertAxis<const AXIS: usize, D: Dimension>: Shape {
    /// The shape with the axis inserted.
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
    message = "Dimension out of range: axis {AXIS} does not exist in a tensor of shape {Self}",
    label = "axes are numbered from 0"
)]
pub trait RemoveAxis<const AXIS: usize>: Shape {
    /// The shape without the axis.
    type Output: Shape;
    /// The shape with the axis replaced by `One` (PyTorch's `keepdim=True`).
    type Kept: Shape;
    /// The removed dimension.
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
    message = "Dimension out of range: axis {AXIS} does not exist in a tensor of shape {Self}",
    label = "axes are numbered from 0"
)]
pub trait ReplaceAxis<const AXIS: usize, D: Dimension>: Shape {
    /// The shape with the axis replaced.
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
#[diagnostic::on_unimplemented(
    message = "a tensor of shape {Self} followed by one of shape {Rhs} would have more than 6 dimensions"
)]
pub trait Append<Rhs: Shape>: Shape {
    /// The concatenated shape.
    type Output: Shape;
}

tensor_macros::__impl_shape_traits!(append);
