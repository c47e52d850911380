//! Seed §1.3 in Rust: matrices, transpose, products, sums, means and norms.
//!
//! Run with `cargo run --release --example linear_algebra`.

use typed_tensor::prelude::*;

#[path = "common/cli.rs"]
mod cli;

const ABOUT: &str = "Seed §1.3: matrices, transpose, products, sums, means and norms.\n\nUsage: cargo run --release --example linear_algebra [-- --help]";

fn main() -> Result<(), LinalgError> {
    cli::no_options(ABOUT);
    println!("# 1.3.1 matrices");
    println!(">>> A = torch.arange(20, dtype=torch.float32).reshape((5, 4))");
    let a = Tensor::<f32, Shape![20]>::arange().reshape::<Shape![5, 4]>();
    println!("{a}");
    println!(">>> torch.zeros(5, 4), torch.ones(5, 4)");
    println!("{}\n{}", Tensor::<f32, Shape![5, 4]>::zeros(), Tensor::<f32, Shape![5, 4]>::ones());

    println!("\n# 1.3.2 transpose");
    println!(">>> A.T");
    println!("{}", a.t());
    println!(">>> B == B.T  # a symmetric matrix");
    let b = tensor!([[1, 2, 3], [2, 0, 4], [3, 4, 5]]);
    println!("{}", b.eq(&b.t()));

    println!("\n# 1.3.3 products");
    println!(">>> A * A  # elementwise (Hadamard)");
    println!("{}", &a * &a);
    println!(">>> torch.dot(torch.tensor([1, 2, 3, 4]), torch.tensor([4, 3, 2, 1]))");
    println!("{}", tensor!([1i64, 2, 3, 4]).dot(&tensor!([4i64, 3, 2, 1])));
    println!(">>> torch.sum(a * b)  # the same as the dot product");
    println!("{}", (tensor!([1i64, 2, 3, 4]) * tensor!([4i64, 3, 2, 1])).sum());
    println!(">>> torch.mv(torch.ones(3, 4), torch.tensor([1., 2., 3., 4.]))");
    println!("{}", Tensor::<f32, Shape![3, 4]>::ones().mv(&tensor!([1.0f32, 2., 3., 4.])));
    println!(">>> torch.mm(A, torch.ones((4, 3))).shape");
    let c = a.mm(&Tensor::<f32, Shape![4, 3]>::ones());
    println!("{:?}\n{c}", c.shape());
    println!(">>> torch.matmul(torch.ones(2, 1, 3, 4), torch.ones(5, 4, 6)).shape  # batch dims broadcast");
    let batched = Tensor::<f32, Shape![2, 1, 3, 4]>::ones().matmul(&Tensor::<f32, Shape![5, 4, 6]>::ones());
    println!("{:?}", batched.shape());

    println!("\n# 1.3.4 sums");
    let ones: Tensor<f32, Shape![3, 4]> = Tensor::ones();
    println!(">>> a = torch.ones(3, 4); a.sum(), a.sum(axis=0), a.sum(axis=1)");
    println!("{}\n{}\n{}", ones.sum(), ones.sum_axis::<0>(), ones.sum_axis::<1>());
    println!(">>> torch.ones((2, 5, 4)).sum(axis=[0, 2])");
    println!("{}", Tensor::<f32, Shape![2, 5, 4]>::ones().sum_axes::<Axes![0, 2]>());
    println!(">>> a.sum(axis=0, keepdims=True)");
    let kept = ones.sum_axis_keepdim::<0>();
    println!("{kept}  shape {:?}", kept.shape());

    println!("\n# 1.3.5 means");
    let m = Tensor::<f32, Shape![6]>::arange().reshape::<Shape![3, 2]>();
    println!(">>> A = torch.arange(6, dtype=torch.float32).reshape((3, 2)); A.mean(), A.sum() / A.numel()");
    println!("{} {}", m.mean(), m.sum() / m.numel() as f32);
    println!(">>> A.mean(axis=0), A.sum(axis=0) / A.shape[0]");
    println!("{} {}", m.mean_axis::<0>(), m.sum_axis::<0>() / m.shape()[0] as f32);

    println!("\n# 1.3.6 norms");
    let u = tensor!([-3.0f32, 4.0]);
    println!(">>> u = torch.tensor([-3.0, 4.0]); torch.abs(u).sum(), torch.norm(u)");
    println!("{} {}", u.abs().sum(), u.norm());
    println!(">>> torch.norm(torch.ones((4, 9)))");
    println!("{}", Tensor::<f32, Shape![4, 9]>::ones().norm());

    println!("\n# 2.1.5 the closed form w* = (XᵀX)⁻¹Xᵀy, by least squares");
    let x = tensor!([[1.0f64, 0.5], [1.0, 1.5], [1.0, 2.0], [1.0, 3.5]]);
    let y = tensor!([5.2f64, 7.2, 8.2, 11.2]); // y = 4.2 + 2 x
    println!("lstsq: {}", x.lstsq(&y)?);
    let xt = x.t();
    println!("(XᵀX)⁻¹Xᵀy: {}", xt.mm(&x).inverse()?.mv(&xt.mv(&y)));
    let singular = tensor!([[1.0f64, 2.0], [2.0, 4.0]]);
    println!("inverse of a singular matrix: {}", singular.inverse().unwrap_err());
    Ok(())
}
