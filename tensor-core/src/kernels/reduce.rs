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
