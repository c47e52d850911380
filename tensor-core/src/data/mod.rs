//! Data that arrives at run time, and the boundary to static shapes (seed §1.2.5).
//!
//! - [`DynTensor`]: a tensor whose shape is a run-time `Vec<usize>`, and the checked conversion
//!   into a static [`Tensor`](crate::Tensor) (`Tensor::<f32, Shape![1000, 2]>::try_from(dyn)`);
//! - [`read_csv`] and [`Frame`]: CSV files with a header row, named columns, numeric parsing,
//!   missing values, one-hot encoding, and conversion of selected columns to a `DynTensor`;
//! - [`Batches`]: statically sized minibatches `(Tensor<_, Shape![B, F]>, Tensor<_, Shape![B, 1]>)`
//!   drawn from run-time data, optionally shuffled, with an explicit choice for a final partial
//!   batch;
//! - [`DataLoader`]: the same over static tensors in memory, a new order every epoch (d2l's
//!   `load_array`, PyTorch's `DataLoader(TensorDataset(X, y), batch_size, shuffle)`).
//!
//! Nothing here panics on bad input: every failure is a [`DataError`] naming the file, the line
//! and the column.

mod batches;
mod csv;
mod dyn_tensor;
mod error;
mod loader;

pub use batches::{Batches, Remainder};
pub use csv::{Column, CsvOptions, Frame, Missing, read_csv, read_csv_from};
pub use dyn_tensor::DynTensor;
pub use error::DataError;
pub use loader::{BatchSize, DataLoader};
