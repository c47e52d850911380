//! Matrix products: the row loop for small matrices, `gemm`'s kernels for large ones, and the
//! predicates that choose between them ([`by_rows`], [`by_matvec`], [`by_gemm_crate`],
//! [`out_of_line`], [`pairs`]). Which path serves which product, and why, is described in one
//! place: the module doc of `ops/matmul.rs`.

use core::marker::PhantomData;

use crate::element::{Num, is_float};
use crate::kernels::reduce;
use crate::shape::{Dimension, Shape, SizeFn};
use crate::sys::{MatRef, ShapedBuffer, SimdKernel, gemm_large, gemm_large_fresh, with_simd};

/// Products with at most this many multiply-adds use the loop.
const SMALL: usize = 16 * 16 * 16;

/// Fresh small products of more multiply-adds than this are built out of line (see
/// [`out_of_line`]).
const OUT_OF_LINE: usize = 6 * 6 * 6;

/// The longest output row, in bytes, that the row loop keeps in an array of constant length
/// (64 `f64`, 128 `f32`): such arrays live on the stack, in every frame the loop is inlined
/// into, so longer rows are added into the output in place ([`wide_rows`]). A row of this
/// length already fills all sixteen vector registers of AVX2 and spills.
const MAX_ROW_BYTES: usize = 512;

/// Whether rows of `M` elements of `E` go through [`rows`] (`true`) or [`wide_rows`]. An
/// associated constant, so that the branch on it is decided when the function is
/// instantiated, in debug builds too, and the arrays of the other branch are never built.
struct NarrowRows<E, const M: usize>(PhantomData<E>);
impl<E, const M: usize> NarrowRows<E, M> {
    const HOLDS: bool = M * size_of::<E>() <= MAX_ROW_BYTES;
}

/// From this many multiply-adds the loop runs its AVX2 copy where the CPU has it (below,
/// checking the CPU costs more than it saves).
const SIMD_MIN: usize = 8 * 8 * 8;

/// `out (n×m) = a (n×k) · b (k×m)`, all row-major and contiguous, where `M` is the dimension
/// type of the `m` columns. Every element of `out` is overwritten: it need not be zeroed.
#[crate::hot]
pub(crate) fn gemm<E: Num, M: Dimension>(n: usize, k: usize, a: &[E], b: &[E], out: &mut [E]) {
    let m = M::SIZE;
    if by_rows(n, k, m) {
        M::with_size(RowsInto { n, k, a, b, out });
    } else if by_matvec(n, k, m) {
        matvec(n, k, a, b, out);
    } else if by_gemm_crate::<E>(n, k, m) {
        gemm_large(
            [n, k, m],
            MatRef { data: a, rs: k, cs: 1 },
            MatRef { data: b, rs: m, cs: 1 },
            out,
            E::one(),
            false,
        );
    } else {
        with_simd(Rows::<E, M> { n, k, a, b, out, cols: PhantomData });
    }
}

/// Whether [`gemm`] computes an `n×k · k×m` product as one dot product per row.
#[crate::hot]
const fn by_matvec(n: usize, k: usize, m: usize) -> bool {
    m == 1 && k >= 32 && n * k >= SIMD_MIN
}

/// Whether [`gemm`] computes an `n×k · k×m` product of `E` with `gemm`'s kernels: floats, above
/// the small-matrix sizes, unless one dot product per row serves.
#[crate::hot]
pub(crate) fn by_gemm_crate<E: 'static>(n: usize, k: usize, m: usize) -> bool {
    n * k * m > SMALL && is_float::<E>() && !by_matvec(n, k, m)
}

/// `a (n×k) · b (k×m)`, row-major and contiguous, as a fresh buffer of shape `C` (`n·m`
/// elements, too many to be kept inline), where [`by_gemm_crate`] holds: the result is never
/// cleared first (`sys::gemm_large_fresh`).
#[crate::hot]
pub(crate) fn new_large<E: Num, C: Shape>(
    n: usize,
    k: usize,
    m: usize,
    a: &[E],
    b: &[E],
) -> ShapedBuffer<E, C> {
    let a = MatRef { data: a, rs: k, cs: 1 };
    let b = MatRef { data: b, rs: m, cs: 1 };
    ShapedBuffer::from_vec(gemm_large_fresh([n, k, m], a, b, E::one()))
}

/// A matrix times a vector with long rows: one dot product per row. (Kept out of line, so that
/// the small-matrix path above stays small enough to inline.)
#[inline(never)]
fn matvec<E: Num>(n: usize, k: usize, a: &[E], b: &[E], out: &mut [E]) {
    for (o, row) in out[..n].iter_mut().zip(a.chunks_exact(k)) {
        *o = reduce::dot(row, &b[..k]);
    }
}

struct Rows<'a, E, M> {
    n: usize,
    k: usize,
    a: &'a [E],
    b: &'a [E],
    out: &'a mut [E],
    cols: PhantomData<M>,
}
impl<E: Num, M: Dimension> SimdKernel for Rows<'_, E, M> {
    type Output = ();
    #[crate::hot]
    fn run(self) {
        M::with_size(RowsInto { n: self.n, k: self.k, a: self.a, b: self.b, out: self.out })
    }
}

/// The small-matrix loop for `M` columns, `out = a · b`, one or two output rows at a time
/// (see [`pairs`] and `SmallBlock::pairs`), each accumulated in an array of constant length
/// (see [`block`]).
#[crate::hot]
pub(crate) fn rows<E: Num, const M: usize>(n: usize, k: usize, a: &[E], b: &[E], out: &mut [E]) {
    // decided here, once per product, not per row: in the AVX2 copy of the loop the size is a
    // run-time value, and a test in the per-row function would run for every row
    if by_rows(n, k, M) {
        if E::pairs::<M>() {
            rows_by::<E, M, 2, true>(n, k, a, b, out);
        } else {
            rows_by::<E, M, 1, true>(n, k, a, b, out);
        }
    } else if pairs::<E, M>() {
        rows_by::<E, M, 2, false>(n, k, a, b, out);
    } else {
        rows_by::<E, M, 1, false>(n, k, a, b, out);
    }
}

#[crate::hot]
fn rows_by<E: Num, const M: usize, const R: usize, const ELEMENT_KERNEL: bool>(
    n: usize,
    k: usize,
    a: &[E],
    b: &[E],
    out: &mut [E],
) {
    let (a, out) = (&a[..n * k], &mut out[..n * M]);
    for i in 0..n.div_ceil(R) {
        let block = block_at::<E, M, R, ELEMENT_KERNEL>(n, k, a, b, i);
        for (r, row) in block.iter().enumerate() {
            if i * R + r < n {
                out[(i * R + r) * M..][..M].copy_from_slice(row);
            }
        }
    }
}

/// [`rows`] for the `M` columns of a [`Dimension`] (through `Dimension::with_size`).
struct RowsInto<'a, E> {
    n: usize,
    k: usize,
    a: &'a [E],
    b: &'a [E],
    out: &'a mut [E],
}
impl<E: Num> SizeFn for RowsInto<'_, E> {
    type Output = ();
    #[crate::hot]
    fn call<const M: usize>(self) {
        if NarrowRows::<E, M>::HOLDS {
            rows::<E, M>(self.n, self.k, self.a, self.b, self.out)
        } else {
            wide_rows(self.n, self.k, M, self.a, self.b, self.out)
        }
    }
}

/// [`new_rows`] for the `M` columns of a [`Dimension`] (through `Dimension::with_size`): the
/// fresh product `a · b` of shape `C`.
pub(crate) struct NewRows<'a, E: Num, A: Shape, B: Shape, C> {
    pub a: &'a ShapedBuffer<E, A>,
    pub b: &'a ShapedBuffer<E, B>,
    pub result: PhantomData<C>,
}
impl<E: Num, A: Shape, B: Shape, C: Shape> SizeFn for NewRows<'_, E, A, B, C> {
    type Output = ShapedBuffer<E, C>;
    #[crate::hot]
    fn call<const M: usize>(self) -> ShapedBuffer<E, C> {
        if NarrowRows::<E, M>::HOLDS {
            new_rows::<E, A, B, C, M>(self.a, self.b)
        } else {
            // not reached: a result kept inline has shorter rows
            let mut out = ShapedBuffer::filled(E::zero());
            let (n, k) = (row_count::<C, M>(), A::Last::SIZE);
            wide_rows(n, k, M, self.a.as_slice(), self.b.as_slice(), out.as_mut_slice());
            out
        }
    }
}

/// The small-matrix loop for `M` columns as a fresh buffer `a · b` of shape `C`, for one
/// matrix or vector `a` (`C::NUMEL / M` rows) and one `b` of `M` columns, the result few enough
/// elements to be kept inline: each row is written once, so the result is never cleared first.
/// The operands are buffers, whose lengths are constants of their types.
#[crate::hot]
fn new_rows<E: Num, A: Shape, B: Shape, C: Shape, const M: usize>(
    a: &ShapedBuffer<E, A>,
    b: &ShapedBuffer<E, B>,
) -> ShapedBuffer<E, C> {
    if E::pairs::<M>() {
        new_rows_by::<E, A, B, C, M, 2>(a, b)
    } else {
        new_rows_by::<E, A, B, C, M, 1>(a, b)
    }
}

#[crate::hot]
fn new_rows_by<E: Num, A: Shape, B: Shape, C: Shape, const M: usize, const R: usize>(
    a: &ShapedBuffer<E, A>,
    b: &ShapedBuffer<E, B>,
) -> ShapedBuffer<E, C> {
    // the sizes are constants of the types, used as such in the closures rather than captured
    // values, and so are the operands' lengths: constants in the out-of-line copy too
    if out_of_line(row_count::<C, M>(), A::Last::SIZE, M) {
        return ShapedBuffer::from_blocks_out_of_line(
            #[cfg_attr(debug_assertions, inline)] // `crate::hot`, for a closure
            #[cfg_attr(not(debug_assertions), inline(always))]
            |i| block_at::<E, M, R, true>(row_count::<C, M>(), A::Last::SIZE, a.as_slice(), b.as_slice(), i),
        );
    }
    ShapedBuffer::from_blocks(
        // inlined by force: the loop over the blocks is unrolled first, and the compiler would
        // otherwise keep the kernel out of line and call it once per block
        #[cfg_attr(debug_assertions, inline)] // `crate::hot`, for a closure
        #[cfg_attr(not(debug_assertions), inline(always))]
        |i| block_at::<E, M, R, true>(row_count::<C, M>(), A::Last::SIZE, a.as_slice(), b.as_slice(), i),
    )
}

/// The number of rows of `M` elements in a tensor of shape `C`.
#[crate::hot]
const fn row_count<C: Shape, const M: usize>() -> usize {
    match C::NUMEL.checked_div(M) {
        Some(rows) => rows,
        None => 0,
    }
}

/// `out (n×m) = a (n×k) · b (k×m)` for rows too long for [`rows`] (see [`MAX_ROW_BYTES`]):
/// each output row is accumulated in place, its products added in the same order as
/// [`block`] adds them, so the two give the same result bit for bit.
#[crate::hot]
fn wide_rows<E: Num>(n: usize, k: usize, m: usize, a: &[E], b: &[E], out: &mut [E]) {
    let out = &mut out[..n * m];
    if k == 0 {
        out.fill(E::zero());
        return;
    }
    let (a, b) = (&a[..n * k], &b[..k * m]);
    for (row, arow) in out.chunks_exact_mut(m).zip(a.chunks_exact(k)) {
        for (o, &x) in row.iter_mut().zip(&b[..m]) {
            *o = arow[0] * x;
        }
        for (&ap, brow) in arow[1..].iter().zip(b[m..].chunks_exact(m)) {
            for (o, &x) in row.iter_mut().zip(brow) {
                *o += ap * x;
            }
        }
    }
}

/// Whether a fresh small `n×k · k×m` product is built out of line, straight into its final place
/// (`ShapedBuffer::from_blocks_out_of_line`), rather than where it is called: when it is too
/// large for the compiler to unroll its loop over the rows. Built where it is called, such a
/// result is written into a temporary and copied into place; unrolled, it is written straight
/// into place, and a call would only cost time. Up to 6 × 6 × 6 multiply-adds the loop is
/// unrolled; at 7 × 7 × 7 it is not, and there the copy costs more than the call.
#[crate::hot]
pub(crate) const fn out_of_line(n: usize, k: usize, m: usize) -> bool {
    n * k * m > OUT_OF_LINE
}

/// Whether the rows of `M` elements are computed two at a time: when a row has more than one
/// element and two rows fill one 16-byte vector register exactly (2 `f32` or `i32` columns).
/// Then the compiler computes both rows with the same vector instructions, where one row at a
/// time fills half a register per multiply. Pairs of one-element rows cost more instructions
/// than they save (the `[10, 2] · [2, 1]` `f32` product inside the d2l gradient, `[3, 3] ·
/// [3, 1]` in `f64`), and pairs of longer rows gain nothing with this loop (`f32` rows of 6
/// columns are paired for a kernel of their own in small products: `SmallBlock::pairs`).
#[crate::hot]
pub(crate) const fn pairs<E, const M: usize>() -> bool {
    M > 1 && 2 * M * size_of::<E>() == 16
}

/// Block `i` of `R` output rows (rows `R·i` onwards) of the `n×k · k×M` product. In the last
/// block of an `n` that `R` does not divide, the rows past `n` are left zero. With `ELEMENT_KERNEL`, set
/// for the small products of [`by_rows`], full blocks come from the element type's own kernel
/// (`kernels/small_block.rs`); larger products, whose loop runs its AVX2 copy, keep [`block`].
#[crate::hot]
fn block_at<E: Num, const M: usize, const R: usize, const ELEMENT_KERNEL: bool>(
    n: usize,
    k: usize,
    a: &[E],
    b: &[E],
    i: usize,
) -> [[E; M]; R] {
    if (i + 1) * R <= n {
        let a = &a[i * R * k..];
        return if ELEMENT_KERNEL { E::small_block::<M, R>(k, a, b) } else { block::<E, M, R>(k, a, b) };
    }
    let mut rows = [[E::zero(); M]; R];
    for (r, row) in rows.iter_mut().enumerate().take(n - i * R) {
        *row = block::<E, M, 1>(k, &a[(i * R + r) * k..], b)[0];
    }
    rows
}

/// Whether [`gemm`] computes an `n×k · k×m` product with [`block`] alone, one or two output
/// rows at a time: then a fresh result can be built from the rows as they come
/// (`NewRows`), without clearing it first.
#[crate::hot]
pub(crate) const fn by_rows(n: usize, k: usize, m: usize) -> bool {
    n * k * m < SIMD_MIN
}

/// `R` rows of a small product: `a (R×k, the first R·k elements) · b (k×M)`, accumulated in
/// arrays of constant length that live in registers while the `k` rows of `b` are added into
/// them. Two rows at a time rather than one let the compiler fill a vector register when the
/// rows are short: the 2 × 2 product takes two vector multiplies, not four.
///
/// The accumulators start from the first product rather than from zero: `0.0 + x` is not `x`
/// when `x` is `-0.0`, so starting from zero would cost one addition per output element that
/// the compiler may not remove (and BLAS, hence PyTorch, also starts from the first product).
#[crate::hot]
pub(crate) fn block<E: Num, const M: usize, const R: usize>(k: usize, a: &[E], b: &[E]) -> [[E; M]; R] {
    let b = &b[..k * M];
    let mut acc = [[E::zero(); M]; R];
    if k == 0 {
        return acc;
    }
    let mut arows = [&a[..0]; R];
    for (r, arow) in arows.iter_mut().enumerate() {
        *arow = &a[r * k..(r + 1) * k];
    }
    // plain loops, not `array::from_fn`: that is not always inlined into a large caller, and
    // then each element costs a call
    for r in 0..R {
        for j in 0..M {
            acc[r][j] = arows[r][0] * b[j];
        }
    }
    for (p, brow) in (1..k).zip(b[M..].chunks_exact(M.max(1))) {
        for r in 0..R {
            let arp = arows[r][p];
            for j in 0..M {
                acc[r][j] += arp * brow[j];
            }
        }
    }
    acc
}

/// `out (n×m, row-major, contiguous) += a · b` for operands with any strides (the transposed
/// reads of matmul's gradients).
#[crate::hot]
pub(crate) fn strided<E: Num>(
    n: usize,
    k: usize,
    m: usize,
    a: MatRef<'_, E>,
    b: MatRef<'_, E>,
    out: &mut [E],
) {
    if m == 1 && a.rs == 1 && n >= 32 && n * k >= SIMD_MIN {
        // the transpose of a row-major matrix times a vector (the weight gradient of a layer
        // with one output): add each row of the matrix, scaled, into the output
        return axpy_rows(n, k, a, b, out);
    }
    if n * k * m > SMALL && is_float::<E>() {
        gemm_large([n, k, m], a, b, out, E::one(), true);
        return;
    }
    // two products per addition into `out`: a running sum over `p` would be a chain of `k`
    // dependent additions (ten in the d2l weight gradient; the short sums in `reduce.rs` do the same)
    let at = |i: usize, p: usize| a.data[i * a.rs + p * a.cs];
    let bt = |p: usize, j: usize| b.data[p * b.rs + j * b.cs];
    for i in 0..n {
        let row = &mut out[i * m..(i + 1) * m];
        for p in (0..k / 2).map(|q| 2 * q) {
            let (a0, a1) = (at(i, p), at(i, p + 1));
            for (j, o) in row.iter_mut().enumerate() {
                *o += a0 * bt(p, j) + a1 * bt(p + 1, j);
            }
        }
        if k % 2 == 1 {
            let a0 = at(i, k - 1);
            for (j, o) in row.iter_mut().enumerate() {
                *o += a0 * bt(k - 1, j);
            }
        }
    }
}

/// Out of line, so that `strided`'s small path stays small enough to inline.
#[inline(never)]
fn axpy_rows<E: Num>(n: usize, k: usize, a: MatRef<'_, E>, b: MatRef<'_, E>, out: &mut [E]) {
    with_simd(Axpy { n, k, a, b, out });
}

/// `out (n) += aᵀ-view (n×k, element (i, p) at p·cs) · b (k)`, as `out += b[p] · row p of a`.
struct Axpy<'a, E> {
    n: usize,
    k: usize,
    a: MatRef<'a, E>,
    b: MatRef<'a, E>,
    out: &'a mut [E],
}
impl<E: Num> SimdKernel for Axpy<'_, E> {
    type Output = ();
    #[crate::hot]
    fn run(self) {
        let Axpy { n, k, a, b, out } = self;
        let out = &mut out[..n];
        for p in 0..k {
            let scale = b.data[p * b.cs];
            let row = &a.data[p * a.cs..p * a.cs + n];
            for (o, &x) in out.iter_mut().zip(row) {
                *o += scale * x;
            }
        }
    }
}
