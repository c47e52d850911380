//! Seed §1.1.3: accessing elements of the 4 × 4 matrix 1..=16, with the seed's values.
//!
//! Run with `cargo run --release --example indexing`.

use typed_tensor::prelude::*;

#[path = "common/cli.rs"]
mod cli;

const ABOUT: &str = "Seed §1.1.3: accessing elements of the 4 × 4 matrix 1..=16.\n\nUsage: cargo run --release --example indexing [-- --help]";

fn main() -> Result<(), ShapeError> {
    cli::no_options(ABOUT);
    let x = Tensor::<i64, Shape![4, 4]>::arange() + 1; // int64, as torch.tensor of integers
    println!("{x}\n");
    println!("one element      x[1, 2]        = {}", x.at(s![1, 2]));
    println!("a row            x[1, :]        = {}", x.slice(s![1, ..]));
    println!("a column         x[:, 1]        = {}", x.slice(s![.., 1]));
    println!("a sub-region     x[1:3, 1:]     =\n{}", x.slice(s![1..3, 1..]));
    println!("a strided region x[::3, ::2]    =\n{}", x.slice(s![..;3, ..;2]));
    println!("rows 0 and 2     x[[0, 2]]      =\n{}", x.index_select::<0, _>([0, 2])?);
    println!("rows x columns   (numpy ix_)    =\n{}", x.index_ix([0, 2], [1, 2])?);
    println!("pairs            x[[0, 2], [1, 2]] in PyTorch = {}", x.index_pairs([0, 2], [1, 2])?);
    println!("\na row as a view (no copy): {}", x.view(s![1, ..]));
    println!("a run-time index out of range: {}", x.try_get([1, 7]).unwrap_err());

    println!("\n# writing (d2l): X[1, 2] = 9; X[0:2, :] = 12");
    let mut y = Tensor::<f32, Shape![3, 4]>::arange();
    y.set(s![1, 2], 9.0);
    println!("{y}");
    y.fill_slice(s![0..2, ..], 12.0);
    println!("{y}");
    Ok(())
}
