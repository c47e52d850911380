//! `nn::Linear`: `y = x W + b`.

use super::{Module, ParamPath, ParamRef, Parameters};
use crate::autodiff::Param;
use crate::element::Float;
use crate::ops::matmul::{grad_lhs, grad_rhs};
use crate::shape::{Broadcast, Dimension, Matmul, Shape};
use crate::tensor::Tensor;

/// The shape of a linear layer's weight: `(IN, OUT)`, written `Shape![IN, OUT]`.
pub trait LinearShape: Shape {
    /// The input features.
    type In: Dimension;
    /// The output features.
    type Out: Dimension;
}
impl<I: Dimension, O: Dimension> LinearShape for (I, O) {
    type In = I;
    type Out = O;
}

/// A fully connected layer (PyTorch's `nn.Linear(IN, OUT)`), written with the shape of its
/// weight: `Linear<f32, Shape![2, 1]>` maps 2 features to 1 output. Weights are drawn from
/// N(0, 0.01) and the bias is zero, as d2l initialises them. (A literal `1` in `Shape!` is the
/// broadcastable size, so the output `Shape![B, 1]` matches labels of that shape.)
///
/// The weight is stored as `IN × OUT` so that the forward pass is `x.matmul(&w) + &b`; saved
/// files hold it transposed, as PyTorch's `OUT × IN` `weight` (see [`save`](super::save)).
///
/// ```
/// use rand::{SeedableRng, rngs::StdRng};
/// use typed_tensor::nn::{Linear, Module};
/// use typed_tensor::prelude::*;
/// let net = Linear::<f32, Shape![2, 1]>::new(&mut StdRng::seed_from_u64(0));
/// let y: Tensor<f32, Shape![10, 1]> = net.forward(&Tensor::<f32, Shape![10, 2]>::ones());
/// assert_eq!(y.shape(), [10, 1]);
/// ```
#[derive(Clone, Debug)]
pub struct Linear<E: Float, S: LinearShape> {
    /// `IN × OUT`.
    pub weight: Param<E, S>,
    /// `OUT`.
    pub bias: Param<E, (S::Out,)>,
}

impl<E: Float, S: LinearShape> Linear<E, S> {
    /// A layer with weights from N(0, 0.01) and zero bias.
    pub fn new<R: rand::Rng + ?Sized>(rng: &mut R) -> Self {
        Linear {
            weight: Param::new(Tensor::normal(E::zero(), E::from_f64(0.01), rng)),
            bias: Param::new(Tensor::zeros()),
        }
    }
}

impl<E: Float, I: Dimension, O: Dimension, B: Dimension> Module<E, (B, I)> for Linear<E, (I, O)>
where
    (B, I): Matmul<(I, O), Output = (B, O)>,
    (B, O): Broadcast<(O,), Output = (B, O)>,
{
    type Output = (B, O);

    #[inline]
    fn forward(&self, x: &Tensor<E, (B, I)>) -> Tensor<E, (B, O)> {
        x.matmul(&self.weight.value) + &self.bias.value
    }

    /// `dW += xᵀ g`, `db += Σ_batch g` (the rules of `matmul` and of a broadcast `+`).
    #[inline]
    fn backward(&mut self, x: &Tensor<E, (B, I)>, g: &Tensor<E, (B, O)>) {
        self.weight.accumulate(&grad_rhs::<E, (B, I), (I, O)>(x, g.as_slice()));
        self.bias.accumulate(&g.sum_to_shape::<(O,)>());
    }

    /// As `backward`, and `dx = g Wᵀ`.
    #[inline]
    fn backward_input(&mut self, x: &Tensor<E, (B, I)>, g: &Tensor<E, (B, O)>) -> Tensor<E, (B, I)> {
        self.backward(x, g);
        grad_lhs::<E, (B, I), (I, O)>(&self.weight.value, g.as_slice())
    }
}

impl<E: Float, S: LinearShape> Parameters<E> for Linear<E, S> {
    fn visit<F: FnMut(ParamRef<'_, E>)>(&mut self, path: ParamPath<'_>, f: &mut F) {
        let Param { value, grad } = &mut self.weight;
        f(ParamRef {
            path: path.join("weight"),
            shape: S::DIMS.as_ref(),
            transposed_in_files: true,
            value: value.as_mut_slice(),
            grad: grad.as_mut_slice(),
        });
        let Param { value, grad } = &mut self.bias;
        f(ParamRef {
            path: path.join("bias"),
            shape: <(S::Out,) as Shape>::DIMS.as_ref(),
            transposed_in_files: false,
            value: value.as_mut_slice(),
            grad: grad.as_mut_slice(),
        });
    }
}
