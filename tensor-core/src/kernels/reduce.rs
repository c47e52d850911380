//! Summation loops.

use crate::element::Num;

/// The sum of a slice, with eight independent accumulators so that the additions pipeline
/// and vectorise (a single running sum is one long dependency chain).
#[inline]
pub(crate) fn sum<E: Num>(xs: &[E]) -> E {
    const LANES: usize = 8;
    let mut acc = [E::zero(); LANES];
    let chunks = xs.chunks_exact(LANES);
    let rest = chunks.remainder();
    for c in chunks {
        for k in 0..LANES {
            acc[k] += c[k];
        }
    }
    let mut total = E::zero();
    for &r in rest {
        total += r;
    }
    // pairwise combination of the lanes
    let s0 = (acc[0] + acc[4]) + (acc[2] + acc[6]);
    let s1 = (acc[1] + acc[5]) + (acc[3] + acc[7]);
    (s0 + s1) + total
}

/// The dot product of two slices of equal length, with eight accumulators.
#[inline]
pub(crate) fn dot<E: Num>(a: &[E], b: &[E]) -> E {
    const LANES: usize = 8;
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut acc = [E::zero(); LANES];
    let (ca, cb) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..LANES {
            acc[k] += x[k] * y[k];
        }
    }
    let mut total = E::zero();
    for (&x, &y) in ra.iter().zip(rb) {
        total += x * y;
    }
    let s0 = (acc[0] + acc[4]) + (acc[2] + acc[6]);
    let s1 = (acc[1] + acc[5]) + (acc[3] + acc[7]);
    (s0 + s1) + total
}
