// What a PyTorch user writes first inside `grad!`, and what to write instead: other names
// for the same operations, an integer literal beside a float tensor, a helper closure, a
// nested `grad!`, and a shape error in the body (PyTorch's message, without internal noise).
use typed_tensor::prelude::*;

fn main() {
    let _ = grad!(|x: Tensor<f32, Shape![4]>| x.log().sum());
    let _ = grad!(|x: Tensor<f32, Shape![4]>| x.pow(2).sum());
    let _ = grad!(|x: Tensor<f32, Shape![2, 3]>| x.sum(1).sum());
    let _ = grad!(|x: Tensor<f32, Shape![2, 3]>| x.max().sum());
    let w: Tensor<f32, Shape![3, 1]> = Tensor::ones();
    let _ = grad!(|x: Tensor<f32, Shape![2, 3]>| (2 * x.mm(&w)).sum());

    let act = |t: &Tensor<f32, Shape![4]>| t.tanh();
    let _ = grad!(|x: Tensor<f32, Shape![4]>| act(&x).sum());
    let inner = grad!(|x: Tensor<f32, Shape![4]>| x.square().sum());
    let _ = grad!(|x: Tensor<f32, Shape![4]>| inner(x).0);

    let v: Tensor<f32, Shape![3, 2]> = Tensor::ones();
    let _ = grad!(|x: Tensor<f32, Shape![2, 3]>| x.mm(&v).mm(&v).sum());
}
