//! The loop behind every elementwise operation with broadcasting.
//!
//! A [`Zip`] describes how the output's elements map to the operands' elements: the output
//! sizes, and for each operand a stride per axis that is 0 on an axis it is stretched along.
//! Axes are merged where every operand is contiguous across them, so `(5,3,4,1) + (3,1,1)`
//! runs as 5 × 3 rows of 4, and two same-shaped tensors run as one flat loop.

use crate::shape::{MAX_RANK, strides};

/// Sizes and per-operand strides of an elementwise loop over `N` operands, right-aligned in
/// `MAX_RANK` slots, leading slots of size 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Zip<const N: usize> {
    pub dims: [usize; MAX_RANK],
    pub strides: [[usize; MAX_RANK]; N],
}

/// Strides of an operand of padded shape `d` inside an output of padded shape `out`:
/// contiguous strides, and 0 where the operand has size 1 (stretched, or trivially size 1).
pub(crate) const fn operand_strides(d: [usize; MAX_RANK]) -> [usize; MAX_RANK] {
    let mut s = strides(d);
    let mut i = 0;
    while i < MAX_RANK {
        if d[i] == 1 {
            s[i] = 0;
        }
        i += 1;
    }
    s
}

impl<const N: usize> Zip<N> {
    /// The plan for operands of padded shapes `operands` producing padded shape `out`, with
    /// mergeable axes merged.
    pub(crate) const fn new(operands: [[usize; MAX_RANK]; N], out: [usize; MAX_RANK]) -> Self {
        let mut st = [[0; MAX_RANK]; N];
        let mut k = 0;
        while k < N {
            st[k] = operand_strides(operands[k]);
            k += 1;
        }
        Self::with_strides(out, st)
    }

    /// The plan for operands read with the given strides (per output axis) producing padded
    /// shape `out`, with mergeable axes merged.
    pub(crate) const fn with_strides(out: [usize; MAX_RANK], st: [[usize; MAX_RANK]; N]) -> Self {
        // Walk from the innermost axis outwards, dropping size-1 axes and merging an axis into
        // the one inside it when every operand continues contiguously (or is stretched on both).
        let mut dims = [1; MAX_RANK];
        let mut strides = [[0; MAX_RANK]; N];
        let mut len = 0; // number of axes kept, stored from the back
        let mut i = MAX_RANK;
        while i > 0 {
            i -= 1;
            if out[i] == 1 {
                continue;
            }
            let mut merge = len > 0;
            if merge {
                let inner = MAX_RANK - len;
                let mut k = 0;
                while k < N {
                    if st[k][i] != strides[k][inner] * dims[inner] {
                        merge = false;
                    }
                    k += 1;
                }
            }
            if merge {
                let inner = MAX_RANK - len;
                dims[inner] *= out[i];
            } else {
                len += 1;
                let slot = MAX_RANK - len;
                dims[slot] = out[i];
                let mut k = 0;
                while k < N {
                    strides[k][slot] = st[k][i];
                    k += 1;
                }
            }
        }
        Zip { dims, strides }
    }

    /// The number of output elements.
    pub(crate) const fn numel(&self) -> usize {
        let mut n = 1;
        let mut i = 0;
        while i < MAX_RANK {
            n *= self.dims[i];
            i += 1;
        }
        n
    }

    /// Calls `row(out_offset, operand_offsets, inner_strides, len)` for every innermost row,
    /// in row-major order of the output.
    #[inline(always)]
    pub(crate) fn for_each_row(&self, mut row: impl FnMut(usize, [usize; N], [usize; N], usize)) {
        if self.numel() == 0 {
            return;
        }
        let [d0, d1, d2, d3, d4, n] = self.dims;
        let s = &self.strides;
        // plain loops rather than `array::from_fn`, whose closure is sometimes left un-inlined
        // here, and then costs a call for every operand of every row
        let mut inner = [0; N];
        for (k, x) in inner.iter_mut().enumerate() {
            *x = s[k][5];
        }
        let mut o = 0;
        for i0 in 0..d0 {
            for i1 in 0..d1 {
                for i2 in 0..d2 {
                    for i3 in 0..d3 {
                        for i4 in 0..d4 {
                            let mut off = [0; N];
                            for (k, x) in off.iter_mut().enumerate() {
                                *x = i0 * s[k][0] + i1 * s[k][1] + i2 * s[k][2] + i3 * s[k][3] + i4 * s[k][4];
                            }
                            row(o, off, inner, n);
                            o += n;
                        }
                    }
                }
            }
        }
    }
}

impl<const N: usize> Zip<N> {
    /// The number of innermost rows.
    pub(crate) const fn rows(&self) -> usize {
        self.numel() / if self.dims[MAX_RANK - 1] == 0 { 1 } else { self.dims[MAX_RANK - 1] }
    }

    /// Where in the second operand the rows from `mid` on start adding, if none of the rows
    /// before `mid` adds there or after (the halves of [`sum_into_halves`] then add into parts
    /// of the result that do not overlap, as along the last axis): the offsets of the second
    /// operand never go back from one row to the next, and row `mid − 1` ends at or before
    /// row `mid` starts. `mid` is a row number, `0 < mid < rows()`.
    pub(crate) fn second_half_start(&self, mid: usize) -> Option<usize> {
        let s = &self.strides[1];
        // from one row to the next, the outer axis `a` counts up and the axes after it go
        // back to 0: the offset goes back by more than it goes forward if the axes after `a`
        // span more than one step of `a`
        for a in 0..MAX_RANK - 1 {
            let back: usize = (a + 1..MAX_RANK - 1).map(|b| s[b] * self.dims[b].saturating_sub(1)).sum();
            if self.dims[a] > 1 && s[a] < back {
                return None;
            }
        }
        let offset = |r: usize| self.offsets(&self.outer_index(r))[1];
        // the elements a row adds into: one (summed into it), or the row's length
        let len = (self.dims[MAX_RANK - 1] - 1) * s[MAX_RANK - 1] + 1;
        let at = offset(mid);
        (offset(mid - 1) + len <= at).then_some(at)
    }

    /// The index along each outer axis of row `r` (rows numbered in row-major order; `r` is
    /// a row of the plan, so no outer axis is empty).
    fn outer_index(&self, r: usize) -> [usize; MAX_RANK - 1] {
        let mut index = [0; MAX_RANK - 1];
        let mut rest = r;
        for (axis, i) in index.iter_mut().enumerate().rev() {
            *i = rest % self.dims[axis];
            rest /= self.dims[axis];
        }
        index
    }

    /// Each operand's offset at an `index` along the outer axes.
    fn offsets(&self, index: &[usize; MAX_RANK - 1]) -> [usize; N] {
        let mut off = [0; N];
        for (o, s) in off.iter_mut().zip(&self.strides) {
            for (&i, &stride) in index.iter().zip(s) {
                *o += i * stride;
            }
        }
        off
    }

    /// Like [`for_each_row`](Zip::for_each_row) for the rows numbered `rows` only (rows are
    /// numbered in row-major order); output offsets stay those of the whole output.
    #[inline]
    pub(crate) fn for_rows(
        &self,
        rows: core::ops::Range<usize>,
        mut row: impl FnMut(usize, [usize; N], [usize; N], usize),
    ) {
        self.for_runs(rows, |run| {
            for r in 0..run.count {
                let mut off = run.off;
                for (o, &step) in off.iter_mut().zip(&run.step) {
                    *o += r * step;
                }
                row(run.out + r * run.n, off, run.inner, run.n);
            }
        });
    }

    /// The rows numbered `rows` (in row-major order), in runs of rows that follow each other
    /// along the innermost outer axis. The index of the first row along the outer axes is
    /// divided out once and then counted up, as the nested loops of `for_each_row` count: a
    /// division per outer axis and row is slow beside rows as short as those of a `[131072, 8]`
    /// tensor.
    pub(crate) fn for_runs(&self, rows: core::ops::Range<usize>, mut run: impl FnMut(Run<N>)) {
        if rows.is_empty() {
            return;
        }
        const ALONG: usize = MAX_RANK - 2;
        let s = &self.strides;
        let (mut inner, mut step) = ([0; N], [0; N]);
        for k in 0..N {
            (inner[k], step[k]) = (s[k][MAX_RANK - 1], s[k][ALONG]);
        }
        let mut index = self.outer_index(rows.start);
        let n = self.dims[MAX_RANK - 1];
        let mut r = rows.start;
        while r < rows.end {
            let count = (self.dims[ALONG] - index[ALONG]).min(rows.end - r);
            run(Run { out: r * n, off: self.offsets(&index), inner, n, count, step });
            r += count;
            // the next run: the axis along runs starts again and the ones before it count up
            index[ALONG] = 0;
            for (axis, i) in index[..ALONG].iter_mut().enumerate().rev() {
                *i += 1;
                if *i < self.dims[axis] {
                    break;
                }
                *i = 0;
            }
        }
    }
}

/// Rows that follow each other along the innermost outer axis of a plan ([`Zip::for_runs`]):
/// `count` rows of `n` elements, the first at output offset `out` and operand offsets `off`
/// (operand `k`'s elements `inner[k]` apart), each next one `n` further in the output and
/// `step[k]` further in operand `k`.
pub(crate) struct Run<const N: usize> {
    pub out: usize,
    pub off: [usize; N],
    pub inner: [usize; N],
    pub n: usize,
    pub count: usize,
    pub step: [usize; N],
}

/// Elementwise results of at least this many elements are computed on two threads (where
/// `set_num_threads` allows): the first writes to a fresh buffer fault its pages in, and the
/// kernel's page clearing then runs on both cores. Sums of this many elements are split in two
/// as well, over all elements (`reduce::sum`) and along axes ([`sum_into`]): on one core they
/// are limited by the memory bandwidth that one core can draw, and a second core draws more.
pub(crate) const PARALLEL_MIN: usize = 1 << 20;

/// `out[i] = f(a[..], b[..])` over a two-operand plan; large outputs are split in two halves
/// computed on two threads.
#[inline]
pub(crate) fn zip2<A: Copy + Sync, B: Copy + Sync, O: Send>(
    plan: &Zip<2>,
    a: &[A],
    b: &[B],
    out: &mut [O],
    f: impl Fn(A, B) -> O + Sync,
) {
    // the plan is a constant: for small outputs this test folds away, and the parallel path,
    // kept out of line, does not stop the small loop from being inlined and unrolled
    if plan.numel() >= PARALLEL_MIN && plan.rows() >= 2 && crate::sys::threads() != 1 {
        zip2_parallel(plan, a, b, out, &f);
    } else {
        plan.for_each_row(|o, [ia, ib], [sa, sb], n| zip2_row(&mut out[o..o + n], a, ia, sa, b, ib, sb, &f));
    }
}

#[inline(never)]
fn zip2_parallel<A: Copy + Sync, B: Copy + Sync, O: Send>(
    plan: &Zip<2>,
    a: &[A],
    b: &[B],
    out: &mut [O],
    f: &(impl Fn(A, B) -> O + Sync),
) {
    let rows = plan.rows();
    let mid = rows / 2;
    let split = mid * plan.dims[MAX_RANK - 1];
    let (lo, hi) = out.split_at_mut(split);
    crate::sys::join(
        || {
            plan.for_rows(0..mid, |o, [ia, ib], [sa, sb], n| {
                zip2_row(&mut lo[o..o + n], a, ia, sa, b, ib, sb, f)
            })
        },
        || {
            plan.for_rows(mid..rows, |o, [ia, ib], [sa, sb], n| {
                zip2_row(&mut hi[o - split..o - split + n], a, ia, sa, b, ib, sb, f)
            })
        },
    );
}

/// One row of [`zip2`]: `n = out.len()` elements, each operand contiguous or stretched.
#[inline(always)]
#[allow(clippy::too_many_arguments)] // the row's coordinates, kept apart so the loops stay simple
fn zip2_row<A: Copy, B: Copy, O>(
    out: &mut [O],
    a: &[A],
    ia: usize,
    sa: usize,
    b: &[B],
    ib: usize,
    sb: usize,
    f: &impl Fn(A, B) -> O,
) {
    let n = out.len();
    {
        match (sa != 0, sb != 0) {
            (true, true) => {
                for ((y, &x), &z) in out.iter_mut().zip(&a[ia..ia + n]).zip(&b[ib..ib + n]) {
                    *y = f(x, z);
                }
            }
            (true, false) => {
                let z = b[ib];
                for (y, &x) in out.iter_mut().zip(&a[ia..ia + n]) {
                    *y = f(x, z);
                }
            }
            (false, true) => {
                let x = a[ia];
                for (y, &z) in out.iter_mut().zip(&b[ib..ib + n]) {
                    *y = f(x, z);
                }
            }
            (false, false) => {
                let (x, z) = (a[ia], b[ib]);
                for y in out.iter_mut() {
                    *y = f(x, z);
                }
            }
        }
    }
}

/// `out[i] = f(out[i], b[..])`: `out` is the first operand of the plan and has the output's
/// shape; `b` is broadcast into it.
#[inline]
pub(crate) fn zip2_in_place<O: Copy, B: Copy>(
    plan: &Zip<2>,
    out: &mut [O],
    b: &[B],
    mut f: impl FnMut(O, B) -> O,
) {
    plan.for_each_row(|o, [_, ib], [_, sb], n| {
        let out = &mut out[o..o + n];
        if sb != 0 {
            for (y, &z) in out.iter_mut().zip(&b[ib..ib + n]) {
                *y = f(*y, z);
            }
        } else {
            let z = b[ib];
            for y in out.iter_mut() {
                *y = f(*y, z);
            }
        }
    });
}

/// `out[i] = f(a[..], out[i])`: like [`zip2_in_place`] with the in-place operand on the right.
#[inline]
pub(crate) fn zip2_in_place_rhs<A: Copy, O: Copy>(
    plan: &Zip<2>,
    a: &[A],
    out: &mut [O],
    mut f: impl FnMut(A, O) -> O,
) {
    plan.for_each_row(|o, [ia, _], [sa, _], n| {
        let out = &mut out[o..o + n];
        if sa != 0 {
            for (y, &x) in out.iter_mut().zip(&a[ia..ia + n]) {
                *y = f(x, *y);
            }
        } else {
            let x = a[ia];
            for y in out.iter_mut() {
                *y = f(x, *y);
            }
        }
    });
}

/// `acc[..] += g[i]` over a plan whose first operand is `g` (output-shaped) and whose second
/// is the smaller `acc`: sums a broadcast result back to the shape it was broadcast from, and
/// every sum along axes (`sum_axis`, `sum_axes`, `sum_to`). Large inputs run the AVX2 copy of
/// the loop where the CPU has it, and from [`PARALLEL_MIN`] elements are split in two halves
/// (`sum_into_halves`).
#[inline(always)]
pub(crate) fn sum_into<E: crate::element::Num>(plan: &Zip<2>, g: &[E], acc: &mut [E]) {
    // inlined by force, so that the plan is a constant where the loop is: for small inputs
    // these tests fold away. Grown by the test for the halves, the function would otherwise be
    // left out of line, and a small sum (a `[3, 5]` `mean_axis::<1>()`) would pay the call and
    // the tests.
    if g.len() >= PARALLEL_MIN {
        sum_into_halves(plan, g, acc);
    } else if g.len() >= crate::kernels::reduce::SIMD_MIN {
        crate::sys::with_simd(SumInto { plan, g, acc, rows: None, base: 0 });
    } else {
        sum_into_lanes(plan, g, acc);
    }
}

/// The rows of `g` in two halves, on two threads unless `set_num_threads(1)`, the same halves
/// however many threads there are:
///
/// 1. Where the rows of the second half add into a part of `acc` that no row of the first adds
///    into (sums along trailing axes: [`Zip::second_half_start`]), each half adds into its own
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
fn sum_into_halves<E: crate::element::Num>(plan: &Zip<2>, g: &[E], acc: &mut [E]) {
    sum_into_halves_with(plan, g, acc, SCRATCH_MAX_BYTES);
}

/// [`sum_into_halves`] with `scratch_max` for [`SCRATCH_MAX_BYTES`] (tests take the halves of
/// the columns on small plans with 0).
fn sum_into_halves_with<E: crate::element::Num>(plan: &Zip<2>, g: &[E], acc: &mut [E], scratch_max: usize) {
    let (rows, mid) = (plan.rows(), plan.rows() / 2);
    if rows < 2 {
        // one row: the halves are those of the row, in `add_long_row`
        return crate::sys::with_simd(SumInto { plan, g, acc, rows: Some(0..rows), base: 0 });
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
        crate::sys::join(
            || crate::sys::with_simd(SumInto { plan, g, acc: lo, rows: Some(0..mid), base: 0 }),
            || crate::sys::with_simd(SumInto { plan, g, acc: hi, rows: Some(mid..rows), base: at }),
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
        crate::sys::join(
            || crate::sys::with_simd(SumColumns { plan, g, parts: left, cols: 0..c }),
            || crate::sys::with_simd(SumColumns { plan, g, parts: right, cols: c..n }),
        );
        return;
    }
    let mut second = vec![E::zero(); acc.len()];
    crate::sys::join(
        || crate::sys::with_simd(SumInto { plan, g, acc: &mut *acc, rows: Some(0..mid), base: 0 }),
        || crate::sys::with_simd(SumInto { plan, g, acc: &mut second, rows: Some(mid..rows), base: 0 }),
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
    plan: &'a Zip<2>,
    g: &'a [E],
    parts: Vec<&'a mut [E]>,
    cols: core::ops::Range<usize>,
}
impl<E: crate::element::Num> crate::sys::SimdKernel for SumColumns<'_, E> {
    type Output = ();
    #[inline(always)]
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
    plan: &'a Zip<2>,
    g: &'a [E],
    acc: &'a mut [E],
    rows: Option<core::ops::Range<usize>>,
    base: usize,
}
impl<E: crate::element::Num> crate::sys::SimdKernel for SumInto<'_, E> {
    type Output = ();
    #[inline(always)]
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

#[inline(always)]
fn sum_into_lanes<E: crate::element::Num>(plan: &Zip<2>, g: &[E], acc: &mut [E]) {
    plan.for_each_row(
        // inlined by force: left to itself the compiler kept this closure out of line and
        // called it once per row, even for a `[3, 5]` tensor summed along its last axis
        #[inline(always)]
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
#[inline(always)]
fn add_run<E: crate::element::Num>(g: &[E], n: usize, cols: &core::ops::Range<usize>, acc: &mut [E]) {
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
#[inline(always)]
fn add_strips<E: crate::element::Num, const L: usize>(
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
#[inline(always)]
fn add_long_row<E: crate::element::Num>(g: &[E], acc: &mut [E], ia: usize) {
    if g.len() >= PARALLEL_MIN {
        acc[ia] += crate::kernels::reduce::sum(g);
    } else {
        add_row(g, acc, ia, 0);
    }
}

/// One row `g` of [`sum_into`]: added element by element into `acc` from `ia` on (stride 1),
/// or summed into `acc[ia]` (stride 0).
#[inline(always)]
fn add_row<E: crate::element::Num>(g: &[E], acc: &mut [E], ia: usize, sa: usize) {
    if sa != 0 {
        for (y, &x) in acc[ia..ia + g.len()].iter_mut().zip(g) {
            *y += x;
        }
    } else {
        acc[ia] += crate::kernels::reduce::sum_lanes(g);
    }
}

/// `out[i] = a[..]` over a one-operand plan: a copy that reorders elements (`permute`).
#[inline]
pub(crate) fn gather<E: Copy>(plan: &Zip<1>, a: &[E], out: &mut [E]) {
    plan.for_each_row(|o, [ia], [sa], n| {
        let out = &mut out[o..o + n];
        if sa == 1 {
            out.copy_from_slice(&a[ia..ia + n]);
        } else {
            for (j, y) in out.iter_mut().enumerate() {
                *y = a[ia + j * sa];
            }
        }
    });
}

/// The plan of a two-operand elementwise operation on shapes `A` and `B` giving `O`, as a
/// constant.
pub(crate) struct Plan2<A, B, O>(core::marker::PhantomData<(A, B, O)>);

impl<A: crate::shape::Shape, B: crate::shape::Shape, O: crate::shape::Shape> Plan2<A, B, O> {
    pub(crate) const ZIP: Zip<2> = Zip::new([A::PADDED, B::PADDED], O::PADDED);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_contiguous_axes() {
        let p = Zip::new([[1, 1, 1, 1, 2, 3], [1, 1, 1, 1, 2, 3]], [1, 1, 1, 1, 2, 3]);
        assert_eq!(p.dims, [1, 1, 1, 1, 1, 6]);
        assert_eq!(p.strides, [[0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 1]]);
    }

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
            let plan = Zip::new([pad(g_dims), pad(acc_dims)], pad(g_dims));
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

    /// Where the second half of the rows starts adding, against every row's part of the result
    /// (from `for_each_row`): where it is found, no row before `mid` adds there or after and no
    /// row from `mid` on adds before; sums along trailing axes find it at every `mid`.
    #[test]
    fn second_half_start() {
        let cases: [(&[usize], &[usize], bool); 9] = [
            (&[7, 6], &[7, 1], true),
            (&[4, 3, 5], &[4, 1, 1], true),
            (&[2, 3, 4, 5], &[2, 3, 1, 1], true),
            (&[6, 3, 5], &[6, 1, 5], false),
            (&[7, 3, 5], &[7, 1, 5], false),
            (&[9, 4], &[1, 4], false),
            (&[3, 4, 5], &[1, 4, 5], false),
            (&[3, 4, 5], &[3, 1, 5], false),
            // offsets that go back: rows (i, j) into element j
            (&[3, 4, 5], &[1, 4, 1], false),
        ];
        for (g, acc, trailing) in cases {
            let plan = Zip::new([pad(g), pad(acc)], pad(g));
            let mut parts = vec![];
            plan.for_each_row(|_, [_, ia], [_, sa], n| parts.push((ia, ia + (n - 1) * sa + 1)));
            assert_eq!(parts.len(), plan.rows());
            for mid in 1..parts.len() {
                match plan.second_half_start(mid) {
                    Some(at) => {
                        assert!(parts[..mid].iter().all(|&(_, end)| end <= at), "{g:?} into {acc:?}, {mid}");
                        assert!(
                            parts[mid..].iter().all(|&(start, _)| start >= at),
                            "{g:?} into {acc:?}, {mid}"
                        );
                    }
                    None => assert!(!trailing, "{g:?} into {acc:?}, {mid}"),
                }
            }
        }
        // a middle axis: the halves add into parts of their own where `mid` starts a run of rows
        let plan = Zip::new([pad(&[6, 3, 5]), pad(&[6, 1, 5])], pad(&[6, 3, 5]));
        assert_eq!((plan.second_half_start(9), plan.second_half_start(10)), (Some(15), None));
    }

    #[test]
    fn seed_example_two() {
        // (5,3,4,1) + (3,1,1): rows of 4 with b stretched along them.
        let p = Zip::new([[1, 1, 5, 3, 4, 1], [1, 1, 1, 3, 1, 1]], [1, 1, 5, 3, 4, 1]);
        assert_eq!(p.dims, [1, 1, 1, 5, 3, 4]);
        assert_eq!(p.strides[0], [0, 0, 0, 12, 4, 1]);
        assert_eq!(p.strides[1], [0, 0, 0, 0, 1, 0]);
    }
}
