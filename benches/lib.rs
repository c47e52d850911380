//! Shared helpers for the benchmarks (the package's library target is otherwise empty).
use typed_tensor::prelude::*;

#[inline(never)]
pub fn add_small(
    x: &Tensor<f32, Shape![5, 3, 4, 1]>,
    y: &Tensor<f32, Shape![3, 1, 1]>,
) -> Tensor<f32, Shape![5, 3, 4, 1]> {
    x + y
}
