//! `nn::Sequential`: layers applied one after the other.

use super::{Module, ParamPath, ParamRef, Parameters};
use crate::element::Float;
use crate::shape::Shape;
use crate::tensor::Tensor;

/// Two modules in sequence (PyTorch's `nn.Sequential(a, b)`); nest it for more. Parameters are
/// named `0.weight`, `1.bias`, ... as in PyTorch. `backward` recomputes the first module's
/// output rather than keeping it between calls.
///
/// ```
/// use rand::{SeedableRng, rngs::StdRng};
/// use typed_tensor::nn::{Linear, Module, Sequential};
/// use typed_tensor::prelude::*;
/// let mut rng = StdRng::seed_from_u64(0);
/// let net = Sequential(Linear::<f32, Shape![3, 4]>::new(&mut rng), Linear::<f32, Shape![4, 1]>::new(&mut rng));
/// let y = net.forward(&Tensor::<f32, Shape![5, 3]>::ones());
/// assert_eq!(y.shape(), [5, 1]);
/// ```
#[derive(Clone, Debug)]
pub struct Sequential<A, B>(pub A, pub B);

impl<E: Float, I: Shape, A: Module<E, I>, B: Module<E, A::Output>> Module<E, I> for Sequential<A, B> {
    type Output = B::Output;

    fn forward(&self, x: &Tensor<E, I>) -> Tensor<E, B::Output> {
        self.1.forward(&self.0.forward(x))
    }

    fn backward(&mut self, x: &Tensor<E, I>, g: &Tensor<E, B::Output>) {
        let hidden = self.0.forward(x);
        let g_hidden = self.1.backward_input(&hidden, g);
        self.0.backward(x, &g_hidden);
    }

    fn backward_input(&mut self, x: &Tensor<E, I>, g: &Tensor<E, B::Output>) -> Tensor<E, I> {
        let hidden = self.0.forward(x);
        let g_hidden = self.1.backward_input(&hidden, g);
        self.0.backward_input(x, &g_hidden)
    }
}

impl<E: Float, A: Parameters<E>, B: Parameters<E>> Parameters<E> for Sequential<A, B> {
    fn visit<F: FnMut(ParamRef<'_, E>)>(&mut self, path: ParamPath<'_>, f: &mut F) {
        self.0.visit(path.join("0"), f);
        self.1.visit(path.join("1"), f);
    }
}
