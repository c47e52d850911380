//! Reductions: sums and means.

use crate::element::{Float, Num};
use crate::kernels::broadcast::{Plan2, sum_into};
use crate::kernels::reduce;
use crate::shape::{BroadcastTo, Shape};
use crate::tensor::Tensor;

impl<E: Num, S: Shape> Tensor<E, S> {
    /// The sum of all elements, as a rank-0 tensor (PyTorch's `x.sum()`).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let a: Tensor<f32, Shape![3, 4]> = Tensor::ones();
    /// assert_eq!(a.sum().item(), 12.0);
    /// ```
    #[inline]
    pub fn sum(&self) -> Tensor<E, ()> {
        Tensor::full(reduce::sum(self.as_slice()))
    }
}

impl<E: Float, S: Shape> Tensor<E, S> {
    /// The mean of all elements, as a rank-0 tensor (NaN for an empty tensor, as in PyTorch).
    /// Only floating-point tensors have a mean: on integers it is a compile error (PyTorch
    /// fails at run time).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let a: Tensor<f32, Shape![3, 2]> = Tensor::arange();
    /// assert_eq!(a.mean().item(), 2.5);
    /// ```
    #[inline]
    pub fn mean(&self) -> Tensor<E, ()> {
        Tensor::full(reduce::sum(self.as_slice()) / E::from_usize(S::NUMEL))
    }
}

impl<E: Num, S: Shape> Tensor<E, S> {
    /// Sums a tensor down to a shape that broadcasts to it: the inverse of broadcasting, and
    /// the rule that returns a broadcast operand's gradient to its own shape (PyTorch's
    /// `sum_to_size`). Leading axes are summed away; axes of size 1 in `T` are summed and kept.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let g: Tensor<f32, Shape![2, 3]> = Tensor::ones();
    /// assert_eq!(g.sum_to::<Shape![3]>(), tensor!([2., 2., 2.]));
    /// assert_eq!(g.sum_to::<Shape![2, 1]>(), tensor!([[3.], [3.]]));
    /// ```
    #[inline]
    pub fn sum_to<T: Shape + BroadcastTo<S>>(&self) -> Tensor<E, T> {
        let mut out = Tensor::<E, T>::zeros();
        sum_into(&Plan2::<S, T, S>::ZIP, self.as_slice(), out.as_mut_slice());
        out
    }
}
