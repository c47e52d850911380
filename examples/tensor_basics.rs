//! Seed §1.1–1.2.4 in Rust: creating tensors, their properties, operations and broadcasting.
//!
//! Run with `cargo run --release --example tensor_basics`. Each step prints the PyTorch line
//! it mirrors, then our result, which is the seed's.

use rand::{SeedableRng, rngs::StdRng};
use typed_tensor::prelude::*;

#[path = "common/cli.rs"]
mod cli;

const ABOUT: &str = "Seed §1.1–1.2.4: creating tensors, their properties, operations and broadcasting.\n\nUsage: cargo run --release --example tensor_basics [-- --help]";

fn main() -> Result<(), ShapeError> {
    cli::no_options(ABOUT);
    println!("# 1.1.1 N-dimensional arrays: rank 0 to 5");
    let scalar: Tensor<i64, Shape![]> = Tensor::full(3); // a class label
    let vector: Tensor<f32, Shape![4]> = Tensor::arange(); // a feature vector
    let matrix: Tensor<f32, Shape![3, 4]> = Tensor::zeros(); // samples x features
    let image: Tensor<f32, Shape![32, 32, 3]> = Tensor::zeros(); // width x height x channels
    let images: Tensor<f32, Shape![8, 32, 32, 3]> = Tensor::zeros(); // a batch of images
    let video: Tensor<f32, Shape![2, 16, 8, 8, 3]> = Tensor::zeros(); // batch x time x w x h x channels
    println!("0-d scalar {scalar}, rank {}", Tensor::<i64, Shape![]>::RANK);
    println!("1-d vector {vector}, rank {}", Tensor::<f32, Shape![4]>::RANK);
    println!("2-d matrix of shape {:?}", matrix.shape());
    println!("3-d RGB image of shape {:?}", image.shape());
    println!("4-d batch of images of shape {:?}", images.shape());
    println!("5-d video batch of shape {:?}", video.shape());

    println!("\n# 1.2.1 creating tensors");
    println!(">>> x = torch.arange(6, dtype=torch.float32)");
    let x: Tensor<f32, Shape![6]> = Tensor::arange();
    println!("{x}");
    println!(">>> torch.zeros(3, 4)");
    let z: Tensor<f32, Shape![3, 4]> = Tensor::zeros();
    println!("{z}");
    println!(">>> torch.ones(2, 3); torch.empty(2, 3)  # empty holds zeros in Rust");
    println!("{}", Tensor::<f32, Shape![2, 3]>::ones());
    println!("{}", Tensor::<f32, Shape![2, 3]>::empty());
    println!(">>> torch.randn(2, 3)  # from a seeded generator");
    let mut rng = StdRng::seed_from_u64(0);
    println!("{}", Tensor::<f32, Shape![2, 3]>::randn(&mut rng));
    println!(">>> torch.tensor([[1, 2, 3, 4], [5, 6, 7, 8]])");
    let t = tensor!([[1i64, 2, 3, 4], [5, 6, 7, 8]]);
    println!("{t}");

    println!("\n# 1.2.2 properties");
    println!(">>> A = torch.arange(12); A = A.reshape((3, 4)); A.shape, A.numel()");
    let a = Tensor::<i64, Shape![12]>::arange().reshape::<Shape![3, 4]>();
    println!("{a}\nshape {:?}, numel {}", a.shape(), a.numel());
    println!(">>> y.reshape((-1, 1)).shape  # -1 is `_`, worked out by the compiler");
    println!("{:?}", x.clone().reshape::<Shape![_, 1]>().shape());

    println!("\n# 1.2.3 operations");
    println!(">>> x = torch.tensor([1.0, 2, 4, 8]); y = torch.tensor([2, 3, 2, 2])");
    let x = tensor!([1.0f32, 2., 4., 8.]);
    let y = tensor!([2, 3, 2, 2]).cast::<f32>();
    println!(">>> x + y, x - y, x * y, x / y");
    println!("{}\n{}\n{}\n{}", &x + &y, &x - &y, &x * &y, &x / &y);
    println!(">>> x ** y");
    println!("{}", x.pow(&y));
    println!(">>> x == y, x < y, x > y");
    println!("{}\n{}\n{}", x.eq(&y), x.lt(&y), x.gt(&y));
    println!(">>> torch.cat((X, Y), dim=0); torch.cat((X, Y), dim=1)");
    let xs: Tensor<f32, Shape![3, 4]> = Tensor::arange();
    let ys = tensor!([[2.0f32, 1., 4., 3.], [1., 2., 3., 4.], [4., 3., 2., 1.]]);
    println!("{}", (&xs, &ys).cat::<0>());
    println!("{}", (&xs, &ys).cat::<1>());
    println!(">>> X.sum()");
    println!("{}", xs.sum());

    println!("\n# 1.2.4 broadcasting");
    println!(">>> torch.zeros(0, 0) + torch.zeros(0, 0)  # the notes say this cannot broadcast: a slip");
    let e: Tensor<f32, Shape![0, 0]> = Tensor::zeros();
    println!("{}", &e + &e);
    println!(">>> a = torch.arange(3).reshape((3, 1)); b = torch.arange(2).reshape((1, 2)); a + b");
    let a = Tensor::<i64, Shape![3]>::arange().reshape::<Shape![3, 1]>();
    let b = Tensor::<i64, Shape![2]>::arange().reshape::<Shape![1, 2]>();
    println!("{}", &a + &b);
    println!(">>> (torch.zeros(5, 3, 4, 1) + torch.zeros(3, 1, 1)).shape");
    let x: Tensor<f32, Shape![5, 3, 4, 1]> = Tensor::zeros();
    let y: Tensor<f32, Shape![3, 1, 1]> = Tensor::zeros();
    println!("{:?}   (the seed's notes say [5, 3, 4, 3]: a slip; PyTorch agrees with us)", (&x + &y).shape());
    println!(">>> torch.zeros(5, 3, 4, 1) + torch.zeros(3, 2, 1)");
    println!(
        "does not compile: The size of tensor a (4) must match the size of tensor b (2) at non-singleton dimension 2"
    );

    println!("\n# run-time data is checked");
    let bad = Tensor::<f32, Shape![2, 2]>::from_vec(vec![1., 2., 3.]);
    println!("from_vec(vec![1., 2., 3.]) as a 2x2 tensor: {}", bad.unwrap_err());
    let good = Tensor::<f32, Shape![2, 2]>::from_vec(vec![1., 2., 3., 4.])?;
    println!("from_vec(vec![1., 2., 3., 4.]): {good}");
    Ok(())
}
