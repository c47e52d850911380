//! Statically sized minibatches drawn from data of any size (seed §2.3.2's `data_iter`).

use rand::seq::SliceRandom;

use super::dyn_tensor::DynTensor;
use super::error::DataError;
use crate::element::Element;
use crate::error::ShapeError;
use crate::shape::{Dim, Dimension, One};
use crate::tensor::Tensor;

/// What happens to a final batch smaller than the batch size. There is no default: the choice
/// is always written at the call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Remainder {
    /// The last examples are not used in this pass (d2l's loaders with `drop_last=True`); with
    /// shuffling, different examples are left out each epoch.
    Drop,
    /// The full batches are iterated; the remaining examples are available, as run-time-shaped
    /// tensors, from [`Batches::remainder`].
    Separate,
    /// Making the batches fails unless the examples divide evenly.
    Error,
}

/// An iterator over `(features, labels)` minibatches of static shapes `Shape![B, F]` and
/// `Shape![B, 1]`, from `N × F` features and `N` labels known at run time. The number of
/// features is checked once, when the iterator is made.
///
/// `F` is the features' dimension type, as in a shape: `Dim<2>` for two features, `One` for a
/// single feature (so that its batches are `Shape![B, 1]`, which broadcasts as usual).
///
/// ```
/// use rand::{SeedableRng, rngs::StdRng};
/// use typed_tensor::data::{Batches, DynTensor, Remainder};
/// use typed_tensor::prelude::*;
/// let x = DynTensor::new(vec![5, 2], (0..10).map(|v| v as f32).collect())?;
/// let y = DynTensor::new(vec![5, 1], vec![0.0f32, 1., 2., 3., 4.])?;
/// let batches = Batches::<f32, 2, Dim<2>>::new(&x, &y, Remainder::Separate)?.shuffle(&mut StdRng::seed_from_u64(0));
/// let (rest_x, rest_y) = batches.remainder().expect("5 = 2 + 2 + 1");
/// assert_eq!((rest_x.shape(), rest_y.shape()), (&[1, 2][..], &[1, 1][..]));
/// let mut seen = 0;
/// for (xb, yb) in batches {
///     let _: (Tensor<f32, Shape![2, 2]>, Tensor<f32, Shape![2, 1]>) = (xb, yb);
///     seen += 1;
/// }
/// assert_eq!(seen, 2);
/// # Ok::<(), typed_tensor::data::DataError>(())
/// ```
pub struct Batches<'a, E, const B: usize, F> {
    features: &'a [E],
    labels: &'a [E],
    order: Vec<usize>,
    next: usize,
    full: usize,
    remainder: Remainder,
    width: core::marker::PhantomData<F>,
}

/// The batch size `B` is positive, checked when a constructor of [`Batches`] is compiled
/// (PyTorch's `DataLoader` raises the same sentence at run time). A const assertion: the type
/// system of stable Rust cannot exclude one value of a const parameter.
struct PositiveBatch<const B: usize>;
impl<const B: usize> PositiveBatch<B> {
    const OK: () = assert!(B > 0, "batch_size should be a positive integer value, but got batch_size=0");
}

impl<'a, E: Element, const B: usize, F: Dimension> Batches<'a, E, B, F> {
    /// Batches over `features` (`N × F`) and `labels` (`N` or `N × 1`), in order. Fails if the
    /// shapes are not those, or if `remainder` is [`Remainder::Error`] and `B` does not divide
    /// `N`.
    pub fn new(
        features: &'a DynTensor<E>,
        labels: &'a DynTensor<E>,
        remainder: Remainder,
    ) -> Result<Self, DataError> {
        let n = match features.shape() {
            &[n, f] if f == F::SIZE => n,
            other => {
                return Err(DataError::Shape {
                    context: format!("features for batches of {} features", F::SIZE),
                    source: ShapeError::Mismatch {
                        expected: vec![other.first().copied().unwrap_or(0), F::SIZE],
                        found: other.to_vec(),
                    },
                });
            }
        };
        match labels.shape() {
            [m] | [m, 1] if *m == n => {}
            other => {
                return Err(DataError::Shape {
                    context: format!("labels for {n} examples"),
                    source: ShapeError::Mismatch { expected: vec![n, 1], found: other.to_vec() },
                });
            }
        }
        Self::from_slices(features.as_slice(), labels.as_slice(), n, remainder)
    }

    /// Batches over static tensors of `N` examples (no shape check is needed: the types agree).
    /// `N` is any dimension type, so a data set of one example (`Shape![1, F]`) works too.
    ///
    /// ```
    /// use typed_tensor::data::{Batches, Remainder};
    /// use typed_tensor::prelude::*;
    /// let x: Tensor<f32, Shape![6, 2]> = Tensor::arange();
    /// let y: Tensor<f32, Shape![6, 1]> = Tensor::arange();
    /// let count = Batches::<f32, 3, Dim<2>>::from_tensors(&x, &y, Remainder::Error)?.count();
    /// assert_eq!(count, 2);
    /// # Ok::<(), typed_tensor::data::DataError>(())
    /// ```
    pub fn from_tensors<N: Dimension>(
        features: &'a Tensor<E, (N, F)>,
        labels: &'a Tensor<E, (N, One)>,
        remainder: Remainder,
    ) -> Result<Self, DataError> {
        Self::from_slices(features.as_slice(), labels.as_slice(), N::SIZE, remainder)
    }

    fn from_slices(
        features: &'a [E],
        labels: &'a [E],
        n: usize,
        remainder: Remainder,
    ) -> Result<Self, DataError> {
        // every constructor comes here: a batch size of 0 fails when the call is compiled
        const { PositiveBatch::<B>::OK };
        let left = n.checked_rem(B).unwrap_or(n);
        if remainder == Remainder::Error && left != 0 {
            return Err(DataError::PartialBatch { examples: n, batch: B, left });
        }
        Ok(Batches {
            features,
            labels,
            order: (0..n).collect(),
            next: 0,
            full: n.checked_div(B).unwrap_or(0),
            remainder,
            width: core::marker::PhantomData,
        })
    }

    /// The same batches over the examples in a random order drawn from `rng` (seed it for
    /// reproducible runs).
    pub fn shuffle<R: rand::Rng + ?Sized>(mut self, rng: &mut R) -> Self {
        self.order.shuffle(rng);
        self
    }

    /// The number of full batches.
    pub fn full_batches(&self) -> usize {
        self.full
    }

    /// With [`Remainder::Separate`], the examples after the last full batch, as `M × F` features
    /// and `M × 1` labels (`None` if there are none, or with another choice of remainder).
    pub fn remainder(&self) -> Option<(DynTensor<E>, DynTensor<E>)> {
        let rest = &self.order[self.full * B..];
        if self.remainder != Remainder::Separate || rest.is_empty() {
            return None;
        }
        let f = F::SIZE;
        let x = rest.iter().flat_map(|&i| &self.features[i * f..(i + 1) * f]).copied().collect();
        let y = rest.iter().map(|&i| self.labels[i]).collect();
        Some((
            DynTensor::new(vec![rest.len(), f], x).expect("sizes computed above"),
            DynTensor::new(vec![rest.len(), 1], y).expect("sizes computed above"),
        ))
    }
}

impl<E: Element, const B: usize, F: Dimension> Iterator for Batches<'_, E, B, F> {
    type Item = (Tensor<E, (Dim<B>, F)>, Tensor<E, (Dim<B>, One)>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.next >= self.full {
            return None;
        }
        let idx = &self.order[self.next * B..(self.next + 1) * B];
        self.next += 1;
        // whole rows at a time: each example's features are contiguous
        let f = F::SIZE;
        let rows = idx.iter().map(|&i| &self.features[i * f..(i + 1) * f]);
        let x = Tensor::from_buffer(crate::sys::ShapedBuffer::from_rows(f, rows));
        let y = Tensor::from_fn_flat(|k| self.labels[idx[k]]);
        Some((x, y))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.full - self.next;
        (left, Some(left))
    }
}

impl<E: Element, const B: usize, F: Dimension> ExactSizeIterator for Batches<'_, E, B, F> {}
