//! Norms, and solving small dense systems (seed §1.3.6, and the closed form of §2.1.5).
//!
//! - `norm_l1`, `norm` (L2, which for a matrix is the Frobenius norm, as `torch.norm`),
//!   `norm_fro`, `norm_axis`;
//! - `solve` (LU with partial pivoting), `inverse`, and `lstsq` (Householder QR: it works on
//!   `X` itself rather than `XᵀX`, so its error grows with the condition number of `X`, not
//!   its square). A singular system is an `Err`, never a NaN.

use crate::element::{Element, Float, Num};
use crate::error::LinalgError;
use crate::shape::{Dim, Dimension, Matmul, One, RemoveAxis, Shape};
use crate::tensor::Tensor;

/// The solution of `X W ≈ Y` for `X` of shape `(D0, D1)`: the shape of `Xᵀ Y`.
type Lstsq<E, D0, D1, SB> = Tensor<E, <(D1, D0) as Matmul<SB>>::Output>;

/// The check that a matrix is square, with PyTorch's message.
#[diagnostic::on_unimplemented(
    message = "linalg.solve: A must be batches of square matrices, but they are {R} by {C} matrices",
    label = "only square matrices can be solved or inverted"
)]
pub trait SquareSize<const R: usize, const C: usize> {}
impl<const N: usize> SquareSize<N, N> for () {}

/// A right-hand side of `solve` and `lstsq`: a vector or a matrix, one system's. (PyTorch's
/// `linalg.solve` also takes batches of systems; here solve them one at a time.)
#[diagnostic::on_unimplemented(
    message = "linalg.solve and linalg.lstsq take a vector or a matrix as the right-hand side, but its shape is {Self}",
    label = "solve one system at a time"
)]
pub trait Rhs: Shape {}
impl<D: Dimension> Rhs for (D,) {}
impl<D0: Dimension, D1: Dimension> Rhs for (D0, D1) {}

/// A square matrix shape.
pub trait Square: Shape {}
impl<const R: usize, const C: usize> Square for (Dim<R>, Dim<C>) where (): SquareSize<R, C> {}
impl<const C: usize> Square for (One, Dim<C>) where (): SquareSize<1, C> {}
impl<const R: usize> Square for (Dim<R>, One) where (): SquareSize<R, 1> {}
impl Square for (One, One) {}

impl<E: Num, S: Shape> Tensor<E, S> {
    /// The L1 norm: the sum of absolute values (seed: `torch.abs(u).sum()`), in the
    /// accumulator type as [`Tensor::sum`] (`i64` for `i32`).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let u = tensor!([-3.0f32, 4.0]);
    /// assert_eq!(u.norm_l1().item(), 7.0);
    /// assert_eq!(u.abs().sum().item(), 7.0);
    /// ```
    #[inline]
    pub fn norm_l1(&self) -> Tensor<E::Acc, ()> {
        Tensor::full(self.as_slice().iter().map(|x| num_traits::Signed::abs(&x.to_acc())).sum())
    }
}

impl<E: Element, S: Shape> Tensor<E, S> {
    /// The L2 norm of all elements, which for a matrix is the Frobenius norm (PyTorch's
    /// `torch.norm`, seed: `[-3, 4]` gives 5, `ones(4, 9)` gives 6). Integer tensors have no
    /// norm (PyTorch fails at run time; the seed's `torch.norm(torch.tensor([-3, 4]))` is one
    /// of its slips): here that is a compile error.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// assert_eq!(tensor!([-3.0f32, 4.0]).norm().item(), 5.0);
    /// assert_eq!(Tensor::<f32, Shape![4, 9]>::ones().norm().item(), 6.0);
    /// ```
    #[inline]
    pub fn norm(&self) -> Tensor<E, ()>
    where
        E: Float,
    {
        Tensor::full(crate::kernels::reduce::dot(self.as_slice(), self.as_slice()).sqrt())
    }

    /// The L2 norm along axis `A` (PyTorch's `torch.norm(x, dim=A)`).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x = tensor!([[3.0f32, 4.0], [6.0, 8.0]]);
    /// assert_eq!(x.norm_axis::<1>(), tensor!([5.0, 10.0]));
    /// ```
    #[inline]
    pub fn norm_axis<const A: usize>(&self) -> Tensor<E, <S as RemoveAxis<A>>::Output>
    where
        E: Float,
        S: RemoveAxis<A>,
    {
        self.square().sum_axis::<A>().sqrt()
    }
}

impl<E: Element, D0: Dimension, D1: Dimension> Tensor<E, (D0, D1)> {
    /// The Frobenius norm of a matrix: the square root of the sum of squares of its elements
    /// (the same number as [`norm`](Tensor::norm)).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// assert_eq!(Tensor::<f64, Shape![4, 9]>::ones().norm_fro().item(), 6.0);
    /// ```
    #[inline]
    pub fn norm_fro(&self) -> Tensor<E, ()>
    where
        E: Float,
    {
        self.norm()
    }

    /// Solves `A X = B` for `X` (PyTorch's `torch.linalg.solve(A, B)`), where `A` is `self`,
    /// square, and `B` a vector or a matrix with as many rows as `A`. LU decomposition with
    /// partial pivoting, as LAPACK's `getrf`: a pivot that is exactly zero is reported as
    /// [`LinalgError::Singular`]; a nearly singular matrix gives a large, inexact solution (as
    /// in PyTorch), and NaN or infinite entries pass into the solution as LAPACK's arithmetic
    /// carries them (NaN, infinities or zeros), not an error.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let a = tensor!([[3.0, 1.0], [1.0, 2.0]]);
    /// let b = tensor!([9.0, 8.0]);
    /// let x = a.solve(&b)?;
    /// assert!(x.allclose(&tensor!([2.0, 3.0]), 1e-12, 1e-12));
    /// # Ok::<(), LinalgError>(())
    /// ```
    pub fn solve<SB: Rhs>(&self, b: &Tensor<E, SB>) -> Result<Tensor<E, SB>, LinalgError>
    where
        E: Float,
        // the rows of `B` are checked against `A`'s rows (`D0`), so that a non-square `A` is
        // reported once, by `Square`
        (D0, D1): Square,
        (D0, D0): Matmul<SB, Output = SB>,
    {
        let n = D0::SIZE;
        let cols = if SB::RANK == 1 { 1 } else { SB::NUMEL / n.max(1) };
        // copies as tensors: small systems stay inline, without a heap allocation
        let mut lu = self.clone();
        let mut x = b.clone();
        lu_solve(lu.as_mut_slice(), n, x.as_mut_slice(), cols, "linalg.solve")?;
        Ok(x)
    }

    /// The inverse of a square matrix (PyTorch's `torch.linalg.inv`); a singular matrix is an
    /// `Err`.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let a = tensor!([[4.0, 7.0], [2.0, 6.0]]);
    /// let inv = a.inverse()?;
    /// assert!(a.mm(&inv).allclose(&Tensor::<f64, Shape![2, 2]>::eye(), 1e-12, 1e-12));
    /// # Ok::<(), LinalgError>(())
    /// ```
    pub fn inverse(&self) -> Result<Self, LinalgError>
    where
        E: Float,
        (D0, D1): Square,
    {
        let n = D0::SIZE;
        let mut lu = self.clone();
        let mut x = Tensor::<E, (D0, D1)>::eye();
        lu_solve(lu.as_mut_slice(), n, x.as_mut_slice(), n, "linalg.inv")?;
        Ok(x)
    }

    /// The least-squares solution of `X W ≈ Y` (PyTorch's `torch.linalg.lstsq(X, Y).solution`):
    /// the `W` minimising `‖X W − Y‖²`, for `X` with at least as many rows as columns and
    /// linearly independent columns (else [`LinalgError::RankDeficient`]). `Y` is a vector or a
    /// matrix with as many rows as `X`; `W` has the shape of `Xᵀ Y`, so a size mismatch is
    /// reported as the product `Xᵀ · Y` that cannot be formed. Householder QR, in `E`, of `X`
    /// with each column scaled to norm 1 first (norms computed without overflow or underflow,
    /// as LAPACK's `dnrm2`), so that the result does not depend on the columns' scales:
    /// columns of 1e200 or 1e-200 are solved as well as columns of 1. A column is dependent
    /// when its part orthogonal to the previous ones is below `rows · ε` of the scaled matrix.
    /// NaN entries give NaN in the solution, as in PyTorch.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// // y = 1 + 2 x, exactly: columns [1, x]
    /// let x = tensor!([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]]);
    /// let y = tensor!([1.0, 3.0, 5.0, 7.0]);
    /// let w = x.lstsq(&y)?;
    /// assert!(w.allclose(&tensor!([1.0, 2.0]), 1e-12, 1e-12));
    /// # Ok::<(), LinalgError>(())
    /// ```
    pub fn lstsq<SB: Rhs>(&self, y: &Tensor<E, SB>) -> Result<Lstsq<E, D0, D1, SB>, LinalgError>
    where
        E: Float,
        (D1, D0): Matmul<SB>,
    {
        let (rows, p) = (D0::SIZE, D1::SIZE);
        let cols = if SB::RANK == 1 { 1 } else { SB::NUMEL / rows.max(1) };
        // copies as tensors: small problems stay inline, without a heap allocation
        let mut r = self.clone();
        let mut b = y.clone();
        let mut v = Tensor::<E, (D0,)>::zeros();
        let mut scales = Tensor::<E, (D1,)>::zeros();
        let work = (v.as_mut_slice(), scales.as_mut_slice());
        householder_lstsq(r.as_mut_slice(), rows, p, b.as_mut_slice(), cols, work)?;
        // the first `p` rows of `b` hold the solution
        let b = b.as_slice();
        Ok(Tensor::from_fn_flat(|i| b[i]))
    }
}

/// Solves `A X = B` in place: `a` is `n × n` row-major (overwritten by its LU factors), `b` is
/// `n × cols` row-major (overwritten by `X`).
/// `op` names the routine in the error (PyTorch's prefix: `linalg.solve`, `linalg.inv`).
fn lu_solve<E: Float>(
    a: &mut [E],
    n: usize,
    b: &mut [E],
    cols: usize,
    op: &'static str,
) -> Result<(), LinalgError> {
    for k in 0..n {
        // partial pivoting: the largest remaining entry of column k, the first on ties and the
        // diagonal if it is NaN (BLAS's `idamax`)
        let (piv, max) = (k + 1..n)
            .map(|i| (i, a[i * n + k].abs()))
            .fold((k, a[k * n + k].abs()), |b, c| if c.1 > b.1 { c } else { b });
        // exactly zero, as `getrf` reports it: NaN passes on into the solution
        if max == E::zero() {
            return Err(LinalgError::Singular { op, pivot: k });
        }
        if piv != k {
            for j in 0..n {
                a.swap(k * n + j, piv * n + j);
            }
            for j in 0..cols {
                b.swap(k * cols + j, piv * cols + j);
            }
        }
        let d = a[k * n + k];
        for i in k + 1..n {
            let f = a[i * n + k] / d;
            if f == E::zero() {
                continue;
            }
            for j in k..n {
                let v = a[k * n + j];
                a[i * n + j] -= f * v;
            }
            for j in 0..cols {
                let v = b[k * cols + j];
                b[i * cols + j] -= f * v;
            }
        }
    }
    back_substitute(a, n, n, b, cols);
    Ok(())
}

/// Solves the upper-triangular system formed by the first `n` rows and columns of `r`
/// (`stride` columns per row) in place in the first `n` rows of `b`.
fn back_substitute<E: Float>(r: &[E], stride: usize, n: usize, b: &mut [E], cols: usize) {
    for k in (0..n).rev() {
        let d = r[k * stride + k];
        for j in 0..cols {
            let mut s = b[k * cols + j];
            for i in k + 1..n {
                s -= r[k * stride + i] * b[i * cols + j];
            }
            b[k * cols + j] = s / d;
        }
    }
}

/// Least squares by Householder QR: `r` is `rows × p` row-major, `b` is `rows × cols`, `v`
/// and `scales` are `rows` and `p` elements of work space; on success the first `p` rows of
/// `b` hold the solution.
fn householder_lstsq<E: Float>(
    r: &mut [E],
    rows: usize,
    p: usize,
    b: &mut [E],
    cols: usize,
    (v, scales): (&mut [E], &mut [E]),
) -> Result<(), LinalgError> {
    if rows < p {
        return Err(LinalgError::RankDeficient { column: rows });
    }
    // each column scaled to norm 1 (its norm kept in `scales[j]`)
    for j in 0..p {
        let norm = norm2((0..rows).map(|i| r[i * p + j]));
        if norm == E::zero() {
            return Err(LinalgError::RankDeficient { column: j });
        }
        for i in 0..rows {
            r[i * p + j] /= norm;
        }
        scales[j] = norm;
    }
    let tol = E::epsilon() * E::from_usize(rows.max(1));
    for j in 0..p {
        let norm = norm2((j..rows).map(|i| r[i * p + j]));
        if norm <= tol {
            return Err(LinalgError::RankDeficient { column: j });
        }
        let rjj = r[j * p + j];
        let alpha = if rjj > E::zero() { -norm } else { norm };
        for i in j..rows {
            v[i] = r[i * p + j];
        }
        v[j] -= alpha;
        let vv = (j..rows).map(|i| v[i] * v[i]).fold(E::zero(), |a, x| a + x);
        let two = E::from_f64(2.0);
        // apply H = I - 2 v vᵀ / vᵀv to the remaining columns of r and to b
        for c in j..p {
            let s = (j..rows).map(|i| v[i] * r[i * p + c]).fold(E::zero(), |a, x| a + x) * two / vv;
            for i in j..rows {
                r[i * p + c] -= s * v[i];
            }
        }
        for c in 0..cols {
            let s = (j..rows).map(|i| v[i] * b[i * cols + c]).fold(E::zero(), |a, x| a + x) * two / vv;
            for i in j..rows {
                b[i * cols + c] -= s * v[i];
            }
        }
        r[j * p + j] = alpha;
    }
    back_substitute(r, p, p, b, cols);
    // the solution for the scaled columns, scaled back
    for (j, &scale) in scales.iter().enumerate() {
        for x in &mut b[j * cols..(j + 1) * cols] {
            *x /= scale;
        }
    }
    Ok(())
}

/// The Euclidean norm, scaled by the largest magnitude first so that no square overflows or
/// underflows (LAPACK's `dnrm2`): `[1e200, 1e200]` gives `1.414e200`, not infinity. NaN
/// anywhere gives NaN.
fn norm2<E: Float>(xs: impl Iterator<Item = E> + Clone) -> E {
    let max = xs.clone().fold(E::zero(), |m, x| if x.abs() > m { x.abs() } else { m });
    if max == E::zero() || max.is_infinite() {
        // all zero (or NaN, which the sum below would give): the sum of the magnitudes
        return xs.fold(E::zero(), |s, x| s + x.abs());
    }
    max * xs.fold(E::zero(), |s, x| s + (x / max) * (x / max)).sqrt()
}
