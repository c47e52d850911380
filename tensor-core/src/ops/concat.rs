//! `cat` and `stack`.
//!
//! Both read like PyTorch's: `(&x, &y).cat::<0>()` is `torch.cat((x, y), dim=0)`, and
//! `[&x, &y].stack::<0>()` is `torch.stack((x, y), dim=0)`.

use core::marker::PhantomData;

use crate::checks::Message;
use crate::element::Element;
use crate::shape::{Concat, Dim, InsertAxis, MAX_RANK, Shape};
use crate::tensor::Tensor;

/// Copies `a` and `b` into `out`, alternating chunks: `outer` times, `chunk_a` elements of `a`
/// then `chunk_b` elements of `b`.
fn interleave<E: Copy>(out: &mut [E], a: &[E], chunk_a: usize, b: &[E], chunk_b: usize) {
    if chunk_a + chunk_b == 0 {
        return;
    }
    for (i, dst) in out.chunks_exact_mut(chunk_a + chunk_b).enumerate() {
        dst[..chunk_a].copy_from_slice(&a[i * chunk_a..(i + 1) * chunk_a]);
        dst[chunk_a..].copy_from_slice(&b[i * chunk_b..(i + 1) * chunk_b]);
    }
}

/// The number of elements from axis `axis` (in padded numbering) inwards.
const fn inner_numel(padded: [usize; MAX_RANK], axis: usize) -> usize {
    let mut n = 1;
    let mut i = axis;
    while i < MAX_RANK {
        n *= padded[i];
        i += 1;
    }
    n
}

/// `cat_to`'s check that the stated shape is the concatenation (see `checks.rs`).
struct CatShape<A, B, O, const AXIS: usize>(PhantomData<(A, B, O)>);
impl<A: Shape, B: Shape, O: Shape, const AXIS: usize> CatShape<A, B, O, AXIS> {
    const OK: () = {
        let ok = A::RANK == B::RANK && A::RANK == O::RANK && AXIS < A::RANK && {
            let mut ok = true;
            let mut i = MAX_RANK - A::RANK;
            while i < MAX_RANK {
                let axis = i == MAX_RANK - A::RANK + AXIS;
                if (axis && O::PADDED[i] != A::PADDED[i] + B::PADDED[i])
                    || (!axis && (O::PADDED[i] != A::PADDED[i] || B::PADDED[i] != A::PADDED[i]))
                {
                    ok = false;
                }
                i += 1;
            }
            ok
        };
        if !ok {
            Message::new()
                .str("cat of tensors of shapes ")
                .dims(A::PADDED, A::RANK)
                .str(" and ")
                .dims(B::PADDED, B::RANK)
                .str(" along dimension ")
                .num(AXIS)
                .str(" does not have the stated shape ")
                .dims(O::PADDED, O::RANK)
                .panic()
        }
    };
}

/// `torch.cat` for a pair of tensors: `(&x, &y).cat::<AXIS>()`.
pub trait Cat {
    /// The element type.
    type Elem: Element;
    /// The shape of the first tensor.
    type Lhs: Shape;
    /// The shape of the second tensor.
    type Rhs: Shape;

    /// Joins the two tensors along axis `AXIS`. The other sizes must agree, and the result's
    /// size along `AXIS` is the sum, computed by the compiler (for sizes within the range of
    /// compile-time size arithmetic, 0..=1024 and powers of 2 and 10; use
    /// [`cat_to`](Cat::cat_to) beyond it).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x: Tensor<f32, Shape![3, 4]> = Tensor::arange();
    /// let y = tensor!([[2., 1., 4., 3.], [1., 2., 3., 4.], [4., 3., 2., 1.]]);
    /// assert_eq!((&x, &y).cat::<0>().shape(), [6, 4]);
    /// assert_eq!((&x, &y).cat::<1>().shape(), [3, 8]);
    /// ```
    fn cat<const AXIS: usize>(self) -> Tensor<Self::Elem, <Self::Lhs as Concat<Self::Rhs, AXIS>>::Output>
    where
        Self::Lhs: Concat<Self::Rhs, AXIS>;

    /// Like [`cat`](Cat::cat), with the result shape `O` written out, for sizes beyond the
    /// range of compile-time size arithmetic. The shape is checked when the call is compiled
    /// (`cargo build`), not by `cargo check`.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x: Tensor<f32, Shape![30000, 2]> = Tensor::zeros();
    /// let y: Tensor<f32, Shape![30000, 2]> = Tensor::ones();
    /// let z = (&x, &y).cat_to::<0, Shape![60000, 2]>();
    /// assert_eq!(z.sum().item(), 60000.0);
    /// ```
    fn cat_to<const AXIS: usize, O: Shape>(self) -> Tensor<Self::Elem, O>;
}

impl<E: Element, SA: Shape, SB: Shape> Cat for (&Tensor<E, SA>, &Tensor<E, SB>) {
    type Elem = E;
    type Lhs = SA;
    type Rhs = SB;

    fn cat<const AXIS: usize>(self) -> Tensor<E, <SA as Concat<SB, AXIS>>::Output>
    where
        SA: Concat<SB, AXIS>,
    {
        self.cat_to::<AXIS, <SA as Concat<SB, AXIS>>::Output>()
    }

    fn cat_to<const AXIS: usize, O: Shape>(self) -> Tensor<E, O> {
        const { CatShape::<SA, SB, O, AXIS>::OK };
        let (a, b) = self;
        let first = MAX_RANK - SA::RANK + AXIS;
        let mut out = Tensor::<E, O>::zeros();
        interleave(
            out.as_mut_slice(),
            a.as_slice(),
            inner_numel(SA::PADDED, first),
            b.as_slice(),
            inner_numel(SB::PADDED, first),
        );
        out
    }
}

/// `torch.stack` for an array of tensors of one shape: `[&x, &y].stack::<AXIS>()` inserts a new
/// axis of size `K` (the number of tensors) at position `AXIS`.
///
/// The new axis is `Dim<K>`, also when `K` is 1: stacking a single tensor gives an axis of
/// type `Dim<1>`, which does not broadcast like a `One`; use `unsqueeze::<AXIS>()` for that.
pub trait Stack {
    /// The element type.
    type Elem: Element;
    /// The shape of each tensor.
    type Item: Shape;
    /// The number of tensors.
    const COUNT: usize;
    /// The dimension of the new axis.
    type Count: crate::shape::Dimension;

    /// Stacks the tensors along a new axis `AXIS`.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x = tensor!([1, 2, 3]);
    /// let y = tensor!([4, 5, 6]);
    /// assert_eq!([&x, &y].stack::<0>(), tensor!([[1, 2, 3], [4, 5, 6]]));
    /// assert_eq!([&x, &y].stack::<1>(), tensor!([[1, 4], [2, 5], [3, 6]]));
    /// ```
    fn stack<const AXIS: usize>(
        self,
    ) -> Tensor<Self::Elem, <Self::Item as InsertAxis<AXIS, Self::Count>>::Output>
    where
        Self::Item: InsertAxis<AXIS, Self::Count>;
}

impl<E: Element, S: Shape, const K: usize> Stack for [&Tensor<E, S>; K] {
    type Elem = E;
    type Item = S;
    const COUNT: usize = K;
    type Count = Dim<K>;

    fn stack<const AXIS: usize>(self) -> Tensor<E, <S as InsertAxis<AXIS, Dim<K>>>::Output>
    where
        S: InsertAxis<AXIS, Dim<K>>,
    {
        let mut out = Tensor::<E, <S as InsertAxis<AXIS, Dim<K>>>::Output>::zeros();
        let chunk = inner_numel(S::PADDED, MAX_RANK - S::RANK + AXIS);
        if chunk > 0 {
            let dst = out.as_mut_slice();
            for (i, block) in dst.chunks_exact_mut(chunk * K).enumerate() {
                for (k, t) in self.iter().enumerate() {
                    block[k * chunk..(k + 1) * chunk]
                        .copy_from_slice(&t.as_slice()[i * chunk..(i + 1) * chunk]);
                }
            }
        }
        out
    }
}
