//! Reordering axes: `t`, `transpose`, `permute`. The result is a new contiguous tensor (PyTorch
//! returns a strided view; here every tensor is contiguous, and matrix products read their
//! operands transposed without a copy where they need to).

use core::marker::PhantomData;

use crate::checks::Message;
use crate::element::Element;
use crate::kernels::broadcast::{StridedLoop, gather};
use crate::shape::{MAX_RANK, Permute, Shape, SwapAxes, strides};
use crate::tensor::Tensor;

/// The copy plan for permuting shape `S` by `P` into `O`, and the check that `P` is a
/// permutation (see `checks.rs`: it fires under `cargo build`).
struct PermutePlan<S, P, O>(PhantomData<(S, P, O)>);
impl<S: Shape + Permute<P, Output = O>, P, O: Shape> PermutePlan<S, P, O> {
    const LOOP: StridedLoop<1> = {
        let axes = S::AXES;
        let src = strides(S::PADDED);
        let mut st = [0; MAX_RANK];
        let mut seen = [false; MAX_RANK];
        let off = MAX_RANK - S::RANK;
        let mut i = 0;
        while i < axes.len() {
            if seen[axes[i]] {
                Message::new().str("permute(): duplicate dims are not allowed: axis ").num(axes[i]).panic()
            }
            seen[axes[i]] = true;
            st[off + i] = src[off + axes[i]];
            i += 1;
        }
        StridedLoop::with_strides(O::PADDED, [st])
    };
}

impl<E: Element, S: Shape> Tensor<E, S> {
    /// The tensor with its axes reordered: axis `i` of the result is axis `P[i]` of `self`
    /// (PyTorch's `permute`). Each axis must be listed exactly once: an axis that does not
    /// exist is found by `cargo check`, a repeated one when the call is compiled.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x: Tensor<i32, Shape![2, 3, 4]> = Tensor::arange();
    /// let y = x.permute::<Axes![2, 0, 1]>();
    /// assert_eq!(y.shape(), [4, 2, 3]);
    /// assert_eq!(y.as_slice()[..3], [0, 4, 8]);
    /// ```
    #[inline]
    pub fn permute<P>(&self) -> Tensor<E, <S as Permute<P>>::Output>
    where
        S: Permute<P>,
    {
        let mut out = Tensor::<E, <S as Permute<P>>::Output>::zeros();
        gather(&PermutePlan::<S, P, <S as Permute<P>>::Output>::LOOP, self.as_slice(), out.as_mut_slice());
        out
    }

    /// The tensor with axes `I` and `J` exchanged (PyTorch's `transpose(I, J)`).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x: Tensor<i32, Shape![2, 3, 4]> = Tensor::arange();
    /// let y = x.transpose::<0, 2>();
    /// assert_eq!(y.shape(), [4, 3, 2]);
    /// assert_eq!(y.as_slice()[..2], [0, 12]);
    /// ```
    #[inline]
    pub fn transpose<const I: usize, const J: usize>(&self) -> Tensor<E, <S as SwapAxes<I, J>>::Output>
    where
        S: SwapAxes<I, J>,
    {
        let mut out = Tensor::<E, <S as SwapAxes<I, J>>::Output>::zeros();
        gather(
            &SwapPlan::<S, <S as SwapAxes<I, J>>::Output, I, J>::LOOP,
            self.as_slice(),
            out.as_mut_slice(),
        );
        out
    }
}

struct SwapPlan<S, O, const I: usize, const J: usize>(PhantomData<(S, O)>);
impl<S: Shape, O: Shape, const I: usize, const J: usize> SwapPlan<S, O, I, J> {
    const LOOP: StridedLoop<1> = {
        let mut st = strides(S::PADDED);
        let off = MAX_RANK - S::RANK;
        let t = st[off + I];
        st[off + I] = st[off + J];
        st[off + J] = t;
        StridedLoop::with_strides(O::PADDED, [st])
    };
}

impl<E: Element, D0: crate::shape::Dimension, D1: crate::shape::Dimension> Tensor<E, (D0, D1)> {
    /// The transpose of a matrix (PyTorch's `A.T`). The seed tests symmetry with
    /// `A == A.T` elementwise.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let a = tensor!([[1, 2, 3], [2, 0, 4], [3, 4, 5]]);
    /// assert!(a.eq(&a.t()).all()); // symmetric
    /// let b: Tensor<i32, Shape![2, 3]> = Tensor::arange();
    /// assert_eq!(b.t(), tensor!([[0, 3], [1, 4], [2, 5]]));
    /// ```
    #[inline]
    pub fn t(&self) -> Tensor<E, (D1, D0)> {
        self.transpose::<0, 1>()
    }
}
