//! Sums and means, of the whole tensor or along one axis.
//!
//! | method | reverse rule (`g` is the output gradient) | PyTorch |
//! |---|---|---|
//! | `sum`, `mean` | `g` (divided by the count) broadcast to `x`'s shape | `x.sum()`, `x.mean()` |
//! | `sum_axis::<A>`, `mean_axis::<A>` | `g` with axis `A` restored, broadcast along it (divided by its size) | `x.sum(A)`, `x.mean(A)` |
//! | `sum_axis_keepdim::<A>`, `mean_axis_keepdim::<A>` | `g` broadcast along axis `A` (divided by its size) | `x.sum(A, keepdim=True)`, `x.mean(A, keepdim=True)` |
//! | `cumsum::<A>` | the sums of `g` along `A` from each element to the last | `x.cumsum(A)` |
//!
//! These are linear, so the forward-mode rule is the reduction of the tangent. The reverse
//! rules are broadcasts (and a division by a constant); a broadcast has no rule of its own yet
//! (it would be a sum back to the operand's shape), which a gradient of these gradients needs.

use crate::autodiff::{Pullback, Rule, Tangent};
use crate::element::{Float, Num};
use crate::shape::{Dimension, RemoveAxis, Shape};
use crate::tensor::Tensor;

super::declare! {
    /// `sum`: `g` broadcast to `x`'s shape.
    sum;
    /// `mean`: `g / n` broadcast to `x`'s shape.
    mean;
    /// `sum_axis::<A>`: `g` with axis `A` restored, broadcast along it.
    sum_axis<const A: usize>;
    /// `mean_axis::<A>`: `g` with axis `A` restored, broadcast along it, divided by its size.
    mean_axis<const A: usize>;
    /// `sum_axis_keepdim::<A>`: `g` broadcast along axis `A`.
    sum_axis_keepdim<const A: usize>;
    /// `mean_axis_keepdim::<A>`: `g` broadcast along axis `A`, divided by its size.
    mean_axis_keepdim<const A: usize>;
    /// `cumsum::<A>`: the sums of `g` along axis `A` from each element to the last.
    cumsum<const A: usize>;
}

/// The size of the axis `A` of `S` as an element.
#[inline]
fn axis_len<const A: usize, E: Num, S: RemoveAxis<A>>() -> E {
    E::from_usize(<<S as RemoveAxis<A>>::Removed as Dimension>::SIZE)
}

/// `Rule` and `Tangent` of a linear reduction: the method on the value and on the tangent.
macro_rules! linear {
    ($name:ident $(<const $a:ident>)?, $bound:ident, $out:ty $(, where $($w:tt)*)?) => {
        impl<'a, $(const $a: usize,)? E: $bound, S: Shape> Rule<(&'a Tensor<E, S>,)> for $name$(<$a>)?
        $(where $($w)*)?
        {
            type Output = Tensor<E, $out>;
            const READS_OUTPUT: bool = false;
            #[inline]
            fn forward((x,): (&'a Tensor<E, S>,)) -> Self::Output {
                x.$name$(::<$a>)?()
            }
        }
        impl<'a, $(const $a: usize,)? E: $bound, S: Shape> Tangent<(&'a Tensor<E, S>,)> for $name$(<$a>)?
        $(where $($w)*)?
        {
            #[inline]
            fn tangent(_: (&'a Tensor<E, S>,), _y: &Self::Output, (dx,): (&'a Tensor<E, S>,)) -> Self::Output {
                dx.$name$(::<$a>)?()
            }
        }
    };
}

linear!(sum, Float, ());
linear!(mean, Float, ());
linear!(sum_axis<const A>, Float, <S as RemoveAxis<A>>::Output, where S: RemoveAxis<A>);
linear!(mean_axis<const A>, Float, <S as RemoveAxis<A>>::Output, where S: RemoveAxis<A>);
linear!(sum_axis_keepdim<const A>, Float, <S as RemoveAxis<A>>::Kept, where S: RemoveAxis<A>);
linear!(mean_axis_keepdim<const A>, Float, <S as RemoveAxis<A>>::Kept, where S: RemoveAxis<A>);
linear!(cumsum<const A>, Float, S, where S: RemoveAxis<A>);

impl<'a, const A: usize, E: Float, S: Shape + RemoveAxis<A>> Pullback<(&'a Tensor<E, S>,), 0> for cumsum<A> {
    type Grad = Tensor<E, S>;
    #[inline]
    fn pullback(_: (&'a Tensor<E, S>,), _y: &Tensor<E, S>, g: &Tensor<E, S>) -> Tensor<E, S> {
        g.cumsum_from_end::<A>()
    }
}

impl<'a, E: Float, S: Shape> Pullback<(&'a Tensor<E, S>,), 0> for sum {
    type Grad = Tensor<E, S>;
    #[inline]
    fn pullback(_: (&'a Tensor<E, S>,), _y: &Tensor<E, ()>, g: &Tensor<E, ()>) -> Tensor<E, S> {
        Tensor::full(g.item())
    }
}

impl<'a, E: Float, S: Shape> Pullback<(&'a Tensor<E, S>,), 0> for mean {
    type Grad = Tensor<E, S>;
    #[inline]
    fn pullback(_: (&'a Tensor<E, S>,), _y: &Tensor<E, ()>, g: &Tensor<E, ()>) -> Tensor<E, S> {
        Tensor::full(g.item() / E::from_usize(S::NUMEL))
    }
}

impl<'a, const A: usize, E: Float, S: Shape + RemoveAxis<A>> Pullback<(&'a Tensor<E, S>,), 0>
    for sum_axis<A>
{
    type Grad = Tensor<E, S>;
    #[inline]
    fn pullback(_: (&'a Tensor<E, S>,), _y: &Self::Output, g: &Self::Output) -> Tensor<E, S> {
        g.clone().reinterpret::<<S as RemoveAxis<A>>::Kept>().broadcast_to_shape()
    }
}

impl<'a, const A: usize, E: Float, S: Shape + RemoveAxis<A>> Pullback<(&'a Tensor<E, S>,), 0>
    for mean_axis<A>
{
    type Grad = Tensor<E, S>;
    #[inline]
    fn pullback(x: (&'a Tensor<E, S>,), _y: &Self::Output, g: &Self::Output) -> Tensor<E, S> {
        <sum_axis<A> as Pullback<_, 0>>::pullback(x, g, g) / axis_len::<A, E, S>()
    }
}

impl<'a, const A: usize, E: Float, S: Shape + RemoveAxis<A>> Pullback<(&'a Tensor<E, S>,), 0>
    for sum_axis_keepdim<A>
{
    type Grad = Tensor<E, S>;
    #[inline]
    fn pullback(_: (&'a Tensor<E, S>,), _y: &Self::Output, g: &Self::Output) -> Tensor<E, S> {
        g.broadcast_to_shape()
    }
}

impl<'a, const A: usize, E: Float, S: Shape + RemoveAxis<A>> Pullback<(&'a Tensor<E, S>,), 0>
    for mean_axis_keepdim<A>
{
    type Grad = Tensor<E, S>;
    #[inline]
    fn pullback(x: (&'a Tensor<E, S>,), _y: &Self::Output, g: &Self::Output) -> Tensor<E, S> {
        <sum_axis_keepdim<A> as Pullback<_, 0>>::pullback(x, g, g) / axis_len::<A, E, S>()
    }
}
