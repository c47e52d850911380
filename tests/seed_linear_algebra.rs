//! Seed §1.3 (linear algebra), with the seed's values.

use typed_tensor::prelude::*;

#[test]
fn creating_matrices() {
    // §1.3.1: A = torch.arange(20).reshape((5, 4)); zeros(5, 4); ones(5, 4)
    let a = Tensor::<i64, Shape![20]>::arange().reshape::<Shape![5, 4]>();
    assert_eq!(a.shape(), [5, 4]);
    assert_eq!(a.as_slice()[19], 19);
    assert_eq!(Tensor::<f32, Shape![5, 4]>::zeros().sum().item(), 0.0);
    assert_eq!(Tensor::<f32, Shape![5, 4]>::ones().sum().item(), 20.0);
}

#[test]
fn transpose_and_symmetry() {
    // §1.3.2: A.T, and A == A.T to test symmetry
    let a = Tensor::<i64, Shape![20]>::arange().reshape::<Shape![5, 4]>();
    let at = a.t();
    let _: &Tensor<i64, Shape![4, 5]> = &at;
    assert_eq!(at.as_slice()[..5], [0, 4, 8, 12, 16]);
    assert_eq!(at.t(), a);
    let b = tensor!([[1, 2, 3], [2, 0, 4], [3, 4, 5]]);
    assert_eq!(b.eq(&b.t()), tensor!([[true, true, true], [true, true, true], [true, true, true]]));
    assert!(b.eq(&b.t()).all());
    let c = tensor!([[1, 2], [3, 4]]);
    assert!(!c.eq(&c.t()).all());
}

#[test]
fn general_transpose_and_permute() {
    let x: Tensor<i32, Shape![2, 3, 4]> = Tensor::arange();
    let y = x.transpose::<1, 2>();
    let _: &Tensor<i32, Shape![2, 4, 3]> = &y;
    // y[i, j, k] == x[i, k, j]
    for i in 0..2 {
        for j in 0..4 {
            for k in 0..3 {
                assert_eq!(y.as_slice()[(i * 4 + j) * 3 + k], x.as_slice()[(i * 3 + k) * 4 + j]);
            }
        }
    }
    let p = x.permute::<Axes![2, 0, 1]>();
    let _: &Tensor<i32, Shape![4, 2, 3]> = &p;
    // p[a, b, c] == x[b, c, a]
    assert_eq!(p.as_slice()[(3 * 2 + 1) * 3 + 2], x.as_slice()[(3 + 2) * 4 + 3]);
    assert_eq!(x.permute::<Axes![0, 1, 2]>(), x);
}

#[test]
fn hadamard_product() {
    // §1.3.3: `*` is the elementwise (Hadamard) product
    let a: Tensor<f32, Shape![2, 2]> = Tensor::arange();
    assert_eq!(&a * &a, tensor!([[0., 1.], [4., 9.]]));
}

#[test]
fn dot_product() {
    // §1.3.3: torch.dot([1,2,3,4], [4,3,2,1]) = 20, and torch.sum(a * b) is the same
    let a = tensor!([1, 2, 3, 4]);
    let b = tensor!([4, 3, 2, 1]);
    assert_eq!(a.dot(&b).item(), 20);
    assert_eq!((&a * &b).sum().item(), 20i64);
    assert_eq!(a.matmul(&b).item(), 20);
}

#[test]
fn matrix_vector_product() {
    // §1.3.3: torch.mv(ones(3, 4), [1., 2., 3., 4.]) = [10, 10, 10]
    let a: Tensor<f32, Shape![3, 4]> = Tensor::ones();
    let x = tensor!([1.0f32, 2., 3., 4.]);
    let y = a.mv(&x);
    let _: &Tensor<f32, Shape![3]> = &y;
    assert_eq!(y, tensor!([10., 10., 10.]));
    assert_eq!(a.matmul(&x), y);
}

#[test]
fn matrix_matrix_product() {
    // §1.3.3: torch.mm(arange(20.).reshape(5, 4), ones(4, 3)).shape = (5, 3)
    let a = Tensor::<f32, Shape![20]>::arange().reshape::<Shape![5, 4]>();
    let b: Tensor<f32, Shape![4, 3]> = Tensor::ones();
    let c = a.mm(&b);
    let _: &Tensor<f32, Shape![5, 3]> = &c;
    assert_eq!(c.shape(), [5, 3]);
    // row i of A sums to 16 i + 6
    assert_eq!(c, Tensor::<f32, Shape![5, 3]>::from_fn(|[i, _]| (16 * i + 6) as f32));
}

#[test]
fn matmul_rules() {
    // vector · matrix, and batched with broadcast batch dims: (2,1,3,4)·(5,4,6) -> (2,5,3,6)
    let v = tensor!([1.0f32, 2.0]);
    let m = tensor!([[1.0f32, 0.0, 2.0], [0.0, 1.0, 3.0]]);
    let vm = v.matmul(&m);
    let _: &Tensor<f32, Shape![3]> = &vm;
    assert_eq!(vm, tensor!([1., 2., 8.]));
    let a: Tensor<f32, Shape![2, 1, 3, 4]> = Tensor::arange();
    let b: Tensor<f32, Shape![5, 4, 6]> = Tensor::arange();
    let c = a.matmul(&b);
    let _: &Tensor<f32, Shape![2, 5, 3, 6]> = &c;
    // the (1, 4) block equals a[1, 0] · b[4]
    let a1 = Tensor::<f32, Shape![3, 4]>::from_slice(&a.as_slice()[12..24]).unwrap();
    let b4 = Tensor::<f32, Shape![4, 6]>::from_slice(&b.as_slice()[96..120]).unwrap();
    let block = Tensor::<f32, Shape![3, 6]>::from_slice(&c.as_slice()[(5 + 4) * 18..(5 + 5) * 18]).unwrap();
    assert_eq!(block, a1.mm(&b4));
}

#[test]
fn sums() {
    // §1.3.4: a = ones(3, 4); a.sum() = 12; sum(axis=0) -> [3,3,3,3] (shape [4]);
    // sum(axis=1) -> [4,4,4] (shape [3])
    let a: Tensor<f32, Shape![3, 4]> = Tensor::ones();
    assert_eq!(a.sum().item(), 12.0);
    let s0 = a.sum_axis::<0>();
    let _: &Tensor<f32, Shape![4]> = &s0;
    assert_eq!(s0, tensor!([3., 3., 3., 3.]));
    let s1 = a.sum_axis::<1>();
    let _: &Tensor<f32, Shape![3]> = &s1;
    assert_eq!(s1, tensor!([4., 4., 4.]));
}

#[test]
fn sum_over_several_axes() {
    // §1.3.4: ones((2, 5, 4)).sum(axis=[0, 2]) -> [8, 8, 8, 8, 8], shape [5]
    let a: Tensor<f32, Shape![2, 5, 4]> = Tensor::ones();
    let s = a.sum_axes::<Axes![0, 2]>();
    let _: &Tensor<f32, Shape![5]> = &s;
    assert_eq!(s, tensor!([8., 8., 8., 8., 8.]));
}

#[test]
fn keepdims() {
    // §1.3.4: a.sum(axis=0, keepdims=True) has shape (1, 4): tensor([[3, 3, 3, 3]])
    let a: Tensor<f32, Shape![3, 4]> = Tensor::ones();
    let s = a.sum_axis_keepdim::<0>();
    let _: &Tensor<f32, Shape![1, 4]> = &s;
    assert_eq!(s, tensor!([[3., 3., 3., 3.]]));
    // keepdim results broadcast back against the original, e.g. to normalise rows
    let x: Tensor<f32, Shape![2, 3]> = Tensor::arange();
    let rows = x.sum_axis_keepdim::<1>();
    assert_eq!(&x / &rows, tensor!([[0., 1. / 3., 2. / 3.], [0.25, 4. / 12., 5. / 12.]]));
}

#[test]
fn means() {
    // §1.3.5: A = arange(6.).reshape(3, 2); A.mean() = A.sum() / A.numel() = 2.5;
    // A.mean(axis=0) = A.sum(axis=0) / A.shape[0] = [2., 3.]
    let a = Tensor::<f32, Shape![6]>::arange().reshape::<Shape![3, 2]>();
    assert_eq!(a.mean().item(), 2.5);
    assert_eq!(a.sum().item() / a.numel() as f32, 2.5);
    assert_eq!(a.mean().to_string(), "tensor(2.5000)");
    assert_eq!(a.mean_axis::<0>(), tensor!([2., 3.]));
    assert_eq!(a.sum_axis::<0>() / a.shape()[0] as f32, tensor!([2., 3.]));
    assert_eq!(a.mean_axis::<0>().to_string(), "tensor([2., 3.])");
}

#[test]
fn norms() {
    // §1.3.6: u = [-3, 4]: L1 = 7, L2 = 5; Frobenius norm of ones(4, 9) = 6.
    // (The seed uses an integer tensor; PyTorch rejects torch.norm of integers, so do we, at
    // compile time: the vector is written in floating point here.)
    let u = tensor!([-3.0f32, 4.0]);
    assert_eq!(u.abs().sum().item(), 7.0);
    assert_eq!(u.norm_l1().item(), 7.0);
    assert_eq!(u.norm().item(), 5.0);
    assert_eq!(u.norm().to_string(), "tensor(5.)");
    let ones: Tensor<f32, Shape![4, 9]> = Tensor::ones();
    assert_eq!(ones.norm().item(), 6.0);
    assert_eq!(ones.norm_fro().item(), 6.0);
    assert_eq!(ones.norm_axis::<1>(), Tensor::full(3.0));
    assert_eq!(tensor!([-3, 4]).norm_l1().item(), 7i64);
}

#[test]
fn max_min_argmax() {
    let a = tensor!([[1.0f32, 9.0, 3.0], [4.0, 2.0, 6.0]]);
    assert_eq!(a.max().item(), 9.0);
    assert_eq!(a.min().item(), 1.0);
    assert_eq!(a.argmax().item(), 1);
    assert_eq!(a.argmin().item(), 0);
    assert_eq!(a.max_axis::<0>(), tensor!([4.0, 9.0, 6.0]));
    assert_eq!(a.min_axis::<1>(), tensor!([1.0, 2.0]));
    assert_eq!(a.argmax_axis::<0>(), tensor!([1i64, 0, 1]));
    assert_eq!(a.argmin_axis::<1>(), tensor!([0i64, 1]));
    let with_nan = tensor!([1.0f32, f32::NAN, 3.0]);
    assert!(with_nan.max().item().is_nan(), "NaN propagates, as in PyTorch");
}

#[test]
fn solve_inverse_lstsq() {
    let a = tensor!([[2.0f64, 1.0, 1.0], [1.0, 3.0, 2.0], [1.0, 0.0, 0.0]]);
    let x_true = tensor!([1.0f64, -2.0, 3.0]);
    let b = a.mv(&x_true);
    let x = a.solve(&b).unwrap();
    assert!(x.allclose(&x_true, 1e-12, 1e-12));
    let inv = a.inverse().unwrap();
    assert!(a.mm(&inv).allclose(&Tensor::<f64, Shape![3, 3]>::eye(), 1e-12, 1e-12));
    // a matrix right-hand side
    let bm = a.mm(&Tensor::<f64, Shape![3, 2]>::arange());
    assert!(a.solve(&bm).unwrap().allclose(&Tensor::<f64, Shape![3, 2]>::arange(), 1e-12, 1e-12));
    // singular: an error, not NaN
    let s = tensor!([[1.0f64, 2.0], [2.0, 4.0]]);
    let err = s.solve(&tensor!([1.0, 2.0])).unwrap_err();
    assert_eq!(err, LinalgError::Singular { op: "linalg.solve", pivot: 1 });
    assert_eq!(
        err.to_string(),
        "linalg.solve: The solver failed because the input matrix is singular (pivot 1 is zero)."
    );
    let zero: Tensor<f32, Shape![2, 2]> = Tensor::zeros();
    assert_eq!(zero.inverse().unwrap_err(), LinalgError::Singular { op: "linalg.inv", pivot: 0 });
    // least squares: the closed form of seed §2.1.5 with a column of ones for the bias
    let x = tensor!([[1.0f64, 0.5], [1.0, 1.5], [1.0, 2.0], [1.0, 3.5], [1.0, 4.0]]);
    let y = x.mv(&tensor!([4.2, 2.0]));
    let w = x.lstsq(&y).unwrap();
    assert!(w.allclose(&tensor!([4.2, 2.0]), 1e-12, 1e-12));
    // equal to (XᵀX)⁻¹ Xᵀ y
    let xt = x.t();
    let normal = xt.mm(&x).inverse().unwrap().mv(&xt.mv(&y));
    assert!(normal.allclose(&w, 1e-10, 1e-10));
    // a matrix right-hand side: two least-squares problems at once, each column its own
    let ym =
        Tensor::<f64, Shape![5, 2]>::from_fn(
            |[i, j]| if j == 0 { y.as_slice()[i] } else { 2.0 * y.as_slice()[i] },
        );
    let wm = x.lstsq(&ym).unwrap();
    assert!(wm.allclose(&tensor!([[4.2, 8.4], [2.0, 4.0]]), 1e-12, 1e-12));
    let dependent = tensor!([[1.0f64, 2.0], [2.0, 4.0], [3.0, 6.0]]);
    assert_eq!(
        dependent.lstsq(&tensor!([1.0, 2.0, 3.0])).unwrap_err(),
        LinalgError::RankDeficient { column: 1 }
    );
}

#[test]
fn large_products_match_small_reference() {
    // sizes above the plain-loop threshold go through the gemm crate
    let a = Tensor::<f64, Shape![70, 33]>::from_fn(|[i, j]| ((i * 7 + j * 3) % 11) as f64 - 5.0);
    let b = Tensor::<f64, Shape![33, 41]>::from_fn(|[i, j]| ((i * 5 + j) % 7) as f64 - 3.0);
    let c = a.mm(&b);
    for i in 0..70 {
        for j in 0..41 {
            let expected: f64 = (0..33).map(|p| a.as_slice()[i * 33 + p] * b.as_slice()[p * 41 + j]).sum();
            assert_eq!(c.as_slice()[i * 41 + j], expected);
        }
    }
    let ai = a.cast::<i64>();
    let bi = b.cast::<i64>();
    assert_eq!(ai.mm(&bi).cast::<f64>(), c, "integers take the plain loop, same result");
}
