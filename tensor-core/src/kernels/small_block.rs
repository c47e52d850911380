//! A block of output rows of a small matrix product, chosen by the element type.
//!
//! Every element type computes a small product one row at a time with the generic loop
//! ([`gemm::block`]), or two rows at a time where two rows of 2 columns fill a vector, except
//! `f32` rows of 3, 5, 6 and 7 columns, which are built on 4-lane vectors ([`wide::f32x4`]),
//! and the `f32` 2 × 2 product.
//! Left to itself, the compiler packs elements of different rows into one register for 3 and 5
//! columns, at the cost of a shuffle for nearly every multiply, and splits a row of 6 into
//! vectors of 4 and 2 and a row of 7 into vectors of 4, 2 and 1.
//!
//! - **3 columns**: in lanes 1 to 3 of a vector. Row `p` of `b` is loaded from element
//!   `3p − 1`, so that its first lane holds the last element of row `p − 1`, and row 0 is
//!   rotated into place from the first four elements of `b` (hence `k > 1`: with one row, the
//!   fourth element is past the end). One vector multiply and addition per step, with no
//!   shuffle but the splat of `a[p]` (and row 0's rotation).
//! - **5 columns**: the first four in a vector, the fifth in a scalar, again with no shuffle
//!   but the splat (nalgebra's `SMatrix` product compiles to the same packed code as the loop).
//! - **6 columns, two rows at a time**, in 2 × 2 tiles: one vector holds `c[i][j]`,
//!   `c[i][j+1]`, `c[i+1][j]` and `c[i+1][j+1]`, as the sum over `p` of
//!   `[a[i][p], a[i][p], a[i+1][p], a[i+1][p]] · [b[p][j], b[p][j+1], b[p][j], b[p][j+1]]`. The
//!   row loop spends one shuffle (a splat of `a[i][p]`) on every vector multiply and half of
//!   its multiplies on 2-lane vectors; here one shuffle builds the `a` operand of three full
//!   multiplies, and the `b` operands are shared by all pairs of rows. Every lane is a result.
//! - **7 columns**: two vectors that overlap, columns 0 to 3 and 3 to 6, each loaded straight
//!   from its row of `b`; column 3 is taken from the first. Two full vectors per row, where the
//!   compiler splits a row into vectors of 4, 2 and 1.
//!
//! - **2 × 2** (two rows of 2 columns with `k = 2`, as in `[n, 2] · [2, 2]`): the whole block
//!   in one vector from three shuffles of the operands as they lie, not four.
//!
//! 4 columns keep the loop: its code is one vector per row already, and tiles need as many
//! shuffles there. The shuffles and the arithmetic share the same three execution ports, so a
//! form is faster only if it needs fewer of all three together, not fewer instructions; that
//! is also why 5 columns use a vector and a scalar rather than tiles. The measurements behind
//! each form, and the forms tried and not kept, are in `docs/benchmark-history.md`.
//!
//! **Every lane is filled from the operands' own elements.** The compiler may fill a lane whose
//! result is dropped from any memory it knows it can read. Past the end of `b` that can be the
//! uninitialised tail of an inline buffer, and when that holds a denormal bit pattern (as the
//! halves of pointers and small integers do), the multiply takes a microcode assist that costs
//! many times the whole product. Here the dropped lanes are lane 0 of a vector (3 columns, and
//! the upper vector of 7), and each load that fills one ends at the last element of its row
//! (for row 0 of 3 columns, at the first element of row 1, hence `k > 1`): reading further
//! would cost the compiler a shuffle, not save one.
//!
//! `wide` is used rather than `core::arch`: its vectors are built from arrays and read back
//! without `unsafe`, and it compiles to SSE on x86-64 and to plain arrays elsewhere. `wide`
//! has no shuffle by a constant, so the 2 × 2 kernel uses `safe_arch` (safe wrappers of the
//! SSE intrinsics, by the same author) on x86-64 and the loop elsewhere.

use wide::f32x4;

use crate::element::sealed::SmallBlock;
use crate::kernels::gemm;

/// The generic kernels, for the element types without kernels of their own.
macro_rules! generic_small_block {
    ($($t:ty),*) => {$(
        impl SmallBlock for $t {
            #[crate::hot]
            fn pairs<const M: usize>() -> bool {
                gemm::pairs::<$t, M>()
            }
            #[crate::hot]
            fn small_block<const M: usize, const R: usize>(k: usize, a: &[$t], b: &[$t]) -> [[$t; M]; R] {
                gemm::block::<$t, M, R>(k, a, b)
            }
        }
    )*};
}
generic_small_block!(f64, i32, i64);

impl SmallBlock for f32 {
    #[crate::hot]
    fn pairs<const M: usize>() -> bool {
        M == 6 || gemm::pairs::<f32, M>()
    }

    #[crate::hot]
    fn small_block<const M: usize, const R: usize>(k: usize, a: &[f32], b: &[f32]) -> [[f32; M]; R] {
        // the generic loop's blocks are returned as they are, not through `rows`: assigned
        // into a zeroed array of blocks first, the 2 × 2 product compiles to more instructions
        let rows = |first: [f32; M], second: [f32; M]| {
            let mut rows = [[0.0; M]; R];
            rows[0] = first;
            if R > 1 {
                rows[1] = second;
            }
            rows
        };
        if R == 1 && M == 5 && k > 0 {
            rows(four_and_one::<M>(k, a, b), [0.0; M])
        } else if R == 1 && M == 7 && k > 0 {
            rows(overlapping::<M>(k, a, b), [0.0; M])
        } else if R == 1 && M == 3 && k > 1 {
            rows(three_in_lanes_1_to_3::<M>(k, a, b), [0.0; M])
        } else if R == 2 && M == 2 && k == 2 {
            two_by_two::<M, R>(a, b)
        } else if R == 2 && M == 6 && k > 0 {
            let [first, second] = tiles::<M>(k, a, b);
            rows(first, second)
        } else {
            gemm::block::<f32, M, R>(k, a, b)
        }
    }
}

/// Two rows of 6 columns (`M`, `k > 0`) in three 2 × 2 tiles: lanes `[c(0, j), c(0, j + 1),
/// c(1, j), c(1, j + 1)]` for `j` = 0, 2 and 4. Every lane is a result.
#[crate::hot]
fn tiles<const M: usize>(k: usize, a: &[f32], b: &[f32]) -> [[f32; M]; 2] {
    let (a0, a1, b) = (&a[..k], &a[k..2 * k], &b[..k * M]);
    let step = |p: usize| {
        let x = f32x4::new([a0[p], a0[p], a1[p], a1[p]]);
        let row = &b[p * M..][..M];
        let pair = |j: usize| f32x4::new([row[j], row[j + 1], row[j], row[j + 1]]);
        [x * pair(0), x * pair(2), x * pair(4)]
    };
    let mut acc = step(0);
    for p in 1..k {
        let next = step(p);
        for (t, v) in acc.iter_mut().zip(next) {
            *t += v;
        }
    }
    let acc = acc.map(|v| v.to_array());
    let mut rows = [[0.0; M]; 2];
    for (r, row) in rows.iter_mut().enumerate() {
        for (j, x) in row.iter_mut().enumerate() {
            *x = acc[j / 2][2 * r + j % 2];
        }
    }
    rows
}

/// Two rows of 2 columns with `k = 2` (`M = 2`, `R = 2`): the whole 2 × 2 product in one
/// vector, `[c00, c01, c10, c11]`, as
/// `[a00, a01, a10, a11] · [b00, b11, b00, b11] + [a01, a00, a11, a10] · [b10, b01, b10, b01]`.
/// Both operands are loaded as they lie, and three shuffles build the other three; the loop
/// needs four (two splats of `a` and two of `b`, or, as the compiler vectorises it, three and
/// one to put the lanes in order at the end). Each lane adds the same two products as the loop,
/// so the result is the same bit for bit (NaN payloads aside: lanes 1 and 3 add them the other
/// way round).
#[cfg(target_arch = "x86_64")]
#[crate::hot]
fn two_by_two<const M: usize, const R: usize>(a: &[f32], b: &[f32]) -> [[f32; M]; R] {
    use safe_arch::{add_m128, m128, mul_m128, shuffle_abi_f32_all_m128 as shuffle};
    let load = |s: &[f32]| m128::from_array([s[0], s[1], s[2], s[3]]);
    let (x, y) = (load(a), load(b));
    let sum = add_m128(
        mul_m128(x, shuffle::<0b11_00_11_00>(y, y)),
        mul_m128(shuffle::<0b10_11_00_01>(x, x), shuffle::<0b01_10_01_10>(y, y)),
    );
    let lanes = sum.to_array();
    let mut rows = [[0.0; M]; R];
    for (r, row) in rows.iter_mut().enumerate() {
        for (j, c) in row.iter_mut().enumerate() {
            *c = lanes[r * 2 + j];
        }
    }
    rows
}

/// Elsewhere the loop: the compiler's own vector code.
#[cfg(not(target_arch = "x86_64"))]
#[crate::hot]
fn two_by_two<const M: usize, const R: usize>(a: &[f32], b: &[f32]) -> [[f32; M]; R] {
    gemm::block::<f32, M, R>(2, a, b)
}

/// The row for 7 columns (`M`, `k > 0`): columns 0 to 3 in one vector, 3 to 6 in another,
/// both loaded straight from each row of `b`. Lane 0 of the second is dropped.
#[crate::hot]
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
#[crate::hot]
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
#[crate::hot]
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

    /// The vector rows of 3, 5 and 7 columns against the generic loop, bit for bit (both add
    /// the products in the same order), for every `k` in `ks`, with a negative zero among the
    /// products (`b[zero]`) and the other elements of `b` from `f`.
    fn check_rows<const M: usize>(ks: core::ops::RangeInclusive<usize>, zero: usize, f: fn(f32) -> f32) {
        for k in ks {
            let a: Vec<f32> = (0..k).map(|i| 0.5 - i as f32 * 0.75).collect();
            let b: Vec<f32> = (0..k * M).map(|i| if i == zero { -0.0 } else { f(i as f32) }).collect();
            let fast = <f32 as SmallBlock>::small_block::<M, 1>(k, &a, &b)[0];
            let slow = gemm::block::<f32, M, 1>(k, &a, &b)[0];
            assert_eq!(fast.map(f32::to_bits), slow.map(f32::to_bits), "M = {M}, k = {k}");
        }
    }

    #[test]
    fn vector_rows_match_the_loop() {
        check_rows::<5>(1..=6, 0, f32::sin);
    }

    /// The vectors of 3 and 7 columns start one element before a row, or overlap.
    #[test]
    fn vector_rows_of_three_and_seven_match_the_loop() {
        check_rows::<3>(2..=6, 1, f32::cos);
        check_rows::<7>(1..=8, 1, f32::cos);
    }

    #[test]
    fn three_columns() {
        let a = [1.0f32, 2.0, -1.0];
        let b = [1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0];
        assert_eq!(<f32 as SmallBlock>::small_block::<3, 1>(3, &a, &b)[0], [2.0, 4.0, 6.0]);
        // one row of `b` takes the loop
        assert_eq!(<f32 as SmallBlock>::small_block::<3, 1>(1, &a, &b[..3])[0], [1.0, 2.0, 3.0]);
    }

    /// Two rows of 6 columns in tiles against the loop, bit for bit, for `k` up to 8.
    #[test]
    fn tiles_of_six_columns_match_the_loop() {
        for k in 1..=8 {
            let a: Vec<f32> = (0..2 * k).map(|i| 0.5 - i as f32 * 0.75).collect();
            let b: Vec<f32> = (0..k * 6).map(|i| if i == 2 { -0.0 } else { (i as f32).sin() }).collect();
            let fast = <f32 as SmallBlock>::small_block::<6, 2>(k, &a, &b);
            let slow = gemm::block::<f32, 6, 2>(k, &a, &b);
            assert_eq!(fast.map(|r| r.map(f32::to_bits)), slow.map(|r| r.map(f32::to_bits)), "k = {k}");
        }
    }

    #[test]
    fn six_columns() {
        let a = [1.0f32, 2.0, -1.0, 0.5];
        let b: Vec<f32> = (1..=12).map(|i| i as f32).collect();
        assert_eq!(
            <f32 as SmallBlock>::small_block::<6, 2>(2, &a, &b),
            [[15.0, 18.0, 21.0, 24.0, 27.0, 30.0], [2.5, 2.0, 1.5, 1.0, 0.5, 0.0]]
        );
        assert!(<f32 as SmallBlock>::pairs::<6>() && !<f64 as SmallBlock>::pairs::<6>());
    }

    #[test]
    fn seven_columns() {
        let a = [2.0f32, -1.0];
        let b: Vec<f32> = (1..=14).map(|i| i as f32).collect();
        assert_eq!(
            <f32 as SmallBlock>::small_block::<7, 1>(2, &a, &b)[0],
            [-6.0, -5.0, -4.0, -3.0, -2.0, -1.0, 0.0]
        );
    }

    #[test]
    fn five_columns() {
        let a = [1.0f32, 2.0];
        let b = [1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0];
        assert_eq!(<f32 as SmallBlock>::small_block::<5, 1>(2, &a, &b)[0], [13.0, 16.0, 19.0, 22.0, 25.0]);
    }

    #[test]
    fn two_by_two_product() {
        let a = [1.0f32, 2.0, 3.0, 4.0];
        let b = [5.0f32, 6.0, 7.0, 8.0];
        assert_eq!(<f32 as SmallBlock>::small_block::<2, 2>(2, &a, &b), [[19.0, 22.0], [43.0, 50.0]]);
    }

    /// The 2 × 2 product in one vector against the loop, bit for bit, with negative zeros
    /// among the products and sums that round.
    #[test]
    fn two_by_two_matches_the_loop() {
        let values = [-0.0f32, 0.0, 0.1, -1.0 / 3.0, 1e-30, 3.0e38, -7.25, 2.0f32.sqrt()];
        for (s, t) in (0..64).map(|i| (i, (i * 5 + 3) % 64)) {
            let pick = |n: usize, i: usize| values[(n >> (i * 2 % 6)).wrapping_add(i * 3) % values.len()];
            let a: [f32; 4] = core::array::from_fn(|i| pick(s, i));
            let b: [f32; 4] = core::array::from_fn(|i| pick(t, i + 1));
            let fast = <f32 as SmallBlock>::small_block::<2, 2>(2, &a, &b);
            let slow = gemm::block::<f32, 2, 2>(2, &a, &b);
            assert_eq!(fast.map(|r| r.map(f32::to_bits)), slow.map(|r| r.map(f32::to_bits)), "{a:?} · {b:?}");
        }
    }
}
