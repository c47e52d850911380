//! Reshaping: same elements, same order, another shape.
//!
//! The element count must not change. The check is an associated constant compared when the
//! call is compiled to machine code (a post-monomorphisation check): `cargo build` and
//! `cargo test` report it with PyTorch's message, `shape '[4, 2]' is invalid for input of
//! size 6`, but `cargo check` alone does not (stable Rust cannot compare two products of
//! arbitrary sizes in a trait bound).
//!
//! One target dimension may be `_` (PyTorch's `-1`). Its size is the element count divided by
//! the product of the other sizes, computed with the typenum bridge (`table.rs`), so it works
//! where all sizes involved are in that table's range; elsewhere write the size out.

use super::{Dim, Dimension, Infer, NumelU, One, Shape, ToDim, TypenumDim};

/// Replaces a `_` ([`Infer`]) in the target shape `Self` by the size that makes the element
/// counts of `Src` and the result equal. Shapes without `_` resolve to themselves.
///
/// ```
/// use typed_tensor::prelude::*;
/// type R = <Shape![_, 1] as ResolveShape<Shape![1000]>>::Output;
/// assert_eq!(<R as Shape>::DIMS, [1000, 1]);
/// ```
#[diagnostic::on_unimplemented(
    message = "cannot infer the `_` in the shape {Self} from a tensor of shape {Src}",
    label = "only one dimension can be inferred, and only when all sizes are in the range of compile-time size arithmetic (0..=1024, powers of 2 and of 10)",
    note = "write the size out instead of `_`"
)]
pub trait ResolveShape<Src: Shape> {
    /// The target shape with `_` replaced.
    type Output: Shape;
    /// The position of the `_`, if any (else `usize::MAX`), for error messages.
    const INFERRED: usize = usize::MAX;
}

tensor_macros::__impl_shape_traits!(resolve);

/// A shape with exactly one element (rank 0, or every size 1, written `1` or `{1}`): what
/// `item()` accepts.
#[diagnostic::on_unimplemented(
    message = "`item()` needs a tensor with exactly one element, but the shape is {Self}",
    label = "reduce it first, for example with `.sum()`"
)]
pub trait SingleElement: Shape {}

tensor_macros::__impl_shape_traits!(single_element);
