//! A tensor whose shape is known only at run time.

use core::fmt;

use crate::element::Element;
use crate::error::ShapeError;
use crate::shape::Shape;
use crate::sys::ShapedBuffer;
use crate::tensor::Tensor;

/// A tensor whose shape is a run-time list of sizes: what a file or a network gives. Convert it
/// to a static [`Tensor`] with `try_from`, which checks the shape once; the other direction
/// always works.
///
/// ```
/// use typed_tensor::data::DynTensor;
/// use typed_tensor::prelude::*;
/// let d = DynTensor::new(vec![2, 3], vec![1.0f32, 2., 3., 4., 5., 6.])?;
/// assert_eq!(d.shape(), &[2, 3]);
/// let t = Tensor::<f32, Shape![2, 3]>::try_from(d.clone())?;
/// assert_eq!(t.sum().item(), 21.0);
/// let wrong = Tensor::<f32, Shape![3, 2]>::try_from(d).unwrap_err();
/// assert_eq!(wrong.to_string(), "expected a tensor of shape [3, 2], found shape [2, 3]");
/// # Ok::<(), ShapeError>(())
/// ```
#[derive(Clone, PartialEq)]
pub struct DynTensor<E> {
    shape: Vec<usize>,
    data: Vec<E>,
}

impl<E: Element> DynTensor<E> {
    /// A tensor of the given shape holding `data` in row-major order; the length must be the
    /// product of the sizes.
    ///
    /// ```
    /// use typed_tensor::data::DynTensor;
    /// assert!(DynTensor::new(vec![2, 2], vec![1, 2, 3]).is_err());
    /// let huge = DynTensor::new(vec![usize::MAX, 2], vec![1]).unwrap_err();
    /// assert_eq!(huge.to_string(), format!("a tensor of shape [{}, 2] would have more elements than a usize can count", usize::MAX));
    /// ```
    pub fn new(shape: Vec<usize>, data: Vec<E>) -> Result<Self, ShapeError> {
        // the product of the other sizes must fit too where a size is 0: the strides, which
        // `row`, `get` and printing compute, are such products
        let Some(nonzero) = shape.iter().filter(|&&d| d != 0).try_fold(1usize, |n, &d| n.checked_mul(d))
        else {
            return Err(ShapeError::TooLarge { shape });
        };
        let expected = if shape.contains(&0) { 0 } else { nonzero };
        if data.len() != expected {
            return Err(ShapeError::ElementCount { shape, expected, found: data.len() });
        }
        Ok(DynTensor { shape, data })
    }

    /// The sizes, outermost first.
    ///
    /// ```
    /// use typed_tensor::data::DynTensor;
    /// assert_eq!(DynTensor::new(vec![3], vec![1, 2, 3]).unwrap().shape(), &[3]);
    /// ```
    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    /// The number of elements.
    ///
    /// ```
    /// use typed_tensor::data::DynTensor;
    /// assert_eq!(DynTensor::new(vec![2, 2], vec![0; 4]).unwrap().numel(), 4);
    /// ```
    pub fn numel(&self) -> usize {
        self.data.len()
    }

    /// The elements in row-major order.
    ///
    /// ```
    /// use typed_tensor::data::DynTensor;
    /// assert_eq!(DynTensor::new(vec![2], vec![7, 8]).unwrap().as_slice(), &[7, 8]);
    /// ```
    pub fn as_slice(&self) -> &[E] {
        &self.data
    }

    /// The elements in row-major order, mutable.
    ///
    /// ```
    /// use typed_tensor::data::DynTensor;
    /// let mut d = DynTensor::new(vec![2], vec![7, 8]).unwrap();
    /// d.as_mut_slice()[0] = 1;
    /// assert_eq!(d.as_slice(), &[1, 8]);
    /// ```
    pub fn as_mut_slice(&mut self) -> &mut [E] {
        &mut self.data
    }

    /// The elements, moved out.
    ///
    /// ```
    /// use typed_tensor::data::DynTensor;
    /// assert_eq!(DynTensor::new(vec![2], vec![7, 8]).unwrap().into_vec(), vec![7, 8]);
    /// ```
    pub fn into_vec(self) -> Vec<E> {
        self.data
    }

    /// The element at a multi-index, or `None` when the index has the wrong length or is out of
    /// range.
    ///
    /// ```
    /// use typed_tensor::data::DynTensor;
    /// let d = DynTensor::new(vec![2, 2], vec![1, 2, 3, 4]).unwrap();
    /// assert_eq!(d.get(&[1, 0]), Some(&3));
    /// assert_eq!(d.get(&[2, 0]), None);
    /// ```
    pub fn get(&self, index: &[usize]) -> Option<&E> {
        self.offset(index).map(|o| &self.data[o])
    }

    fn offset(&self, index: &[usize]) -> Option<usize> {
        if index.len() != self.shape.len() {
            return None;
        }
        let mut o = 0;
        for (&i, &d) in index.iter().zip(&self.shape) {
            if i >= d {
                return None;
            }
            o = o * d + i;
        }
        Some(o)
    }

    /// Row `i` of a tensor of rank at least 1: the elements of `self[i]`, or `None` out of
    /// range.
    ///
    /// ```
    /// use typed_tensor::data::DynTensor;
    /// let d = DynTensor::new(vec![2, 2], vec![1, 2, 3, 4]).unwrap();
    /// assert_eq!(d.row(1), Some(&[3, 4][..]));
    /// ```
    pub fn row(&self, i: usize) -> Option<&[E]> {
        let (&n, rest) = self.shape.split_first()?;
        let width: usize = rest.iter().product();
        (i < n).then(|| &self.data[i * width..(i + 1) * width])
    }

    /// The same elements with another shape of the same element count.
    ///
    /// ```
    /// use typed_tensor::data::DynTensor;
    /// let d = DynTensor::new(vec![4], vec![1, 2, 3, 4]).unwrap();
    /// assert_eq!(d.reshape(vec![2, 2]).unwrap().shape(), &[2, 2]);
    /// ```
    pub fn reshape(self, shape: Vec<usize>) -> Result<Self, ShapeError> {
        DynTensor::new(shape, self.data)
    }
}

impl<E: Element, S: Shape> From<Tensor<E, S>> for DynTensor<E> {
    /// A static tensor as a run-time-shaped one (always possible).
    ///
    /// ```
    /// use typed_tensor::data::DynTensor;
    /// use typed_tensor::prelude::*;
    /// let d = DynTensor::from(Tensor::<i32, Shape![2, 3]>::arange());
    /// assert_eq!(d.shape(), &[2, 3]);
    /// ```
    fn from(t: Tensor<E, S>) -> Self {
        DynTensor { shape: S::DIMS.as_ref().to_vec(), data: t.into_vec() }
    }
}

impl<E: Element, S: Shape> TryFrom<DynTensor<E>> for Tensor<E, S> {
    type Error = ShapeError;
    /// Checks the run-time shape against `S` (both shapes are named in the error) and takes the
    /// data over without copying it for large tensors.
    fn try_from(d: DynTensor<E>) -> Result<Self, ShapeError> {
        if d.shape.as_slice() != S::DIMS.as_ref() {
            return Err(ShapeError::Mismatch { expected: S::DIMS.as_ref().to_vec(), found: d.shape });
        }
        Ok(Tensor::from_buffer(ShapedBuffer::from_vec(d.data)))
    }
}

impl<E: Element> fmt::Display for DynTensor<E> {
    /// PyTorch's layout, as for [`Tensor`].
    ///
    /// ```
    /// use typed_tensor::data::DynTensor;
    /// let d = DynTensor::new(vec![2], vec![1.0f32, 2.5]).unwrap();
    /// assert_eq!(d.to_string(), "tensor([1.0000, 2.5000])");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::display::write_tensor(f, &self.shape, &self.data)
    }
}

impl<E: Element> fmt::Debug for DynTensor<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DynTensor<{}, {:?}> {}", E::DTYPE, self.shape, self)
    }
}
