//! `dot`, `mv`, `mm` and `matmul`, with the shapes checked by the compiler (see
//! `shape/matmul.rs` for the rules and messages).

use core::marker::PhantomData;

use crate::element::Num;
use crate::kernels::broadcast::Zip;
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
struct Plan<A, B>(PhantomData<(A, B)>);
impl<A: Shape, B: Shape> Plan<A, B> {
    /// Rows of each matrix of `a` (1 for a vector).
    const N: usize = if A::RANK == 1 { 1 } else { A::PADDED[MAX_RANK - 2] };
    /// The inner size.
    const K: usize = A::PADDED[MAX_RANK - 1];
    /// Columns of each matrix of `b` (1 for a vector).
    const M: usize = if B::RANK == 1 { 1 } else { B::PADDED[MAX_RANK - 1] };
    const BATCH_A: [usize; MAX_RANK] = batch_dims(A::PADDED, A::RANK);
    const BATCH_B: [usize; MAX_RANK] = batch_dims(B::PADDED, B::RANK);
    /// Which matrix of `a` and of `b` each output matrix uses.
    const BATCH: Zip<2> =
        Zip::new([Self::BATCH_A, Self::BATCH_B], broadcast_dims(Self::BATCH_A, Self::BATCH_B));
    /// No batch dimensions: one matrix product. Such products skip the batch loop, whose
    /// closure the compiler would otherwise keep out of line for small tensors.
    const SINGLE: bool = A::RANK <= 2 && B::RANK <= 2;
}

/// `out = a · b` for every matrix of a batch. Always inlined, so that for small matrices the
/// sizes are constants in the loops of `gemm::rows`.
#[inline(always)]
fn batched<E: Num, A: Shape, B: Shape>(a: &[E], b: &[E], out: &mut [E]) {
    let (n, k, m) = (Plan::<A, B>::N, Plan::<A, B>::K, Plan::<A, B>::M);
    if Plan::<A, B>::SINGLE {
        return product::<E, B>(n, k, a, b, out);
    }
    Plan::<A, B>::BATCH.for_each_row(|o, [ia, ib], [sa, sb], len| {
        for t in 0..len {
            let (oa, ob, oo) = ((ia + t * sa) * n * k, (ib + t * sb) * k * m, (o + t) * n * m);
            product::<E, B>(n, k, &a[oa..oa + n * k], &b[ob..ob + k * m], &mut out[oo..oo + n * m]);
        }
    });
}

/// Whether `a · b` is built as a fresh tensor by [`new_product`]: where it is one small product
/// (see `gemm::by_rows`) with a result kept inline.
#[inline(always)]
const fn by_rows_fresh<E: Num, A: Shape, B: Shape, C: Shape>() -> bool {
    let (n, k, m) = (Plan::<A, B>::N, Plan::<A, B>::K, Plan::<A, B>::M);
    Plan::<A, B>::SINGLE && gemm::by_rows(n, k, m) && ShapedBuffer::<E, C>::INLINE
}

/// Whether `matmul_into` builds `a · b` as [`new_product`] does and then copies it into place:
/// where the fresh product is built where it is called (`gemm::out_of_line` does not hold), so
/// that all of it is computed in registers before anything is stored. Written row by row into a
/// tensor that the compiler cannot prove distinct from the operands (behind a `black_box`, as in
/// the benchmarks), each row's stores make it load `b` again for the next row. Products built
/// out of line (7 × 7) do not take this path.
#[inline(always)]
const fn by_rows_in_registers<E: Num, A: Shape, B: Shape, C: Shape>() -> bool {
    let (n, k, m) = (Plan::<A, B>::N, Plan::<A, B>::K, Plan::<A, B>::M);
    by_rows_fresh::<E, A, B, C>() && !gemm::out_of_line(n, k, m)
}

/// Whether `a · b` is built as a fresh tensor by `gemm::new_large`: where it is one product
/// for the `gemm` crate with a result too large to be kept inline (which is then never cleared).
#[inline(always)]
fn by_gemm_crate_fresh<E: Num, A: Shape, B: Shape, C: Shape>() -> bool {
    let (n, k, m) = (Plan::<A, B>::N, Plan::<A, B>::K, Plan::<A, B>::M);
    Plan::<A, B>::SINGLE && gemm::by_gemm_crate::<E>(n, k, m) && !ShapedBuffer::<E, C>::INLINE
}

/// `a · b` as a fresh tensor, where [`by_rows_fresh`] holds: the result is built row by row,
/// each element written once, where `zeros` and `batched` would clear it first (at 7 × 7, 196
/// bytes written and then overwritten). A tensor, not an `Option` of one: moving the result
/// into and out of an `Option` costs two copies of the whole tensor.
#[inline(always)]
fn new_product<E: Num, A: Shape, B: Shape, C: Shape>(a: &Tensor<E, A>, b: &Tensor<E, B>) -> Tensor<E, C> {
    if B::RANK == 1 { One::matmul_new(a, b) } else { B::Last::matmul_new(a, b) }
}

/// One matrix product of `batched`, with `B`'s columns as the constant row length.
#[inline(always)]
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
    /// ```
    /// use typed_tensor::prelude::*;
    /// let a = tensor!([1, 2, 3, 4]);
    /// let b = tensor!([4, 3, 2, 1]);
    /// assert_eq!(a.dot(&b).item(), 20);
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
        let k = Plan::<S, S2>::K;
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
    #[inline(always)]
    pub fn matmul<S2: Shape>(&self, other: &Tensor<E, S2>) -> Tensor<E, <S as Matmul<S2>>::Output>
    where
        S: Matmul<S2>,
    {
        type C<S, S2> = <S as Matmul<S2>>::Output;
        if by_rows_fresh::<E, S, S2, C<S, S2>>() {
            return new_product(self, other);
        }
        if by_gemm_crate_fresh::<E, S, S2, C<S, S2>>() {
            let (n, k, m) = (Plan::<S, S2>::N, Plan::<S, S2>::K, Plan::<S, S2>::M);
            return gemm::new_large(n, k, m, self.as_slice(), other.as_slice());
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
    #[inline(always)]
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
#[inline(always)]
pub(crate) fn grad_lhs<E: Num, A: Shape, B: Shape>(b: &Tensor<E, B>, g: &[E]) -> Tensor<E, A> {
    let (n, k, m) = (Plan::<A, B>::N, Plan::<A, B>::K, Plan::<A, B>::M);
    let mut ga = Tensor::<E, A>::zeros();
    let (bs, out) = (b.as_slice(), ga.as_mut_slice());
    if Plan::<A, B>::SINGLE {
        lhs_matrix([n, k, m], g, bs, out, [0, 0, 0]);
    } else {
        Plan::<A, B>::BATCH.for_each_row(|o, [ia, ib], [sa, sb], len| {
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
#[inline(always)]
pub(crate) fn grad_rhs<E: Num, A: Shape, B: Shape>(a: &Tensor<E, A>, g: &[E]) -> Tensor<E, B> {
    let (n, k, m) = (Plan::<A, B>::N, Plan::<A, B>::K, Plan::<A, B>::M);
    let mut gb = Tensor::<E, B>::zeros();
    let out = gb.as_mut_slice();
    if Plan::<A, B>::SINGLE {
        rhs_matrix([n, k, m], a.as_slice(), g, out, [0, 0, 0]);
    } else {
        Plan::<A, B>::BATCH.for_each_row(|o, [ia, ib], [sa, sb], len| {
            for t in 0..len {
                let offsets = [(ia + t * sa) * n * k, (ib + t * sb) * k * m, (o + t) * n * m];
                rhs_matrix([n, k, m], a.as_slice(), g, out, offsets);
            }
        });
    }
    gb
}

/// One matrix of `grad_lhs`: `ga[oa] += g[og] · b[ob]ᵀ`.
#[inline(always)]
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
#[inline(always)]
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
