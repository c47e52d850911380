//! Seed §1.2.5 (d2l §2.2): read a CSV file, fill missing values, turn it into tensors.
//!
//! Run with `cargo run --release --example read_csv`.

use typed_tensor::data::{CsvOptions, DataError, read_csv};
use typed_tensor::prelude::*;

fn main() -> Result<(), DataError> {
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

    println!("\n# and what a malformed file gives");
    match read_csv("examples/data/no_such_file.csv", &CsvOptions::default()) {
        Ok(_) => println!("(unexpectedly found)"),
        Err(e) => println!("{e}"),
    }
    Ok(())
}
