//! Optimizers (PyTorch's `torch.optim`).

use crate::element::Float;
use crate::nn::{ParamPath, Parameters};

/// Minibatch stochastic gradient descent with a fixed learning rate (PyTorch's
/// `optim.SGD(net.parameters(), lr)`): `step` moves each parameter against its gradient,
/// `zero_grad` clears the gradients.
///
/// ```
/// use rand::{SeedableRng, rngs::StdRng};
/// use typed_tensor::nn::Linear;
/// use typed_tensor::optim::Sgd;
/// use typed_tensor::prelude::*;
/// let mut net = Linear::<f32, Shape![2, 1]>::new(&mut StdRng::seed_from_u64(0));
/// net.bias.grad = tensor!([1.0f32]);
/// Sgd::new(0.5).step(&mut net);
/// assert_eq!(net.bias.value, tensor!([-0.5f32]));
/// Sgd::new(0.5).zero_grad(&mut net);
/// assert_eq!(net.bias.grad, tensor!([0.0f32]));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Sgd<E> {
    /// The learning rate.
    pub lr: E,
}

impl<E: Float> Sgd<E> {
    /// An optimizer with learning rate `lr`.
    pub fn new(lr: E) -> Self {
        Sgd { lr }
    }

    /// `value -= lr * grad` for every parameter.
    pub fn step(&self, model: &mut impl Parameters<E>) {
        let lr = self.lr;
        model.visit(ParamPath::root(), &mut |p| {
            for (v, &g) in p.value.iter_mut().zip(p.grad.iter()) {
                *v -= lr * g;
            }
        });
    }

    /// Sets every gradient to zero.
    pub fn zero_grad(&self, model: &mut impl Parameters<E>) {
        model.visit(ParamPath::root(), &mut |p| p.grad.fill(E::zero()));
    }
}
