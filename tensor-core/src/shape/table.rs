//! The bridge to `typenum`, for the few shape rules that need arithmetic on sizes.
//!
//! Stable Rust cannot compute `Dim<{A + B}>` from `Dim<A>` and `Dim<B>`. Where a rule needs a
//! sum or a product (the size of a `cat` result, the `_` in `reshape`), sizes go through
//! typenum: `Dim<N>` becomes a typenum number through typenum's own table (`Const<N>: ToUInt`,
//! which covers 0..=1024, the powers of two and the powers of ten), the arithmetic happens in
//! typenum, and the result comes back through [`ToDim`], a table of our own covering 0..=4096
//! and the same powers. Broadcasting, elementwise operations, matmul and reductions never use
//! this file, so they work for any size. Where a result falls outside the table, the compiler
//! says so and the operation offers a form where the result shape is written out.

use core::ops::Add;

use typenum::{Const, Sum, ToUInt, U, Unsigned};

use super::{Dim, Dimension, One, Shape};

/// A dimension whose size has a typenum spelling.
#[diagnostic::on_unimplemented(
    message = "the size of `{Self}` is outside the range that compile-time size arithmetic covers (0..=1024, powers of 2 and of 10)",
    label = "write the resulting shape out instead"
)]
pub trait TypenumDim: Dimension {
    /// The size as a typenum number.
    type U: Unsigned;
}
impl<const N: usize> TypenumDim for Dim<N>
where
    Const<N>: ToUInt,
    U<N>: Unsigned,
{
    type U = U<N>;
}
impl TypenumDim for One {
    type U = typenum::U1;
}

/// A typenum number back to a dimension type (`U1` to [`One`], any other `N` to `Dim<N>`).
#[diagnostic::on_unimplemented(
    message = "the computed size is outside the range of compile-time size arithmetic (0..=4096, powers of 2 and of 10)",
    label = "write the resulting shape out instead"
)]
pub trait ToDim {
    /// The dimension type.
    type Output: Dimension;
}

tensor_macros::__impl_shape_traits!(dim_table);

/// The sum of two sizes as a dimension type (the size of a `cat` result).
#[diagnostic::on_unimplemented(
    message = "cannot add the sizes `{Self}` and `{Rhs}` at compile time: size arithmetic covers 0..=1024 (results up to 4096), powers of 2 and of 10",
    label = "use `cat_to::<AXIS, Shape![...]>` with the result shape written out"
)]
pub trait DimAdd<Rhs> {
    /// The dimension of size `Self::SIZE + Rhs::SIZE`.
    type Output: Dimension;
}
#[diagnostic::do_not_recommend]
impl<A: TypenumDim, B: TypenumDim> DimAdd<B> for A
where
    A::U: Add<B::U>,
    Sum<A::U, B::U>: ToDim,
{
    type Output = <Sum<A::U, B::U> as ToDim>::Output;
}

/// The element count of a shape as a typenum number (used to infer a `_` in `reshape`).
pub trait NumelU: Shape {
    /// The product of the sizes.
    type U: Unsigned;
}

tensor_macros::__impl_shape_traits!(numel_u);
