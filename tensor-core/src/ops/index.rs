//! Indexing: selecting along an axis by a list of indices.

use crate::element::Element;
use crate::error::ShapeError;
use crate::shape::{Dim, MAX_RANK, ReplaceAxis, Shape};
use crate::storage::Buffer;
use crate::tensor::Tensor;

/// A shape seen as `outer × n × inner` around axis `axis` (numbered from the front).
pub(crate) fn around(padded: [usize; MAX_RANK], rank: usize, axis: usize) -> (usize, usize, usize) {
    let first = MAX_RANK - rank + axis;
    let outer = padded[..first].iter().product();
    let inner = padded[first + 1..].iter().product();
    (outer, padded[first], inner)
}

impl<E: Element, S: Shape> Tensor<E, S> {
    /// The slices at the given indices along axis `AXIS`, in the order given (PyTorch's
    /// `index_select(AXIS, indices)`; seed §1.1.3's `x[[0, 2]]` is `x.index_select::<0, _>([0, 2])`).
    /// The number of indices is the size of that axis in the result, known at compile time; an
    /// index out of range is an error naming it, the axis and its size.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x = Tensor::<i32, Shape![4, 4]>::arange() + 1;
    /// let rows = x.index_select::<0, _>([0, 2])?;
    /// assert_eq!(rows, tensor!([[1, 2, 3, 4], [9, 10, 11, 12]]));
    /// let err = x.index_select::<1, _>([1, 4]).unwrap_err();
    /// assert_eq!(err.to_string(), "index 4 is out of bounds for dimension 1 with size 4");
    /// # Ok::<(), ShapeError>(())
    /// ```
    pub fn index_select<const AXIS: usize, const N: usize>(
        &self,
        indices: [usize; N],
    ) -> Result<Tensor<E, <S as ReplaceAxis<AXIS, Dim<N>>>::Output>, ShapeError>
    where
        S: ReplaceAxis<AXIS, Dim<N>>,
    {
        let (outer, n, inner) = around(S::PADDED, S::RANK, AXIS);
        if let Some(&index) = indices.iter().find(|&&i| i >= n) {
            return Err(ShapeError::IndexOutOfBounds { index, axis: AXIS, size: n });
        }
        let src = self.as_slice();
        Ok(Tensor::from_buffer(Buffer::from_fn(outer * N * inner, |flat| {
            let (o, rest) = (flat / (N * inner), flat % (N * inner));
            let (k, i) = (rest / inner.max(1), rest % inner.max(1));
            src[(o * n + indices[k]) * inner + i]
        })))
    }
}
