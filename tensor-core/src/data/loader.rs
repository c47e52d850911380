//! `DataLoader`: minibatches from tensors in memory (d2l's `load_array`, PyTorch's
//! `DataLoader(TensorDataset(X, y), batch_size, shuffle)`).

use super::batches::{Batches, Remainder};
use super::error::DataError;
use crate::element::Element;
use crate::shape::{Dimension, One};
use crate::tensor::Tensor;

/// The batch size, as a type: `BatchSize::<10>`.
#[derive(Clone, Copy, Debug, Default)]
pub struct BatchSize<const B: usize>;

/// Minibatches of static size `B` over `N` examples of `F` features held in memory (`F` is the
/// features' dimension type: `Dim<2>`, or `One` for a single feature). The choice for a final
/// partial batch is made at construction: [`Remainder::Drop`], or [`Remainder::Error`], which
/// fails here when `B` does not divide `N`.
///
/// ```
/// use rand::{SeedableRng, rngs::StdRng};
/// use typed_tensor::data::{BatchSize, DataLoader, Remainder};
/// use typed_tensor::prelude::*;
/// let x: Tensor<f32, Shape![1000, 2]> = Tensor::arange();
/// let y: Tensor<f32, Shape![1000, 1]> = Tensor::arange();
/// let loader = DataLoader::new(&x, &y, BatchSize::<10>, Remainder::Error, true)?;
/// let mut rng = StdRng::seed_from_u64(0);
/// let mut count = 0;
/// for (xb, yb) in loader.epoch(&mut rng) {
///     let _: (Tensor<f32, Shape![10, 2]>, Tensor<f32, Shape![10, 1]>) = (xb, yb);
///     count += 1;
/// }
/// assert_eq!(count, 100);
/// assert!(DataLoader::new(&x, &y, BatchSize::<7>, Remainder::Error, true).is_err());
/// # Ok::<(), typed_tensor::data::DataError>(())
/// ```
pub struct DataLoader<'a, E: Element, const B: usize, N: Dimension, F: Dimension> {
    features: &'a Tensor<E, (N, F)>,
    labels: &'a Tensor<E, (N, One)>,
    remainder: Remainder,
    shuffle: bool,
}

impl<'a, E: Element, const B: usize, N: Dimension, F: Dimension> DataLoader<'a, E, B, N, F> {
    /// A loader over `features` and `labels`; `shuffle` draws a new order every epoch.
    pub fn new(
        features: &'a Tensor<E, (N, F)>,
        labels: &'a Tensor<E, (N, One)>,
        _batch_size: BatchSize<B>,
        remainder: Remainder,
        shuffle: bool,
    ) -> Result<Self, DataError> {
        // fails now, not at the end of the first epoch
        Batches::<E, B, F>::from_tensors(features, labels, remainder)?;
        Ok(DataLoader { features, labels, remainder, shuffle })
    }

    /// The batches of one epoch, in a new random order if the loader shuffles.
    pub fn epoch<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> Batches<'a, E, B, F> {
        let batches =
            Batches::from_tensors(self.features, self.labels, self.remainder).expect("checked in `new`");
        if self.shuffle { batches.shuffle(rng) } else { batches }
    }
}
