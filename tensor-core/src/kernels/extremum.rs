//! Maxima and minima, and their indices: the element a [`Prefer`] order prefers along an axis
//! or in a whole slice, the first one on ties, with NaN preferred to any number (PyTorch's
//! `max`, `amax`, `argmax` and their `min` forms).

use super::PARALLEL_MIN;
use crate::element::Num;
use crate::sys::{SimdKernel, with_simd};

/// At output position `p` (an `(outer, inner)` pair, row-major), the index along the axis of
/// the element that `order` prefers, and that element. Computed per position, so that the
/// results are written straight into the output tensor, with no buffer in between. Along the
/// last axis (`inner == 1`) a row of [`ROW_LANES_MIN`] elements or more goes to
/// [`row_extremum`].
#[inline]
pub(crate) fn extremum_at<E: Num>(
    data: &[E],
    (_, n, inner): (usize, usize, usize),
    p: usize,
    order: impl Prefer,
) -> (usize, E) {
    if inner == 1 && n >= ROW_LANES_MIN {
        return row_extremum(&data[p * n..(p + 1) * n], order);
    }
    let (o, i) = (p / inner, p % inner);
    let at = |j: usize| data[(o * n + j) * inner + i];
    let mut best = (0, at(0));
    for j in 1..n {
        let v = at(j);
        if order.better(v, best.1) {
            best = (j, v);
        }
    }
    best
}

/// Lanes of [`row_extremum`]: a row is read as slabs of this many elements.
const ROW_LANES: usize = 16;

/// Rows at least this long are searched by [`row_extremum`]; shorter ones one element at a
/// time.
const ROW_LANES_MIN: usize = 4 * ROW_LANES;

/// Blocks of [`row_extremum`]: long enough that the scan of one for the first best element is
/// short beside the pass over the row, short enough to stay in the L1 cache.
const ROW_BLOCK: usize = 4096;

/// The index in `row` of the element that `order` prefers, and that element, the first one
/// on ties. Block by block of [`ROW_BLOCK`]: each block read as slabs of [`ROW_LANES`]
/// ([`block_extremum_in_lanes`]) gives a preferred element of each lane (the elements `l`, `l + 16`, ...),
/// and the best of those and of the elements after its last slab is as good as any in the
/// block. The first block whose best nothing before beats holds the row's first best element,
/// and a scan of that block finds it (the same bits, unless zeros of both signs or NaNs tie).
/// Lanes, because one element at a time every compare waits on the one before; blocks, so
/// that the scan reads one block, not the whole row again. A row of [`PARALLEL_MIN`] elements
/// or more has its blocks searched in two halves on two threads ([`first_extremum_block_halves`]).
#[inline]
fn row_extremum<E: Num>(row: &[E], order: impl Prefer) -> (usize, E) {
    let best = if row.len() >= PARALLEL_MIN {
        first_extremum_block_halves(row, order)
    } else {
        first_extremum_block(row, order)
    };
    // `best` is an element of its block, and nothing beats itself: the search finds one, a
    // lane's worth at a time (a test of all of its elements without an early exit compiles to
    // vector compares), then within the lane's worth
    let (value, start) = best;
    let as_good = |v: E| !order.better(value, v);
    let lanes = row[start..].chunks(ROW_LANES).position(|c| c.iter().fold(false, |any, &v| any | as_good(v)));
    let start = start + lanes.expect("the best is in its block") * ROW_LANES;
    let at = start + row[start..].iter().position(|&v| as_good(v)).expect("and in its lanes");
    (at, row[at])
}

/// The first pass of [`row_extremum`]: the element `order` prefers, as good as any in `row`,
/// and the start of the first block of [`ROW_BLOCK`] that holds one.
#[inline]
fn first_extremum_block<E: Num>(row: &[E], order: impl Prefer) -> (E, usize) {
    let mut best = (row[0], 0);
    for (b, block) in row.chunks(ROW_BLOCK).enumerate() {
        let v = block_extremum_in_lanes(block, order);
        if order.better(v, best.0) {
            best = (v, b * ROW_BLOCK);
        }
    }
    best
}

/// An element of `block` as good as any other for `order`, from [`ROW_LANES`] lanes (the
/// elements `l`, `l + 16`, ...) and the elements after the last slab. The lanes compare
/// without the NaN test ([`Prefer::plain`]: one `maxps` or `minps` per vector, where the test
/// needs several instructions more), and note per lane whether a NaN went by; if one did, the
/// first NaN of the block is the answer. A `bool` per lane, not `v − v` added into a check:
/// an infinity sets that too, and each block holding one would be read a second time.
#[crate::hot]
fn block_extremum_in_lanes<E: Num>(block: &[E], order: impl Prefer) -> E {
    let slabs = block.chunks_exact(ROW_LANES);
    let rest = slabs.remainder();
    let mut lanes = [block[0]; ROW_LANES];
    let mut nan = [false; ROW_LANES];
    for slab in slabs {
        for l in 0..ROW_LANES {
            let v = slab[l];
            lanes[l] = if order.plain(v, lanes[l]) { v } else { lanes[l] };
            #[allow(clippy::eq_op)] // `x != x` is the NaN test for a generic element
            let is_nan = v != v;
            nan[l] |= is_nan;
        }
    }
    #[allow(clippy::eq_op)] // `x != x` is the NaN test for a generic element
    if nan.iter().any(|&n| n)
        && let Some(&first) = block.iter().find(|&&v| v != v)
    {
        return first;
    }
    let mut best = block[0];
    for &v in lanes.iter().chain(rest) {
        if order.better(v, best) {
            best = v;
        }
    }
    best
}

/// [`first_extremum_block`] as a kernel for `with_simd`: compiled for AVX2 where the CPU has it, its
/// lanes compare 8 at a time instead of 4.
struct FirstExtremumBlock<'a, E, O>(&'a [E], O);
impl<E: Num, O: Prefer> SimdKernel for FirstExtremumBlock<'_, E, O> {
    type Output = (E, usize);
    #[crate::hot]
    fn run(self) -> (E, usize) {
        first_extremum_block(self.0, self.1)
    }
}

/// [`first_extremum_block`] of a row of two blocks or more (of [`PARALLEL_MIN`] elements or more in
/// [`row_extremum`]), as its two halves on two threads (split at a block boundary, one after
/// the other under `set_num_threads(1)`). The second half's best replaces the first's only if
/// `order` prefers it, as one pass over the whole row would, so the result does not depend on
/// the number of threads. Each half runs the AVX2 copy where the CPU has it ([`FirstExtremumBlock`]).
/// Out of line, so that `row_extremum` stays small enough to inline.
#[inline(never)]
fn first_extremum_block_halves<E: Num>(row: &[E], order: impl Prefer) -> (E, usize) {
    let mid = row.len() / 2 / ROW_BLOCK * ROW_BLOCK;
    if mid == 0 {
        return first_extremum_block(row, order); // fewer than two blocks: nothing to split
    }
    let (lo, hi) = row.split_at(mid);
    let (mut first, mut second) = ((row[0], 0), (row[0], 0));
    crate::sys::join(
        || first = with_simd(FirstExtremumBlock(lo, order)),
        || second = with_simd(FirstExtremumBlock(hi, order)),
    );
    if order.better(second.0, first.0) { (second.0, mid + second.1) } else { first }
}

/// Whether the best elements along the last axis are found [`ROW_LANES`] rows at a time
/// ([`extrema_of_short_rows`]): rows shorter than [`ROW_LANES_MIN`], at least [`ROW_LANES`] of them.
pub(crate) const fn by_short_rows((outer, n, inner): (usize, usize, usize)) -> bool {
    inner == 1 && n < ROW_LANES_MIN && outer >= ROW_LANES
}

/// Along the last axis, for rows shorter than [`ROW_LANES_MIN`]: the element of each row that
/// `order` prefers into `values`, and its index into `index` if given, the first one on ties.
/// [`ROW_LANES`] rows at a time, lane `l` following row `l` one element per step: the compares
/// of different rows go side by side, where one row at a time waits on each compare before
/// the next. The rows left after the last block go one at a time.
#[crate::hot]
fn extrema_of_short_rows<E: Num>(
    data: &[E],
    (outer, n, _): (usize, usize, usize),
    order: impl Prefer,
    values: &mut [E],
    mut index: Option<&mut [i64]>,
) {
    let blocks = outer / ROW_LANES;
    for b in 0..blocks {
        let rows = &data[b * ROW_LANES * n..(b + 1) * ROW_LANES * n];
        let mut best: [E; ROW_LANES] = core::array::from_fn(|l| rows[l * n]);
        let mut at = [0i64; ROW_LANES];
        for j in 1..n {
            for (l, (b, k)) in best.iter_mut().zip(&mut at).enumerate() {
                let v = rows[l * n + j];
                let win = order.better(v, *b);
                *b = if win { v } else { *b };
                *k = if win { j as i64 } else { *k };
            }
        }
        values[b * ROW_LANES..(b + 1) * ROW_LANES].copy_from_slice(&best);
        if let Some(index) = index.as_deref_mut() {
            index[b * ROW_LANES..(b + 1) * ROW_LANES].copy_from_slice(&at);
        }
    }
    for p in blocks * ROW_LANES..outer {
        let (j, v) = extremum_at(data, (outer, n, 1), p, order);
        values[p] = v;
        if let Some(index) = index.as_deref_mut() {
            index[p] = j as i64;
        }
    }
}

/// The elements that `order` prefers along the axis of `around` into `values`, and their
/// indices into `index` if given: [`extrema_of_short_rows`] along the last axis, [`extrema_of_slabs`] along any
/// other.
#[crate::hot]
pub(crate) fn extrema_into<E: Num>(
    data: &[E],
    around: (usize, usize, usize),
    order: impl Prefer,
    values: &mut [E],
    index: Option<&mut [i64]>,
) {
    if around.2 == 1 {
        extrema_of_short_rows(data, around, order, values, index);
    } else {
        extrema_of_slabs(data, around, order, values, index);
    }
}

/// Along an axis that is not the last (`inner > 1`): for every output position, the element
/// that `order` prefers into `values`, and its index along the axis into `index` if given, the
/// first one on ties, as [`extremum_at`] finds them. Slab by slab, reading `data` once in
/// order, where one position at a time walks the axis `inner` elements apart: from the first
/// slab, each next group of four is compared element by element, the four among themselves
/// (first with second, third with fourth, then the two winners) and their winner with the best
/// so far. `order` orders elements strictly and weakly (NaN first, then by size, zeros tied),
/// so the first preferred element wins however the comparisons are grouped; grouped, the
/// best so far waits on one comparison per four slabs instead of four.
#[crate::hot]
fn extrema_of_slabs<E: Num>(
    data: &[E],
    (_, n, inner): (usize, usize, usize),
    order: impl Prefer,
    values: &mut [E],
    mut index: Option<&mut [i64]>,
) {
    if inner == 0 {
        return; // an empty result: an axis after this one has size 0
    }
    // the earlier of two candidates unless the later is better
    let pick = |(x, i): (E, i64), (y, j): (E, i64)| if order.better(y, x) { (y, j) } else { (x, i) };
    // the winner of the four slabs from `j` on in `four`, at lane `l`
    let four_at = |four: &[E], j: usize, l: usize| {
        let c = |k: usize| (four[k * inner + l], (j + k) as i64);
        pick(pick(c(0), c(1)), pick(c(2), c(3)))
    };
    for (o, best) in values.chunks_exact_mut(inner).enumerate() {
        let slabs = &data[o * n * inner..(o + 1) * n * inner];
        best.copy_from_slice(&slabs[..inner]);
        let groups = slabs[inner..].chunks_exact(4 * inner);
        let rest = groups.remainder();
        let first = n - rest.len() / inner;
        // the same loops with and without indices, apart so that each stays a plain vector loop
        match index.as_deref_mut() {
            None => {
                for (g, four) in groups.enumerate() {
                    for (l, b) in best.iter_mut().enumerate() {
                        *b = pick((*b, 0), four_at(four, 1 + 4 * g, l)).0;
                    }
                }
                for slab in rest.chunks_exact(inner) {
                    for (b, &v) in best.iter_mut().zip(slab) {
                        *b = pick((*b, 0), (v, 0)).0;
                    }
                }
            }
            Some(index) => {
                let at = &mut index[o * inner..(o + 1) * inner];
                for (g, four) in groups.enumerate() {
                    for (l, (b, k)) in best.iter_mut().zip(at.iter_mut()).enumerate() {
                        (*b, *k) = pick((*b, *k), four_at(four, 1 + 4 * g, l));
                    }
                }
                for (j, slab) in rest.chunks_exact(inner).enumerate() {
                    for ((b, k), &v) in best.iter_mut().zip(at.iter_mut()).zip(slab) {
                        (*b, *k) = pick((*b, *k), (v, (first + j) as i64));
                    }
                }
            }
        }
    }
}

/// What a maximum ([`Greatest`]) or a minimum ([`Least`]) prefers. The methods are
/// `#[inline]`, not `#[inline(always)]` (`#[crate::hot]`): forced inline, they change how the loop of
/// [`extrema_of_short_rows`] (16 rows at a time) compiles, and slow it down.
pub(crate) trait Prefer: Copy + Send + Sync {
    /// Whether `a` beats `b` when neither is NaN: greater, or smaller.
    fn plain<E: Num>(self, a: E, b: E) -> bool;

    /// Whether `a` beats `b`: [`plain`](Prefer::plain), or NaN (which propagates, as in
    /// PyTorch). A strict weak order: NaN first, then by size, zeros of both signs tied.
    #[inline]
    fn better<E: Num>(self, a: E, b: E) -> bool {
        #[allow(clippy::eq_op)] // `x != x` is the NaN test for a generic element
        let a_nan = a != a;
        #[allow(clippy::eq_op)]
        let b_nan = b != b;
        !b_nan && (a_nan || self.plain(a, b))
    }
}

/// The maximum's preference.
#[derive(Clone, Copy)]
pub(crate) struct Greatest;
impl Prefer for Greatest {
    #[inline]
    fn plain<E: Num>(self, a: E, b: E) -> bool {
        a > b
    }
}

/// The minimum's preference.
#[derive(Clone, Copy)]
pub(crate) struct Least;
impl Prefer for Least {
    #[inline]
    fn plain<E: Num>(self, a: E, b: E) -> bool {
        a < b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The halves of a long row (`first_extremum_block_halves` does not look at the length, only
    /// `row_extremum` does), on two threads and on one, against a plain scan: an element as
    /// good as the first best one, and the start of its block. The best in either half, ties
    /// across the halves (the first wins), NaNs in one or both halves, zeros of both signs,
    /// a row of whole blocks and one too short to split.
    #[test]
    fn halves_of_a_row_find_what_one_pass_finds() {
        fn reference<O: Prefer>(v: &[f32], order: O) -> usize {
            (1..v.len()).fold(0, |best, i| if order.better(v[i], v[best]) { i } else { best })
        }
        fn check<O: Prefer>(v: &[f32], order: O, threads: usize) {
            let first = reference(v, order);
            let (value, start) = first_extremum_block_halves(v, order);
            let tied = !order.better(value, v[first]) && !order.better(v[first], value);
            assert!(
                tied && start == first / ROW_BLOCK * ROW_BLOCK,
                "first best at {first}, {threads} threads"
            );
        }
        let n = 3 * ROW_BLOCK + 17;
        let row = |len: usize, set: &[(usize, f32)]| {
            let mut v: Vec<f32> = (0..len).map(|i| (i % 97) as f32 * 0.25 - 30.0).collect();
            for &(i, x) in set {
                v[i] = x;
            }
            v
        };
        let rows = [
            row(n, &[(100, 50.0)]),
            row(n, &[(n - 1, 50.0)]),
            row(n, &[(10, 50.0), (2 * ROW_BLOCK + 3, 50.0), (20, -50.0), (3 * ROW_BLOCK, -50.0)]),
            row(n, &[(2 * ROW_BLOCK + 3, f32::NAN), (5, 99.0)]),
            row(n, &[(ROW_BLOCK + 1, f32::NAN), (3 * ROW_BLOCK, f32::NAN)]),
            row(n, &[(5, f32::NAN), (3 * ROW_BLOCK, f32::NAN)]),
            row(n, &[(7, -0.0), (2 * ROW_BLOCK, 0.0)]),
            row(n, &[(9, 40.0), (3 * ROW_BLOCK + 1, 40.0)]),
            row(4 * ROW_BLOCK, &[(4 * ROW_BLOCK - 1, 60.0), (ROW_BLOCK, -60.0)]),
            row(ROW_BLOCK + 5, &[(ROW_BLOCK + 2, 60.0)]),
        ];
        let counts: &[usize] = if cfg!(miri) { &[1] } else { &[0, 1] };
        for &threads in counts {
            crate::sys::set_num_threads(threads);
            for v in &rows {
                check(v, Greatest, threads);
                check(v, Least, threads);
            }
        }
        if !cfg!(miri) {
            crate::sys::set_num_threads(0);
        }
    }

    /// The lanes of a block compare without the NaN test: a NaN anywhere (the first element,
    /// a later lane, after the last slab) is still the answer, and infinities are not
    /// mistaken for one.
    #[test]
    fn blocks_find_nans_and_infinities() {
        let n: usize = 100; // six slabs of 16 and 4 elements after them
        let block = |set: &[(usize, f32)]| {
            let mut v: Vec<f32> = (0..n).map(|i| ((i * 37) % 101) as f32 - 50.0).collect();
            for &(i, x) in set {
                v[i] = x;
            }
            v
        };
        for at in [0, 17, 63, 97] {
            let v = block(&[(at, f32::NAN), (5, 1000.0), (6, -1000.0)]);
            assert!(
                block_extremum_in_lanes(&v, Greatest).is_nan() && block_extremum_in_lanes(&v, Least).is_nan(),
                "NaN at {at}"
            );
        }
        let v = block(&[(3, f32::INFINITY), (40, f32::NEG_INFINITY)]);
        assert_eq!(
            (block_extremum_in_lanes(&v, Greatest), block_extremum_in_lanes(&v, Least)),
            (f32::INFINITY, f32::NEG_INFINITY)
        );
        let v = block(&[(33, 70.0), (98, -70.0)]);
        assert_eq!(
            (block_extremum_in_lanes(&v, Greatest), block_extremum_in_lanes(&v, Least)),
            (70.0, -70.0)
        );
        let ints: Vec<i32> = (0..n as i32).map(|i| (i * 37) % 101 - 50).collect();
        assert_eq!(
            (block_extremum_in_lanes(&ints, Greatest), block_extremum_in_lanes(&ints, Least)),
            (50, -50)
        );
    }
}
