//! Sums along axes: a broadcast result summed back to the shape it was broadcast from, and
//! every `sum_axis`, `sum_axes` and `sum_to`, over a [`StridedLoop`] plan of the result and the sums.

use super::PARALLEL_MIN;
use super::broadcast::StridedLoop;
use super::reduce::{SIMD_MIN, sum, sum_lanes};
use crate::element::Num;
use crate::shape::MAX_RANK;
use crate::sys::{SimdKernel, join, with_simd};

/// `acc[..] += g[i]` over a plan whose first operand is `g` (output-shaped) and whose second
/// is the smaller `acc`: sums a broadcast result back to the shape it was broadcast from, and
/// every sum along axes (`sum_axis`, `sum_axes`, `sum_to`). Large inputs run the AVX2 copy of
/// the loop where the CPU has it, and from [`PARALLEL_MIN`] elements are split in two halves
/// (`sum_into_halves`).
#[crate::hot]
pub(crate) fn sum_into<E: Num>(plan: &StridedLoop<2>, g: &[E], acc: &mut [E]) {
    // inlined by force, so that the plan is a constant where the loop is: for small inputs
    // these tests fold away. Grown by the test for the halves, the function would otherwise be
    // left out of line, and a small sum (a `[3, 5]` `mean_axis::<1>()`) would pay the call and
    // the tests.
    if g.len() >= PARALLEL_MIN {
        sum_into_halves(plan, g, acc);
    } else if g.len() >= SIMD_MIN {
        with_simd(SumInto { plan, g, acc, rows: None, base: 0 });
    } else {
        sum_into_lanes(plan, g, acc);
    }
}

/// The rows of `g` in two halves, on two threads unless `set_num_threads(1)`, the same halves
/// however many threads there are:
///
/// 1. Where the rows of the second half add into a part of `acc` that no row of the first adds
///    into (sums along trailing axes: [`StridedLoop::second_half_start`]), each half adds into its own
///    part, with the bits of the one loop.
/// 2. Where rows of both halves add element by element into the same parts of `acc` (sums over
///    a leading axis), and `acc` is [`SCRATCH_MAX_BYTES`] or more with rows of at least
///    [`COLUMN_HALVES_MIN`], the halves are those of the columns of every row, with the bits
///    of the one loop.
/// 3. Otherwise the first half is added into `acc`, the second into a fresh buffer of zeros,
///    which is then added to the first. That buffer is allocated, faulted in and added on
///    every call, which is why 1 and 2 come first.
///
/// - A row of [`PARALLEL_MIN`] elements or more summed into one result is summed as
///   `reduce::sum` sums it, in two halves of the row (`add_long_row`): a sum along axes that
///   leaves one long row (`sum_axis::<0>()` of a vector) has the bits of `sum()`.
/// - Along the last axis each row is summed into one element of `acc`. Where no element gets
///   more than one row (`sum_axis` of the last axis), the result has the bits of the one loop
///   (of `sum()` for a row of [`PARALLEL_MIN`] elements or more).
/// - Over other axes rows add element by element into a part of `acc`. The rows of a run
///   along the innermost outer axis that add into the same part follow each other in `g`, and
///   are added by [`add_run`], in strips of columns whose sums stay in registers over a block
///   of rows, each element's rows in order (the bits of one row at a time).
#[inline(never)]
fn sum_into_halves<E: Num>(plan: &StridedLoop<2>, g: &[E], acc: &mut [E]) {
    sum_into_halves_with(plan, g, acc, SCRATCH_MAX_BYTES);
}

/// [`sum_into_halves`] with `scratch_max` for [`SCRATCH_MAX_BYTES`] (tests take the halves of
/// the columns on small plans with 0).
fn sum_into_halves_with<E: Num>(plan: &StridedLoop<2>, g: &[E], acc: &mut [E], scratch_max: usize) {
    let (rows, mid) = (plan.rows(), plan.rows() / 2);
    if rows < 2 {
        // one row: the halves are those of the row, in `add_long_row`
        return with_simd(SumInto { plan, g, acc, rows: Some(0..rows), base: 0 });
    }
    // the halves add into parts of `acc` that do not overlap, split at the middle row or at
    // the start of the run it falls in: each into its own
    let run = plan.dims[MAX_RANK - 2];
    let disjoint = [mid, mid - mid % run]
        .into_iter()
        .filter(|&m| m > 0)
        .find_map(|m| Some((m, plan.second_half_start(m)?)));
    if let Some((mid, at)) = disjoint {
        let (lo, hi) = acc.split_at_mut(at);
        join(
            || with_simd(SumInto { plan, g, acc: lo, rows: Some(0..mid), base: 0 }),
            || with_simd(SumInto { plan, g, acc: hi, rows: Some(mid..rows), base: at }),
        );
        return;
    }
    let n = plan.dims[MAX_RANK - 1];
    let scratch_bytes = core::mem::size_of_val(acc);
    if plan.strides[1][MAX_RANK - 1] == 1 && n >= COLUMN_HALVES_MIN && scratch_bytes >= scratch_max {
        // the halves of the rows add into the same parts of `acc` (a sum over a leading axis),
        // whose rows are `n` long, and the zeros for the second would be a large fresh buffer:
        // the halves are those of the columns instead, of every row
        // at a multiple of 32 columns (the widest strip), the nearest to the middle
        let c = (n / 2 + 16) / 32 * 32;
        let (left, right): (Vec<_>, Vec<_>) = acc.chunks_mut(n).map(|part| part.split_at_mut(c)).unzip();
        join(
            || with_simd(SumColumns { plan, g, parts: left, cols: 0..c }),
            || with_simd(SumColumns { plan, g, parts: right, cols: c..n }),
        );
        return;
    }
    let mut second = vec![E::zero(); acc.len()];
    join(
        || with_simd(SumInto { plan, g, acc: &mut *acc, rows: Some(0..mid), base: 0 }),
        || with_simd(SumInto { plan, g, acc: &mut second, rows: Some(mid..rows), base: 0 }),
    );
    for (a, b) in acc.iter_mut().zip(second) {
        *a += b;
    }
}

/// Rows of at least this many elements that add into the same parts of the result from both
/// halves of the rows, into a result of at least [`SCRATCH_MAX_BYTES`], are split into halves
/// of their columns instead ([`sum_into_halves`]).
const COLUMN_HALVES_MIN: usize = 64;

/// From this many bytes of result, [`sum_into_halves`] splits the columns of rows that add
/// into the same parts of the result from both halves (rows of at least [`COLUMN_HALVES_MIN`]
/// elements, added element by element) instead of adding the second half into a fresh buffer
/// of zeros: 128 KiB, from which glibc maps fresh pages for an allocation, and the buffer's
/// pages are faulted in on every call. (Shorter rows, and rows summed into one element each,
/// still take the buffer at any size.) Below it, halves of the rows are the faster of the two
/// (a 1024 × 1024 sum along axis 0, a 4 KiB result): a buffer that small reuses pages the
/// allocator already holds.
const SCRATCH_MAX_BYTES: usize = 128 * 1024;

/// The columns `cols` of every row of a sum over a leading axis, in the AVX2 copy of the loop
/// ([`sum_into_halves`]): the rows add element by element into parts of the result `n` long
/// (from offsets that are multiples of `n`), and `parts[i]` holds the columns `cols` of part
/// `i`.
struct SumColumns<'a, E> {
    plan: &'a StridedLoop<2>,
    g: &'a [E],
    parts: Vec<&'a mut [E]>,
    cols: core::ops::Range<usize>,
}
impl<E: Num> SimdKernel for SumColumns<'_, E> {
    type Output = ();
    #[crate::hot]
    fn run(self) {
        let SumColumns { plan, g, mut parts, cols } = self;
        plan.for_runs(0..plan.rows(), |run| {
            let (o, n, [_, ia], [_, step]) = (run.out, run.n, run.off, run.step);
            if step == 0 {
                add_run(&g[o..o + run.count * n], n, &cols, parts[ia / n]);
                return;
            }
            for r in 0..run.count {
                add_run(&g[o + r * n..o + (r + 1) * n], n, &cols, parts[(ia + r * step) / n]);
            }
        });
    }
}

/// [`sum_into`] in the AVX2 copy of the loop: all rows, or the rows numbered `rows` into the
/// part of the result that starts at `base` (`acc[0]` is the result's element `base`).
struct SumInto<'a, E> {
    plan: &'a StridedLoop<2>,
    g: &'a [E],
    acc: &'a mut [E],
    rows: Option<core::ops::Range<usize>>,
    base: usize,
}
impl<E: Num> SimdKernel for SumInto<'_, E> {
    type Output = ();
    #[crate::hot]
    fn run(self) {
        let SumInto { plan, g, acc, rows, base } = self;
        match rows {
            None => sum_into_lanes(plan, g, acc),
            Some(rows) => {
                plan.for_runs(rows, |run| {
                    let (o, n, [_, ia], [_, sa], [_, step]) = (run.out, run.n, run.off, run.inner, run.step);
                    let ia = ia - base;
                    if sa != 0 && step == 0 {
                        // the rows of the run add into the same part of `acc` (a sum over a
                        // leading axis), and follow each other in `g`
                        add_run(&g[o..o + run.count * n], n, &(0..n), &mut acc[ia..ia + n]);
                        return;
                    }
                    for r in 0..run.count {
                        let (row, at) = (&g[o + r * n..o + (r + 1) * n], ia + r * step);
                        if sa == 0 {
                            add_long_row(row, acc, at);
                        } else {
                            add_row(row, acc, at, sa);
                        }
                    }
                });
            }
        }
    }
}

#[crate::hot]
fn sum_into_lanes<E: Num>(plan: &StridedLoop<2>, g: &[E], acc: &mut [E]) {
    plan.for_each_row(
        // inlined by force: left to itself the compiler kept this closure out of line and
        // called it once per row, even for a `[3, 5]` tensor summed along its last axis
        #[cfg_attr(debug_assertions, inline)] // `crate::hot`, for a closure
        #[cfg_attr(not(debug_assertions), inline(always))]
        |o, [_, ia], [_, sa], n| add_row(&g[o..o + n], acc, ia, sa),
    );
}

/// How many bytes of `g` a pass of [`add_run`] reads: the rows of a pass stay in the L1 cache
/// while their columns are added in strips.
const RUN_BLOCK_BYTES: usize = 32 * 1024;

/// The columns `cols` of rows of `n` elements that follow each other in `g`, added element by
/// element into `acc` (one element per column), each element's rows in order: with the bits of
/// one row at a time. The rows go in blocks of [`RUN_BLOCK_BYTES`], and a block in strips of
/// 32, 8, 4 and then single columns, each strip's sums held in registers over all rows of the
/// block: one vector addition per row and strip, where one row at a time reads and writes
/// `acc` for every row.
#[crate::hot]
fn add_run<E: Num>(g: &[E], n: usize, cols: &core::ops::Range<usize>, acc: &mut [E]) {
    let rows_per_block = (RUN_BLOCK_BYTES / core::mem::size_of::<E>() / n).max(1);
    for block in g.chunks(rows_per_block * n) {
        let mut j = add_strips::<E, 32>(block, n, cols, acc, cols.start);
        j = add_strips::<E, 8>(block, n, cols, acc, j);
        j = add_strips::<E, 4>(block, n, cols, acc, j);
        add_strips::<E, 1>(block, n, cols, acc, j);
    }
}

/// The columns of `block` (rows of `n`) from `j` on, `L` at a time while `L` of `cols` remain,
/// added into `acc` (see [`add_run`]); returns the first column left.
#[crate::hot]
fn add_strips<E: Num, const L: usize>(
    block: &[E],
    n: usize,
    cols: &core::ops::Range<usize>,
    acc: &mut [E],
    mut j: usize,
) -> usize {
    while j + L <= cols.end {
        let strip = &mut acc[j - cols.start..j - cols.start + L];
        let mut sums: [E; L] = core::array::from_fn(|l| strip[l]);
        for row in block.chunks_exact(n) {
            for (s, &x) in sums.iter_mut().zip(&row[j..j + L]) {
                *s += x;
            }
        }
        strip.copy_from_slice(&sums);
        j += L;
    }
    j
}

/// One row `g` of [`sum_into_halves`] summed into `acc[ia]`: in two halves as `reduce::sum`
/// sums it from [`PARALLEL_MIN`] elements, so that a sum along axes that is one long row has
/// the bits of the sum over all elements.
#[crate::hot]
fn add_long_row<E: Num>(g: &[E], acc: &mut [E], ia: usize) {
    if g.len() >= PARALLEL_MIN {
        acc[ia] += sum(g);
    } else {
        add_row(g, acc, ia, 0);
    }
}

/// One row `g` of [`sum_into`]: added element by element into `acc` from `ia` on (stride 1),
/// or summed into `acc[ia]` (stride 0).
#[crate::hot]
fn add_row<E: Num>(g: &[E], acc: &mut [E], ia: usize, sa: usize) {
    if sa != 0 {
        for (y, &x) in acc[ia..ia + g.len()].iter_mut().zip(g) {
            *y += x;
        }
    } else {
        acc[ia] += sum_lanes(g);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A shape padded on the left with axes of size 1 to `MAX_RANK`.
    fn pad(d: &[usize]) -> [usize; MAX_RANK] {
        let mut p = [1; MAX_RANK];
        p[MAX_RANK - d.len()..].copy_from_slice(d);
        p
    }

    /// The halves of a large sum along axes, on small plans (`sum_into_halves` does not look
    /// at the size, only `sum_into` does): over a leading axis (runs of rows whose columns go
    /// in strips of 32, 8, 4 and 1, and blocks of rows: 45 columns, 300 rows in blocks of 182;
    /// 8 columns in blocks of 1024), a middle axis (runs of three rows) and the last axis,
    /// against the one loop, and bit for bit on one thread and two. (Miri runs the one thread only:
    /// rayon's work stealing trips its borrow checker inside crossbeam-epoch.)
    #[test]
    fn halves_of_sums_along_axes() {
        // along a leading axis (the halves add into the same elements), a middle axis (halves
        // that add into parts of their own: 9 rows each; or, of 21 rows, split at row 9, where
        // the run of the middle row 10 starts), the last axis (parts of their own), the last
        // two axes, and the first of three (offsets that go back from one row to the next)
        let cases: [(&[usize], &[usize]); 13] = [
            (&[9, 4], &[1, 4]),
            (&[5, 100], &[1, 100]),
            (&[7, 3, 70], &[7, 1, 70]),
            (&[3, 4, 70], &[1, 4, 70]),
            (&[300, 45], &[1, 45]),
            (&[3000, 8], &[1, 8]),
            (&[5000, 2], &[1, 2]),
            (&[6, 3, 5], &[6, 1, 5]),
            (&[7, 3, 5], &[7, 1, 5]),
            (&[7, 6], &[7, 1]),
            (&[4, 3, 5], &[4, 1, 1]),
            (&[3, 4, 5], &[1, 4, 5]),
            (&[5, 1, 3], &[5, 1, 1]),
        ];
        let counts: &[usize] = if cfg!(miri) { &[1] } else { &[1, 0] };
        for (g_dims, acc_dims) in cases {
            let plan = StridedLoop::new([pad(g_dims), pad(acc_dims)], pad(g_dims));
            let n: usize = g_dims.iter().product();
            let m: usize = acc_dims.iter().product();
            // small integers: every order of addition is exact
            let g: Vec<f32> = (0..n).map(|i| (i % 7) as f32 - 3.0).collect();
            let mut want = vec![0.0f32; m];
            sum_into_lanes(&plan, &g, &mut want);
            // values whose sums round: the same bits however many threads
            let h: Vec<f32> = (0..n).map(|i| (i as f32 * 0.37).sin()).collect();
            let mut one_loop = vec![0.0f32; m];
            sum_into_lanes(&plan, &h, &mut one_loop);
            let one_loop: Vec<u32> = one_loop.iter().map(|x| x.to_bits()).collect();
            // and with the halves of the columns where rows of both halves add into the same
            // parts (64 columns or more), as for a large result: those add each element's rows
            // in order, so they have the bits of the one loop
            for scratch_max in [SCRATCH_MAX_BYTES, 0] {
                let mut first = None;
                for &threads in counts {
                    crate::sys::set_num_threads(threads);
                    let mut got = vec![0.0f32; m];
                    sum_into_halves_with(&plan, &g, &mut got, scratch_max);
                    assert_eq!(got, want, "{g_dims:?} into {acc_dims:?}, {threads} threads");
                    let mut bits = vec![0.0f32; m];
                    sum_into_halves_with(&plan, &h, &mut bits, scratch_max);
                    let bits: Vec<u32> = bits.iter().map(|x| x.to_bits()).collect();
                    // halves into parts of their own, or of the columns: the bits of the one loop
                    let (rows, run) = (plan.rows(), plan.dims[MAX_RANK - 2]);
                    let own = [rows / 2, rows / 2 - rows / 2 % run]
                        .into_iter()
                        .any(|m| m > 0 && plan.second_half_start(m).is_some());
                    let columns = scratch_max == 0
                        && plan.strides[1][MAX_RANK - 1] == 1
                        && plan.dims[MAX_RANK - 1] >= COLUMN_HALVES_MIN;
                    if own || columns {
                        assert_eq!(bits, one_loop, "{g_dims:?} in halves of their own");
                    }
                    let first = first.get_or_insert_with(|| bits.clone());
                    assert_eq!(*first, bits, "{g_dims:?}, {threads} threads");
                }
            }
            // back to the default, except under Miri (see `reduce::tests::halves`)
            if !cfg!(miri) {
                crate::sys::set_num_threads(0);
            }
        }
    }
}
