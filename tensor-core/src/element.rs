//! Element types: what a tensor may hold, and which operations each kind supports.
//!
//! - [`Element`]: anything a tensor can store (`f32`, `f64`, `i32`, `i64`, `bool`).
//! - [`Num`]: the numeric ones, which support `+ - * /`, sums and comparisons by order.
//! - [`Float`]: `f32` and `f64`, which also support `exp`, `ln`, means, norms and gradients.
//!
//! The traits are sealed: the kernels rely on these five types' exact behaviour.

use core::fmt::Debug;
use core::mem::MaybeUninit;
use core::ops::{AddAssign, DivAssign, MulAssign, SubAssign};

pub(crate) mod sealed {
    pub trait Sealed {}

    /// The small-product kernels of an element type, implemented in `kernels/small_block.rs`
    /// (declared here, below the kernels, as it is a supertrait of [`Num`](super::Num)).
    pub trait SmallBlock: Sized {
        /// Whether a small product of `M` columns is computed two output rows at a time: where
        /// two rows fill one 16-byte vector (see `gemm::pairs`).
        fn pairs<const M: usize>() -> bool;

        /// `R` rows of a small product, `a (R×k, the first R·k elements) · b (k×M)`, the
        /// accumulators starting from the first product (see `gemm::block`).
        fn small_block<const M: usize, const R: usize>(k: usize, a: &[Self], b: &[Self]) -> [[Self; M]; R]
        where
            Self: super::Num;
    }
}

/// How an element prints (PyTorch's layout differs for floats, integers and booleans).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DisplayValue {
    /// A floating-point value.
    Float(f64),
    /// An integer value.
    Int(i64),
    /// A boolean value.
    Bool(bool),
}

/// A type a tensor can hold.
///
/// Each element type fixes the capacity of the inline buffer that small tensors use instead of
/// the heap: 256 bytes, so 64 `f32`, 32 `f64` or 256 `bool`.
///
/// ```
/// use typed_tensor::prelude::*;
/// assert_eq!(<f32 as Element>::DTYPE, "f32");
/// assert_eq!(<f64 as Element>::INLINE_CAPACITY, 32);
/// ```
pub trait Element: Copy + Default + PartialEq + Debug + Send + Sync + 'static + sealed::Sealed {
    /// The inline buffer: an array of 256 bytes' worth of elements, uninitialised. Made of
    /// `MaybeUninit<Self>` and nothing else, so that any bytes, initialised or not, are a valid
    /// value of it (`sys/inline.rs` relies on this).
    #[doc(hidden)]
    type Inline: Copy + Send + Sync + AsRef<[MaybeUninit<Self>]> + AsMut<[MaybeUninit<Self>]>;
    /// Tensors of at most this many elements live inline, without a heap allocation.
    const INLINE_CAPACITY: usize;
    /// The element type's name, as PyTorch's `dtype` would print it in Rust spelling.
    const DTYPE: &'static str;
    /// The value as the display code sees it.
    fn display_value(self) -> DisplayValue;
}

/// A numeric element: `f32`, `f64`, `i32` or `i64`.
///
/// ```
/// use typed_tensor::prelude::*;
/// fn total<E: Num>(xs: &[E]) -> E { xs.iter().fold(E::zero(), |a, &b| a + b) }
/// assert_eq!(total(&[1, 2, 3]), 6);
/// ```
pub trait Num:
    Element
    + PartialOrd
    + num_traits::Num
    + num_traits::Signed
    + num_traits::NumCast
    + AddAssign
    + SubAssign
    + MulAssign
    + DivAssign
    + core::iter::Sum
    + sealed::SmallBlock
{
    /// `self` raised to the power `exp` (for integers, a negative exponent gives 0 unless
    /// the base is 1 or -1, as in PyTorch).
    fn pow_elem(self, exp: Self) -> Self;
    /// `self` raised to an integer power.
    fn powi_elem(self, exp: i32) -> Self;
    /// Converts a count or an index.
    fn from_usize(n: usize) -> Self;
    /// The larger of two values (NaN wins, as in PyTorch's `maximum`).
    fn max_elem(self, other: Self) -> Self;
    /// The smaller of two values (NaN wins, as in PyTorch's `minimum`).
    fn min_elem(self, other: Self) -> Self;
    /// The type sums are accumulated in and returned as: `i64` for integers (PyTorch sums
    /// `int32` into `int64`), the type itself for floats.
    type Acc: Num;
    /// Whether `Acc` is wider than `Self` (`i32`), so that a sum converts the elements first.
    #[doc(hidden)]
    const WIDENS: bool;
    /// The value in the accumulator type (exact).
    fn to_acc(self) -> Self::Acc;
    /// `self + other`, `None` if an integer result overflows.
    #[doc(hidden)]
    fn checked_add_elem(self, other: Self) -> Option<Self>;
    /// `self - other`, `None` if an integer result overflows.
    #[doc(hidden)]
    fn checked_sub_elem(self, other: Self) -> Option<Self>;
    /// `self * other`, `None` if an integer result overflows.
    #[doc(hidden)]
    fn checked_mul_elem(self, other: Self) -> Option<Self>;
    /// `self / other`, `None` for an integer division by zero or `MIN / -1`.
    #[doc(hidden)]
    fn checked_div_elem(self, other: Self) -> Option<Self>;
    /// `self + other`, wrapping around on integer overflow.
    #[doc(hidden)]
    fn wrapping_add_elem(self, other: Self) -> Self;
    /// `self - other`, wrapping around on integer overflow.
    #[doc(hidden)]
    fn wrapping_sub_elem(self, other: Self) -> Self;
    /// `self * other`, wrapping around on integer overflow.
    #[doc(hidden)]
    fn wrapping_mul_elem(self, other: Self) -> Self;
}

/// A floating-point element: `f32` or `f64`.
///
/// Operations that only make sense in floating point (`mean`, `exp`, `norm`, gradients, ...)
/// require it; on an integer tensor they are compile errors.
///
/// ```
/// use typed_tensor::prelude::*;
/// fn half<E: Float>(x: E) -> E { x / E::from_f64(2.0) }
/// assert_eq!(half(3.0f32), 1.5);
/// ```
#[diagnostic::on_unimplemented(
    message = "this operation needs a floating-point tensor (`f32` or `f64`), but the element type is `{Self}`",
    label = "not defined for `{Self}` tensors",
    note = "convert first, for example with `.cast::<f32>()` (PyTorch fails at run time: \"Input dtype must be either a floating point or complex dtype\")"
)]
pub trait Float: Num<Acc = Self> + num_traits::Float + num_traits::FloatConst {
    /// Converts from `f64` (rounding for `f32`).
    fn from_f64(x: f64) -> Self;
    /// Converts to `f64`.
    fn to_f64(self) -> f64;
    /// One sample of the normal distribution with the given mean and standard deviation
    /// (unchecked: [`Tensor::try_normal`](crate::Tensor::try_normal) checks the parameters).
    #[doc(hidden)]
    fn sample_normal<R: rand::Rng + ?Sized>(mean: Self, std: Self, rng: &mut R) -> Self;
    /// One sample of the uniform distribution on `[low, high)` (unchecked:
    /// [`Tensor::try_uniform`](crate::Tensor::try_uniform) checks the bounds).
    #[doc(hidden)]
    fn sample_uniform<R: rand::Rng + ?Sized>(low: Self, high: Self, rng: &mut R) -> Self;
}

/// Whether `E` is `f32` or `f64` (a test on constants, folded away): for code generic over
/// `Num` that treats floats apart (`gemm`'s kernels, PyTorch's `f64` accumulators).
pub(crate) fn is_float<E: 'static>() -> bool {
    use core::any::TypeId;
    TypeId::of::<E>() == TypeId::of::<f32>() || TypeId::of::<E>() == TypeId::of::<f64>()
}

/// An inline buffer aligned for vector loads and stores (16 bytes: one SSE register; see
/// `sys/shaped.rs` for why not 32).
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
#[repr(C, align(16))]
pub struct Aligned<A>(A);

impl<T, const N: usize> AsRef<[MaybeUninit<T>]> for Aligned<[MaybeUninit<T>; N]> {
    #[crate::hot]
    fn as_ref(&self) -> &[MaybeUninit<T>] {
        &self.0
    }
}
impl<T, const N: usize> AsMut<[MaybeUninit<T>]> for Aligned<[MaybeUninit<T>; N]> {
    #[crate::hot]
    fn as_mut(&mut self) -> &mut [MaybeUninit<T>] {
        &mut self.0
    }
}

macro_rules! element {
    ($t:ty, $cap:expr, |$v:ident| $display:expr) => {
        impl sealed::Sealed for $t {}
        impl Element for $t {
            type Inline = Aligned<[MaybeUninit<$t>; $cap]>;
            const INLINE_CAPACITY: usize = $cap;
            const DTYPE: &'static str = stringify!($t);
            #[inline]
            fn display_value(self) -> DisplayValue {
                let $v = self;
                $display
            }
        }
    };
}

element!(f32, 64, |v| DisplayValue::Float(v as f64));
element!(f64, 32, |v| DisplayValue::Float(v));
element!(i32, 64, |v| DisplayValue::Int(v as i64));
element!(i64, 32, |v| DisplayValue::Int(v));
element!(bool, 256, |v| DisplayValue::Bool(v));

macro_rules! float {
    ($t:ty) => {
        impl Num for $t {
            #[inline]
            fn pow_elem(self, exp: Self) -> Self {
                self.powf(exp)
            }
            #[inline]
            fn powi_elem(self, exp: i32) -> Self {
                self.powi(exp)
            }
            #[inline]
            fn from_usize(n: usize) -> Self {
                n as $t
            }
            #[inline]
            fn max_elem(self, other: Self) -> Self {
                if self.is_nan() || self >= other { self } else { other }
            }
            #[inline]
            fn min_elem(self, other: Self) -> Self {
                if self.is_nan() || self <= other { self } else { other }
            }
            type Acc = $t;
            const WIDENS: bool = false;
            #[crate::hot]
            fn to_acc(self) -> Self {
                self
            }
            #[inline]
            fn checked_add_elem(self, other: Self) -> Option<Self> {
                Some(self + other)
            }
            #[inline]
            fn checked_sub_elem(self, other: Self) -> Option<Self> {
                Some(self - other)
            }
            #[inline]
            fn checked_mul_elem(self, other: Self) -> Option<Self> {
                Some(self * other)
            }
            #[inline]
            fn checked_div_elem(self, other: Self) -> Option<Self> {
                Some(self / other)
            }
            #[inline]
            fn wrapping_add_elem(self, other: Self) -> Self {
                self + other
            }
            #[inline]
            fn wrapping_sub_elem(self, other: Self) -> Self {
                self - other
            }
            #[inline]
            fn wrapping_mul_elem(self, other: Self) -> Self {
                self * other
            }
        }
        impl Float for $t {
            #[inline]
            fn from_f64(x: f64) -> Self {
                x as $t
            }
            #[inline]
            fn to_f64(self) -> f64 {
                self as f64
            }
            fn sample_normal<R: rand::Rng + ?Sized>(mean: Self, std: Self, rng: &mut R) -> Self {
                use rand_distr::Distribution;
                let z: $t = rand_distr::StandardNormal.sample(rng);
                mean + std * z
            }
            fn sample_uniform<R: rand::Rng + ?Sized>(low: Self, high: Self, rng: &mut R) -> Self {
                use rand_distr::Distribution;
                loop {
                    let u: $t = rand_distr::StandardUniform.sample(rng);
                    let v = low + (high - low) * u;
                    // `u < 1`, but the rounding of `low + (high - low) * u` can still give
                    // `high` itself: draw again then, so the range stays half-open. Only over a
                    // finite range (`Tensor::try_uniform` checks it), where most draws are below
                    // `high`: over an infinite one every draw would be.
                    let redraw = v == high && low < high && (high - low).is_finite();
                    if !redraw {
                        return v;
                    }
                }
            }
        }
    };
}
float!(f32);
float!(f64);

macro_rules! int {
    ($t:ty) => {
        impl Num for $t {
            #[inline]
            fn pow_elem(self, exp: Self) -> Self {
                match u32::try_from(exp) {
                    Ok(e) => self.wrapping_pow(e),
                    Err(_) if self == 1 => 1,
                    Err(_) if self == -1 => {
                        if exp % 2 == 0 {
                            1
                        } else {
                            -1
                        }
                    }
                    Err(_) => 0,
                }
            }
            #[inline]
            fn powi_elem(self, exp: i32) -> Self {
                self.pow_elem(exp as $t)
            }
            #[inline]
            fn from_usize(n: usize) -> Self {
                n as $t
            }
            #[inline]
            fn max_elem(self, other: Self) -> Self {
                Ord::max(self, other)
            }
            #[inline]
            fn min_elem(self, other: Self) -> Self {
                Ord::min(self, other)
            }
            type Acc = i64;
            const WIDENS: bool = size_of::<$t>() < size_of::<i64>();
            #[crate::hot]
            fn to_acc(self) -> i64 {
                self as i64
            }
            #[inline]
            fn checked_add_elem(self, other: Self) -> Option<Self> {
                self.checked_add(other)
            }
            #[inline]
            fn checked_sub_elem(self, other: Self) -> Option<Self> {
                self.checked_sub(other)
            }
            #[inline]
            fn checked_mul_elem(self, other: Self) -> Option<Self> {
                self.checked_mul(other)
            }
            #[inline]
            fn checked_div_elem(self, other: Self) -> Option<Self> {
                self.checked_div(other)
            }
            #[inline]
            fn wrapping_add_elem(self, other: Self) -> Self {
                self.wrapping_add(other)
            }
            #[inline]
            fn wrapping_sub_elem(self, other: Self) -> Self {
                self.wrapping_sub(other)
            }
            #[inline]
            fn wrapping_mul_elem(self, other: Self) -> Self {
                self.wrapping_mul(other)
            }
        }
    };
}
int!(i32);
int!(i64);
