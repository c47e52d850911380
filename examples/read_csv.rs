//! Seed §1.2.5 (d2l §2.2): read a CSV file, fill missing values, turn it into tensors; then
//! read a malformed file (`examples/data/malformed.csv`) and print the error it gives.
//!
//! Run with `cargo run --release --example read_csv`.

use typed_tensor::data::{CsvOptions, DataError, read_csv};
use typed_tensor::prelude::*;

#[path = "common/cli.rs"]
mod cli;

const ABOUT: &str = "Seed §1.2.5: read a CSV file, fill missing values, turn it into tensors; then what a malformed file gives.\n\nUsage: cargo run --release --example read_csv [-- --help]";

fn main() -> Result<(), DataError> {
    cli::no_options(ABOUT);
    // the data files are named from the repository root, wherever the example is started
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).ok();
    println!(">>> data = pd.read_csv('examples/data/house_tiny.csv')");
    let mut data = read_csv("examples/data/house_tiny.csv", &CsvOptions::default())?;
    println!("{data}\n");

    println!(
        ">>> data = data.fillna(data.mean(numeric_only=True)); data = pd.get_dummies(data, dummy_na=True)"
    );
    data.fill_missing_with_mean();
    data.one_hot("RoofType")?;
    println!("{data}\n");

    println!(
        ">>> X, y = torch.tensor(inputs.to_numpy(dtype=float)), torch.tensor(outputs.to_numpy(dtype=float))"
    );
    let x = data.to_tensor::<f32>(&["NumRooms", "RoofType_Slate", "RoofType_Tile", "RoofType_nan"])?;
    let y = data.to_tensor::<f32>(&["Price"])?;
    println!("X (run-time shape {:?}):\n{x}", x.shape());
    // the boundary to static shapes: checked once, here
    let x: Tensor<f32, Shape![6, 4]> = Tensor::try_from(x).map_err(DataError::from)?;
    let y: Tensor<f32, Shape![6, 1]> = Tensor::try_from(y).map_err(DataError::from)?;
    println!("as static tensors: X {:?}, y {:?}, mean price {}", x.shape(), y.shape(), y.mean());

    println!("\n# a malformed file (examples/data/malformed.csv: a row with one field too many) is an error");
    match read_csv("examples/data/malformed.csv", &CsvOptions::default()) {
        Ok(_) => println!("(read without an error: the reader missed the extra field)"),
        Err(e) => println!("Err: {e}"),
    }
    Ok(())
}
