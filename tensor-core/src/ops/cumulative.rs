//! Cumulative sums and products along an axis: `cumsum::<A>()`, `cumprod::<A>()`.

use crate::element::Num;
use crate::shape::{RemoveAxis, Shape, around};
use crate::tensor::Tensor;

/// `data` scanned in place along the axis described by `around` (`outer × n × inner`), each
/// element replaced by `f` of the previous result and itself; from the last element backwards
/// with `reverse`.
#[inline]
fn scan<E: Num>(
    data: &mut [E],
    (outer, n, inner): (usize, usize, usize),
    reverse: bool,
    f: impl Fn(E, E) -> E,
) {
    for o in 0..outer {
        let slab = &mut data[o * n * inner..(o + 1) * n * inner];
        for step in 1..n {
            let (from, to) = if reverse { (n - step, n - step - 1) } else { (step - 1, step) };
            for i in 0..inner {
                slab[to * inner + i] = f(slab[from * inner + i], slab[to * inner + i]);
            }
        }
    }
}

impl<E: Num, S: Shape> Tensor<E, S> {
    /// The cumulative sum along axis `A`: element `k` is the sum of elements `0..=k` (PyTorch's
    /// `x.cumsum(dim=A)`, d2l §2.3's `A.cumsum(axis=0)`). Integers are summed in `i64`, as by
    /// [`Tensor::sum`] and PyTorch.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let a = tensor!([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]);
    /// assert_eq!(a.cumsum::<0>(), tensor!([[0.0, 1.0, 2.0], [3.0, 5.0, 7.0]]));
    /// assert_eq!(a.cumsum::<1>(), tensor!([[0.0, 1.0, 3.0], [3.0, 7.0, 12.0]]));
    /// let _: Tensor<i64, Shape![2]> = tensor!([i32::MAX, 1]).cumsum::<0>();
    /// ```
    #[inline]
    pub fn cumsum<const A: usize>(&self) -> Tensor<E::Acc, S>
    where
        S: RemoveAxis<A>,
    {
        let mut out = self.map(E::to_acc);
        scan(out.as_mut_slice(), const { around(S::PADDED, S::RANK, A) }, false, |p, x| p + x);
        out
    }

    /// The sums along axis `A` from each element to the last (the reverse rule of `cumsum`).
    #[inline]
    pub(crate) fn cumsum_from_end<const A: usize>(&self) -> Tensor<E, S>
    where
        S: RemoveAxis<A>,
    {
        let mut out = self.clone();
        scan(out.as_mut_slice(), const { around(S::PADDED, S::RANK, A) }, true, |p, x| p + x);
        out
    }

    /// The cumulative product along axis `A` (PyTorch's `x.cumprod(dim=A)`), in the
    /// accumulator type as [`Tensor::cumsum`].
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// assert_eq!(tensor!([1, 2, 3, 4]).cumprod::<0>(), tensor!([1i64, 2, 6, 24]));
    /// ```
    #[inline]
    pub fn cumprod<const A: usize>(&self) -> Tensor<E::Acc, S>
    where
        S: RemoveAxis<A>,
    {
        let mut out = self.map(E::to_acc);
        scan(out.as_mut_slice(), const { around(S::PADDED, S::RANK, A) }, false, |p, x| p * x);
        out
    }
}
