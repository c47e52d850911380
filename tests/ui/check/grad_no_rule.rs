use typed_tensor::prelude::*;

fn main() {
    // a method that does not exist has no rule either
    let _ = grad!(|x: Tensor<f32, Shape![4]>| x.frobnicate().sum());
    // a method that exists but has no derivative rule
    let _ = grad!(|x: Tensor<f32, Shape![4]>| x.signum().sum());
    // with generic arguments
    let _ = grad!(|x: Tensor<f32, Shape![2, 3]>| x.max_axis::<1>().sum());
    // an operand without a derivative: `powf`'s exponent
    let _ = grad!(|x: Tensor<f32, Shape![4]>, n: f32| x.powf(n).sum());
    let _ = jvp!(|x: Tensor<f32, Shape![4]>, n: f32| x.powf(n).sum());
    // a rule that does not take these operands: `exp` of a scalar
    let _ = grad!(|s: f32| s.exp());
}
