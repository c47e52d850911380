//! Summation loops.

use super::PARALLEL_MIN;
use crate::element::Num;
use crate::sys::{SimdKernel, with_simd};

/// Slices of at least this many elements are summed by the AVX2 copy of the loop, where the
/// CPU has it (see `sys::with_simd`).
pub(crate) const SIMD_MIN: usize = 256;

/// The sum of a slice, dispatched to the AVX2 copy of [`sum_lanes`] for long slices, and split
/// between two threads for slices of [`PARALLEL_MIN`] elements or more.
#[inline]
pub(crate) fn sum<E: Num>(xs: &[E]) -> E {
    if xs.len() >= PARALLEL_MIN {
        sum_halves(xs)
    } else if xs.len() >= SIMD_MIN {
        with_simd(Sum(xs))
    } else {
        sum_lanes(xs)
    }
}

struct Sum<'a, E>(&'a [E]);
impl<E: Num> SimdKernel for Sum<'_, E> {
    type Output = E;
    #[crate::hot]
    fn run(self) -> E {
        sum_lanes(self.0)
    }
}

/// The sum of a long slice as the sum of its two halves, each on its own thread (on the
/// calling thread one after the other under `set_num_threads(1)`). The halves are added in
/// the same order either way, so the result does not depend on the number of threads. Out of
/// line, so that `sum` stays small enough to inline.
#[inline(never)]
fn sum_halves<E: Num>(xs: &[E]) -> E {
    let (lo, hi) = xs.split_at(xs.len() / 2);
    let (mut a, mut b) = (E::zero(), E::zero());
    crate::sys::join(|| a = with_simd(Sum(lo)), || b = with_simd(Sum(hi)));
    a + b
}

/// Lane accumulators of [`sum_lanes`]: four AVX2 registers of 8 `f32` lanes, or eight SSE
/// registers of 4.
const LANES: usize = 32;

/// The elements one run of the lane loop adds (128 per lane) before its sums are set aside:
/// longer runs would add each new element to an ever larger partial sum, whose rounding error
/// grows with the number of terms (10⁷ `f32` values of 0.1 summed in one run are off by 1.5 · 10⁻³).
const BLOCK: usize = 4096;

/// The block sums added into one partial sum before it is set aside in turn (see
/// [`blocked`]).
const FAN_IN: usize = 64;

/// The sum of a slice, with 32 independent accumulators so that the additions pipeline and
/// vectorise (a single running sum is one long dependency chain): four AVX2 registers of 8
/// lanes, or eight SSE registers of 4. Slices longer than [`BLOCK`] are summed in blocks,
/// whose sums are added in a tree of fan-in [`FAN_IN`] (numpy's pairwise summation, in
/// blocks, for the same reason): the rounding error grows with the logarithm of the length,
/// not with the length.
#[crate::hot]
pub(crate) fn sum_lanes<E: Num>(xs: &[E]) -> E {
    let (main, rest) = xs.split_at(xs.len() / LANES * LANES);
    let acc = if main.len() <= BLOCK {
        block_lanes(main)
    } else {
        // inlined by force, as every closure here: in the AVX2 copy of the loop
        // (`sys::with_simd`) a closure left out of line would run without AVX2
        blocked(
            main.len().div_ceil(BLOCK),
            #[cfg_attr(debug_assertions, inline)] // `crate::hot`, for a closure
            #[cfg_attr(not(debug_assertions), inline(always))]
            |b| block_lanes(&main[b * BLOCK..main.len().min((b + 1) * BLOCK)]),
        )
    };
    from_zero(combine(acc) + short_sum(rest.len(), |i| rest[i]))
}

/// The lane sums of a slice whose length is a multiple of [`LANES`].
#[crate::hot]
fn block_lanes<E: Num>(xs: &[E]) -> [E; LANES] {
    let mut acc = [identity::<E>(); LANES];
    for c in xs.chunks_exact(LANES) {
        for k in 0..LANES {
            acc[k] += c[k];
        }
    }
    acc
}

/// The lane sums of `blocks` blocks, block `b`'s from `block(b)`, added as a tree: sums of up
/// to [`FAN_IN`] blocks, sums of up to `FAN_IN` of those, and the sum of the rest. Lane by
/// lane, so that each addition of partial sums is a few vector additions.
#[crate::hot]
fn blocked<E: Num>(blocks: usize, block: impl Fn(usize) -> [E; LANES]) -> [E; LANES] {
    let mut levels = [[identity::<E>(); LANES]; 3];
    for b in 0..blocks {
        add_lanes(&mut levels[0], block(b));
        let done = b + 1;
        if done % FAN_IN == 0 {
            let full = core::mem::replace(&mut levels[0], [identity::<E>(); LANES]);
            add_lanes(&mut levels[1], full);
            if done % (FAN_IN * FAN_IN) == 0 {
                let full = core::mem::replace(&mut levels[1], [identity::<E>(); LANES]);
                add_lanes(&mut levels[2], full);
            }
        }
    }
    let [mut acc, middle, top] = levels;
    add_lanes(&mut acc, middle);
    add_lanes(&mut acc, top);
    acc
}

/// `into += from`, lane by lane.
#[crate::hot]
fn add_lanes<E: Num>(into: &mut [E; LANES], from: [E; LANES]) {
    for k in 0..LANES {
        into[k] += from[k];
    }
}

/// The additive identity, `x + identity() == x` for every `x`: `-0.0` for floats (as
/// `0.0 + -0.0` is `0.0`, adding `0.0` is not a no-op, and the compiler must keep it), 0 for
/// integers. The accumulators start from it, so that the compiler drops their first additions.
#[crate::hot]
fn identity<E: Num>() -> E {
    -E::zero()
}

/// `0.0 + s`: a sum that starts from `0.0`, as PyTorch's do, rather than from [`identity`].
/// The two differ only in the sign of a zero (a sum of `-0.0`s alone is `-0.0` from the
/// identity and `0.0` from zero), so one addition at the end gives every bit of a sum that
/// started from zero, while the compiler drops the four to six additions of zero per short sum
/// (a row of a `[3, 5]` `mean_axis::<1>()`) that accumulators starting from `0.0` would keep.
#[crate::hot]
fn from_zero<E: Num>(s: E) -> E {
    E::zero() + s
}

/// A sum of few numbers (the remainder above, or a whole short slice such as the d2l batch of
/// 10) in four independent accumulators. One running sum is a chain of dependent additions,
/// whose latency, not the number of additions, is the time of a sum this short (the sums of
/// the d2l loss gradient; `gemm::strided` adds two products per addition for the same reason).
#[crate::hot]
fn short_sum<E: Num>(n: usize, term: impl Fn(usize) -> E) -> E {
    let mut acc = [identity::<E>(); 4];
    for q in 0..n / 4 {
        for (l, a) in acc.iter_mut().enumerate() {
            *a += term(4 * q + l);
        }
    }
    for (a, i) in acc.iter_mut().zip(n / 4 * 4..n) {
        *a += term(i);
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3])
}

/// Adds up lane accumulators. (A sequential fold: written as a pairwise tree, the combination
/// makes LLVM vectorise the main loop only two lanes wide.)
#[crate::hot]
fn combine<E: Num, const L: usize>(acc: [E; L]) -> E {
    acc.iter().fold(identity::<E>(), |a, &b| a + b)
}

/// The dot product of two slices of equal length, dispatched to the AVX2 copy of the loop for
/// long slices.
#[inline]
pub(crate) fn dot<E: Num>(a: &[E], b: &[E]) -> E {
    if a.len() >= SIMD_MIN { with_simd(Dot(a, b)) } else { dot_lanes(a, b) }
}

struct Dot<'a, E>(&'a [E], &'a [E]);
impl<E: Num> SimdKernel for Dot<'_, E> {
    type Output = E;
    #[crate::hot]
    fn run(self) -> E {
        dot_lanes(self.0, self.1)
    }
}

/// The dot product with 32 independent accumulators, in blocks and a tree of partial sums
/// beyond [`BLOCK`] elements (see [`sum_lanes`]).
#[crate::hot]
pub(crate) fn dot_lanes<E: Num>(a: &[E], b: &[E]) -> E {
    let n = a.len().min(b.len());
    let main = n / LANES * LANES;
    let (ra, rb) = (&a[main..n], &b[main..n]);
    let (a, b) = (&a[..main], &b[..main]);
    let acc = if main <= BLOCK {
        dot_block_lanes(a, b)
    } else {
        blocked(
            main.div_ceil(BLOCK),
            #[cfg_attr(debug_assertions, inline)] // `crate::hot`, for a closure
            #[cfg_attr(not(debug_assertions), inline(always))]
            |k| {
                let range = k * BLOCK..main.min((k + 1) * BLOCK);
                dot_block_lanes(&a[range.clone()], &b[range])
            },
        )
    };
    from_zero(combine(acc) + short_sum(ra.len(), |i| ra[i] * rb[i]))
}

/// The lane sums of the products of two slices of one length, a multiple of [`LANES`].
#[crate::hot]
fn dot_block_lanes<E: Num>(a: &[E], b: &[E]) -> [E; LANES] {
    let mut acc = [identity::<E>(); LANES];
    for (x, y) in a.chunks_exact(LANES).zip(b.chunks_exact(LANES)) {
        for k in 0..LANES {
            acc[k] += x[k] * y[k];
        }
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The halves of a long sum, on a small slice (`sum_halves` does not look at the length,
    /// only `sum` does), on two threads and on one. (Miri runs the one thread only: rayon's work
    /// stealing trips its borrow checker inside crossbeam-epoch.)
    #[test]
    fn halves() {
        let xs: Vec<f32> = (0..90).map(|i| (i % 11) as f32 * 0.5 - 2.0).collect();
        let counts: &[usize] = if cfg!(miri) { &[1] } else { &[0, 1] };
        for &threads in counts {
            crate::sys::set_num_threads(threads);
            assert_eq!(sum_halves(&xs), xs.iter().sum::<f32>());
            assert_eq!(sum_halves(&[1i64]), 1);
        }
        // back to the default, except under Miri: there a test running alongside must not
        // find two threads while it expects one
        if !cfg!(miri) {
            crate::sys::set_num_threads(0);
        }
    }

    // every length from empty through two full chunks and each remainder, short sums included;
    // small integers keep every order of addition exact
    #[test]
    fn sums_and_dots_of_every_short_length() {
        let xs: Vec<f32> = (0..70).map(|i| (i % 7) as f32 - 3.0).collect();
        let ys: Vec<f32> = (0..70).map(|i| (i % 5) as f32).collect();
        for n in 0..=70 {
            let want: f32 = xs[..n].iter().sum();
            assert_eq!(sum_lanes(&xs[..n]), want, "sum of {n}");
            let want: f32 = xs[..n].iter().zip(&ys).map(|(x, y)| x * y).sum();
            assert_eq!(dot_lanes(&xs[..n], &ys[..n]), want, "dot of {n}");
        }
        assert_eq!(short_sum(10, |i| i as i64), 45);
        assert_eq!(short_sum(0, |_| 1i64), 0);
    }

    /// Sums and dots give the bits of a sequential sum that starts from `0.0`, the sign of a
    /// zero result included: negative zeros among the terms, alone, mixed and cancelling.
    #[test]
    fn zero_results_are_those_of_a_sum_from_zero() {
        let bits = |x: f32| x.to_bits();
        for n in 0..=70 {
            for pattern in 0..4 {
                let xs: Vec<f32> = (0..n)
                    .map(|i| match pattern {
                        0 => -0.0,
                        1 => {
                            if i % 3 == 0 {
                                -0.0
                            } else {
                                0.0
                            }
                        }
                        2 => {
                            if i % 2 == 0 {
                                1.0
                            } else {
                                -1.0
                            }
                        }
                        _ => {
                            if i % 5 == 0 {
                                -0.0
                            } else {
                                (i % 4) as f32 - 1.5
                            }
                        }
                    })
                    .collect();
                let want = xs.iter().fold(0.0f32, |a, &b| a + b);
                assert_eq!(bits(sum_lanes(&xs)), bits(want), "sum of {n}, pattern {pattern}");
                let ones = vec![1.0f32; n];
                assert_eq!(bits(dot_lanes(&xs, &ones)), bits(want), "dot of {n}, pattern {pattern}");
            }
        }
    }
}
