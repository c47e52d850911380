//! Cumulative sums and products along an axis: `cumsum::<A>()`, `cumprod::<A>()`.
//!
//! As PyTorch's CPU kernels, each running result starts from the identity (`0`, `1`) and is
//! kept in the accumulator type `at::acc_type` (`f64` for floating-point elements, `i64` for
//! integers), each output rounded from it; so `cumsum([-0.0])` is `0.0`, and a long `f32` axis
//! keeps its precision.

use num_traits::{NumCast, Zero};

use crate::element::{Num, is_float};
use crate::shape::{RemoveAxis, Shape, around};
use crate::tensor::Tensor;

/// `out[.., k, ..] = x[.., 0, ..] ∘ … ∘ x[.., k, ..]` along the axis described by `around`
/// (`outer × n × inner`; from the last element backwards with `reverse`), the running results
/// in `T`, one per position of the inner axes.
#[allow(clippy::too_many_arguments, reason = "one loop for both directions and every type")]
fn scan_into<E: Num, O: Num, T: Copy>(
    x: &[E],
    out: &mut [O],
    (outer, n, inner): (usize, usize, usize),
    reverse: bool,
    identity: T,
    widen: impl Fn(E) -> T,
    op: impl Fn(T, T) -> T,
    narrow: impl Fn(T) -> O,
) {
    let mut acc = vec![identity; inner];
    for o in 0..outer {
        acc.fill(identity);
        for step in 0..n {
            let k = if reverse { n - 1 - step } else { step };
            let base = (o * n + k) * inner;
            for (i, a) in acc.iter_mut().enumerate() {
                *a = op(*a, widen(x[base + i]));
                out[base + i] = narrow(*a);
            }
        }
    }
}

/// The scan of `x` along axis `A` with `op` (identity `identity`), as the module doc says.
fn accumulate<E: Num, S: Shape + RemoveAxis<A>, const A: usize>(
    x: &Tensor<E, S>,
    reverse: bool,
    identity: i64,
    op_f: fn(f64, f64) -> f64,
    op_i: fn(E::Acc, E::Acc) -> E::Acc,
) -> Tensor<E::Acc, S> {
    let mut out = Tensor::<E::Acc, S>::zeros();
    let around = const { around(S::PADDED, S::RANK, A) };
    if is_float::<E>() {
        let widen = |v: E| v.to_f64().unwrap_or(f64::NAN);
        let narrow = |t: f64| <E::Acc as NumCast>::from(t).unwrap_or_else(E::Acc::zero);
        scan_into(x.as_slice(), out.as_mut_slice(), around, reverse, identity as f64, widen, op_f, narrow);
    } else {
        let identity = <E::Acc as NumCast>::from(identity).unwrap_or_else(E::Acc::zero);
        scan_into(x.as_slice(), out.as_mut_slice(), around, reverse, identity, E::to_acc, op_i, |t| t);
    }
    out
}

impl<E: Num, S: Shape> Tensor<E, S> {
    /// The cumulative sum along axis `A`: element `k` is the sum of elements `0..=k` (PyTorch's
    /// `x.cumsum(dim=A)`, d2l §2.3's `A.cumsum(axis=0)`). Integers are summed in `i64`, as by
    /// [`Tensor::sum`] and PyTorch; floats are accumulated in `f64`, as PyTorch's CPU kernel.
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
        accumulate::<E, S, A>(self, false, 0, |a, b| a + b, |a, b| a + b)
    }

    /// The sums along axis `A` from each element to the last (the reverse rule of `cumsum`).
    #[inline]
    pub(crate) fn cumsum_from_end<const A: usize>(&self) -> Tensor<E::Acc, S>
    where
        S: RemoveAxis<A>,
    {
        accumulate::<E, S, A>(self, true, 0, |a, b| a + b, |a, b| a + b)
    }

    /// The cumulative product along axis `A` (PyTorch's `x.cumprod(dim=A)`), in the
    /// accumulator types of [`Tensor::cumsum`].
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
        accumulate::<E, S, A>(self, false, 1, |a, b| a * b, |a, b| a * b)
    }
}
