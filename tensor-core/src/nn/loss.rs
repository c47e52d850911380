//! Losses.

use crate::element::Float;
use crate::shape::{Broadcast, BroadcastTo, Shape};
use crate::tensor::Tensor;

/// The mean squared error (PyTorch's `nn.MSELoss()`, mean reduction): `mean((pred - target)²)`.
///
/// The target may have size-1 axes where the prediction has size 1 too (`Shape![B, 1]` against
/// a `Linear<_, _, 1>` output), but it must broadcast *to the prediction's shape*: a target of
/// shape `[B]` against predictions `[B, 1]`, which PyTorch silently broadcasts to `[B, B]`, is a
/// compile error here.
///
/// ```
/// use typed_tensor::nn::MseLoss;
/// use typed_tensor::prelude::*;
/// let (l, g) = MseLoss.value_and_grad(&tensor!([[1.0f32], [3.0]]), &tensor!([[0.0f32], [1.0]]));
/// assert_eq!(l.item(), 2.5);
/// assert_eq!(g, tensor!([[1.0f32], [2.0]]));
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct MseLoss;

impl MseLoss {
    /// The loss.
    pub fn forward<E: Float, S: Shape + Broadcast<T>, T: Shape + BroadcastTo<S>>(
        &self,
        pred: &Tensor<E, S>,
        target: &Tensor<E, T>,
    ) -> Tensor<E, ()> {
        (pred - target).square().mean()
    }

    /// The loss and its gradient with respect to the prediction, written by `grad!`.
    pub fn value_and_grad<E: Float, S: Shape + Broadcast<T>, T: Shape + BroadcastTo<S>>(
        &self,
        pred: &Tensor<E, S>,
        target: &Tensor<E, T>,
    ) -> (Tensor<E, ()>, Tensor<E, S>) {
        let f = crate::grad!(|p: &Tensor<E, S>| (p - target).square().mean());
        f(pred)
    }
}
