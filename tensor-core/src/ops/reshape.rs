//! Reshaping and explicit broadcasting.

use core::marker::PhantomData;

use crate::checks::Message;
use crate::element::Element;
use crate::kernels::broadcast::{BroadcastPlan, zip2};
use crate::shape::{BroadcastTo, InsertAxis, One, RemoveAxis, ResolveShape, Shape, Squeezable};
use crate::tensor::Tensor;

/// `reshape`'s element-count check (see `checks.rs`: it fires under `cargo build`). The
/// target is shown as written, with PyTorch's `-1` where it has `_`.
struct SameNumel<From, Target>(PhantomData<(From, Target)>);
impl<From: Shape, Target: ResolveShape<From>> SameNumel<From, Target> {
    const OK: () = if From::NUMEL != Target::Output::NUMEL {
        Message::new()
            .str("shape '")
            .dims_inferred(Target::Output::PADDED, Target::Output::RANK, Target::INFERRED)
            .str("' is invalid for input of size ")
            .num(From::NUMEL)
            .panic()
    };
}

impl<E: Element, S: Shape> Tensor<E, S> {
    /// The same elements in another shape, in the same row-major order. No data moves.
    ///
    /// One target size may be `_`, PyTorch's `-1`, to be worked out by the compiler (this needs
    /// the sizes to be in the range of compile-time size arithmetic: 0..=1024, powers of 2 and
    /// of 10). A different element count is an error with PyTorch's message,
    /// `shape '[4, 2]' is invalid for input of size 6`, reported by `cargo build` (not by
    /// `cargo check`: comparing two products of arbitrary sizes is beyond stable Rust's trait
    /// system, so this check runs when the call is compiled).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let a: Tensor<f32, Shape![12]> = Tensor::arange();
    /// let a = a.reshape::<Shape![3, 4]>();
    /// assert_eq!(a.shape(), [3, 4]);
    /// let y: Tensor<f32, Shape![1000]> = Tensor::zeros();
    /// assert_eq!(y.reshape::<Shape![_, 1]>().shape(), [1000, 1]);
    /// ```
    #[inline]
    pub fn reshape<T: ResolveShape<S>>(self) -> Tensor<E, T::Output> {
        const { SameNumel::<S, T>::OK };
        self.reinterpret()
    }

    /// Inserts an axis of size 1 at position `AXIS` (PyTorch's `unsqueeze`).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x: Tensor<f32, Shape![3]> = Tensor::arange();
    /// assert_eq!(x.unsqueeze::<1>().shape(), [3, 1]);
    /// ```
    #[inline]
    pub fn unsqueeze<const AXIS: usize>(self) -> Tensor<E, <S as InsertAxis<AXIS, One>>::Output>
    where
        S: InsertAxis<AXIS, One>,
    {
        self.reinterpret()
    }

    /// Removes an axis of size 1 (PyTorch's `squeeze(dim)`); an axis of any other size is a
    /// compile error.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x: Tensor<f32, Shape![3, 1]> = Tensor::arange();
    /// assert_eq!(x.squeeze::<1>().shape(), [3]);
    /// ```
    #[inline]
    pub fn squeeze<const AXIS: usize>(self) -> Tensor<E, <S as RemoveAxis<AXIS>>::Output>
    where
        S: RemoveAxis<AXIS>,
        <S as RemoveAxis<AXIS>>::Removed: Squeezable,
    {
        self.reinterpret()
    }

    /// The tensor repeated along stretched axes to shape `T` (PyTorch's `expand`, copied).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let b = tensor!([[1], [2]]);
    /// let e = b.broadcast_to::<Shape![2, 3]>();
    /// assert_eq!(e, tensor!([[1, 1, 1], [2, 2, 2]]));
    /// ```
    #[inline]
    pub fn broadcast_to<T: Shape>(&self) -> Tensor<E, T>
    where
        S: BroadcastTo<T>,
    {
        self.broadcast_to_shape()
    }

    /// `broadcast_to` without the bound, for shapes known to be related.
    #[inline]
    pub(crate) fn broadcast_to_shape<T: Shape>(&self) -> Tensor<E, T> {
        let mut out = Tensor::<E, T>::zeros();
        zip2(&BroadcastPlan::<S, S, T>::LOOP, self.as_slice(), self.as_slice(), out.as_mut_slice(), |x, _| x);
        out
    }

    /// The same elements seen with another shape of the same element count (for shapes known
    /// to be related, such as a reduction's result and its keep-dim form). Panics if the counts
    /// differ, a test the compiler decides, as both shapes are types.
    #[crate::hot]
    pub(crate) fn reinterpret<T: Shape>(self) -> Tensor<E, T> {
        Tensor { buf: self.buf.into_shape() }
    }

    /// Returns a copy of the tensor, cut off from gradients: inside `grad!`, `y.detach()` is a
    /// constant (PyTorch's `detach`). Outside `grad!` it is a plain copy.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x = tensor!([1.0, 2.0]);
    /// assert_eq!(x.detach(), x);
    /// ```
    #[inline]
    pub fn detach(&self) -> Self {
        self.clone()
    }
}
