//! Matrix products: a loop for small matrices, the `gemm` crate for large ones.
//!
//! For small static sizes the plain `i, p, j` loop below is best: its bounds are constants,
//! so LLVM unrolls and vectorises it, and it allocates nothing. From about 16 × 16 × 16
//! multiply-adds up, a packed, cache-blocked GEMM wins; `gemm` is used for `f32` and `f64`
//! (integers keep the plain loop).

use core::any::TypeId;

use crate::element::Num;
use crate::sys::{MatRef, gemm_large};

/// Products with at most this many multiply-adds use the plain loop.
const SMALL: usize = 16 * 16 * 16;

/// `out (n×m, row-major, contiguous) += a (n×k) · b (k×m)`.
#[inline]
pub(crate) fn gemm<E: Num>(n: usize, k: usize, m: usize, a: MatRef<'_, E>, b: MatRef<'_, E>, out: &mut [E]) {
    let is_float = TypeId::of::<E>() == TypeId::of::<f32>() || TypeId::of::<E>() == TypeId::of::<f64>();
    if n * k * m <= SMALL || !is_float {
        small(n, k, m, a, b, out);
    } else {
        gemm_large(n, k, m, a, b, out, E::one());
    }
}

/// The plain loop: for each row of the output, add `a[i, p]` times row `p` of `b`.
#[inline(always)]
fn small<E: Num>(n: usize, k: usize, m: usize, a: MatRef<'_, E>, b: MatRef<'_, E>, out: &mut [E]) {
    for i in 0..n {
        let row = &mut out[i * m..(i + 1) * m];
        for p in 0..k {
            let aip = a.data[i * a.rs + p * a.cs];
            if b.cs == 1 {
                let brow = &b.data[p * b.rs..p * b.rs + m];
                for (o, &bv) in row.iter_mut().zip(brow) {
                    *o += aip * bv;
                }
            } else {
                for (j, o) in row.iter_mut().enumerate() {
                    *o += aip * b.data[p * b.rs + j * b.cs];
                }
            }
        }
    }
}
