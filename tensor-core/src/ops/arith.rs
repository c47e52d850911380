//! Elementwise arithmetic with numpy broadcasting.
//!
//! `+ - * /` work on any two tensors whose shapes broadcast, owned or borrowed, and between a
//! tensor and a scalar on either side. An owned operand whose shape is the result's shape
//! lends its buffer to the result, so `x * 2.0 + &y` allocates nothing new. `+= -= *= /=`
//! accept a right-hand side that broadcasts into the left one.
//!
//! Integer arithmetic follows Rust: an overflow panics in debug builds and wraps around in
//! release builds; division truncates, and dividing by zero (or `MIN / -1`) panics in every
//! build (PyTorch's `/` converts integers to floating point instead; use `cast::<f32>()` first
//! for that, and `//` raises "ZeroDivisionError"). `ops/checked.rs` has the forms that do not
//! panic: `try_div` and friends, which name the position, and `wrapping_add` and friends.

use core::ops::{Add, AddAssign, Div, DivAssign, Mul, MulAssign, Neg, Sub, SubAssign};

use crate::element::{Element, Float, Num};
use crate::kernels::broadcast::{BroadcastPlan, zip2, zip2_in_place, zip2_in_place_rhs};
use crate::shape::{Broadcast, BroadcastTo, Shape};
use crate::tensor::Tensor;

impl<E: Element, SA: Shape> Tensor<E, SA> {
    /// Combines two tensors elementwise with `f`, broadcasting them against each other.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let a: Tensor<i32, Shape![3, 1]> = Tensor::arange();
    /// let b: Tensor<i32, Shape![1, 2]> = Tensor::arange();
    /// let c = a.zip_with(&b, |x, y| x * 10 + y);
    /// assert_eq!(c, tensor!([[0, 1], [10, 11], [20, 21]]));
    /// ```
    #[inline]
    pub fn zip_with<F: Element, O: Element, SB: Shape>(
        &self,
        other: &Tensor<F, SB>,
        f: impl Fn(E, F) -> O + Sync,
    ) -> Tensor<O, SA::Output>
    where
        SA: Broadcast<SB>,
    {
        let mut out = Tensor::<O, SA::Output>::zeros();
        zip2(
            &BroadcastPlan::<SA, SB, SA::Output>::LOOP,
            self.as_slice(),
            other.as_slice(),
            out.as_mut_slice(),
            f,
        );
        out
    }

    /// Like [`Tensor::zip_with`], writing into an existing tensor instead of allocating one
    /// (PyTorch's `out=` argument).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let a: Tensor<f32, Shape![2, 3]> = Tensor::ones();
    /// let b = tensor!([1.0f32, 2.0, 3.0]);
    /// let mut out = Tensor::zeros();
    /// a.zip_with_into(&b, &mut out, |x, y| x + y);
    /// assert_eq!(out, tensor!([[2., 3., 4.], [2., 3., 4.]]));
    /// ```
    #[inline]
    pub fn zip_with_into<F: Element, O: Element, SB: Shape>(
        &self,
        other: &Tensor<F, SB>,
        out: &mut Tensor<O, SA::Output>,
        f: impl Fn(E, F) -> O + Sync,
    ) where
        SA: Broadcast<SB>,
    {
        zip2(
            &BroadcastPlan::<SA, SB, SA::Output>::LOOP,
            self.as_slice(),
            other.as_slice(),
            out.as_mut_slice(),
            f,
        );
    }

    /// `f` applied to `self` and `other` broadcast to shape `O`, without a bound: for shapes
    /// known to broadcast to `O` (autodiff rules).
    #[inline]
    pub(crate) fn zip_to_shape<F: Element, O: Shape, SB: Shape>(
        &self,
        other: &Tensor<F, SB>,
        f: impl Fn(E, F) -> E + Sync,
    ) -> Tensor<E, O> {
        let mut out = Tensor::<E, O>::zeros();
        zip2(&BroadcastPlan::<SA, SB, O>::LOOP, self.as_slice(), other.as_slice(), out.as_mut_slice(), f);
        out
    }

    /// `self[i] = f(self[i], other[i])` for two tensors of the same shape.
    #[inline]
    pub(crate) fn zip_same_in_place(&mut self, other: &Self, mut f: impl FnMut(E, E) -> E) {
        for (x, &y) in self.as_mut_slice().iter_mut().zip(other.as_slice()) {
            *x = f(*x, y);
        }
    }

    /// `f(self[i], other[i])` for two tensors of the same shape.
    #[crate::hot]
    pub(crate) fn zip_same(&self, other: &Self, mut f: impl FnMut(E, E) -> E) -> Self {
        let (a, b) = (self.as_slice(), other.as_slice());
        Tensor::from_buffer(crate::sys::ShapedBuffer::from_fn(|i| f(a[i], b[i])))
    }

    /// Like [`Tensor::zip_with`], reusing `self`'s buffer when the result has its shape.
    #[inline]
    fn zip_with_owned_lhs<SB: Shape>(
        mut self,
        other: &Tensor<E, SB>,
        f: impl Fn(E, E) -> E + Sync,
    ) -> Tensor<E, SA::Output>
    where
        SA: Broadcast<SB>,
    {
        if SA::NUMEL == <SA::Output as Shape>::NUMEL {
            zip2_in_place(
                &BroadcastPlan::<SA::Output, SB, SA::Output>::LOOP,
                self.as_mut_slice(),
                other.as_slice(),
                f,
            );
            self.reinterpret()
        } else {
            self.zip_with(other, f)
        }
    }

    /// Like [`Tensor::zip_with`], reusing `other`'s buffer when the result has its shape.
    #[inline]
    fn zip_with_owned_rhs<SB: Shape>(
        &self,
        mut other: Tensor<E, SB>,
        f: impl Fn(E, E) -> E + Sync,
    ) -> Tensor<E, SA::Output>
    where
        SA: Broadcast<SB>,
    {
        if SB::NUMEL == <SA::Output as Shape>::NUMEL {
            zip2_in_place_rhs(
                &BroadcastPlan::<SA, SA::Output, SA::Output>::LOOP,
                self.as_slice(),
                other.as_mut_slice(),
                f,
            );
            other.reinterpret()
        } else {
            self.zip_with(&other, f)
        }
    }

    /// Updates `self` elementwise from `other`, which broadcasts into `self`'s shape.
    #[inline]
    pub fn zip_assign<F: Element, SB: BroadcastTo<SA>>(
        &mut self,
        other: &Tensor<F, SB>,
        f: impl Fn(E, F) -> E + Sync,
    ) {
        zip2_in_place(&BroadcastPlan::<SA, SB, SA>::LOOP, self.as_mut_slice(), other.as_slice(), f);
    }
}

macro_rules! binary_op {
    ($Trait:ident, $method:ident, $Assign:ident, $assign:ident, $op:tt) => {
        impl<E: Num, SA: Broadcast<SB>, SB: Shape> $Trait<&Tensor<E, SB>> for &Tensor<E, SA> {
            type Output = Tensor<E, SA::Output>;
            #[inline]
            fn $method(self, rhs: &Tensor<E, SB>) -> Self::Output {
                self.zip_with(rhs, |x, y| x $op y)
            }
        }
        impl<E: Num, SA: Broadcast<SB>, SB: Shape> $Trait<&Tensor<E, SB>> for Tensor<E, SA> {
            type Output = Tensor<E, SA::Output>;
            #[inline]
            fn $method(self, rhs: &Tensor<E, SB>) -> Self::Output {
                self.zip_with_owned_lhs(rhs, |x, y| x $op y)
            }
        }
        impl<E: Num, SA: Broadcast<SB>, SB: Shape> $Trait<Tensor<E, SB>> for &Tensor<E, SA> {
            type Output = Tensor<E, SA::Output>;
            #[inline]
            fn $method(self, rhs: Tensor<E, SB>) -> Self::Output {
                self.zip_with_owned_rhs(rhs, |x, y| x $op y)
            }
        }
        impl<E: Num, SA: Broadcast<SB>, SB: Shape> $Trait<Tensor<E, SB>> for Tensor<E, SA> {
            type Output = Tensor<E, SA::Output>;
            #[inline]
            fn $method(self, rhs: Tensor<E, SB>) -> Self::Output {
                if SA::NUMEL == <SA::Output as Shape>::NUMEL {
                    self.zip_with_owned_lhs(&rhs, |x, y| x $op y)
                } else {
                    (&self).zip_with_owned_rhs(rhs, |x, y| x $op y)
                }
            }
        }
        impl<E: Num, S: Shape> $Trait<E> for &Tensor<E, S> {
            type Output = Tensor<E, S>;
            #[inline]
            fn $method(self, rhs: E) -> Tensor<E, S> {
                self.map(|x| x $op rhs)
            }
        }
        impl<E: Num, S: Shape> $Trait<E> for Tensor<E, S> {
            type Output = Tensor<E, S>;
            #[inline]
            fn $method(mut self, rhs: E) -> Tensor<E, S> {
                self.map_in_place(|x| x $op rhs);
                self
            }
        }
        impl<E: Num, SA: Shape, SB: BroadcastTo<SA>> $Assign<&Tensor<E, SB>> for Tensor<E, SA> {
            #[inline]
            fn $assign(&mut self, rhs: &Tensor<E, SB>) {
                self.zip_assign(rhs, |x, y| x $op y)
            }
        }
        impl<E: Num, SA: Shape, SB: BroadcastTo<SA>> $Assign<Tensor<E, SB>> for Tensor<E, SA> {
            #[inline]
            fn $assign(&mut self, rhs: Tensor<E, SB>) {
                self.zip_assign(&rhs, |x, y| x $op y)
            }
        }
        impl<E: Num, S: Shape> $Assign<E> for Tensor<E, S> {
            #[inline]
            fn $assign(&mut self, rhs: E) {
                self.map_in_place(|x| x $op rhs)
            }
        }
    };
}

binary_op!(Add, add, AddAssign, add_assign, +);
binary_op!(Sub, sub, SubAssign, sub_assign, -);
binary_op!(Mul, mul, MulAssign, mul_assign, *);
binary_op!(Div, div, DivAssign, div_assign, /);

/// `scalar op tensor` for each concrete element type (a generic `impl Add<Tensor> for E` is
/// not allowed by Rust's orphan rules).
macro_rules! scalar_lhs {
    ($($t:ty),*) => {$(
        scalar_lhs!(@op $t, Add, add, |s, x| s + x);
        scalar_lhs!(@op $t, Sub, sub, |s, x| s - x);
        scalar_lhs!(@op $t, Mul, mul, |s, x| s * x);
        scalar_lhs!(@op $t, Div, div, |s, x| s / x);
    )*};
    (@op $t:ty, $Trait:ident, $method:ident, |$s:ident, $x:ident| $e:expr) => {
        impl<S: Shape> $Trait<&Tensor<$t, S>> for $t {
            type Output = Tensor<$t, S>;
            #[inline]
            fn $method(self, rhs: &Tensor<$t, S>) -> Tensor<$t, S> {
                let $s = self;
                rhs.map(|$x| $e)
            }
        }
        impl<S: Shape> $Trait<Tensor<$t, S>> for $t {
            type Output = Tensor<$t, S>;
            #[inline]
            fn $method(self, mut rhs: Tensor<$t, S>) -> Tensor<$t, S> {
                let $s = self;
                rhs.map_in_place(|$x| $e);
                rhs
            }
        }
    };
}
scalar_lhs!(f32, f64, i32, i64);

impl<E: Num, S: Shape> Neg for &Tensor<E, S> {
    type Output = Tensor<E, S>;
    #[inline]
    fn neg(self) -> Tensor<E, S> {
        self.map(|x| -x)
    }
}
impl<E: Num, S: Shape> Neg for Tensor<E, S> {
    type Output = Tensor<E, S>;
    #[inline]
    fn neg(mut self) -> Tensor<E, S> {
        self.map_in_place(|x| -x);
        self
    }
}

impl<E: Num, SA: Shape> Tensor<E, SA> {
    /// Elementwise power with broadcasting (PyTorch's `x ** y`).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x = tensor!([1.0, 2., 4., 8.]);
    /// let y = tensor!([2.0, 3., 2., 2.]);
    /// assert_eq!(x.pow(&y), tensor!([1., 8., 16., 64.]));
    /// ```
    #[inline]
    pub fn pow<SB: Shape>(&self, exponent: &Tensor<E, SB>) -> Tensor<E, SA::Output>
    where
        SA: Broadcast<SB>,
    {
        self.zip_with(exponent, E::pow_elem)
    }

    /// Every element raised to the integer power `n`.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// assert_eq!(tensor!([1., 2., 3.]).powi(2), tensor!([1., 4., 9.]));
    /// ```
    #[inline]
    pub fn powi(&self, n: i32) -> Tensor<E, SA> {
        self.map(|x| x.powi_elem(n))
    }

    /// Every element squared.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// assert_eq!(tensor!([-3, 4]).square(), tensor!([9, 16]));
    /// ```
    #[inline]
    pub fn square(&self) -> Tensor<E, SA> {
        self.map(|x| x * x)
    }

    /// The larger of `self` and `other`, elementwise with broadcasting (PyTorch's `maximum`).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// assert_eq!(tensor!([1, 5, 3]).maximum(&tensor!(2)), tensor!([2, 5, 3]));
    /// ```
    #[inline]
    pub fn maximum<SB: Shape>(&self, other: &Tensor<E, SB>) -> Tensor<E, SA::Output>
    where
        SA: Broadcast<SB>,
    {
        self.zip_with(other, E::max_elem)
    }

    /// The smaller of `self` and `other`, elementwise with broadcasting (PyTorch's `minimum`).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// assert_eq!(tensor!([1, 5, 3]).minimum(&tensor!(2)), tensor!([1, 2, 2]));
    /// ```
    #[inline]
    pub fn minimum<SB: Shape>(&self, other: &Tensor<E, SB>) -> Tensor<E, SA::Output>
    where
        SA: Broadcast<SB>,
    {
        self.zip_with(other, E::min_elem)
    }
}

impl<E: Element, S: Shape> Tensor<E, S> {
    /// Every element raised to the floating-point power `p` (PyTorch's `x ** p`, which computes
    /// `p = ±0.5` as `sqrt`: `(-0.0) ** 0.5` is `-0.0`, `(-inf) ** 0.5` NaN).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// assert_eq!(tensor!([4.0, 9.0]).powf(0.5), tensor!([2.0, 3.0]));
    /// ```
    #[inline]
    pub fn powf(&self, p: E) -> Tensor<E, S>
    where
        E: Float,
    {
        self.map(|x| powf_elem(x, p))
    }
}

/// `x ** p` as PyTorch computes it for a scalar exponent: `0.5` and `-0.5` are `sqrt` and
/// `1 / sqrt`, which differ from IEEE `pow` at `-0` (`-0`, `-inf`) and `-inf` (NaN, where
/// `pow` gives `inf` and `0`); other exponents are `pow`.
#[crate::hot]
pub(crate) fn powf_elem<E: Float>(x: E, p: E) -> E {
    let half = E::from_f64(0.5);
    if p == half {
        x.sqrt()
    } else if p == -half {
        x.sqrt().recip()
    } else {
        x.powf(p)
    }
}
