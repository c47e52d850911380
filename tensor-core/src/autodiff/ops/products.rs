//! Matrix products.
//!
//! | method | reverse rule (`g` is the output gradient) | PyTorch |
//! |---|---|---|
//! | `matmul`, `dot`, `mv`, `mm` | `g · bᵀ` for `a`, `aᵀ · g` for `b`, per matrix of a batch, summed over broadcast batch positions | `a @ b`, `torch.dot`, `torch.mv`, `torch.mm` |
//!
//! The forward-mode rule is `da · b + a · db`. The four methods differ only in which shapes
//! they accept, so they share their rules: the reverse rules are the product kernels of
//! `ops::matmul` (`grad_lhs`, `grad_rhs`), which multiply by a transposed operand without
//! materialising the transpose; as tensor operations they would be `g.matmul(&b.t())` with a
//! copy of `b` transposed, and a sum over broadcast batch positions.

use crate::autodiff::{Pullback, Rule, Tangent};
use crate::element::Num;
use crate::shape::{DotShapes, MatShapes, Matmul, MvShapes, Shape};
use crate::tensor::Tensor;

super::declare! {
    /// `matmul`: `g · bᵀ` for `a`, `aᵀ · g` for `b`.
    matmul;
    /// `dot`: the rules of `matmul`.
    dot;
    /// `mv`: the rules of `matmul`.
    mv;
    /// `mm`: the rules of `matmul`.
    mm;
}

macro_rules! product {
    ($($name:ident, [$($bound:tt)*];)*) => {$(
        impl<'a, E: Num, SA: Shape + $($bound)*, SB: Shape> Rule<(&'a Tensor<E, SA>, &'a Tensor<E, SB>)> for $name {
            type Output = Tensor<E, <SA as Matmul<SB>>::Output>;
            const READS_OUTPUT: bool = false;
            #[inline]
            fn forward((a, b): (&'a Tensor<E, SA>, &'a Tensor<E, SB>)) -> Self::Output {
                a.$name(b)
            }
        }
        impl<'a, E: Num, SA: Shape + $($bound)*, SB: Shape> Pullback<(&'a Tensor<E, SA>, &'a Tensor<E, SB>), 0>
            for $name
        {
            type Grad = Tensor<E, SA>;
            #[inline]
            fn pullback((_, b): (&'a Tensor<E, SA>, &'a Tensor<E, SB>), _y: &Self::Output, g: &Self::Output) -> Tensor<E, SA> {
                crate::ops::matmul::grad_lhs::<E, SA, SB>(b, g.as_slice())
            }
        }
        impl<'a, E: Num, SA: Shape + $($bound)*, SB: Shape> Pullback<(&'a Tensor<E, SA>, &'a Tensor<E, SB>), 1>
            for $name
        {
            type Grad = Tensor<E, SB>;
            #[inline]
            fn pullback((a, _): (&'a Tensor<E, SA>, &'a Tensor<E, SB>), _y: &Self::Output, g: &Self::Output) -> Tensor<E, SB> {
                crate::ops::matmul::grad_rhs::<E, SA, SB>(a, g.as_slice())
            }
        }
        impl<'a, E: Num, SA: Shape + $($bound)*, SB: Shape> Tangent<(&'a Tensor<E, SA>, &'a Tensor<E, SB>)> for $name {
            #[inline]
            fn tangent(
                (a, b): (&'a Tensor<E, SA>, &'a Tensor<E, SB>),
                _y: &Self::Output,
                (da, db): (&'a Tensor<E, SA>, &'a Tensor<E, SB>),
            ) -> Self::Output {
                let mut t = da.matmul(b);
                t.zip_same_in_place(&a.matmul(db), |x, y| x + y);
                t
            }
        }
    )*};
}

product! {
    matmul, [Matmul<SB>];
    dot, [DotShapes<SB> + Matmul<SB, Output = ()>];
    mv, [MvShapes<SB> + Matmul<SB>];
    mm, [MatShapes<SB> + Matmul<SB>];
}
