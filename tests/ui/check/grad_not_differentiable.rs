// Calling a function without `#[differentiable]` inside `grad!` or `jvp!`: the error names the
// function and the fix, wherever the function is defined (module, path, function body), and a
// differentiable function called with arguments its derivative does not take says so too.
use typed_tensor::prelude::*;

fn double(x: &Tensor<f32, Shape![4]>) -> Tensor<f32, Shape![4]> {
    x * 2.0
}

mod model {
    use typed_tensor::prelude::*;
    pub fn triple(x: &Tensor<f32, Shape![4]>) -> Tensor<f32, Shape![4]> {
        x * 3.0
    }
}

#[differentiable]
fn square(x: &Tensor<f32, Shape![4]>) -> Tensor<f32, Shape![4]> {
    x * x
}

fn main() {
    fn local(x: &Tensor<f32, Shape![4]>) -> Tensor<f32, Shape![4]> {
        x + 1.0
    }
    let f = grad!(|x: Tensor<f32, Shape![4]>| double(&x).sum());
    let g = grad!(|x: Tensor<f32, Shape![4]>| model::triple(&x).sum());
    let h = grad!(|x: Tensor<f32, Shape![4]>| local(&x).sum() + square(&x).sum());
    // a differentiable function, but called with a tensor of another shape
    let k = grad!(|x: Tensor<f32, Shape![3]>| square(&x).sum());
    let j = jvp!(|x: Tensor<f32, Shape![4]>| double(&x).sum());
}
