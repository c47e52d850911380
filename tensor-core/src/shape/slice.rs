//! The shape rule of slicing: `x.slice(s![1..3, ..;2, 0])`.
//!
//! `s![...]` (in `tensor-macros`) turns each entry into a type: an index `i` becomes
//! [`Idx<i>`] (the axis disappears), a range with literal bounds `a..b;k` becomes
//! [`Span<a, b, k, D>`] whose output size `D` the macro has already computed, `..` becomes
//! [`Full`], and an open range `a..;k` becomes [`Open<a, k>`], whose size depends on the
//! dimension and is computed with the typenum bridge (sizes up to 1024, powers of 2 and 10).
//! Axes after the last entry are kept whole, as in PyTorch.
//!
//! Negative literals count from the end, as in PyTorch: `-1` is [`IdxBack<1>`], `-3..-1` and
//! `-2..` are [`SpanBack`] (their size is known to the macro), and `1..-1` is
//! [`OpenBefore`], sized as an open range. A negative start with a non-negative end
//! (`-3..3`) depends on the size both ways and is refused by the macro.
//!
//! Each entry checks its bounds when the call is compiled (`cargo build`; a post-mono check,
//! see `checks.rs`), with PyTorch's words: `index 5 is out of bounds for dimension 1 with
//! size 4`, `index -5 is out of bounds for dimension 1 with size 4`.

use core::marker::PhantomData;
use core::ops::{Add, Div, Sub};

use typenum::{Const, Diff, Quot, Sub1, Sum, ToUInt, U, Unsigned};

use super::{Dimension, One, Shape, ToDim, TypenumDim};
use crate::checks::Message;

/// A single index: the axis is removed.
#[derive(Clone, Copy, Debug, Default)]
pub struct Idx<const I: usize>;

/// `START..END` with step `STEP`, literal bounds; `D` is the output size's dimension type.
#[derive(Clone, Copy, Debug, Default)]
pub struct Span<const START: usize, const END: usize, const STEP: usize, D>(PhantomData<D>);

/// `..`: the whole axis.
#[derive(Clone, Copy, Debug, Default)]
pub struct Full;

/// `START..` with step `STEP`: up to the end of the axis.
#[derive(Clone, Copy, Debug, Default)]
pub struct Open<const START: usize, const STEP: usize>;

/// A single index counted from the end, `-K` (`K ≥ 1`): the axis is removed.
///
/// ```
/// use typed_tensor::prelude::*;
/// let x = Tensor::<i32, Shape![3, 2]>::arange();
/// assert_eq!(x.slice(s![-1, ..]), tensor!([4, 5])); // IdxBack<1>
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct IdxBack<const K: usize>;

/// `-S..-E` with step `STEP` (`S ≥ E`; `E = 0` for `-S..`): both bounds counted from the end;
/// `D` is the output size's dimension type, `⌈(S - E) / STEP⌉`.
///
/// ```
/// use typed_tensor::prelude::*;
/// let x = Tensor::<i32, Shape![5]>::arange();
/// assert_eq!(x.slice(s![-3..-1]), tensor!([2, 3])); // SpanBack<3, 1, 1, Dim<2>>
/// assert_eq!(x.slice(s![-2..]), tensor!([3, 4])); // SpanBack<2, 0, 1, Dim<2>>
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct SpanBack<const S: usize, const E: usize, const STEP: usize, D>(PhantomData<D>);

/// `START..-BACK` with step `STEP`, with `CUT = START + BACK`, the elements left out: its size
/// is that of the open range `CUT..;STEP`.
///
/// ```
/// use typed_tensor::prelude::*;
/// let x = Tensor::<i32, Shape![5]>::arange();
/// let inner: Tensor<i32, Shape![3]> = x.slice(s![1..-1]); // OpenBefore<1, 1, 2, 1>
/// assert_eq!(inner, tensor!([1, 2, 3]));
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct OpenBefore<const START: usize, const BACK: usize, const CUT: usize, const STEP: usize>;

/// One entry of a slice applied to a dimension `D` at axis `AXIS`.
pub trait SliceEntry<D: Dimension, const AXIS: usize> {
    /// The output dimension (`One` for an index, whose axis is then removed).
    type Kept: Dimension;
    /// The first index read.
    const START: usize;
    /// The step.
    const STEP: usize;
    /// The bounds check, evaluated when the call is compiled.
    const CHECK: ();
}

/// PyTorch's message for a bound beyond the axis: `index 5 is out of bounds for dimension 1
/// with size 4`, with `sign` `"-"` for a bound counted from the end (`index -5 ...`).
#[track_caller]
const fn out_of_bounds(what: &str, sign: &str, value: usize, axis: usize, size: usize) -> ! {
    Message::new()
        .str(what)
        .str(" ")
        .str(sign)
        .num(value)
        .str(" is out of bounds for dimension ")
        .num(axis)
        .str(" with size ")
        .num(size)
        .panic()
}

impl<D: Dimension, const AXIS: usize, const I: usize> SliceEntry<D, AXIS> for Idx<I> {
    type Kept = One;
    const START: usize = I;
    const STEP: usize = 1;
    const CHECK: () = if I >= D::SIZE {
        out_of_bounds("index", "", I, AXIS, D::SIZE)
    };
}

impl<D: Dimension, const AXIS: usize, const START: usize, const END: usize, const STEP: usize, Out: Dimension>
    SliceEntry<D, AXIS> for Span<START, END, STEP, Out>
{
    type Kept = Out;
    const START: usize = START;
    const STEP: usize = STEP;
    const CHECK: () = if END > D::SIZE {
        out_of_bounds("slice end", "", END, AXIS, D::SIZE)
    };
}

impl<D: Dimension, const AXIS: usize, const K: usize> SliceEntry<D, AXIS> for IdxBack<K> {
    type Kept = One;
    const START: usize = D::SIZE.saturating_sub(K);
    const STEP: usize = 1;
    const CHECK: () = if K > D::SIZE {
        out_of_bounds("index", "-", K, AXIS, D::SIZE)
    };
}

impl<D: Dimension, const AXIS: usize, const S: usize, const E: usize, const STEP: usize, Out: Dimension>
    SliceEntry<D, AXIS> for SpanBack<S, E, STEP, Out>
{
    type Kept = Out;
    const START: usize = D::SIZE.saturating_sub(S);
    const STEP: usize = STEP;
    const CHECK: () = if S > D::SIZE {
        out_of_bounds("slice start", "-", S, AXIS, D::SIZE)
    };
}

/// The size of `START..-BACK` with step `STEP` (`CUT = START + BACK`): that of `CUT..;STEP`,
/// with a message that names the slice as written.
#[diagnostic::on_unimplemented(
    message = "the slice `{START}..-{BACK}` of a dimension `{Self}` cannot be sized at compile time",
    label = "it needs {START} + {BACK} elements within the axis, and compile-time arithmetic (sizes up to 1024, powers of 2 and of 10)",
    note = "write the end out (`{START}..END`), which works for any size"
)]
pub trait BeforeEndDim<const START: usize, const BACK: usize, const CUT: usize, const STEP: usize>:
    Dimension
{
    /// The output dimension.
    type Output: Dimension;
}

// the bounds of `OpenDim<CUT, STEP>`, written out: through `OpenDim` itself, rustc would report
// the open slice `CUT..`, which the user did not write, and through a hidden trait shared by
// both, that trait by its own name (even with `do_not_recommend` on its impl)
#[diagnostic::do_not_recommend]
impl<D: TypenumDim, const START: usize, const BACK: usize, const CUT: usize, const STEP: usize>
    BeforeEndDim<START, BACK, CUT, STEP> for D
where
    Const<CUT>: ToUInt,
    Const<STEP>: ToUInt,
    U<STEP>: Sub<typenum::B1>,
    D::U: Sub<U<CUT>>,
    Diff<D::U, U<CUT>>: Add<Sub1<U<STEP>>>,
    Sum<Diff<D::U, U<CUT>>, Sub1<U<STEP>>>: Div<U<STEP>>,
    Quot<Sum<Diff<D::U, U<CUT>>, Sub1<U<STEP>>>, U<STEP>>: ToDim,
    U<CUT>: Unsigned,
{
    type Output = <Quot<Sum<Diff<D::U, U<CUT>>, Sub1<U<STEP>>>, U<STEP>> as ToDim>::Output;
}

impl<
    D: BeforeEndDim<START, BACK, CUT, STEP>,
    const AXIS: usize,
    const START: usize,
    const BACK: usize,
    const CUT: usize,
    const STEP: usize,
> SliceEntry<D, AXIS> for OpenBefore<START, BACK, CUT, STEP>
{
    type Kept = <D as BeforeEndDim<START, BACK, CUT, STEP>>::Output;
    const START: usize = START;
    const STEP: usize = STEP;
    // `CUT > D::SIZE` fails the bound above, when the code is checked
    const CHECK: () = ();
}

impl<D: Dimension, const AXIS: usize> SliceEntry<D, AXIS> for Full {
    type Kept = D;
    const START: usize = 0;
    const STEP: usize = 1;
    const CHECK: () = ();
}

/// The size of `START..` with step `STEP` on a dimension of typenum size: `⌈(N - START) / STEP⌉`.
#[diagnostic::on_unimplemented(
    message = "the open slice `{START}..;{STEP}` of a dimension `{Self}` cannot be sized at compile time",
    label = "open-ended slices are sized with compile-time arithmetic (sizes up to 1024, powers of 2 and of 10) and need a start within the axis",
    note = "write the end out (`{START}..END;{STEP}`), which works for any size"
)]
pub trait OpenDim<const START: usize, const STEP: usize>: Dimension {
    /// The output dimension.
    type Output: Dimension;
}

#[diagnostic::do_not_recommend]
impl<D: TypenumDim, const START: usize, const STEP: usize> OpenDim<START, STEP> for D
where
    Const<START>: ToUInt,
    Const<STEP>: ToUInt,
    U<STEP>: Sub<typenum::B1>,
    D::U: Sub<U<START>>,
    Diff<D::U, U<START>>: Add<Sub1<U<STEP>>>,
    Sum<Diff<D::U, U<START>>, Sub1<U<STEP>>>: Div<U<STEP>>,
    Quot<Sum<Diff<D::U, U<START>>, Sub1<U<STEP>>>, U<STEP>>: ToDim,
    U<START>: Unsigned,
{
    type Output = <Quot<Sum<Diff<D::U, U<START>>, Sub1<U<STEP>>>, U<STEP>> as ToDim>::Output;
}

impl<D: OpenDim<START, STEP>, const AXIS: usize, const START: usize, const STEP: usize> SliceEntry<D, AXIS>
    for Open<START, STEP>
{
    type Kept = <D as OpenDim<START, STEP>>::Output;
    const START: usize = START;
    const STEP: usize = STEP;
    const CHECK: () = if START > D::SIZE {
        out_of_bounds("slice start", "", START, AXIS, D::SIZE)
    };
}

/// A slice: its entries (one per leading axis) and the axes its indices remove.
#[derive(Clone, Copy, Debug, Default)]
pub struct Slice<Entries, Removed>(PhantomData<(Entries, Removed)>);

impl<Entries, Removed> Slice<Entries, Removed> {
    /// The slice (what `s![...]` expands to).
    pub const fn new() -> Self {
        Slice(PhantomData)
    }
}

/// The shape of `Self` sliced by the entries `Entries`, with indexed axes kept as size 1
/// (`Kept`), and the layout of the elements read.
pub trait ApplySlice<Entries>: Shape {
    /// The shape with indexed axes kept as `One`.
    type Kept: Shape;
    /// The first element read (row-major offset).
    const OFFSET: usize;
    /// The steps along each axis, right-aligned in `MAX_RANK` slots.
    const STEPS: [usize; super::MAX_RANK];
    /// All the entries' bounds checks.
    const CHECK: ();
}

tensor_macros::__impl_shape_traits!(slice);
