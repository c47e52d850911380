//! Seed §1.4 (automatic differentiation) and d2l §2.5, with their values.

use typed_tensor::prelude::*;

#[test]
fn gradient_of_two_x_dot_x() {
    // §1.4.4 steps 1-3: x = arange(4.); y = 2 * dot(x, x) = 28; x.grad = [0, 4, 8, 12]
    let f = grad!(|x: Tensor<f32, Shape![4]>| 2.0 * x.dot(&x));
    let x: Tensor<f32, Shape![4]> = Tensor::arange();
    let (y, dx) = f(x.clone());
    assert_eq!(y.item(), 28.0);
    assert_eq!(dx, tensor!([0., 4., 8., 12.]));
    // x.grad == 4 * x
    assert!(dx.eq(&(4.0 * &x)).all());
    // no graph to free: calling again gives the same answer
    let (y2, dx2) = f(x);
    assert_eq!((y2.item(), dx2), (28.0, tensor!([0., 4., 8., 12.])));
}

#[test]
fn accumulation_then_zero_then_sum() {
    // §1.4.4 step 4: PyTorch accumulates until x.grad.zero_(); then y = x.sum() gives ones
    let mut x = Param::new(Tensor::<f32, Shape![4]>::arange());
    let f = grad!(|x: &mut Param<f32, Shape![4]>| 2.0 * x.dot(&x));
    let y = f(&mut x);
    assert_eq!(y.item(), 28.0);
    assert_eq!(x.grad, tensor!([0., 4., 8., 12.]));
    f(&mut x);
    assert_eq!(x.grad, tensor!([0., 8., 16., 24.]), "accumulated, as in PyTorch");
    x.zero_grad();
    let g = grad!(|x: &mut Param<f32, Shape![4]>| x.sum());
    let y = g(&mut x);
    assert_eq!(y.item(), 6.0);
    assert_eq!(x.grad, tensor!([1., 1., 1., 1.]));
}

#[test]
fn detach_is_a_constant() {
    // §1.4.4: y = x * x; u = y.detach(); z = u * x; z.sum().backward(); x.grad == u = [0, 1, 4, 9]
    let f = grad!(|x: Tensor<f32, Shape![4]>| {
        let y = &x * &x;
        let u = y.detach();
        let z = u * &x;
        z.sum()
    });
    let x: Tensor<f32, Shape![4]> = Tensor::arange();
    let (_, dx) = f(x.clone());
    let u = &x * &x;
    assert!(dx.eq(&u).all());
    assert_eq!(dx, tensor!([0., 1., 4., 9.]));
    // and y itself (not detached) still gets its gradient: d(sum(x*x))/dx = 2x
    let g = grad!(|x: Tensor<f32, Shape![4]>| {
        let y = &x * &x;
        y.sum()
    });
    assert_eq!(g(x).1, tensor!([0., 2., 4., 6.]));
}

#[test]
fn non_scalar_output_with_a_seed_gradient() {
    // d2l §2.5.2: y = x * x; y.backward(gradient=torch.ones(len(y))) gives [0, 2, 4, 6]
    let f = vjp!(|x: Tensor<f32, Shape![4]>| &x * &x);
    let (y, dx) = f(Tensor::arange(), &Tensor::ones());
    assert_eq!(y, tensor!([0., 1., 4., 9.]));
    assert_eq!(dx, tensor!([0., 2., 4., 6.]));
    // the same as grad of y.sum()
    let g = grad!(|x: Tensor<f32, Shape![4]>| (&x * &x).sum());
    assert_eq!(g(Tensor::arange()).1, dx);
}

#[test]
fn ellipse_gradient() {
    // §1.4.1: y = x1² + 2 x2² has gradient [2 x1, 4 x2]; at (1, 1) that is (2, 4)
    let f = grad!(|x: Tensor<f64, Shape![2]>| (x.square() * tensor!([1.0, 2.0])).sum());
    let (y, g) = f(tensor!([1.0, 1.0]));
    assert_eq!(y.item(), 3.0);
    assert_eq!(g, tensor!([2.0, 4.0]));
}

// §1.4.1's four cases: the shape of a derivative follows from the shapes of y and x, and the
// compiler computes it (each `let _: &Tensor<..>` below is that shape, checked).

#[test]
fn scalar_by_scalar_is_a_scalar() {
    let f = jacobian!(|x: Tensor<f64, Shape![]>| x.powi(3));
    let (y, j) = f(tensor!(2.0));
    let _: &Tensor<f64, Shape![]> = &j;
    assert_eq!((y.item(), j.item()), (8.0, 12.0));
}

#[test]
fn scalar_by_vector_is_a_vector() {
    // the gradient
    let f = jacobian!(|x: Tensor<f64, Shape![3]>| x.square().sum());
    let (_, j) = f(tensor!([1.0, 2.0, 3.0]));
    let _: &Tensor<f64, Shape![3]> = &j;
    assert_eq!(j, tensor!([2.0, 4.0, 6.0]));
}

#[test]
fn vector_by_scalar_is_a_vector() {
    let f = jacobian!(|x: Tensor<f64, Shape![]>| &x * &tensor!([1.0, 2.0, 3.0]));
    let (_, j) = f(tensor!(5.0));
    let _: &Tensor<f64, Shape![3]> = &j;
    assert_eq!(j, tensor!([1.0, 2.0, 3.0]));
}

#[test]
fn vector_by_vector_is_a_matrix() {
    // y of m = 3 elements by x of n = 2: an m × n matrix
    let a = tensor!([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]);
    let f = jacobian!(|x: Tensor<f64, Shape![2]>| a.mv(&x).square());
    let (_, j) = f(tensor!([1.0, 1.0]));
    let _: &Tensor<f64, Shape![3, 2]> = &j;
    // d(a x)²/dx = 2 diag(a x) a, with a x = [3, 7, 11]
    assert_eq!(j, tensor!([[6.0, 12.0], [42.0, 56.0], [110.0, 132.0]]));
}

#[test]
fn chain_rule_example_of_section_1_4_2() {
    // z = (<x, w> - y)²: dz/dw = 2 (<x, w> - y) xᵀ
    let x = tensor!([1.0, 2.0, 3.0]);
    let y = tensor!(4.0);
    let f = grad!(|w: Tensor<f64, Shape![3]>| (x.dot(&w) - &y).square());
    let w = tensor!([0.5, 0.5, 0.5]);
    let (z, dw) = f(w);
    let r = 3.0 - 4.0;
    assert_eq!(z.item(), r * r);
    assert_eq!(dw, tensor!([2.0 * r * 1.0, 2.0 * r * 2.0, 2.0 * r * 3.0]));
}

#[test]
fn forward_mode_agrees_with_reverse_mode() {
    let f = jvp!(|x: Tensor<f64, Shape![3]>, w: Tensor<f64, Shape![3]>| (x.exp() * &w).sum().sqrt());
    let g = grad!(|x: Tensor<f64, Shape![3]>, w: Tensor<f64, Shape![3]>| (x.exp() * &w).sum().sqrt());
    let (x, w) = (tensor!([0.1, -0.2, 0.3]), tensor!([1.0, 2.0, 3.0]));
    let (_, (gx, gw)) = g(x.clone(), w.clone());
    let (dx, dw) = (tensor!([1.0, 0.5, -1.0]), tensor!([0.0, 1.0, 2.0]));
    let (_, dy) = f(x, w, dx.clone(), dw.clone());
    let expected = (&gx * &dx).sum().item() + (&gw * &dw).sum().item();
    assert!((dy.item() - expected).abs() < 1e-12);
}

#[test]
fn linear_regression_bias_gradient_sums_over_the_batch() {
    // X·w + b with b broadcast over the batch: db is the sum over the batch (burn #181)
    let x = Tensor::<f32, Shape![10, 2]>::from_fn(|[i, j]| (i as f32) * 0.1 + j as f32);
    let y = Tensor::<f32, Shape![10, 1]>::from_fn(|[i, _]| i as f32);
    let g = grad!(|w: Tensor<f32, Shape![2, 1]>, b: Tensor<f32, Shape![1]>| {
        ((x.matmul(&w) + &b - &y).powi(2) / 2.0).mean()
    });
    let w = tensor!([[0.5f32], [-0.25]]);
    let b = tensor!([0.1f32]);
    let (loss, (dw, db)) = g(w.clone(), b.clone());
    let residual = x.matmul(&w) + &b - &y; // [10, 1]
    let expected_loss = residual.square().mean().item() / 2.0;
    assert!((loss.item() - expected_loss).abs() < 1e-5);
    let expected_db = residual.sum().item() / 10.0;
    assert_eq!(db.shape(), [1]);
    assert!((db.item() - expected_db).abs() < 1e-5);
    let expected_dw = x.t().matmul(&residual) / 10.0;
    assert!(dw.allclose(&expected_dw, 1e-5, 1e-5));
}

#[differentiable]
fn linreg(
    x: &Tensor<f32, Shape![10, 2]>,
    w: &Tensor<f32, Shape![2, 1]>,
    b: &Tensor<f32, Shape![1]>,
) -> Tensor<f32, Shape![10, 1]> {
    x.matmul(w) + b
}

#[differentiable]
fn squared_loss(
    y_hat: &Tensor<f32, Shape![10, 1]>,
    y: &Tensor<f32, Shape![10, 1]>,
) -> Tensor<f32, Shape![10, 1]> {
    (y_hat - y).powi(2) / 2.0
}

#[test]
fn user_functions_compose() {
    // seed §2.3: l = loss(net(X, w, b), y); l.sum().backward()
    let x = Tensor::<f32, Shape![10, 2]>::from_fn(|[i, j]| (i as f32) * 0.1 + j as f32);
    let y = Tensor::<f32, Shape![10, 1]>::from_fn(|[i, _]| i as f32);
    let composed = grad!(|w: &Tensor<f32, Shape![2, 1]>, b: &Tensor<f32, Shape![1]>| {
        squared_loss(&linreg(&x, w, b), &y).sum()
    });
    let inline = grad!(|w: &Tensor<f32, Shape![2, 1]>, b: &Tensor<f32, Shape![1]>| {
        ((x.matmul(w) + b - &y).powi(2) / 2.0).sum()
    });
    let (w, b) = (tensor!([[0.5f32], [-0.25]]), tensor!([0.1f32]));
    let (l1, (dw1, db1)) = composed(&w, &b);
    let (l2, (dw2, db2)) = inline(&w, &b);
    assert_eq!(l1, l2);
    assert!(dw1.allclose(&dw2, 1e-6, 1e-6));
    assert!(db1.allclose(&db2, 1e-6, 1e-6));
}

#[test]
fn user_functions_defined_in_a_function_body_compose() {
    // `grad!` finds a function's derivative wherever the function is: here both are local to
    // this test, and one is reached through a module path
    mod model {
        use typed_tensor::prelude::*;
        #[differentiable]
        pub fn double(x: &Tensor<f32, Shape![3]>) -> Tensor<f32, Shape![3]> {
            x * 2.0
        }
    }
    #[differentiable]
    fn cube_sum(x: &Tensor<f32, Shape![3]>) -> Tensor<f32, Shape![]> {
        (x * x * x).sum()
    }
    let f = grad!(|x: Tensor<f32, Shape![3]>| cube_sum(&model::double(&x)));
    // sum((2x)^3) = 8 sum(x^3): gradient 24 x^2
    let (y, dx) = f(tensor!([1.0f32, 2.0, 3.0]));
    assert_eq!(y.item(), 8.0 * 36.0);
    assert_eq!(dx, tensor!([24.0f32, 96.0, 216.0]));
    let (y, dy) = jvp!(|x: Tensor<f32, Shape![3]>| cube_sum(&model::double(&x)))(
        tensor!([1.0f32, 2.0, 3.0]),
        tensor!([1.0f32, 0.0, 0.0]),
    );
    assert_eq!((y.item(), dy.item()), (288.0, 24.0));
}

fn cube(x: &Tensor<f64, Shape![3]>) -> Tensor<f64, Shape![3]> {
    x * &x.square()
}
fn cube_vjp(x: &Tensor<f64, Shape![3]>, g: &Tensor<f64, Shape![3]>) -> (Tensor<f64, Shape![3]>,) {
    (g * &(3.0 * &x.square()),)
}
fn cube_jvp(
    x: &Tensor<f64, Shape![3]>,
    dx: &Tensor<f64, Shape![3]>,
) -> (Tensor<f64, Shape![3]>, Tensor<f64, Shape![3]>) {
    (cube(x), dx * &(3.0 * &x.square()))
}

#[differentiable(vjp = cube_vjp, jvp = cube_jvp)]
fn hand_cube(x: &Tensor<f64, Shape![3]>) -> Tensor<f64, Shape![3]> {
    cube(x)
}

#[test]
fn hand_written_rules() {
    let f = grad!(|x: Tensor<f64, Shape![3]>| hand_cube(&x).sum());
    let (y, dx) = f(tensor!([1.0, 2.0, 3.0]));
    assert_eq!(y.item(), 36.0);
    assert_eq!(dx, tensor!([3.0, 12.0, 27.0]));
    let j = jacobian!(|x: Tensor<f64, Shape![3]>| hand_cube(&x));
    assert_eq!(j(tensor!([1.0, 1.0, 2.0])).1, tensor!([[3.0, 0.0, 0.0], [0.0, 3.0, 0.0], [0.0, 0.0, 12.0]]));
}

// d2l §2.5.4, gradients through Python control flow: `f` doubles `b` until its norm reaches
// 1000, then keeps or scales it by the sign of its sum. `grad!` rejects `while` (reverse mode
// would need a record of unbounded length), so a function with loops gets its derivative as a
// custom rule: here f is linear in a (f(a) = k·a for a k that depends on a), so its derivative
// is k = f(a) / a, which is what d2l checks (`a.grad == d / a`).
fn d2l_f(a: &Tensor<f64, Shape![]>) -> Tensor<f64, Shape![]> {
    let mut b = a * 2.0;
    while b.norm().item() < 1000.0 {
        b = &b * 2.0;
    }
    if b.sum().item() > 0.0 { b } else { 100.0 * &b }
}
fn d2l_f_vjp(a: &Tensor<f64, Shape![]>, g: &Tensor<f64, Shape![]>) -> (Tensor<f64, Shape![]>,) {
    (g * &(&d2l_f(a) / a),)
}
#[differentiable(vjp = d2l_f_vjp)]
fn control_flow(a: &Tensor<f64, Shape![]>) -> Tensor<f64, Shape![]> {
    d2l_f(a)
}

#[test]
fn control_flow_of_d2l_2_5_4_through_a_custom_rule() {
    use rand::{SeedableRng, rngs::StdRng};
    let f = grad!(|a: Tensor<f64, Shape![]>| control_flow(&a));
    for seed in 0..5 {
        let a: Tensor<f64, Shape![]> = Tensor::randn(&mut StdRng::seed_from_u64(seed));
        let (d, grad) = f(a.clone());
        assert_eq!(grad, &d / &a, "a.grad == d / a");
        // and the rule agrees with finite differences (f is linear near a)
        let h = 1e-6 * a.item().abs();
        let fd = (d2l_f(&Tensor::full(a.item() + h)).item() - d2l_f(&Tensor::full(a.item() - h)).item())
            / (2.0 * h);
        assert!((grad.item() - fd).abs() < 1e-6 * fd.abs(), "{} vs {fd}", grad.item());
    }
}

#[test]
fn unused_input_gets_zero_gradient() {
    let f = grad!(|a: Tensor<f32, Shape![2]>, b: Tensor<f32, Shape![3]>| a.sum());
    let (_, (da, db)) = f(tensor!([1.0f32, 2.0]), tensor!([1.0f32, 2.0, 3.0]));
    assert_eq!(da, tensor!([1.0, 1.0]));
    assert_eq!(db, Tensor::zeros());
}

/// The code `grad!`, `vjp!`, `jvp!` and `#[differentiable]` write raises no lint in the user's
/// code, even pedantic ones (clippy checks this module in CI: `cargo clippy --all-targets`).
#[deny(warnings, clippy::all, clippy::pedantic)]
mod generated_code_raises_no_lint {
    use typed_tensor::prelude::*;

    #[differentiable]
    fn exp_plus(x: &Tensor<f32, Shape![4]>, other: &Tensor<f32, Shape![4]>) -> Tensor<f32, Shape![4]> {
        x.exp() + other.detach()
    }

    #[test]
    fn every_macro_on_one_body() {
        let data = tensor!([1.0f32, 2.0, 3.0, 4.0]);
        let by_grad = grad!(|x: Tensor<f32, Shape![4]>, unused: Tensor<f32, Shape![4]>| {
            (x.exp() * &data + x.detach()).sum()
        });
        let by_jvp = jvp!(|x: Tensor<f32, Shape![4]>, unused: Tensor<f32, Shape![4]>| (x.exp() * 2.0).sum());
        let by_vjp = vjp!(|x: Tensor<f32, Shape![4]>| {
            let kept = x.detach();
            let negated = -&x;
            &negated * &kept
        });
        let by_call = grad!(|x: Tensor<f32, Shape![4]>| exp_plus(&x, &x).sum() + x.powi(2).sum());
        let (value, _) = by_grad(data.clone(), data.clone());
        let (tangent, _) = by_jvp(data.clone(), data.clone(), data.clone(), data.clone());
        let (product, _) = by_vjp(data.clone(), &data);
        let (called, _) = by_call(data.clone());
        assert!(
            value.item() > 0.0 && tangent.item() > 0.0 && product.sum().item() < 0.0 && called.item() > 0.0
        );
    }
}

/// A function named like a method used in the same body (the function's import and the
/// method's stand-in are in different blocks), and outputs of `#[differentiable]` functions
/// whose rule reads the output (`exp`) or not (`+`), against the same bodies inline.
mod names_and_outputs {
    use typed_tensor::prelude::*;

    #[differentiable]
    fn square(x: &Tensor<f64, Shape![3]>) -> Tensor<f64, Shape![3]> {
        x * x
    }

    #[differentiable]
    fn ends_in_exp(x: &Tensor<f64, Shape![3]>) -> Tensor<f64, Shape![3]> {
        (x * 0.5).exp()
    }

    #[differentiable]
    fn ends_in_add(x: &Tensor<f64, Shape![3]>, b: &Tensor<f64, Shape![3]>) -> Tensor<f64, Shape![3]> {
        x.tanh() + b
    }

    /// A user module named like a module of `autodiff::ops`, in a generic argument.
    mod layout {
        pub type Flat = typed_tensor::Shape![6];
    }

    #[test]
    fn generic_arguments_are_the_users() {
        let f = grad!(|x: Tensor<f64, Shape![2, 3]>| x.reshape::<layout::Flat>().square().sum());
        let (_, dx) = f(Tensor::ones());
        assert_eq!(dx, Tensor::full(2.0));
    }

    /// A constant whose type only its `let` annotation gives (issue 26: the annotation was
    /// dropped, and the constant's type could not be inferred).
    #[test]
    fn an_annotated_constant() {
        let f = grad!(|x: Tensor<f32, Shape![4, 3]>| {
            let ones: Tensor<f32, Shape![4, 3]> = Tensor::ones();
            (&x * &ones).sum()
        });
        let (_, dx) = f(Tensor::zeros());
        assert_eq!(dx, Tensor::ones());
    }

    #[test]
    fn a_function_and_a_method_of_one_name() {
        let f = grad!(|x: Tensor<f64, Shape![3]>| square(&x).sum() + x.square().sum());
        let (y, dx) = f(tensor!([1.0, 2.0, 3.0]));
        assert_eq!(y.item(), 28.0);
        assert_eq!(dx, tensor!([4.0, 8.0, 12.0]));
    }

    #[test]
    fn outputs_kept_or_not_for_the_pullback() {
        let x = tensor!([0.3, -1.2, 2.0]);
        let b = tensor!([1.0, 2.0, 3.0]);
        let called = grad!(|x: Tensor<f64, Shape![3]>, b: Tensor<f64, Shape![3]>| {
            (ends_in_exp(&x) * ends_in_add(&x, &b)).sum()
        });
        let inline = grad!(|x: Tensor<f64, Shape![3]>, b: Tensor<f64, Shape![3]>| {
            ((&x * 0.5).exp() * (x.tanh() + &b)).sum()
        });
        let ((yc, gc), (yi, gi)) = (called(x.clone(), b.clone()), inline(x, b));
        assert_eq!(yc, yi);
        assert_eq!(gc, gi);
    }

    #[test]
    fn a_tangent_of_an_output_that_does_not_depend_on_the_input() {
        let f = jvp!(|x: Tensor<f64, Shape![3]>| x.detach().exp().sum());
        let (y, dy) = f(tensor!([0.0, 0.0, 0.0]), tensor!([1.0, 1.0, 1.0]));
        assert_eq!((y.item(), dy.item()), (3.0, 0.0));
    }
}
