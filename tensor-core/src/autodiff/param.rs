//! A parameter with a gradient buffer, for the accumulating form of `grad!`.

use core::ops::{Deref, DerefMut};

use crate::element::{Element, Num};
use crate::shape::Shape;
use crate::tensor::Tensor;

/// A tensor together with the gradient accumulated for it, as PyTorch keeps `x` and `x.grad`.
///
/// `grad!` returns fresh gradients by default. A parameter declared `&mut Param<..>` selects
/// the accumulating form instead: each call *adds* its gradient into `grad`, until
/// [`zero_grad`](Param::zero_grad) clears it (PyTorch's `x.grad.zero_()`). Seed §1.4.4:
///
/// ```
/// use typed_tensor::prelude::*;
/// let mut x = Param::new(Tensor::<f32, Shape![4]>::arange());
/// let f = grad!(|x: &mut Param<f32, Shape![4]>| 2.0 * x.dot(&x));
/// let y = f(&mut x);
/// assert_eq!(y.item(), 28.0);
/// assert_eq!(x.grad, tensor!([0., 4., 8., 12.]));
/// x.zero_grad();
/// let g = grad!(|x: &mut Param<f32, Shape![4]>| x.sum());
/// g(&mut x);
/// assert_eq!(x.grad, tensor!([1., 1., 1., 1.]));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Param<E: Element, S: Shape> {
    /// The value.
    pub value: Tensor<E, S>,
    /// The accumulated gradient (zeros until a gradient is added).
    pub grad: Tensor<E, S>,
}

impl<E: Num, S: Shape> Param<E, S> {
    /// A parameter with the given value and a zero gradient.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let p = Param::new(tensor!([1.0f32, 2.0]));
    /// assert_eq!(p.grad, Tensor::zeros());
    /// ```
    pub fn new(value: Tensor<E, S>) -> Self {
        Param { value, grad: Tensor::zeros() }
    }

    /// Clears the gradient (PyTorch's `x.grad.zero_()`).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let mut p = Param::new(tensor!([1.0f32]));
    /// p.accumulate(&tensor!([3.0]));
    /// p.zero_grad();
    /// assert_eq!(p.grad, tensor!([0.0]));
    /// ```
    pub fn zero_grad(&mut self) {
        self.grad.as_mut_slice().fill(E::zero());
    }

    /// Adds `g` into the gradient.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let mut p = Param::new(tensor!([1.0f32]));
    /// p.accumulate(&tensor!([3.0]));
    /// p.accumulate(&tensor!([3.0]));
    /// assert_eq!(p.grad, tensor!([6.0]));
    /// ```
    pub fn accumulate(&mut self, g: &Tensor<E, S>) {
        super::accumulate(&mut self.grad, g);
    }
}

impl<E: Element, S: Shape> Deref for Param<E, S> {
    type Target = Tensor<E, S>;
    fn deref(&self) -> &Tensor<E, S> {
        &self.value
    }
}

impl<E: Element, S: Shape> DerefMut for Param<E, S> {
    fn deref_mut(&mut self) -> &mut Tensor<E, S> {
        &mut self.value
    }
}
