//! Seed §1.1–1.2.4 (creating tensors, their properties, operations, broadcasting), with the
//! seed's values. Where the seed's notes slip, PyTorch's answer is asserted and the slip named.

use typed_tensor::prelude::*;

#[test]
fn ranks_zero_to_five() {
    // §1.1.1: a 0-d scalar, a 1-d vector, a 2-d matrix, 3-d image, 4-d image batch, 5-d video batch.
    let scalar: Tensor<f32, Shape![]> = Tensor::full(3.0);
    let vector: Tensor<f32, Shape![4]> = Tensor::zeros();
    let matrix: Tensor<f32, Shape![3, 4]> = Tensor::zeros();
    let image: Tensor<f32, Shape![32, 32, 3]> = Tensor::zeros();
    let images: Tensor<f32, Shape![8, 32, 32, 3]> = Tensor::zeros();
    let video: Tensor<f32, Shape![2, 16, 8, 8, 3]> = Tensor::zeros();
    assert_eq!(scalar.item(), 3.0);
    assert_eq!(Tensor::<f32, Shape![]>::RANK, 0);
    assert_eq!(vector.shape(), [4]);
    assert_eq!(matrix.shape(), [3, 4]);
    assert_eq!(image.shape(), [32, 32, 3]);
    assert_eq!(images.shape(), [8, 32, 32, 3]);
    assert_eq!(video.shape(), [2, 16, 8, 8, 3]);
    assert_eq!(Tensor::<f32, Shape![2, 16, 8, 8, 3]>::RANK, 5);
    let rank6: Tensor<f32, Shape![1, 2, 1, 2, 1, 2]> = Tensor::ones();
    assert_eq!(rank6.sum().item(), 8.0);
}

#[test]
fn arange_float() {
    // §1.2.1: x = torch.arange(6, dtype=torch.float32) -> tensor([0,1,2,3,4,5])
    let x: Tensor<f32, Shape![6]> = Tensor::arange();
    assert_eq!(x.to_vec(), vec![0., 1., 2., 3., 4., 5.]);
    assert_eq!(x.to_string(), "tensor([0., 1., 2., 3., 4., 5.])");
}

#[test]
fn zeros_three_by_four() {
    // §1.2.1: torch.zeros(3, 4)
    let x: Tensor<f32, Shape![3, 4]> = Tensor::zeros();
    assert_eq!(x.as_slice(), &[0.0; 12]);
    assert_eq!(
        x.to_string(),
        "tensor([[0., 0., 0., 0.],\n        [0., 0., 0., 0.],\n        [0., 0., 0., 0.]])"
    );
}

#[test]
fn ones_empty_randn() {
    // §1.2.1: ones, empty (in Rust: zeros, documented), randn from a seeded generator.
    use rand::{SeedableRng, rngs::StdRng};
    let o: Tensor<f64, Shape![2, 3]> = Tensor::ones();
    assert_eq!(o.as_slice(), &[1.0; 6]);
    let e: Tensor<f64, Shape![2, 3]> = Tensor::empty();
    assert_eq!(e, Tensor::zeros());
    let r1: Tensor<f32, Shape![3, 4]> = Tensor::randn(&mut StdRng::seed_from_u64(42));
    let r2: Tensor<f32, Shape![3, 4]> = Tensor::randn(&mut StdRng::seed_from_u64(42));
    assert_eq!(r1, r2, "the same seed gives the same tensor");
    let many: Tensor<f64, Shape![10000]> = Tensor::randn(&mut StdRng::seed_from_u64(7));
    let mean = many.mean().item();
    let var = (&many - mean).square().mean().item();
    assert!(mean.abs() < 0.05, "mean {mean}");
    assert!((var - 1.0).abs() < 0.05, "variance {var}");
}

#[test]
fn normal_and_uniform_from_any_seeded_rng() {
    use rand::{SeedableRng, rngs::StdRng};
    // torch.normal(0, 0.01, (2, 1)), as d2l initialises weights: the moments of many samples
    let w: Tensor<f64, Shape![20000]> = Tensor::normal(3.0, 0.5, &mut StdRng::seed_from_u64(5));
    let mean = w.mean().item();
    let std = (&w - mean).square().mean().item().sqrt();
    assert!((mean - 3.0).abs() < 0.01, "mean {mean}");
    assert!((std - 0.5).abs() < 0.01, "std {std}");
    let again: Tensor<f64, Shape![20000]> = Tensor::normal(3.0, 0.5, &mut StdRng::seed_from_u64(5));
    assert_eq!(w, again, "the same seed gives the same samples");
    // uniform on [low, high): inside the range, evenly spread, reproducible
    let u: Tensor<f32, Shape![20000]> = Tensor::uniform(-2.0, 6.0, &mut StdRng::seed_from_u64(9));
    assert!(u.as_slice().iter().all(|&v| (-2.0..6.0).contains(&v)));
    assert!((u.mean().item() - 2.0).abs() < 0.1, "mean {}", u.mean().item());
    let below = u.lt(&Tensor::<f32, Shape![]>::full(0.0));
    let below_zero = below.as_slice().iter().filter(|&&b| b).count() as f32 / 20000.0;
    assert!((below_zero - 0.25).abs() < 0.02, "a quarter below zero, found {below_zero}");
    let v: Tensor<f32, Shape![20000]> = Tensor::uniform(-2.0, 6.0, &mut StdRng::seed_from_u64(9));
    assert_eq!(u, v);
    // any `rand::Rng` works, including a trait object
    let mut dyn_rng: Box<dyn rand::Rng> = Box::new(StdRng::seed_from_u64(1));
    let d: Tensor<f32, Shape![3]> = Tensor::randn(dyn_rng.as_mut());
    assert_eq!(d, Tensor::randn(&mut StdRng::seed_from_u64(1)));
    // a range of one value gives that value
    let c: Tensor<f32, Shape![4]> = Tensor::uniform(1.5, 1.5, &mut StdRng::seed_from_u64(0));
    assert_eq!(c, Tensor::full(1.5));
}

#[test]
fn from_python_list() {
    // §1.2.1: torch.tensor([[1, 2, 3, 4], [5, 6, 7, 8]])
    let t = tensor!([[1, 2, 3, 4], [5, 6, 7, 8]]);
    assert_eq!(t.shape(), [2, 4]);
    assert_eq!(t.as_slice(), &[1, 2, 3, 4, 5, 6, 7, 8]);
    let f = tensor!([[1., 2., 3., 4.], [5., 6., 7., 8.]]);
    let _: &Tensor<f64, Shape![2, 4]> = &f; // float literals default to f64, as in Rust
}

#[test]
fn reshape_shape_numel() {
    // §1.2.2: A = torch.arange(12); A = A.reshape((3, 4)); A.shape; A.numel()
    let a: Tensor<i64, Shape![12]> = Tensor::arange();
    let a = a.reshape::<Shape![3, 4]>();
    assert_eq!(a.shape(), [3, 4]);
    assert_eq!(a.numel(), 12);
    assert_eq!(a.as_slice(), (0..12).collect::<Vec<i64>>().as_slice());
    // PyTorch's -1: one size inferred by the compiler
    let b = a.reshape::<Shape![_, 6]>();
    assert_eq!(b.shape(), [2, 6]);
    let c = b.reshape::<Shape![2, _, 3]>();
    assert_eq!(c.shape(), [2, 2, 3]);
}

#[test]
fn elementwise_operations() {
    // §1.2.3: x = torch.tensor([1.0, 2, 4, 8]); y = torch.tensor([2, 3, 2, 2]); the seed
    // prints only `x ** y` (below), so these are PyTorch's results for its other operators
    let x = tensor!([1.0f32, 2., 4., 8.]);
    let y = tensor!([2, 3, 2, 2]).cast::<f32>();
    assert_eq!(&x + &y, tensor!([3., 5., 6., 10.]));
    assert_eq!(&x - &y, tensor!([-1., -1., 2., 6.]));
    assert_eq!(&x * &y, tensor!([2., 6., 8., 16.]));
    assert_eq!((&x / &y).to_string(), "tensor([0.5000, 0.6667, 2.0000, 4.0000])");
    assert_eq!(x.exp().as_slice()[0], 1.0f32.exp());
}

#[test]
fn power() {
    // §1.2.3: x ** y with y = [2, 3, 2, 2] -> tensor([ 1.,  8., 16., 64.])
    let x = tensor!([1.0f32, 2., 4., 8.]);
    let y = tensor!([2, 3, 2, 2]).cast::<f32>();
    let p = x.pow(&y);
    assert_eq!(p, tensor!([1., 8., 16., 64.]));
    assert_eq!(p.to_string(), "tensor([ 1.,  8., 16., 64.])");
}

#[test]
fn comparison() {
    // §1.2.3: x == y elementwise gives a tensor of True/False
    let x = tensor!([1.0f32, 2., 4., 8.]);
    let y = tensor!([2.0f32, 3., 2., 2.]);
    assert_eq!(x.eq(&y), tensor!([false, false, false, false]));
    let z = tensor!([1.0f32, 3., 4., 0.]);
    assert_eq!(x.eq(&z), tensor!([true, false, true, false]));
    assert_eq!(x.eq(&z).to_string(), "tensor([ True, False,  True, False])");
    assert_eq!(x.gt(&y), tensor!([false, false, true, true]));
    assert_eq!(x.lt(&y), tensor!([true, true, false, false]));
    assert!(x.ge(&x).all());
    assert!(!x.ne(&x).any());
}

#[test]
fn cat_both_dims() {
    // §1.2.3: torch.cat((X, Y), dim=0) and dim=1
    let x: Tensor<f32, Shape![3, 4]> = Tensor::arange();
    let y = tensor!([[2.0f32, 1., 4., 3.], [1., 2., 3., 4.], [4., 3., 2., 1.]]);
    let rows = (&x, &y).cat::<0>();
    let _: &Tensor<f32, Shape![6, 4]> = &rows;
    assert_eq!(
        rows,
        tensor!([
            [0., 1., 2., 3.],
            [4., 5., 6., 7.],
            [8., 9., 10., 11.],
            [2., 1., 4., 3.],
            [1., 2., 3., 4.],
            [4., 3., 2., 1.]
        ])
    );
    let cols = (&x, &y).cat::<1>();
    let _: &Tensor<f32, Shape![3, 8]> = &cols;
    assert_eq!(
        cols,
        tensor!([
            [0., 1., 2., 3., 2., 1., 4., 3.],
            [4., 5., 6., 7., 1., 2., 3., 4.],
            [8., 9., 10., 11., 4., 3., 2., 1.]
        ])
    );
    assert_eq!(
        cols.to_string(),
        "tensor([[ 0.,  1.,  2.,  3.,  2.,  1.,  4.,  3.],\n        [ 4.,  5.,  6.,  7.,  1.,  2.,  3.,  4.],\n        [ 8.,  9., 10., 11.,  4.,  3.,  2.,  1.]])"
    );
}

#[test]
fn stack_new_axis() {
    let x = tensor!([1, 2, 3]);
    let y = tensor!([4, 5, 6]);
    let s0 = [&x, &y].stack::<0>();
    let _: &Tensor<i32, Shape![2, 3]> = &s0;
    assert_eq!(s0, tensor!([[1, 2, 3], [4, 5, 6]]));
    assert_eq!([&x, &y, &x].stack::<1>(), tensor!([[1, 4, 1], [2, 5, 2], [3, 6, 3]]));
}

#[test]
fn sum_all() {
    // §1.2.3: summing all elements gives a scalar
    let x: Tensor<f32, Shape![3, 4]> = Tensor::arange();
    let s = x.sum();
    let _: &Tensor<f32, Shape![]> = &s;
    assert_eq!(s.item(), 66.0);
    assert_eq!(s.to_string(), "tensor(66.)");
}

#[test]
fn broadcast_example_one() {
    // §1.2.4 example 1: a = arange(3).reshape((3, 1)); b = arange(2).reshape((1, 2)); a + b
    let a = Tensor::<i64, Shape![3]>::arange().reshape::<Shape![3, 1]>();
    let b = Tensor::<i64, Shape![2]>::arange().reshape::<Shape![1, 2]>();
    let c = &a + &b;
    let _: &Tensor<i64, Shape![3, 2]> = &c;
    assert_eq!(c, tensor!([[0i64, 1], [1, 2], [2, 3]]));
    assert_eq!(c.to_string(), "tensor([[0, 1],\n        [1, 2],\n        [2, 3]])");
}

#[test]
fn broadcast_example_two() {
    // §1.2.4 example 2: zeros(5, 3, 4, 1) + zeros(3, 1, 1). The seed's notes say the result has
    // shape (5, 3, 4, 3); that is a slip: PyTorch and numpy give (5, 3, 4, 1), and so do we.
    let x: Tensor<f32, Shape![5, 3, 4, 1]> = Tensor::zeros();
    let y: Tensor<f32, Shape![3, 1, 1]> = Tensor::zeros();
    let z = &x + &y; // no annotation: the compiler infers the shape
    assert_eq!(z.shape(), [5, 3, 4, 1]);
    let _: Tensor<f32, Shape![5, 3, 4, 1]> = z;
}

#[test]
fn broadcast_values() {
    // numbers, not just shapes: (5,3,4,1) + (3,1,1) adds y[j] to every x[i, j, k, 0]
    let x: Tensor<f32, Shape![5, 3, 4, 1]> = Tensor::arange();
    let y = tensor!([[[100.0f32]], [[200.]], [[300.]]]);
    let z = &x + &y;
    for i in 0..5 {
        for j in 0..3 {
            for k in 0..4 {
                let flat = (i * 3 + j) * 4 + k;
                assert_eq!(z.as_slice()[flat], flat as f32 + 100.0 * (j + 1) as f32);
            }
        }
    }
}

#[test]
fn scalars_broadcast_with_anything() {
    // the seed: an operation with a scalar applies it to every element
    let x: Tensor<f32, Shape![2, 3]> = Tensor::arange();
    let two = tensor!(2.0f32);
    assert_eq!(&x * &two, tensor!([[0., 2., 4.], [6., 8., 10.]]));
    assert_eq!(&two * &x, tensor!([[0., 2., 4.], [6., 8., 10.]]));
    assert_eq!(2.0 * &x, &x * 2.0);
    assert_eq!(&x + 1.0, tensor!([[1., 2., 3.], [4., 5., 6.]]));
    assert_eq!(1.0 - &x, tensor!([[1., 0., -1.], [-2., -3., -4.]]));
    assert_eq!(-&x, tensor!([[0., -1., -2.], [-3., -4., -5.]]));
}

#[test]
fn assigning_operators_broadcast_into_the_left() {
    let mut x: Tensor<f32, Shape![2, 3]> = Tensor::zeros();
    x += &tensor!([1.0f32, 2., 3.]);
    x *= tensor!([[2.0f32], [3.]]);
    x -= 1.0;
    x /= &tensor!(2.0f32);
    assert_eq!(x, tensor!([[0.5, 1.5, 2.5], [1., 2.5, 4.]]));
}

#[test]
fn owned_operands() {
    let x: Tensor<f64, Shape![2, 2]> = Tensor::arange();
    let y: Tensor<f64, Shape![2]> = Tensor::ones();
    assert_eq!(x.clone() + y.clone(), tensor!([[1., 2.], [3., 4.]]));
    assert_eq!(x.clone() - &y, tensor!([[-1., 0.], [1., 2.]]));
    assert_eq!(&y - x.clone(), tensor!([[1., 0.], [-1., -2.]]));
    assert_eq!(y.clone() / x.clone(), tensor!([[f64::INFINITY, 1.], [0.5, 1. / 3.]]));
    assert_eq!(y * x, tensor!([[0., 1.], [2., 3.]]));
}

#[test]
fn zero_size_dimensions_follow_numpy() {
    let empty: Tensor<f32, Shape![0, 3]> = Tensor::zeros();
    let row: Tensor<f32, Shape![1, 3]> = Tensor::ones();
    let z = &empty + &row; // (0, 3) + (1, 3) -> (0, 3), as numpy
    assert_eq!(z.shape(), [0, 3]);
    assert_eq!(z.numel(), 0);
    assert_eq!(z.to_string(), "tensor([], size=(0, 3))");
    assert_eq!(z.sum().item(), 0.0);
}

#[test]
fn zero_by_zero_broadcasts_too() {
    // §1.2.4 rule 1 says `torch.zeros(0, 0)` cannot take part in broadcasting. That is a slip
    // in the notes (PyTorch's documentation means that each tensor has at least one
    // dimension, and even that is not required of a 0-d scalar): numpy and PyTorch both
    // accept it, and so do we.
    let e: Tensor<f32, Shape![0, 0]> = Tensor::zeros();
    assert_eq!((&e + &e).shape(), [0, 0]);
    let col: Tensor<f32, Shape![0, 1]> = Tensor::zeros();
    let row: Tensor<f32, Shape![1, 5]> = Tensor::ones();
    assert_eq!((&col + &row).shape(), [0, 5]);
    let scalar = Tensor::<f32, Shape![]>::full(2.0);
    assert_eq!((&e * &scalar).to_string(), "tensor([], size=(0, 0))");
}

#[test]
fn from_vec_checks_length() {
    let d: Tensor<f32, Shape![2, 2]> = Tensor::from_vec(vec![1., 2., 3., 4.]).unwrap();
    assert_eq!(d, tensor!([[1., 2.], [3., 4.]]));
    let err = Tensor::<f32, Shape![2, 2]>::from_vec(vec![1., 2., 3.]).unwrap_err();
    assert_eq!(err, ShapeError::ElementCount { shape: vec![2, 2], expected: 4, found: 3 });
    assert_eq!(err.to_string(), "expected 4 elements for a tensor of shape [2, 2], found 3");
    let err = Tensor::<i32, Shape![3]>::from_slice(&[1, 2, 3, 4]).unwrap_err();
    assert_eq!(err.to_string(), "expected 3 elements for a tensor of shape [3], found 4");
    let x: f32 = Tensor::<f32, Shape![]>::from_vec(vec![3.0]).unwrap().item();
    assert_eq!(x, 3.0);
}

#[test]
fn generic_code_over_a_const_size() {
    fn batch<const B: usize>(x: &Tensor<f32, Shape![B, 2]>) -> Tensor<f32, Shape![B, 2]> {
        x + &tensor!([1.0f32, -1.0])
    }
    let x: Tensor<f32, Shape![10, 2]> = Tensor::zeros();
    assert_eq!(batch(&x).sum().item(), 0.0);
    let y: Tensor<f32, Shape![100000, 2]> = Tensor::ones();
    assert_eq!(batch(&y).sum().item(), 200000.0);
}

#[test]
fn unary_math() {
    let x = tensor!([0.0f64, 1.0, 4.0]);
    assert_eq!(x.sqrt(), tensor!([0.0, 1.0, 2.0]));
    assert_eq!(x.exp().ln(), x);
    assert_eq!(tensor!([-1.0f64, 2.0]).relu(), tensor!([0.0, 2.0]));
    assert_eq!(tensor!([-1.0f64, 2.0]).abs(), tensor!([1.0, 2.0]));
    assert!((tensor!([0.5f64]).sin().item() - 0.5f64.sin()).abs() < 1e-15);
    assert!((tensor!([0.5f64]).cos().item() - 0.5f64.cos()).abs() < 1e-15);
    assert!((tensor!([0.5f64]).tanh().item() - 0.5f64.tanh()).abs() < 1e-15);
    assert_eq!(tensor!([0.0f64]).sigmoid(), tensor!([0.5]));
    assert_eq!(tensor!([-800.0f64, 800.0]).sigmoid(), tensor!([0.0, 1.0]));
    assert_eq!(tensor!([2.0f64]).powf(3.0), tensor!([8.0]));
    assert_eq!(tensor!([2.0f64]).powi(-1), tensor!([0.5]));
}

#[test]
fn display_matches_pytorch() {
    assert_eq!(tensor!(2.5f32).to_string(), "tensor(2.5000)");
    assert_eq!(tensor!([1.5f32, -2.0]).to_string(), "tensor([ 1.5000, -2.0000])");
    assert_eq!(tensor!([1e-5f32, 1.0]).to_string(), "tensor([1.0000e-05, 1.0000e+00])");
    assert_eq!(tensor!([1.0f64, 2.0]).to_string(), "tensor([1., 2.], dtype=torch.float64)");
    assert_eq!(tensor!([1i64, -20]).to_string(), "tensor([  1, -20])");
    assert_eq!(tensor!([f32::NAN, 1.0, f32::INFINITY]).to_string(), "tensor([nan, 1., inf])");
    let t: Tensor<f32, Shape![2, 2, 2]> = Tensor::arange();
    assert_eq!(
        t.to_string(),
        "tensor([[[0., 1.],\n         [2., 3.]],\n\n        [[4., 5.],\n         [6., 7.]]])"
    );
    let long: Tensor<f32, Shape![2000]> = Tensor::arange();
    // more than 1000 elements: summarised; the range exceeds 1000, so scientific notation
    assert_eq!(
        long.to_string(),
        "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n        1.9990e+03])"
    );
    let ones: Tensor<i64, Shape![1500]> = Tensor::ones();
    assert_eq!(ones.to_string(), "tensor([1, 1, 1,  ..., 1, 1, 1])");
    assert_eq!(format!("{:?}", tensor!([1, 2])), "Tensor<i32, [2]> tensor([1, 2], dtype=torch.int32)");
}

#[test]
fn map_cast_and_from_fn() {
    let x = Tensor::<i32, Shape![2, 3]>::from_fn(|[i, j]| (10 * i + j) as i32);
    assert_eq!(x, tensor!([[0, 1, 2], [10, 11, 12]]));
    assert_eq!(x.map(|v| v % 2 == 0), tensor!([[true, false, true], [true, false, true]]));
    assert_eq!(x.cast::<f64>().sum().item(), 36.0);
    let eye: Tensor<f32, Shape![3, 3]> = Tensor::eye();
    assert_eq!(eye.sum().item(), 3.0);
}

#[test]
fn broadcast_to_and_sum_to_are_inverse_shapes() {
    let b = tensor!([[1.0f32], [2.0]]);
    let e = b.broadcast_to::<Shape![3, 2, 4]>();
    assert_eq!(e.sum().item(), 3.0 * 4.0 * 3.0);
    let back = e.sum_to::<Shape![2, 1]>();
    assert_eq!(back, tensor!([[12.0], [24.0]]));
    assert_eq!(e.sum_to::<Shape![]>().item(), 36.0);
}
