//! Seed §1.4.4 step by step: gradients written at compile time by `grad!`.
//!
//! Run with `cargo run --release --example autograd`.

use typed_tensor::prelude::*;

#[differentiable]
fn linreg(
    x: &Tensor<f32, Shape![3, 2]>,
    w: &Tensor<f32, Shape![2, 1]>,
    b: &Tensor<f32, Shape![1]>,
) -> Tensor<f32, Shape![3, 1]> {
    x.matmul(w) + b
}

#[path = "common/cli.rs"]
mod cli;

const ABOUT: &str = "Seed §1.4.4 step by step: gradients written at compile time by `grad!`.\n\nUsage: cargo run --release --example autograd [-- --help]";

fn main() {
    cli::no_options(ABOUT);
    println!("# 1. a place for the gradient");
    println!(">>> x = torch.arange(4.0, requires_grad=True)");
    let mut x = Param::new(Tensor::<f32, Shape![4]>::arange());
    println!("x = {}, x.grad = {}", x.value, x.grad);

    println!("\n# 2-3. y = 2 * dot(x, x); y.backward(); x.grad");
    let f = grad!(|x: &mut Param<f32, Shape![4]>| 2.0 * x.dot(&x));
    let y = f(&mut x);
    println!("y = {y}");
    println!("x.grad = {}", x.grad);
    println!("x.grad == 4 * x: {}", x.grad.eq(&(4.0 * &x.value)));

    println!("\n# the same without a Param: grad! returns fresh gradients");
    let f = grad!(|x: Tensor<f32, Shape![4]>| 2.0 * x.dot(&x));
    let (y, dx) = f(Tensor::arange());
    println!("y = {y}, dx = {dx}");

    println!("\n# 4. PyTorch accumulates: x.grad.zero_(); y = x.sum(); y.backward()");
    x.zero_grad();
    let g = grad!(|x: &mut Param<f32, Shape![4]>| x.sum());
    let y = g(&mut x);
    println!("y = {y}, x.grad = {}", x.grad);

    println!("\n# detach: y = x * x; u = y.detach(); z = u * x; z.sum().backward()");
    let h = grad!(|x: Tensor<f32, Shape![4]>| {
        let y = &x * &x;
        let u = y.detach();
        let z = u * &x;
        z.sum()
    });
    let (_, dx) = h(Tensor::arange());
    let u = Tensor::<f32, Shape![4]>::arange().square();
    println!("x.grad = {dx}; x.grad == u: {}", dx.eq(&u));

    println!("\n# d2l 2.5.2: backward of a non-scalar y = x * x with gradient ones");
    let v = vjp!(|x: Tensor<f32, Shape![4]>| &x * &x);
    let (_, dx) = v(Tensor::arange(), &Tensor::ones());
    println!("x.grad = {dx}");

    println!("\n# 1.4.1: the four shape cases, by forward mode");
    let j = jacobian!(|x: Tensor<f32, Shape![]>| x.powi(2));
    println!("scalar by scalar: {}", j(tensor!(3.0f32)).1);
    let j = jacobian!(|x: Tensor<f32, Shape![2]>| (&x.square() * &tensor!([1.0f32, 2.0])).sum());
    println!("scalar by vector (y = x1² + 2 x2² at (1, 1)): {}", j(tensor!([1.0f32, 1.0])).1);
    let j = jacobian!(|x: Tensor<f32, Shape![]>| &x * &tensor!([1.0f32, 2.0, 3.0]));
    println!("vector by scalar: {}", j(tensor!(1.0f32)).1);
    let a = tensor!([[1.0f32, 2.0], [3.0, 4.0], [5.0, 6.0]]);
    let j = jacobian!(|x: Tensor<f32, Shape![2]>| a.mv(&x));
    println!("vector [3] by vector [2]:\n{}", j(tensor!([1.0f32, 1.0])).1);

    println!("\n# user functions compose: #[differentiable] fn linreg");
    let data = tensor!([[1.0f32, 2.0], [3.0, 4.0], [5.0, 6.0]]);
    let loss = grad!(|w: &Tensor<f32, Shape![2, 1]>, b: &Tensor<f32, Shape![1]>| linreg(&data, w, b)
        .square()
        .mean());
    let (l, (dw, db)) = loss(&tensor!([[0.5f32], [-0.5]]), &tensor!([0.0f32]));
    println!("loss {l}, dw {dw}, db {db}");
}
