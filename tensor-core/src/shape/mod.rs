//! Shapes as types: what the compiler knows about a tensor's sizes, and the rules it checks.
//!
//! A shape is a tuple of dimension types, outermost axis first: `Shape![5, 3, 4, 1]` is
//! `(Dim<5>, Dim<3>, Dim<4>, One)`. Ranks 0 to 6 are supported. You rarely name these types
//! yourself beyond `Shape![...]`; they matter when you write generic code, or read an error:
//!
//! - a size is [`Dim<N>`](Dim), or [`One`], the size 1 that broadcasts; `_` in `Shape!` is
//!   [`Infer`], the size `reshape` works out. Code generic over a batch takes it as
//!   `B: Dimension` (see `Shape!`), so that a batch of one fits;
//! - [`Broadcast`] is numpy's rule for two shapes (what `&x + &y` has), [`BroadcastTo`] the
//!   rule for stretching one shape to another;
//! - [`Matmul`] gives the shape of `matmul` (and `mm`, `mv`, `dot` their checks);
//! - [`Concat`] the shape of `cat`, [`InsertAxis`] and [`RemoveAxis`] that of `stack`,
//!   `unsqueeze`, `squeeze` and reductions along an axis, [`Permute`] and [`SwapAxes`] that of
//!   `permute` and `transpose`, [`ApplySlice`] that of `slice(s![..])`;
//! - [`ResolveShape`] fills in the `_` of a `reshape` target;
//! - [`DimAdd`] and [`TypenumDim`] are the size arithmetic a few rules need (the sum in `cat`,
//!   the `_` in `reshape`), which covers sizes 0 to 1024 and the powers of 2 and 10; beyond
//!   that, those operations take the result shape written out.
//!
//! A mismatch is reported by `cargo check` in PyTorch's words with both sizes in decimal (the
//! README's error gallery shows every message). Each rule lives in a file named after it
//! (`broadcast.rs`, `matmul.rs`, `concat.rs`, `reshape.rs`, `axis.rs`, `permute.rs`,
//! `slice.rs`, and `table.rs` for the size arithmetic).

mod axis;
mod broadcast;
mod concat;
mod dim;
mod matmul;
mod permute;
mod reshape;
mod slice;
mod table;

pub use axis::{Append, Axis, AxisInRange, CheckedAxis, InsertAxis, RemoveAxis, ReplaceAxis, Squeezable};
#[doc(hidden)]
pub use axis::{InsertAxisAt, RemoveAxisAt, ReplaceAxisAt};
pub use broadcast::{Broadcast, BroadcastDim, BroadcastTo, ExpandDim, ExpandSize, SameSize};
#[doc(hidden)]
pub use concat::ConcatAt;
pub use concat::{CatDim, CatSize, Concat, SameCatDim};
pub use dim::{Dim, Dimension, Infer, One, SizeFn};
pub use matmul::{DotShapes, DotSize, MatShapes, Matmul, MatmulNeeds1D, MmSize, MvShapes, MvSize};
pub use permute::{Permute, RemoveAxes, SelectAxis, SwapAxes};
#[doc(hidden)]
pub use permute::{SelectAxisAt, SwapAxesAt};
pub use reshape::{ResolveShape, SingleElement};
pub use slice::{
    ApplySlice, Full, Idx, IdxBack, Open, OpenBefore, OpenDim, Slice, SliceEntry, Span, SpanBack,
};
pub use table::{DimAdd, NumelU, ToDim, TypenumDim};

use core::fmt::Debug;

// The largest rank a tensor may have: the macros' constant (`Shape!` and `tensor!` check ranks
// when they expand, and a proc-macro crate cannot depend on this one).
tensor_macros::__impl_shape_traits!(max_rank);

/// A tensor shape: a tuple of [`Dimension`]s, outermost first.
///
/// The sizes are associated constants, so code generic over a shape compiles to loops with
/// constant bounds.
///
/// ```
/// use typed_tensor::prelude::*;
/// type Video = Shape![8, 16, 64, 64, 3];
/// assert_eq!(<Video as Shape>::RANK, 5);
/// assert_eq!(<Video as Shape>::NUMEL, 8 * 16 * 64 * 64 * 3);
/// assert_eq!(<Video as Shape>::DIMS, [8, 16, 64, 64, 3]);
/// ```
pub trait Shape: Copy + Default + Debug + Send + Sync + 'static {
    /// The number of axes.
    const RANK: usize;
    /// The number of elements (1 for rank 0).
    const NUMEL: usize;
    /// `[usize; RANK]`: a multi-index, or the list of sizes.
    type Index: Copy
        + Debug
        + PartialEq
        + Eq
        + Default
        + AsRef<[usize]>
        + AsMut<[usize]>
        + Send
        + Sync
        + 'static;
    /// The sizes, outermost first.
    const DIMS: Self::Index;
    /// The sizes right-aligned in `MAX_RANK` slots, the leading ones 1.
    const PADDED: [usize; MAX_RANK];
    /// The innermost dimension ([`One`] for rank 0).
    type Last: Dimension;
    /// The nested array type of this shape (`[[E; 4]; 2]` for `Shape![2, 4]`, `E` for rank 0).
    type Array<E>;
    /// A nested array as a flat row-major slice.
    fn flatten<E>(a: &Self::Array<E>) -> &[E];
    /// A nested array as a flat row-major mutable slice.
    fn flatten_mut<E>(a: &mut Self::Array<E>) -> &mut [E];
}

tensor_macros::__impl_shape_traits!(shapes);

/// A shape seen as `outer × n × inner` around axis `axis` (numbered from the front): the
/// products of the sizes before it and after it, and its size.
pub(crate) const fn around(padded: [usize; MAX_RANK], rank: usize, axis: usize) -> (usize, usize, usize) {
    let first = MAX_RANK - rank + axis;
    let mut outer = 1;
    let mut inner = 1;
    let mut i = 0;
    while i < MAX_RANK {
        if i < first {
            outer *= padded[i];
        } else if i > first {
            inner *= padded[i];
        }
        i += 1;
    }
    (outer, padded[first], inner)
}

/// Row-major strides of a padded shape, in elements.
pub(crate) const fn strides(dims: [usize; MAX_RANK]) -> [usize; MAX_RANK] {
    let mut s = [0; MAX_RANK];
    let mut acc = 1;
    let mut i = MAX_RANK;
    while i > 0 {
        i -= 1;
        s[i] = acc;
        acc *= dims[i];
    }
    s
}
