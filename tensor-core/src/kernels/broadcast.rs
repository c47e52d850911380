//! The loop behind every elementwise operation with broadcasting.
//!
//! A [`StridedLoop`] describes how the output's elements map to the operands' elements: the output
//! sizes, and for each operand a stride per axis that is 0 on an axis it is stretched along.
//! Axes are merged where every operand is contiguous across them, so `(5,3,4,1) + (3,1,1)`
//! runs as 5 × 3 rows of 4, and two same-shaped tensors run as one flat loop.

use super::PARALLEL_MIN;
use crate::shape::{MAX_RANK, strides};

/// Sizes and per-operand strides of an elementwise loop over `N` operands, right-aligned in
/// `MAX_RANK` slots, leading slots of size 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct StridedLoop<const N: usize> {
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

impl<const N: usize> StridedLoop<N> {
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
        StridedLoop { dims, strides }
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
    #[crate::hot]
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

impl<const N: usize> StridedLoop<N> {
    /// The number of innermost rows.
    pub(crate) const fn rows(&self) -> usize {
        self.numel() / if self.dims[MAX_RANK - 1] == 0 { 1 } else { self.dims[MAX_RANK - 1] }
    }

    /// Where in the second operand the rows from `mid` on start adding, if none of the rows
    /// before `mid` adds there or after (the halves of `sum_axes::sum_into_halves` then add into parts
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

    /// Like [`for_each_row`](StridedLoop::for_each_row) for the rows numbered `rows` only (rows are
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

/// Rows that follow each other along the innermost outer axis of a plan ([`StridedLoop::for_runs`]):
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

/// `out[i] = f(a[..], b[..])` over a two-operand plan; large outputs are split in two halves
/// computed on two threads.
#[inline]
pub(crate) fn zip2<A: Copy + Sync, B: Copy + Sync, O: Send>(
    plan: &StridedLoop<2>,
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
    plan: &StridedLoop<2>,
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
#[crate::hot]
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
    plan: &StridedLoop<2>,
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
    plan: &StridedLoop<2>,
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

/// `out[i] = a[..]` over a one-operand plan: a copy that reorders elements (`permute`).
#[inline]
pub(crate) fn gather<E: Copy>(plan: &StridedLoop<1>, a: &[E], out: &mut [E]) {
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
pub(crate) struct BroadcastPlan<A, B, O>(core::marker::PhantomData<(A, B, O)>);

impl<A: crate::shape::Shape, B: crate::shape::Shape, O: crate::shape::Shape> BroadcastPlan<A, B, O> {
    pub(crate) const LOOP: StridedLoop<2> = StridedLoop::new([A::PADDED, B::PADDED], O::PADDED);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_contiguous_axes() {
        let p = StridedLoop::new([[1, 1, 1, 1, 2, 3], [1, 1, 1, 1, 2, 3]], [1, 1, 1, 1, 2, 3]);
        assert_eq!(p.dims, [1, 1, 1, 1, 1, 6]);
        assert_eq!(p.strides, [[0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 1]]);
    }

    /// A shape padded on the left with axes of size 1 to `MAX_RANK`.
    fn pad(d: &[usize]) -> [usize; MAX_RANK] {
        let mut p = [1; MAX_RANK];
        p[MAX_RANK - d.len()..].copy_from_slice(d);
        p
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
            let plan = StridedLoop::new([pad(g), pad(acc)], pad(g));
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
        let plan = StridedLoop::new([pad(&[6, 3, 5]), pad(&[6, 1, 5])], pad(&[6, 3, 5]));
        assert_eq!((plan.second_half_start(9), plan.second_half_start(10)), (Some(15), None));
    }

    #[test]
    fn seed_example_two() {
        // (5,3,4,1) + (3,1,1): rows of 4 with b stretched along them.
        let p = StridedLoop::new([[1, 1, 5, 3, 4, 1], [1, 1, 1, 3, 1, 1]], [1, 1, 5, 3, 4, 1]);
        assert_eq!(p.dims, [1, 1, 1, 5, 3, 4]);
        assert_eq!(p.strides[0], [0, 0, 0, 12, 4, 1]);
        assert_eq!(p.strides[1], [0, 0, 0, 0, 1, 0]);
    }
}
