//! `dot`, `mv`, `mm` and `matmul`, with the shapes checked by the compiler (see
//! `shape/matmul.rs` for the rules and messages).
//!
//! # How a product is computed
//!
//! This is the one description of the whole dispatch; `kernels/gemm.rs`,
//! `kernels/small_block.rs`, `shape/dim.rs` and `sys.rs` hold the pieces (`kernels/` points
//! here). The product is `a · b` with `a` of `n × k` and `b` of `k × m` (`n = 1` for a vector
//! `a`, `m = 1` for a vector `b`: `MatmulPlan::N`, `K` and `M`), and `n·k·m` is its number of
//! multiply-adds. All of these are constants of the shapes, and the element type is a type, so
//! every test below but the CPU check of `sys::with_simd` folds away: a given product compiles
//! to one path.
//!
//! ## Which loop, by size and element type
//!
//! `gemm::gemm`, which `matmul_into` calls for each matrix (and so every `matmul` whose result
//! is not built fresh, below), chooses by `n·k·m`; the two fresh paths of `matmul` make the
//! same choices where the result is built:
//!
//! - **below 8³** (`gemm::by_rows`, `SIMD_MIN`): the row loop, `gemm::rows`, for every element
//!   type, with each full block of rows from the element type's own kernel
//!   (`SmallBlock::small_block`, below). Small enough that checking the CPU for AVX2 would
//!   cost more than it saves.
//! - **a matrix times a vector with long rows** (`gemm::by_matvec`: `m = 1`, `k ≥ 32`,
//!   `n·k ≥ 8³`): one dot product per row (`gemm::matvec`, the 32-accumulator loop of
//!   `kernels/reduce.rs`), for every element type.
//! - **above 16³, `f32` and `f64`** (`gemm::by_gemm_crate`, `SMALL`): `gemm`'s kernels
//!   (`sys::gemm_large`), a packed, cache-blocked GEMM, which wins over the row loop there
//!   and picks its own SIMD kernels (AVX-512 where the CPU has it). From 2²¹ multiply-adds it
//!   runs on rayon's pool, as many threads as [`crate::set_num_threads`] allows
//!   (`sys::gemm_raw`).
//! - **everything else** (8³ and up for `f32` and `f64`, up to 16³; 8³ and up at any size for
//!   `i32` and `i64`, which `gemm`'s kernels do not serve): the row loop compiled a second
//!   time for AVX2 and FMA, run where the CPU has them (`sys::with_simd`), with the generic
//!   blocks of `gemm::block` only.
//!
//! ## Which path, by entry point
//!
//! - [`Tensor::dot`]: `reduce::dot` (32 accumulators, its AVX2 copy from 256 elements).
//! - [`Tensor::mv`]: one `reduce::dot` per row into a zeroed result, at any size.
//! - [`Tensor::mm`] is [`Tensor::matmul`], whose fresh result is built one of three ways:
//!   1. `by_rows_fresh` (one product, `MatmulPlan::SINGLE`: neither operand has batch dimensions;
//!      below 8³; a result that fits the 256-byte inline buffer, `ShapedBuffer::INLINE`):
//!      `new_product`, through `Dimension::with_size` of `b`'s last dimension (`One` for a
//!      vector `b`) with `gemm::NewRows`, to `gemm::new_rows`. Each block of rows is written once into the
//!      uninitialised inline buffer, so the result is never cleared. Up to 6³ multiply-adds
//!      (`gemm::out_of_line` does not hold) the compiler unrolls the loop over the rows and
//!      writes them straight into the caller's tensor. Above, it does not, and would build
//!      the result in a temporary and copy it; there the result is written by an
//!      `#[inline(never)]` call (`ShapedBuffer::from_blocks_out_of_line` and its
//!      `write_blocks`) that LLVM directs at the caller's slot.
//!   2. `by_gemm_crate_fresh` (one `f32` or `f64` product above 16³ whose result is on the
//!      heap): `gemm::new_large`, which hands `gemm`'s kernels an uncleared buffer to write
//!      (`sys::gemm_large_fresh`, `read_dst = false`).
//!   3. Otherwise (batch dimensions; 8³ to 16³; a matrix times a long vector; a small product
//!      whose result is on the heap; a large product whose result is inline; large integer
//!      products): a zeroed tensor, then `matmul_into`.
//! - [`Tensor::matmul_into`]:
//!   1. `by_rows_in_registers` (where 1. above holds, up to 6³ multiply-adds): the fresh
//!      product of 1., then one copy into `out`. Written row by row into an `out` the
//!      compiler cannot prove distinct from the operands, each row's stores would make it
//!      load `b` again for the next row.
//!   2. Otherwise `batched`: `gemm::gemm` once (`MatmulPlan::SINGLE`), or once per matrix of the
//!      batch, the batch dimensions broadcast by `MatmulPlan::BATCH_LOOP` (a `StridedLoop` plan of
//!      `kernels/broadcast.rs`). `gemm::gemm` writes every element of its output, so `out`
//!      need not be cleared.
//! - The gradients of `matmul` (`grad_lhs`, `grad_rhs`) add `g · bᵀ` and `aᵀ · g` into their
//!   result with `gemm::strided`, which reads the transposed operands through strides:
//!   `gemm`'s kernels for `f32` and `f64` above 16³, one scaled row of `a` at a time (`axpy_rows`,
//!   its AVX2 copy) for a transposed matrix times a long vector, and otherwise a loop that
//!   adds two products per addition into `out` (half the chain of dependent additions).
//!
//! ## The row loop
//!
//! An output row must be an array of constant length, `[E; M]`, for the compiler to keep it
//! in registers while the `k` rows of `b` are added into it, so the number of columns must be
//! a constant inside the loop. Rows longer than 512 bytes (`gemm::MAX_ROW_BYTES`: 128 `f32`)
//! are not held in arrays, which live on the stack in every frame the loop is inlined into:
//! `gemm::wide_rows` adds them into the output in place, in the same order. Generic code has it only as the type of `b`'s last dimension,
//! so the loop is reached through that type's `Dimension::with_size` (in `shape/dim.rs`), which
//! calls a `SizeFn` with its size as a const parameter: `gemm::RowsInto` (into a slice) and
//! `gemm::NewRows` (a fresh buffer) instantiate `gemm::rows::<E, M>` and
//! `gemm::new_rows::<.., M>` with `M = SIZE`.
//!
//! - Rows go one at a time, or two where two rows fill one 16-byte register (`gemm::pairs`:
//!   2 columns of `f32` or `i32`; `SmallBlock::pairs` adds 6 columns of `f32`, for its tiles).
//! - Below 8³ (`gemm::by_rows`, decided once per product in `gemm::rows`, and passed on as
//!   the `ELEMENT_KERNEL` parameter) each full block of rows comes from `SmallBlock::small_block`: for
//!   `f32`, 4-lane vector kernels for 3, 5 and 7 columns, 2 × 2 tiles for 6, and, on x86-64,
//!   the 2 × 2 product from three shuffles (`kernels/small_block.rs` says why each); for the
//!   other element types and widths, `gemm::block`. The AVX2 copy (8³ and up) keeps
//!   `gemm::block`.
//! - `gemm::block` starts its accumulators from the first product, as BLAS does, not from
//!   zero (an addition of `0.0` that the compiler could not remove). The `f32` kernels add the
//!   products in the same order, and their tests compare them with it bit for bit.
//!
//! The thresholds are constants of `kernels/gemm.rs` (`SIMD_MIN` = 8³, `OUT_OF_LINE` = 6³,
//! `SMALL` = 16³), of `sys.rs` (rayon's threads from 2²¹) and of the element type
//! (`Element::INLINE_CAPACITY`: 256 bytes). The measurements behind them are in
//! `docs/benchmark-history.md`, "Matrix products".

use core::marker::PhantomData;

use crate::element::Num;
use crate::kernels::broadcast::StridedLoop;
use crate::kernels::{gemm, reduce};
use crate::shape::{Dimension, DotShapes, MAX_RANK, MatShapes, Matmul, MvShapes, One, Shape};
use crate::sys::{MatRef, ShapedBuffer};
use crate::tensor::Tensor;

/// The batch part of a padded shape: all but the last two sizes, right-aligned.
const fn batch_dims(padded: [usize; MAX_RANK], rank: usize) -> [usize; MAX_RANK] {
    let mut out = [1; MAX_RANK];
    if rank > 2 {
        let mut i = 2;
        while i < MAX_RANK {
            out[i] = padded[i - 2];
            i += 1;
        }
    }
    out
}

const fn broadcast_dims(a: [usize; MAX_RANK], b: [usize; MAX_RANK]) -> [usize; MAX_RANK] {
    let mut out = [1; MAX_RANK];
    let mut i = 0;
    while i < MAX_RANK {
        out[i] = if a[i] == 1 { b[i] } else { a[i] };
        i += 1;
    }
    out
}

/// The layout of a (batched) product of shapes `A` and `B`, as constants.
struct MatmulPlan<A, B>(PhantomData<(A, B)>);
impl<A: Shape, B: Shape> MatmulPlan<A, B> {
    /// Rows of each matrix of `a` (1 for a vector).
    const N: usize = if A::RANK == 1 { 1 } else { A::PADDED[MAX_RANK - 2] };
    /// The inner size.
    const K: usize = A::PADDED[MAX_RANK - 1];
    /// Columns of each matrix of `b` (1 for a vector).
    const M: usize = if B::RANK == 1 { 1 } else { B::PADDED[MAX_RANK - 1] };
    const BATCH_A: [usize; MAX_RANK] = batch_dims(A::PADDED, A::RANK);
    const BATCH_B: [usize; MAX_RANK] = batch_dims(B::PADDED, B::RANK);
    /// Which matrix of `a` and of `b` each output matrix uses.
    const BATCH_LOOP: StridedLoop<2> =
        StridedLoop::new([Self::BATCH_A, Self::BATCH_B], broadcast_dims(Self::BATCH_A, Self::BATCH_B));
    /// No batch dimensions: one matrix product. Such products skip the batch loop, whose
    /// closure the compiler would otherwise keep out of line for small tensors.
    const SINGLE: bool = A::RANK <= 2 && B::RANK <= 2;
}

/// `out = a · b` for every matrix of a batch. Always inlined, so that for small matrices the
/// sizes are constants in the loops of `gemm::rows`.
#[crate::hot]
fn batched<E: Num, A: Shape, B: Shape>(a: &[E], b: &[E], out: &mut [E]) {
    let (n, k, m) = (MatmulPlan::<A, B>::N, MatmulPlan::<A, B>::K, MatmulPlan::<A, B>::M);
    if MatmulPlan::<A, B>::SINGLE {
        return product::<E, B>(n, k, a, b, out);
    }
    MatmulPlan::<A, B>::BATCH_LOOP.for_each_row(|o, [ia, ib], [sa, sb], len| {
        for t in 0..len {
            let (oa, ob, oo) = ((ia + t * sa) * n * k, (ib + t * sb) * k * m, (o + t) * n * m);
            product::<E, B>(n, k, &a[oa..oa + n * k], &b[ob..ob + k * m], &mut out[oo..oo + n * m]);
        }
    });
}

/// Whether `a · b` is built as a fresh tensor by [`new_product`]: where it is one small product
/// (see `gemm::by_rows`) with a result kept inline.
#[crate::hot]
const fn by_rows_fresh<E: Num, A: Shape, B: Shape, C: Shape>() -> bool {
    let (n, k, m) = (MatmulPlan::<A, B>::N, MatmulPlan::<A, B>::K, MatmulPlan::<A, B>::M);
    MatmulPlan::<A, B>::SINGLE && gemm::by_rows(n, k, m) && ShapedBuffer::<E, C>::INLINE
}

/// Whether `matmul_into` builds `a · b` as [`new_product`] does and then copies it into place:
/// where the fresh product is built where it is called (`gemm::out_of_line` does not hold), so
/// that all of it is computed in registers before anything is stored. Written row by row into a
/// tensor that the compiler cannot prove distinct from the operands (behind a `black_box`, as in
/// the benchmarks), each row's stores make it load `b` again for the next row. Products built
/// out of line (7 × 7) do not take this path.
#[crate::hot]
const fn by_rows_in_registers<E: Num, A: Shape, B: Shape, C: Shape>() -> bool {
    let (n, k, m) = (MatmulPlan::<A, B>::N, MatmulPlan::<A, B>::K, MatmulPlan::<A, B>::M);
    by_rows_fresh::<E, A, B, C>() && !gemm::out_of_line(n, k, m)
}

/// Whether `a · b` is built as a fresh tensor by `gemm::new_large`: where it is one product
/// for `gemm`'s kernels with a result too large to be kept inline (which is then never cleared).
#[crate::hot]
fn by_gemm_crate_fresh<E: Num, A: Shape, B: Shape, C: Shape>() -> bool {
    let (n, k, m) = (MatmulPlan::<A, B>::N, MatmulPlan::<A, B>::K, MatmulPlan::<A, B>::M);
    MatmulPlan::<A, B>::SINGLE && gemm::by_gemm_crate::<E>(n, k, m) && !ShapedBuffer::<E, C>::INLINE
}

/// `a · b` as a fresh tensor, where [`by_rows_fresh`] holds: the result is built row by row,
/// each element written once, where `zeros` and `batched` would clear it first (at 7 × 7, 196
/// bytes written and then overwritten). A tensor, not an `Option` of one: moving the result
/// into and out of an `Option` costs two copies of the whole tensor.
#[crate::hot]
fn new_product<E: Num, A: Shape, B: Shape, C: Shape>(a: &Tensor<E, A>, b: &Tensor<E, B>) -> Tensor<E, C> {
    let rows = gemm::NewRows { a: &a.buf, b: &b.buf, result: PhantomData };
    Tensor::from_buffer(if B::RANK == 1 { One::with_size(rows) } else { B::Last::with_size(rows) })
}

/// One matrix product of `batched`, with `B`'s columns as the constant row length.
#[crate::hot]
fn product<E: Num, B: Shape>(n: usize, k: usize, a: &[E], b: &[E], out: &mut [E]) {
    if B::RANK == 1 {
        gemm::gemm::<E, One>(n, k, a, b, out);
    } else {
        gemm::gemm::<E, B::Last>(n, k, a, b, out);
    }
}

impl<E: Num, S: Shape> Tensor<E, S> {
    /// The dot product of two vectors of the same length, checked at compile time
    /// (PyTorch's `torch.dot`).
    ///
    /// The other vector's shape is a parameter of its own, not `S`, so that a length mismatch
    /// is reported in PyTorch's words rather than as "mismatched types"; the price is that a
    /// constructor passed straight in needs its shape written (`Tensor::<f32, Shape![4]>::arange()`):
    /// rustc cannot infer it from `self` without also deciding it before it sees an argument.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let a = tensor!([1, 2, 3, 4]);
    /// let b = tensor!([4, 3, 2, 1]);
    /// assert_eq!(a.dot(&b).item(), 20);
    /// assert_eq!(a.dot(&Tensor::<i32, Shape![4]>::arange()).item(), 20);
    /// ```
    #[inline]
    pub fn dot<S2: Shape>(&self, other: &Tensor<E, S2>) -> Tensor<E, ()>
    where
        S: DotShapes<S2>,
    {
        Tensor::full(reduce::dot(self.as_slice(), other.as_slice()))
    }

    /// A matrix times a vector (PyTorch's `torch.mv`); the vector's length must be the
    /// number of columns, checked at compile time.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let a: Tensor<f32, Shape![3, 4]> = Tensor::ones();
    /// let x = tensor!([1.0f32, 2., 3., 4.]);
    /// assert_eq!(a.mv(&x), tensor!([10., 10., 10.]));
    /// ```
    #[inline]
    pub fn mv<S2: Shape>(&self, x: &Tensor<E, S2>) -> Tensor<E, <S as Matmul<S2>>::Output>
    where
        S: MvShapes<S2> + Matmul<S2>,
    {
        let k = MatmulPlan::<S, S2>::K;
        let xs = x.as_slice();
        let a = self.as_slice();
        let mut out = Tensor::<E, <S as Matmul<S2>>::Output>::zeros();
        for (i, o) in out.as_mut_slice().iter_mut().enumerate() {
            *o = reduce::dot(&a[i * k..(i + 1) * k], xs);
        }
        out
    }

    /// The product of two matrices (PyTorch's `torch.mm`); the inner sizes must agree,
    /// checked at compile time.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let a: Tensor<f32, Shape![5, 4]> = Tensor::arange();
    /// let b: Tensor<f32, Shape![4, 3]> = Tensor::ones();
    /// let c = a.mm(&b);
    /// assert_eq!(c.shape(), [5, 3]);
    /// assert_eq!(c.as_slice()[..3], [6., 6., 6.]);
    /// ```
    #[inline]
    pub fn mm<S2: Shape>(&self, other: &Tensor<E, S2>) -> Tensor<E, <S as Matmul<S2>>::Output>
    where
        S: MatShapes<S2> + Matmul<S2>,
    {
        self.matmul(other)
    }

    /// The matrix product with PyTorch's rules (`torch.matmul`, `@`): vector · vector is the
    /// dot product, matrix · vector and vector · matrix are vectors, and leading (batch)
    /// dimensions broadcast. All result shapes are computed by the compiler.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let a: Tensor<f32, Shape![2, 1, 3, 4]> = Tensor::ones();
    /// let b: Tensor<f32, Shape![5, 4, 6]> = Tensor::ones();
    /// let c = a.matmul(&b);
    /// assert_eq!(c.shape(), [2, 5, 3, 6]);
    /// assert!(c.as_slice().iter().all(|&v| v == 4.0));
    /// ```
    #[crate::hot]
    pub fn matmul<S2: Shape>(&self, other: &Tensor<E, S2>) -> Tensor<E, <S as Matmul<S2>>::Output>
    where
        S: Matmul<S2>,
    {
        type C<S, S2> = <S as Matmul<S2>>::Output;
        if by_rows_fresh::<E, S, S2, C<S, S2>>() {
            return new_product(self, other);
        }
        if by_gemm_crate_fresh::<E, S, S2, C<S, S2>>() {
            let (n, k, m) = (MatmulPlan::<S, S2>::N, MatmulPlan::<S, S2>::K, MatmulPlan::<S, S2>::M);
            return Tensor::from_buffer(gemm::new_large(n, k, m, self.as_slice(), other.as_slice()));
        }
        let mut out = Tensor::<E, C<S, S2>>::zeros();
        self.matmul_into(other, &mut out);
        out
    }

    /// [`matmul`](Self::matmul) into an existing tensor, whose old values are overwritten
    /// (PyTorch's `torch.matmul(a, b, out=c)`): for a loop of large products, it spares
    /// allocating and clearing a fresh result each time.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let a: Tensor<f32, Shape![3, 4]> = Tensor::ones();
    /// let b: Tensor<f32, Shape![4, 2]> = Tensor::ones();
    /// let mut c: Tensor<f32, Shape![3, 2]> = Tensor::full(-1.0);
    /// a.matmul_into(&b, &mut c);
    /// assert_eq!(c, Tensor::full(4.0));
    /// ```
    #[crate::hot]
    pub fn matmul_into<S2: Shape>(
        &self,
        other: &Tensor<E, S2>,
        out: &mut Tensor<E, <S as Matmul<S2>>::Output>,
    ) where
        S: Matmul<S2>,
    {
        type C<S, S2> = <S as Matmul<S2>>::Output;
        if by_rows_in_registers::<E, S, S2, C<S, S2>>() {
            let fresh: Tensor<E, C<S, S2>> = new_product(self, other);
            out.as_mut_slice().copy_from_slice(fresh.as_slice());
            return;
        }
        batched::<E, S, S2>(self.as_slice(), other.as_slice(), out.as_mut_slice());
    }
}

/// The gradient of `matmul` with respect to its left operand: `g · bᵀ` for each matrix,
/// summed over the batch positions where `a` was broadcast.
#[crate::hot]
pub(crate) fn grad_lhs<E: Num, A: Shape, B: Shape>(b: &Tensor<E, B>, g: &[E]) -> Tensor<E, A> {
    let (n, k, m) = (MatmulPlan::<A, B>::N, MatmulPlan::<A, B>::K, MatmulPlan::<A, B>::M);
    let mut ga = Tensor::<E, A>::zeros();
    let (bs, out) = (b.as_slice(), ga.as_mut_slice());
    if MatmulPlan::<A, B>::SINGLE {
        lhs_matrix([n, k, m], g, bs, out, [0, 0, 0]);
    } else {
        MatmulPlan::<A, B>::BATCH_LOOP.for_each_row(|o, [ia, ib], [sa, sb], len| {
            for t in 0..len {
                let offsets = [(ia + t * sa) * n * k, (ib + t * sb) * k * m, (o + t) * n * m];
                lhs_matrix([n, k, m], g, bs, out, offsets);
            }
        });
    }
    ga
}

/// The gradient of `matmul` with respect to its right operand: `aᵀ · g` for each matrix,
/// summed over the batch positions where `b` was broadcast.
#[crate::hot]
pub(crate) fn grad_rhs<E: Num, A: Shape, B: Shape>(a: &Tensor<E, A>, g: &[E]) -> Tensor<E, B> {
    let (n, k, m) = (MatmulPlan::<A, B>::N, MatmulPlan::<A, B>::K, MatmulPlan::<A, B>::M);
    let mut gb = Tensor::<E, B>::zeros();
    let out = gb.as_mut_slice();
    if MatmulPlan::<A, B>::SINGLE {
        rhs_matrix([n, k, m], a.as_slice(), g, out, [0, 0, 0]);
    } else {
        MatmulPlan::<A, B>::BATCH_LOOP.for_each_row(|o, [ia, ib], [sa, sb], len| {
            for t in 0..len {
                let offsets = [(ia + t * sa) * n * k, (ib + t * sb) * k * m, (o + t) * n * m];
                rhs_matrix([n, k, m], a.as_slice(), g, out, offsets);
            }
        });
    }
    gb
}

/// One matrix of `grad_lhs`: `ga[oa] += g[og] · b[ob]ᵀ`.
#[crate::hot]
fn lhs_matrix<E: Num>([n, k, m]: [usize; 3], g: &[E], b: &[E], out: &mut [E], [oa, ob, og]: [usize; 3]) {
    gemm::strided(
        n,
        m,
        k,
        MatRef { data: &g[og..og + n * m], rs: m, cs: 1 },
        MatRef { data: &b[ob..ob + k * m], rs: 1, cs: m },
        &mut out[oa..oa + n * k],
    )
}

/// One matrix of `grad_rhs`: `gb[ob] += a[oa]ᵀ · g[og]`.
#[crate::hot]
fn rhs_matrix<E: Num>([n, k, m]: [usize; 3], a: &[E], g: &[E], out: &mut [E], [oa, ob, og]: [usize; 3]) {
    gemm::strided(
        k,
        n,
        m,
        MatRef { data: &a[oa..oa + n * k], rs: 1, cs: k },
        MatRef { data: &g[og..og + n * m], rs: m, cs: 1 },
        &mut out[ob..ob + k * m],
    )
}
