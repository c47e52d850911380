//! Dimension types: `Dim<N>` for a size known at compile time, `One` for size 1.
//!
//! Size 1 has its own type because numpy broadcasting treats it specially: a size-1 axis
//! stretches to match any size. With `One` separate from `Dim<N>`, the broadcasting rule for a
//! pair of axes is four disjoint impls (see `broadcast.rs`) and needs no arithmetic, so any
//! size works, and a mismatch is reported with both sizes in decimal.
//!
//! `Shape![...]` writes `One` for a literal `1` and `Dim<N>` for any other literal. Generic code
//! over a `const B: usize` gets `Dim<B>`; if it is instantiated with `B = 1`, that axis has size
//! 1 but does not stretch (it only matches `Dim<1>` or `One`). Write `One` (a literal `1` in
//! `Shape!`) for an axis meant to broadcast. Code meant to take a batch of any size, one
//! included, takes it as a type `B: Dimension` (see `Shape!`'s documentation), as the
//! layers, losses and loaders of `nn` and `data` do.

use core::fmt::Debug;

/// A dimension of compile-time size `N`. Written `N` inside `Shape![...]`.
///
/// ```
/// use typed_tensor::prelude::*;
/// assert_eq!(<Dim<7> as Dimension>::SIZE, 7);
/// ```
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq, Hash)]
pub struct Dim<const N: usize>;

/// A dimension of size 1, which broadcasts to any size. Written `1` inside `Shape![...]`.
///
/// ```
/// use typed_tensor::prelude::*;
/// let col: Tensor<f32, Shape![3, 1]> = Tensor::arange();
/// let row: Tensor<f32, Shape![1, 2]> = Tensor::arange();
/// let grid = &col + &row; // One stretches on both sides
/// assert_eq!(grid.shape(), [3, 2]);
/// ```
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq, Hash)]
pub struct One;

/// A dimension left for the compiler to work out in `reshape` (PyTorch's `-1`).
/// Written `_` inside `Shape![...]`.
///
/// ```
/// use typed_tensor::prelude::*;
/// let y: Tensor<f32, Shape![6]> = Tensor::arange();
/// let col = y.reshape::<Shape![_, 1]>();
/// assert_eq!(col.shape(), [6, 1]);
/// ```
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq, Hash)]
pub struct Infer;

/// A dimension type: its size, and the array type that holds one row of it.
///
/// ```
/// use typed_tensor::prelude::*;
/// assert_eq!(<One as Dimension>::SIZE, 1);
/// ```
pub trait Dimension: Copy + Default + Debug + Send + Sync + 'static {
    /// The size.
    const SIZE: usize;
    /// `[T; SIZE]`, spelled so that nested array literals get their shape from the type.
    type Array<T>;
    /// The array as a slice.
    fn array_as_slice<T>(a: &Self::Array<T>) -> &[T];
    /// The array as a mutable slice.
    fn array_as_mut_slice<T>(a: &mut Self::Array<T>) -> &mut [T];
    /// A slice of arrays as one flat slice (row-major, no copy).
    fn flatten<T>(s: &[Self::Array<T>]) -> &[T];
    /// A mutable slice of arrays as one flat slice.
    fn flatten_mut<T>(s: &mut [Self::Array<T>]) -> &mut [T];
    /// `f` called with this size as a const parameter: code generic over a dimension type
    /// reaches code generic over a `const N: usize` (the small-matrix kernel, whose inner loop
    /// then has a constant length), which `SIZE`, an associated constant, cannot be passed as
    /// on stable Rust.
    #[doc(hidden)]
    fn with_size<F: SizeFn>(f: F) -> F::Output;
}

/// A computation over a size given as a const parameter, for [`Dimension::with_size`].
#[doc(hidden)]
pub trait SizeFn {
    /// The result.
    type Output;
    /// The computation for size `N`.
    fn call<const N: usize>(self) -> Self::Output;
}

impl<const N: usize> Dimension for Dim<N> {
    const SIZE: usize = N;
    type Array<T> = [T; N];
    #[crate::hot]
    fn array_as_slice<T>(a: &[T; N]) -> &[T] {
        a
    }
    #[crate::hot]
    fn array_as_mut_slice<T>(a: &mut [T; N]) -> &mut [T] {
        a
    }
    #[crate::hot]
    fn flatten<T>(s: &[[T; N]]) -> &[T] {
        s.as_flattened()
    }
    #[crate::hot]
    fn flatten_mut<T>(s: &mut [[T; N]]) -> &mut [T] {
        s.as_flattened_mut()
    }
    #[crate::hot]
    fn with_size<F: SizeFn>(f: F) -> F::Output {
        f.call::<N>()
    }
}

impl Dimension for One {
    const SIZE: usize = 1;
    type Array<T> = [T; 1];
    #[crate::hot]
    fn array_as_slice<T>(a: &[T; 1]) -> &[T] {
        a
    }
    #[crate::hot]
    fn array_as_mut_slice<T>(a: &mut [T; 1]) -> &mut [T] {
        a
    }
    #[crate::hot]
    fn flatten<T>(s: &[[T; 1]]) -> &[T] {
        s.as_flattened()
    }
    #[crate::hot]
    fn flatten_mut<T>(s: &mut [[T; 1]]) -> &mut [T] {
        s.as_flattened_mut()
    }
    #[crate::hot]
    fn with_size<F: SizeFn>(f: F) -> F::Output {
        f.call::<1>()
    }
}
