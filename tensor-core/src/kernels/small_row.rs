//! One output row of a small matrix product, chosen by the element type.
//!
//! Every element type computes a row with the generic loop ([`gemm::block`]), except `f32` rows
//! of 3, 5 and 7 columns, which are built on 4-lane vectors ([`wide::f32x4`]). Left to
//! itself, the compiler packs elements of different rows into one register for 3 and 5
//! columns, at the cost of a shuffle for nearly every multiply, and splits a row of 7 into
//! vectors of 4, 2 and 1.
//!
//! - **5 columns**: the first four in a vector, the fifth in a scalar. Measured in a standalone
//!   copy against nalgebra's `SMatrix` (whose product compiles to the same code as the loop
//!   there): 213 instructions per 5 × 5 product instead of 252 (callgrind), 9.5–11 ns instead
//!   of 12.4–13.
//! - **7 columns**: two vectors that overlap, columns 0 to 3 and 3 to 6, each loaded straight
//!   from its row of `b`; column 3 is taken from the first. 7 × 7: 443 instructions instead of
//!   564 (nalgebra 591), 31–33 ns instead of 40–43 in a timing loop.
//! - **3 columns**: in lanes 1 to 3 of a vector. Row `p` of `b` is loaded from element
//!   `3p − 1`, so that its first lane holds the last element of row `p − 1`, and row 0 is
//!   rotated into place from the first four elements of `b` (hence `k > 1`: with one row, the
//!   fourth element is past the end). 3 × 3: 56 instructions instead of 68, 2.8–2.9 ns
//!   instead of 3.5 (nalgebra 3.3–3.6).
//!
//! 4 and 6 columns keep the loop: at 4 the compiler's code is one vector per row already, and
//! 6 columns as two overlapping vectors took 311 instructions instead of 318 but were 4–10 %
//! slower (the upper columns need a shuffle before they are stored).
//!
//! **Every lane is filled from the operands' own elements.** The compiler may fill a lane whose
//! result is dropped from any memory it knows it can read. An earlier 3-column kernel kept the
//! columns in lanes 0 to 2 and dropped lane 3; for the last row of `b`, the compiler loaded the
//! element past its end, which in an inline buffer is uninitialised. When that held a denormal
//! bit pattern (as the halves of pointers and small integers do), the multiply took a microcode
//! assist and a 3 × 3 product 35 ns instead of 3. Here the dropped lanes are lane 0 of a
//! vector (3 columns, and the upper vector of 7), and each load that fills one ends at the last
//! element of its row: reading further would cost the compiler a shuffle, not save one. With
//! denormals written past the end of both operands, the products of 3 and 7 columns (3 × 3,
//! 7 × 7, `[3, 5] · [5, 3]`, a vector times `[3, 3]`, `matmul_into`) take the same time as
//! without.
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
        if M == 5 && k > 0 {
            four_and_one::<M>(k, a, b)
        } else if M == 7 && k > 0 {
            overlapping::<M>(k, a, b)
        } else if M == 3 && k > 1 {
            three_in_lanes_1_to_3::<M>(k, a, b)
        } else {
            gemm::block::<f32, M, 1>(k, a, b)[0]
        }
    }
}

/// The row for 7 columns (`M`, `k > 0`): columns 0 to 3 in one vector, 3 to 6 in another,
/// both loaded straight from each row of `b`. Lane 0 of the second is dropped.
#[inline(always)]
fn overlapping<const M: usize>(k: usize, a: &[f32], b: &[f32]) -> [f32; M] {
    let (a, b) = (&a[..k], &b[..k * M]);
    let four = |s: &[f32]| f32x4::new([s[0], s[1], s[2], s[3]]);
    let mut lo = f32x4::splat(a[0]) * four(&b[..M]);
    let mut hi = f32x4::splat(a[0]) * four(&b[M - 4..M]);
    for p in 1..k {
        let (ap, row) = (f32x4::splat(a[p]), &b[p * M..][..M]);
        lo += ap * four(row);
        hi += ap * four(&row[M - 4..]);
    }
    let (lo, hi) = (lo.to_array(), hi.to_array());
    let mut row = [0.0; M];
    for (j, x) in row.iter_mut().enumerate() {
        *x = if j < 4 { lo[j] } else { hi[j + 4 - M] };
    }
    row
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

/// The row for 3 columns (`M`, `k > 1`), in lanes 1 to 3 of a vector: row `p` of `b` from
/// element `3p − 1` on, row 0 rotated from the first four elements. Lane 0 is dropped.
#[inline(always)]
fn three_in_lanes_1_to_3<const M: usize>(k: usize, a: &[f32], b: &[f32]) -> [f32; M] {
    let (a, b) = (&a[..k], &b[..k * M]);
    let mut lanes = f32x4::splat(a[0]) * f32x4::new([b[3], b[0], b[1], b[2]]);
    for p in 1..k {
        let s = &b[p * M - 1..][..4];
        lanes += f32x4::splat(a[p]) * f32x4::new([s[0], s[1], s[2], s[3]]);
    }
    let lanes = lanes.to_array();
    let mut row = [0.0; M];
    for (j, x) in row.iter_mut().enumerate() {
        *x = lanes[j + 1];
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

    /// The same for 3 and 7 columns, whose vectors start one element before a row or overlap.
    #[test]
    fn vector_rows_of_three_and_seven_match_the_loop() {
        fn check<const M: usize>(ks: core::ops::RangeInclusive<usize>) {
            for k in ks {
                let a: Vec<f32> = (0..k).map(|i| 0.5 - i as f32 * 0.75).collect();
                let b: Vec<f32> = (0..k * M).map(|i| if i == 1 { -0.0 } else { (i as f32).cos() }).collect();
                let fast = <f32 as SmallRow>::small_row::<M>(k, &a, &b);
                let slow = gemm::block::<f32, M, 1>(k, &a, &b)[0];
                assert_eq!(fast.map(f32::to_bits), slow.map(f32::to_bits), "M = {M}, k = {k}");
            }
        }
        check::<3>(2..=6);
        check::<7>(1..=8);
    }

    #[test]
    fn three_columns() {
        let a = [1.0f32, 2.0, -1.0];
        let b = [1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0];
        assert_eq!(<f32 as SmallRow>::small_row::<3>(3, &a, &b), [2.0, 4.0, 6.0]);
        // one row of `b` takes the loop
        assert_eq!(<f32 as SmallRow>::small_row::<3>(1, &a, &b[..3]), [1.0, 2.0, 3.0]);
    }

    #[test]
    fn seven_columns() {
        let a = [2.0f32, -1.0];
        let b: Vec<f32> = (1..=14).map(|i| i as f32).collect();
        assert_eq!(<f32 as SmallRow>::small_row::<7>(2, &a, &b), [-6.0, -5.0, -4.0, -3.0, -2.0, -1.0, 0.0]);
    }

    #[test]
    fn five_columns() {
        let a = [1.0f32, 2.0];
        let b = [1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0];
        assert_eq!(<f32 as SmallRow>::small_row::<5>(2, &a, &b), [13.0, 16.0, 19.0, 22.0, 25.0]);
    }
}
