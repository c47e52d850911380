//! Layers, losses and the parameter interface that optimizers and serialization use (d2l's
//! `nn.Linear`, `nn.Sequential`, `nn.MSELoss`, seed §2.4).
//!
//! A [`Module`] computes its output from its input (`forward`) and, given the output's
//! gradient, adds its parameters' gradients into their [`Param::grad`](crate::autodiff::Param)
//! (`backward`; `backward_input` also returns the input's gradient, for the layers before it),
//! so d2l's training step reads one-to-one:
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
pub use safetensors::{LoadError, LoadOptions, load, load_with, save};
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
    /// parameters into their `grad` (PyTorch's `backward()` on a model's output).
    fn backward(&mut self, x: &Tensor<E, I>, g: &Tensor<E, Self::Output>) {
        self.backward_input(x, g);
    }
    /// Like [`backward`](Module::backward), and also returns the gradient of the input (what a
    /// layer before this one needs; the first layer of a model does not, and `backward` lets
    /// it skip that work).
    fn backward_input(&mut self, x: &Tensor<E, I>, g: &Tensor<E, Self::Output>) -> Tensor<E, I>;
}

/// Where a parameter sits in a model, as the parts of its PyTorch name (`["0", "weight"]` for
/// `0.weight`): each part borrows the path of its parent, so building a path allocates and
/// copies nothing (an optimizer step walks the paths on every call).
#[derive(Clone, Copy, Debug)]
pub struct ParamPath<'a> {
    parent: Option<&'a ParamPath<'a>>,
    part: &'a str,
}

impl<'a> ParamPath<'a> {
    /// The path of the model itself.
    pub fn root() -> Self {
        ParamPath { parent: None, part: "" }
    }

    /// This path followed by `part`.
    pub fn join<'b>(&'b self, part: &'b str) -> ParamPath<'b> {
        ParamPath { parent: Some(self), part }
    }

    /// PyTorch's name: the parts joined by dots.
    ///
    /// ```
    /// use typed_tensor::nn::ParamPath;
    /// let root = ParamPath::root();
    /// let layer = root.join("0");
    /// assert_eq!(layer.join("weight").name(), "0.weight");
    /// assert_eq!(root.name(), "");
    /// ```
    pub fn name(&self) -> String {
        let mut parts = Vec::new();
        let mut at = Some(self);
        while let Some(p) = at {
            if p.parent.is_some() {
                parts.push(p.part);
            }
            at = p.parent;
        }
        parts.reverse();
        parts.join(".")
    }
}

/// One parameter, as [`Parameters::visit`] shows it.
pub struct ParamRef<'a, E> {
    /// Where it is; `path.name()` is PyTorch's name for it (`weight`, `0.weight`, ...).
    pub path: ParamPath<'a>,
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
    /// Calls `f` for every parameter, with its path below `path`.
    fn visit<F: FnMut(ParamRef<'_, E>)>(&mut self, path: ParamPath<'_>, f: &mut F);
}
