//! One output row of a small matrix product, chosen by the element type.
//!
//! Every element type computes a row with the generic loop ([`gemm::block`]), except `f32` rows
//! of 5 columns, which are built on a 4-lane vector ([`wide::f32x4`]) for the first four columns
//! and a scalar for the fifth. Left to itself, the compiler vectorises a product with 5 columns
//! by packing elements of different rows into one register, at the cost of a shuffle for nearly
//! every multiply. Measured in a standalone copy against nalgebra's `SMatrix` (whose product
//! compiles to the same code as the loop there): 213 instructions per 5 × 5 product instead of
//! 252 (callgrind), 9.5–11 ns instead of 12.4–13. At 4, 6 and 7 columns a vector gained
//! nothing (72 instructions against 72, 333 against 316, 610 against 603), so those keep the
//! loop.
//!
//! 3 columns would gain too (51 instructions instead of 68), but only with a fourth lane whose
//! result is dropped, and the compiler may fill such a lane from any memory it knows it can
//! read: it loaded the element past the end of `b`, which in an inline buffer is uninitialised.
//! When that held a denormal bit pattern (as the halves of pointers and small integers do), the
//! multiply took a microcode assist and a 3 × 3 product 35 ns instead of 3. Every lane used
//! here is a result that is kept.
//!
//! `wide` is used rather than `core::arch`: its vectors are built from arrays and read back
//! without `unsafe`, and it compiles to SSE on x86-64 and to plain arrays elsewhere.

use wide::f32x4;

use crate::element::Num;
use crate::kernels::gemm;

/// The row kernel of an element type: sealed, as it is a supertrait of [`Num`].
pub trait SmallRow: Sized {
    /// `a (1×k, the first k elements) · b (k×M)`, the accumulators starting from the first
    /// product (see [`gemm::block`]).
    #[inline(always)]
    fn small_row<const M: usize>(k: usize, a: &[Self], b: &[Self]) -> [Self; M]
    where
        Self: Num,
    {
        gemm::block::<Self, M, 1>(k, a, b)[0]
    }
}

impl SmallRow for f64 {}
impl SmallRow for i32 {}
impl SmallRow for i64 {}

impl SmallRow for f32 {
    #[inline(always)]
    fn small_row<const M: usize>(k: usize, a: &[f32], b: &[f32]) -> [f32; M] {
        if M == 5 && k > 0 { four_and_one::<M>(k, a, b) } else { gemm::block::<f32, M, 1>(k, a, b)[0] }
    }
}

/// The row for 5 columns (`M`, `k > 0`): columns 0 to 3 in one vector, column 4 in a scalar.
#[inline(always)]
fn four_and_one<const M: usize>(k: usize, a: &[f32], b: &[f32]) -> [f32; M] {
    let (a, b) = (&a[..k], &b[..k * M]);
    let four = |p: usize| {
        let s = &b[p * M..][..4];
        f32x4::new([s[0], s[1], s[2], s[3]])
    };
    let mut lanes = f32x4::splat(a[0]) * four(0);
    let mut last = a[0] * b[4];
    for p in 1..k {
        lanes += f32x4::splat(a[p]) * four(p);
        last += a[p] * b[p * M + 4];
    }
    let lanes = lanes.to_array();
    let mut row = [0.0; M];
    for (j, x) in row.iter_mut().enumerate() {
        *x = if j < 4 { lanes[j] } else { last };
    }
    row
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The vector rows against the generic loop, bit for bit (both add the products in the same
    /// order), for every `k` up to 6, with a negative zero among the products.
    #[test]
    fn vector_rows_match_the_loop() {
        for k in 1..=6 {
            let a: Vec<f32> = (0..k).map(|i| 0.5 - i as f32 * 0.75).collect();
            let b: Vec<f32> = (0..k * 5).map(|i| if i == 0 { -0.0 } else { (i as f32).sin() }).collect();
            let fast = <f32 as SmallRow>::small_row::<5>(k, &a, &b);
            let slow = gemm::block::<f32, 5, 1>(k, &a, &b)[0];
            assert_eq!(fast.map(f32::to_bits), slow.map(f32::to_bits), "k = {k}");
        }
    }

    #[test]
    fn five_columns() {
        let a = [1.0f32, 2.0];
        let b = [1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0];
        assert_eq!(<f32 as SmallRow>::small_row::<5>(2, &a, &b), [13.0, 16.0, 19.0, 22.0, 25.0]);
    }
}
