//! Reductions: sums, means, maxima and minima, over all elements, one axis or several.
//!
//! Axes are const generics (`sum_axis::<1>()`), or an `Axes![...]` list for several at once;
//! the result's shape is computed by the compiler, and an axis that does not exist is a compile
//! error. The `_keepdim` forms keep reduced axes as size 1 (PyTorch's `keepdim=True`).

use core::marker::PhantomData;

use crate::checks::Message;
use crate::element::{Element, Float, Num};
use crate::kernels::broadcast::BroadcastPlan;
use crate::kernels::extremum::{Greatest, Least, Prefer, by_short_rows, extrema_into, extremum_at};
use crate::kernels::reduce;
use crate::kernels::sum_axes::sum_into;
use crate::shape::{BroadcastTo, MAX_RANK, RemoveAxes, RemoveAxis, Shape, around};
use crate::tensor::Tensor;

/// The check that a maximum or minimum has something to look at (see `checks.rs`).
struct NonEmpty<S, const AXIS: usize, const ALL: bool>(PhantomData<S>);
impl<S: Shape, const AXIS: usize, const ALL: bool> NonEmpty<S, AXIS, ALL> {
    const OK: () = if ALL && S::NUMEL == 0 {
        Message::new()
            .str("max()/min(): Expected reduction dim to be specified for input.numel() == 0.")
            .panic()
    } else if !ALL && S::PADDED[MAX_RANK - S::RANK + AXIS] == 0 {
        Message::new()
            .str("max()/min(): Expected reduction dim ")
            .num(AXIS)
            .str(" to have non-zero size.")
            .panic()
    };
}

/// `x` as a `B`, where `A` and `B` are the same type (a move, folded away), or `x` back.
#[crate::hot]
fn same_type<A: 'static, B: 'static>(x: A) -> Result<B, A> {
    let mut slot = Some(x);
    match (&mut slot as &mut dyn core::any::Any).downcast_mut::<Option<B>>() {
        Some(b) => Ok(b.take().expect("filled above")),
        None => Err(slot.take().expect("filled above")),
    }
}

impl<E: Num, S: Shape> Tensor<E, S> {
    /// The sum of all elements, as a rank-0 tensor (PyTorch's `x.sum()`). From 2²⁰ elements
    /// the two halves are summed on two threads (see [`set_num_threads`](crate::set_num_threads));
    /// the result is the same, bit for bit, on one thread.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let a: Tensor<f32, Shape![3, 4]> = Tensor::ones();
    /// assert_eq!(a.sum().item(), 12.0);
    /// ```
    ///
    /// Integers are summed as PyTorch sums them: `i32` into `i64`, so that the sum of
    /// `[i32::MAX, 1]` is `2147483648`; `i64` sums overflow as `+` does (a panic in debug
    /// builds, wrapping in release builds). The result's element type is [`Num::Acc`].
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let s: Tensor<i64, Shape![]> = tensor!([i32::MAX, 1]).sum();
    /// assert_eq!(s.item(), 2147483648);
    /// ```
    #[inline]
    pub fn sum(&self) -> Tensor<E::Acc, ()> {
        if E::WIDENS {
            return Tensor::full(reduce::sum(self.map(E::to_acc).as_slice()));
        }
        Tensor::full(reduce::sum(self.as_slice()).to_acc())
    }

    /// The sum in the element type itself (the rules of autodiff, where `E` is a float).
    #[inline]
    pub(crate) fn sum_elem(&self) -> E {
        reduce::sum(self.as_slice())
    }

    /// `sum_to_shape` in the accumulator type (see [`Tensor::sum`]).
    #[inline]
    fn sum_acc_to_shape<T: Shape>(&self) -> Tensor<E::Acc, T> {
        if E::WIDENS {
            return self.map(E::to_acc).sum_to_shape();
        }
        same_type(self.sum_to_shape::<T>()).unwrap_or_else(|sum| sum.map(E::to_acc))
    }

    /// Sums a tensor down to a shape that broadcasts to it: the inverse of broadcasting, and
    /// the rule that returns a broadcast operand's gradient to its own shape (PyTorch's
    /// `sum_to_size`). Leading axes are summed away; axes of size 1 in `T` are summed and kept.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let g: Tensor<f32, Shape![2, 3]> = Tensor::ones();
    /// assert_eq!(g.sum_to::<Shape![3]>(), tensor!([2., 2., 2.]));
    /// assert_eq!(g.sum_to::<Shape![2, 1]>(), tensor!([[3.], [3.]]));
    /// ```
    #[inline]
    pub fn sum_to<T: Shape + BroadcastTo<S>>(&self) -> Tensor<E, T> {
        self.sum_to_shape()
    }

    /// `sum_to` without the bound, for shapes known to be related (the keep-dim shapes of
    /// reductions, the operands of a broadcast in autodiff rules).
    #[inline]
    pub(crate) fn sum_to_shape<T: Shape>(&self) -> Tensor<E, T> {
        if T::NUMEL == S::NUMEL {
            // nothing is summed (the shapes differ at most by axes of size 1), and the elements
            // are in the same order: a copy, without the `0.0 + x` per element that adding into
            // zeros costs (the compiler may not drop it, as it turns -0.0 into 0.0)
            return self.clone().reinterpret();
        }
        let mut out = Tensor::<E, T>::zeros();
        sum_into(&BroadcastPlan::<S, T, S>::LOOP, self.as_slice(), out.as_mut_slice());
        out
    }

    /// The sum along axis `A`, which disappears from the shape (PyTorch's `sum(dim=A)`). From
    /// 2²⁰ elements the rows of the tensor are split between two threads, with the same result
    /// on one thread; a row of 2²⁰ elements or more is summed as [`sum`](Tensor::sum) sums it,
    /// so that the sum of a vector along its one axis has the bits of `sum()`.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let a: Tensor<f32, Shape![3, 4]> = Tensor::ones();
    /// assert_eq!(a.sum_axis::<0>(), tensor!([3., 3., 3., 3.]));
    /// assert_eq!(a.sum_axis::<1>(), tensor!([4., 4., 4.]));
    /// ```
    #[inline]
    pub fn sum_axis<const A: usize>(&self) -> Tensor<E::Acc, <S as RemoveAxis<A>>::Output>
    where
        S: RemoveAxis<A>,
    {
        self.sum_acc_to_shape::<<S as RemoveAxis<A>>::Kept>().reinterpret()
    }

    /// The sum along axis `A`, kept as an axis of size 1 (PyTorch's `sum(dim=A, keepdim=True)`).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let a: Tensor<f32, Shape![3, 4]> = Tensor::ones();
    /// let s = a.sum_axis_keepdim::<0>();
    /// assert_eq!(s.shape(), [1, 4]);
    /// assert_eq!(s, tensor!([[3., 3., 3., 3.]]));
    /// ```
    #[inline]
    pub fn sum_axis_keepdim<const A: usize>(&self) -> Tensor<E::Acc, <S as RemoveAxis<A>>::Kept>
    where
        S: RemoveAxis<A>,
    {
        self.sum_acc_to_shape()
    }

    /// The sum over several axes at once (PyTorch's `sum(dim=[0, 2])`).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let a: Tensor<f32, Shape![2, 5, 4]> = Tensor::ones();
    /// assert_eq!(a.sum_axes::<Axes![0, 2]>(), tensor!([8., 8., 8., 8., 8.]));
    /// ```
    #[inline]
    pub fn sum_axes<A>(&self) -> Tensor<E::Acc, <S as RemoveAxes<A>>::Output>
    where
        S: RemoveAxes<A>,
    {
        self.sum_acc_to_shape::<<S as RemoveAxes<A>>::Kept>().reinterpret()
    }

    /// The sum over several axes, kept as axes of size 1.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let a: Tensor<f32, Shape![2, 5, 4]> = Tensor::ones();
    /// assert_eq!(a.sum_axes_keepdim::<Axes![0, 2]>().shape(), [1, 5, 1]);
    /// ```
    #[inline]
    pub fn sum_axes_keepdim<A>(&self) -> Tensor<E::Acc, <S as RemoveAxes<A>>::Kept>
    where
        S: RemoveAxes<A>,
    {
        self.sum_acc_to_shape()
    }

    /// The largest element, as a rank-0 tensor; NaN if there is one (as in PyTorch). A tensor
    /// with no elements has no maximum: that is an error when the call is compiled.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// assert_eq!(tensor!([[1, 9], [4, 2]]).max().item(), 9);
    /// ```
    #[inline]
    pub fn max(&self) -> Tensor<E, ()> {
        const { NonEmpty::<S, 0, true>::OK };
        let s = self.as_slice();
        Tensor::full(extremum_at(s, (1, S::NUMEL, 1), 0, Greatest).1)
    }

    /// The smallest element, as a rank-0 tensor; NaN if there is one.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// assert_eq!(tensor!([[1, 9], [4, 2]]).min().item(), 1);
    /// ```
    #[inline]
    pub fn min(&self) -> Tensor<E, ()> {
        const { NonEmpty::<S, 0, true>::OK };
        let s = self.as_slice();
        Tensor::full(extremum_at(s, (1, S::NUMEL, 1), 0, Least).1)
    }

    /// The flat (row-major) index of the largest element, the first one on ties, as a rank-0
    /// `i64` tensor like `max()`'s result (PyTorch's `argmax()`, a `tensor(1)` of `int64`);
    /// `.item()` gives the number.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// assert_eq!(tensor!([[1, 9], [4, 9]]).argmax().item(), 1);
    /// ```
    #[inline]
    pub fn argmax(&self) -> Tensor<i64, ()> {
        const { NonEmpty::<S, 0, true>::OK };
        Tensor::full(extremum_at(self.as_slice(), (1, S::NUMEL, 1), 0, Greatest).0 as i64)
    }

    /// The flat (row-major) index of the smallest element, the first one on ties, as a rank-0
    /// `i64` tensor (PyTorch's `argmin()`).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// assert_eq!(tensor!([3, 1, 2, 1]).argmin().item(), 1);
    /// ```
    #[inline]
    pub fn argmin(&self) -> Tensor<i64, ()> {
        const { NonEmpty::<S, 0, true>::OK };
        Tensor::full(extremum_at(self.as_slice(), (1, S::NUMEL, 1), 0, Least).0 as i64)
    }

    /// The maximum along axis `A` (PyTorch's `amax(dim=A)`).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let a = tensor!([[1, 9, 3], [4, 2, 6]]);
    /// assert_eq!(a.max_axis::<0>(), tensor!([4, 9, 6]));
    /// assert_eq!(a.max_axis::<1>(), tensor!([9, 6]));
    /// ```
    #[inline]
    pub fn max_axis<const A: usize>(&self) -> Tensor<E, <S as RemoveAxis<A>>::Output>
    where
        S: RemoveAxis<A>,
    {
        const { NonEmpty::<S, A, false>::OK };
        self.extremum_values::<A>(Greatest)
    }

    /// The maximum along axis `A`, keeping the axis with size 1 (PyTorch's
    /// `amax(dim=A, keepdim=True)`).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let a = tensor!([[1, 9, 3], [4, 2, 6]]);
    /// assert_eq!(a.max_axis_keepdim::<1>(), tensor!([[9], [6]]));
    /// ```
    #[inline]
    pub fn max_axis_keepdim<const A: usize>(&self) -> Tensor<E, <S as RemoveAxis<A>>::Kept>
    where
        S: RemoveAxis<A>,
    {
        self.max_axis::<A>().reinterpret()
    }

    /// The minimum along axis `A` (PyTorch's `amin(dim=A)`).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let a = tensor!([[1, 9, 3], [4, 2, 6]]);
    /// assert_eq!(a.min_axis::<1>(), tensor!([1, 2]));
    /// ```
    #[inline]
    pub fn min_axis<const A: usize>(&self) -> Tensor<E, <S as RemoveAxis<A>>::Output>
    where
        S: RemoveAxis<A>,
    {
        const { NonEmpty::<S, A, false>::OK };
        self.extremum_values::<A>(Least)
    }

    /// The minimum along axis `A`, keeping the axis with size 1 (PyTorch's
    /// `amin(dim=A, keepdim=True)`).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let a = tensor!([[1, 9, 3], [4, 2, 6]]);
    /// assert_eq!(a.min_axis_keepdim::<0>(), tensor!([[1, 2, 3]]));
    /// ```
    #[inline]
    pub fn min_axis_keepdim<const A: usize>(&self) -> Tensor<E, <S as RemoveAxis<A>>::Kept>
    where
        S: RemoveAxis<A>,
    {
        self.min_axis::<A>().reinterpret()
    }

    /// The index of the maximum along axis `A` (PyTorch's `argmax(dim=A)`, as `i64`).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let a = tensor!([[1, 9, 3], [4, 2, 6]]);
    /// assert_eq!(a.argmax_axis::<1>(), tensor!([1i64, 2]));
    /// ```
    #[inline]
    pub fn argmax_axis<const A: usize>(&self) -> Tensor<i64, <S as RemoveAxis<A>>::Output>
    where
        S: RemoveAxis<A>,
    {
        const { NonEmpty::<S, A, false>::OK };
        self.extremum_indices::<A>(Greatest)
    }

    /// The index of the minimum along axis `A` (as `i64`).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let a = tensor!([[1, 9, 3], [4, 2, 6]]);
    /// assert_eq!(a.argmin_axis::<0>(), tensor!([0i64, 1, 0]));
    /// ```
    #[inline]
    pub fn argmin_axis<const A: usize>(&self) -> Tensor<i64, <S as RemoveAxis<A>>::Output>
    where
        S: RemoveAxis<A>,
    {
        const { NonEmpty::<S, A, false>::OK };
        self.extremum_indices::<A>(Least)
    }

    /// The elements along axis `A` that `order` prefers, the first on ties: one output position
    /// at a time ([`extremum_at`]) for rows of the last axis that are few or long, [`extrema_of_short_rows`]
    /// for many short ones, and [`extrema_of_slabs`] along any other axis.
    #[inline]
    fn extremum_values<const A: usize>(&self, order: impl Prefer) -> Tensor<E, <S as RemoveAxis<A>>::Output>
    where
        S: RemoveAxis<A>,
    {
        let (data, around) = (self.as_slice(), const { around(S::PADDED, S::RANK, A) });
        if around.2 == 1 && !by_short_rows(around) {
            return Tensor::from_fn_flat(|p| extremum_at(data, around, p, order).1);
        }
        let mut values = Tensor::zeros();
        extrema_into(data, around, order, values.as_mut_slice(), None);
        values
    }

    /// The indices of the elements along axis `A` that `order` prefers, the first on ties (see
    /// [`extremum_values`](Tensor::extremum_values)).
    #[inline]
    fn extremum_indices<const A: usize>(
        &self,
        order: impl Prefer,
    ) -> Tensor<i64, <S as RemoveAxis<A>>::Output>
    where
        S: RemoveAxis<A>,
    {
        let (data, around) = (self.as_slice(), const { around(S::PADDED, S::RANK, A) });
        if around.2 == 1 && !by_short_rows(around) {
            return Tensor::from_fn_flat(|p| extremum_at(data, around, p, order).0 as i64);
        }
        let mut values = Tensor::<E, <S as RemoveAxis<A>>::Output>::zeros();
        let mut index = Tensor::zeros();
        extrema_into(data, around, order, values.as_mut_slice(), Some(index.as_mut_slice()));
        index
    }
}

impl<E: Element, S: Shape> Tensor<E, S> {
    /// The mean of all elements, as a rank-0 tensor (NaN for an empty tensor, as in PyTorch).
    /// Only floating-point tensors have a mean: on integers it is a compile error (PyTorch
    /// fails at run time).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let a: Tensor<f32, Shape![3, 2]> = Tensor::arange();
    /// assert_eq!(a.mean().item(), 2.5);
    /// ```
    #[inline]
    pub fn mean(&self) -> Tensor<E, ()>
    where
        E: Float,
    {
        Tensor::full(reduce::sum(self.as_slice()) / E::from_usize(S::NUMEL))
    }

    /// The mean along axis `A` (PyTorch's `mean(dim=A)`).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let a: Tensor<f32, Shape![3, 2]> = Tensor::arange();
    /// assert_eq!(a.mean_axis::<0>(), tensor!([2., 3.]));
    /// ```
    #[inline]
    pub fn mean_axis<const A: usize>(&self) -> Tensor<E, <S as RemoveAxis<A>>::Output>
    where
        E: Float,
        S: RemoveAxis<A>,
    {
        let n = E::from_usize(<<S as RemoveAxis<A>>::Removed as crate::shape::Dimension>::SIZE);
        self.sum_axis::<A>() / n
    }

    /// The mean along axis `A`, kept as an axis of size 1.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let a: Tensor<f32, Shape![3, 2]> = Tensor::arange();
    /// assert_eq!(a.mean_axis_keepdim::<1>(), tensor!([[0.5], [2.5], [4.5]]));
    /// ```
    #[inline]
    pub fn mean_axis_keepdim<const A: usize>(&self) -> Tensor<E, <S as RemoveAxis<A>>::Kept>
    where
        E: Float,
        S: RemoveAxis<A>,
    {
        let n = E::from_usize(<<S as RemoveAxis<A>>::Removed as crate::shape::Dimension>::SIZE);
        self.sum_axis_keepdim::<A>() / n
    }

    /// The mean over several axes at once.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let a: Tensor<f32, Shape![2, 5, 4]> = Tensor::ones();
    /// assert_eq!(a.mean_axes::<Axes![0, 2]>(), tensor!([1., 1., 1., 1., 1.]));
    /// ```
    #[inline]
    pub fn mean_axes<A>(&self) -> Tensor<E, <S as RemoveAxes<A>>::Output>
    where
        E: Float,
        S: RemoveAxes<A>,
    {
        let kept = <<S as RemoveAxes<A>>::Output as Shape>::NUMEL;
        let n = S::NUMEL.checked_div(kept).unwrap_or(0);
        self.sum_axes::<A>() / E::from_usize(n)
    }

    /// The mean over several axes at once, keeping them with size 1 (PyTorch's
    /// `mean(dim=(..), keepdim=True)`).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let a: Tensor<f32, Shape![2, 3]> = tensor!([[1., 2., 3.], [4., 5., 6.]]);
    /// // PyTorch: a.mean(dim=(0, 1), keepdim=True) -> tensor([[3.5000]])
    /// assert_eq!(a.mean_axes_keepdim::<Axes![0, 1]>(), tensor!([[3.5]]));
    /// ```
    #[inline]
    pub fn mean_axes_keepdim<A>(&self) -> Tensor<E, <S as RemoveAxes<A>>::Kept>
    where
        E: Float,
        S: RemoveAxes<A>,
    {
        let kept = <<S as RemoveAxes<A>>::Output as Shape>::NUMEL;
        let n = S::NUMEL.checked_div(kept).unwrap_or(0);
        self.sum_axes_keepdim::<A>() / E::from_usize(n)
    }
}
