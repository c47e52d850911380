//! Layers, losses and the parameter interface that optimizers and serialization use (d2l's
//! `nn.Linear`, `nn.Sequential`, `nn.MSELoss`, seed §2.4).
//!
//! A [`Module`] computes its output from its input (`forward`) and, given the output's
//! gradient, adds its parameters' gradients into their [`Param::grad`](crate::autodiff::Param)
//! and returns the input's gradient (`backward`), so d2l's training step reads one-to-one:
//!
//! ```
//! use rand::{SeedableRng, rngs::StdRng};
//! use typed_tensor::prelude::*;
//! use typed_tensor::{nn, optim};
//! use typed_tensor::nn::Module;
//!
//! let mut rng = StdRng::seed_from_u64(0);
//! let mut net = nn::Linear::<f32, Shape![2, 1]>::new(&mut rng);
//! let loss = nn::MseLoss;
//! let trainer = optim::Sgd::new(0.03);
//! let x = tensor!([[1.0f32, 2.0], [3.0, 4.0]]);
//! let y = tensor!([[5.0f32], [11.0]]);
//! for _ in 0..500 {
//!     let (l, g) = loss.value_and_grad(&net.forward(&x), &y); // l = loss(net(X), y)
//!     trainer.zero_grad(&mut net);                           // trainer.zero_grad()
//!     net.backward(&x, &g);                                   // l.backward()
//!     trainer.step(&mut net);                                 // trainer.step()
//!     # let _ = l;
//! }
//! assert!(loss.value_and_grad(&net.forward(&x), &y).0.item() < 1e-3);
//! ```

mod linear;
mod loss;
mod safetensors;
mod sequential;

pub use linear::{Linear, LinearShape};
pub use loss::MseLoss;
pub use safetensors::{LoadError, load, save};
pub use sequential::Sequential;

use crate::element::Float;
use crate::shape::Shape;
use crate::tensor::Tensor;

/// A differentiable layer from inputs of shape `I`.
pub trait Module<E: Float, I: Shape> {
    /// The shape of the output.
    type Output: Shape;
    /// The output for input `x`.
    fn forward(&self, x: &Tensor<E, I>) -> Tensor<E, Self::Output>;
    /// Given the input `x` and the gradient `g` of the output, adds the gradients of the
    /// parameters into their `grad` and returns the gradient of the input.
    fn backward(&mut self, x: &Tensor<E, I>, g: &Tensor<E, Self::Output>) -> Tensor<E, I>;
}

/// One parameter, as [`Parameters::visit`] shows it.
pub struct ParamRef<'a, E> {
    /// PyTorch's name for it (`weight`, `bias`, `0.weight`, ...).
    pub name: String,
    /// Its shape here.
    pub shape: &'a [usize],
    /// Whether files hold it transposed (a matrix stored `IN × OUT` here and `OUT × IN` in
    /// PyTorch's `nn.Linear.weight`).
    pub transposed_in_files: bool,
    /// Its value, row-major.
    pub value: &'a mut [E],
    /// Its gradient, row-major.
    pub grad: &'a mut [E],
}

/// Access to a model's parameters, by name (PyTorch's `named_parameters`), for optimizers and
/// for saving and loading.
pub trait Parameters<E: Float> {
    /// Calls `f` for every parameter; names are joined to `prefix`.
    fn visit(&mut self, prefix: &str, f: &mut dyn FnMut(ParamRef<'_, E>));
}

/// Joins a parameter name to a prefix with a dot (`"0"` and `"weight"` give `"0.weight"`).
pub(crate) fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() { name.to_string() } else { format!("{prefix}.{name}") }
}
