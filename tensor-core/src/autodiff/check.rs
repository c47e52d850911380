//! A finite-difference gradient checker: the test oracle for every derivative rule.

use crate::shape::Shape;
use crate::tensor::Tensor;

/// The gradient of `f` at `x` by central differences, `(f(x + h e_i) - f(x - h e_i)) / 2h` for
/// each element `i`, in `f64`.
///
/// ```
/// use typed_tensor::autodiff::check::numeric_grad;
/// use typed_tensor::prelude::*;
/// let x = tensor!([1.0, 2.0]);
/// let g = numeric_grad(|x: &Tensor<f64, Shape![2]>| x.square().sum().item(), &x, 1e-6);
/// assert!(g.allclose(&tensor!([2.0, 4.0]), 1e-6, 1e-6));
/// ```
pub fn numeric_grad<S: Shape>(
    f: impl Fn(&Tensor<f64, S>) -> f64,
    x: &Tensor<f64, S>,
    h: f64,
) -> Tensor<f64, S> {
    let mut probe = x.clone();
    let mut grad = Tensor::<f64, S>::zeros();
    for i in 0..S::NUMEL {
        let v = x.as_slice()[i];
        probe.as_mut_slice()[i] = v + h;
        let up = f(&probe);
        probe.as_mut_slice()[i] = v - h;
        let down = f(&probe);
        probe.as_mut_slice()[i] = v;
        grad.as_mut_slice()[i] = (up - down) / (2.0 * h);
    }
    grad
}

/// The largest difference between two gradients, relative to the larger of their magnitudes
/// (at least 1).
///
/// ```
/// use typed_tensor::autodiff::check::max_relative_error;
/// use typed_tensor::prelude::*;
/// assert!(max_relative_error(&tensor!([1.0, 2.0]), &tensor!([1.0, 2.0 + 1e-9])) < 1e-8);
/// ```
pub fn max_relative_error<S: Shape>(a: &Tensor<f64, S>, b: &Tensor<f64, S>) -> f64 {
    a.as_slice()
        .iter()
        .zip(b.as_slice())
        .map(|(x, y)| (x - y).abs() / x.abs().max(y.abs()).max(1.0))
        .fold(0.0, f64::max)
}
