//! Indexing: selecting along an axis by a list of indices.

use crate::element::Element;
use crate::error::ShapeError;
use crate::shape::{Dim, MAX_RANK, ReplaceAxis, Shape, around};
use crate::sys::ShapedBuffer;
use crate::tensor::Tensor;

impl<E: Element, S: Shape> Tensor<E, S> {
    /// The slices at the given indices along axis `AXIS`, in the order given (PyTorch's
    /// `index_select(AXIS, indices)`; seed §1.1.3's `x[[0, 2]]` is `x.index_select::<0, _>([0, 2])`).
    /// The number of indices is the size of that axis in the result, known at compile time; an
    /// index out of range is an error naming it, the axis and its size.
    ///
    /// The new size is `Dim<N>`, also for a single index: `[2]` gives an axis of type
    /// `Dim<1>`, which does not broadcast like the `One` of `Shape![1, ..]` (see
    /// [`Dim`](crate::Dim)); `reshape::<Shape![1, ..]>()` turns it into one, at no cost.
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
        let (_, n, inner) = around(S::PADDED, S::RANK, AXIS);
        if let Some(&index) = indices.iter().find(|&&i| i >= n) {
            return Err(ShapeError::IndexOutOfBounds { index, axis: AXIS, size: n });
        }
        let src = self.as_slice();
        Ok(Tensor::from_buffer(ShapedBuffer::from_fn(|flat| {
            let (o, rest) = (flat / (N * inner), flat % (N * inner));
            let (k, i) = (rest / inner.max(1), rest % inner.max(1));
            src[(o * n + indices[k]) * inner + i]
        })))
    }
}

use core::marker::PhantomData;

use crate::checks::Message;
use crate::kernels::broadcast::{StridedLoop, gather, operand_strides};
use crate::shape::{ApplySlice, BroadcastTo, Dimension, RemoveAxes, Slice, strides};

/// The shape of `S` sliced by `Slice<En, Rm>`.
pub type Sliced<S, En, Rm> = <<S as ApplySlice<En>>::Kept as RemoveAxes<Rm>>::Output;

/// The layout of the elements a slice reads, as constants.
struct SlicePlan<S, En>(PhantomData<(S, En)>);
impl<S: ApplySlice<En>, En> SlicePlan<S, En> {
    /// The source's stride along each axis of the slice: its own stride times the step.
    const STRIDES: [usize; MAX_RANK] = {
        let base = strides(S::PADDED);
        let mut st = [0; MAX_RANK];
        let mut i = 0;
        while i < MAX_RANK {
            st[i] = base[i] * S::STEPS[i];
            i += 1;
        }
        st
    };
    /// Output position to source position, relative to `OFFSET`.
    const LOOP: StridedLoop<1> = StridedLoop::with_strides(<S::Kept as Shape>::PADDED, [Self::STRIDES]);
    /// Whether the slice is one contiguous run of elements.
    const CONTIGUOUS: bool = {
        let z = Self::LOOP;
        let mut one_row = true;
        let mut i = 0;
        while i + 1 < MAX_RANK {
            if z.dims[i] != 1 {
                one_row = false;
            }
            i += 1;
        }
        (one_row && (z.dims[MAX_RANK - 1] <= 1 || z.strides[0][MAX_RANK - 1] == 1))
            || <S::Kept as Shape>::NUMEL <= 1
    };
    /// The elements of a contiguous slice, as a range of the source (checked by `VIEW_CHECK`).
    const VIEW: core::ops::Range<usize> = {
        let n = <S::Kept as Shape>::NUMEL;
        let start = if n == 0 { 0 } else { S::OFFSET };
        start..start + n
    };
    const VIEW_CHECK: () = {
        let () = S::CHECK;
        if !Self::CONTIGUOUS {
            Message::new()
                .str("view(): this slice is not one contiguous run of elements; use slice() to copy it")
                .panic()
        }
    };
}

/// A borrowed, contiguous part of a tensor with a static shape: what [`Tensor::view`] returns
/// (no copy). [`to_tensor`](TensorView::to_tensor) makes an owned tensor of it.
///
/// ```
/// use typed_tensor::prelude::*;
/// let x = Tensor::<i32, Shape![4, 4]>::arange() + 1;
/// let row = x.view(s![1, ..]);
/// assert_eq!(row.as_slice(), &[5, 6, 7, 8]);
/// let owned: Tensor<i32, Shape![4]> = row.to_tensor();
/// assert_eq!(owned, tensor!([5, 6, 7, 8]));
/// ```
#[derive(Clone, Copy)]
pub struct TensorView<'a, E, S> {
    data: &'a [E],
    shape: PhantomData<S>,
}

impl<'a, E: Element, S: Shape> TensorView<'a, E, S> {
    /// The sizes.
    pub fn shape(&self) -> S::Index {
        S::DIMS
    }
    /// The elements, row-major.
    pub fn as_slice(&self) -> &'a [E] {
        self.data
    }
    /// An owned, contiguous copy.
    pub fn to_tensor(&self) -> Tensor<E, S> {
        Tensor::from_buffer(ShapedBuffer::from_slice(self.data))
    }
}

/// A mutable, contiguous part of a tensor with a static shape: what [`Tensor::view_mut`]
/// returns. Writes go straight into the tensor it borrows.
///
/// ```
/// use typed_tensor::prelude::*;
/// let mut x: Tensor<i32, Shape![3, 2]> = Tensor::zeros();
/// x.view_mut(s![1, ..]).fill(7);
/// x.view_mut(s![2..3]).assign(&tensor!([[1, 2]]));
/// assert_eq!(x, tensor!([[0, 0], [7, 7], [1, 2]]));
/// ```
pub struct TensorViewMut<'a, E, S> {
    data: &'a mut [E],
    shape: PhantomData<S>,
}

impl<E: Element, S: Shape> TensorViewMut<'_, E, S> {
    /// The sizes.
    pub fn shape(&self) -> S::Index {
        S::DIMS
    }
    /// The elements, row-major.
    pub fn as_slice(&self) -> &[E] {
        self.data
    }
    /// The elements, row-major, mutable.
    pub fn as_mut_slice(&mut self) -> &mut [E] {
        self.data
    }
    /// Sets every element to `value`.
    pub fn fill(&mut self, value: E) {
        self.data.fill(value);
    }
    /// Copies a tensor of the view's shape into it (the shapes are checked by the compiler).
    pub fn assign(&mut self, src: &Tensor<E, S>) {
        self.data.copy_from_slice(src.as_slice());
    }
    /// An owned, contiguous copy.
    pub fn to_tensor(&self) -> Tensor<E, S> {
        Tensor::from_buffer(ShapedBuffer::from_slice(self.data))
    }
}

impl<E: Element, S: Shape> core::fmt::Display for TensorView<'_, E, S> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        crate::display::write_tensor(f, S::DIMS.as_ref(), self.data)
    }
}

/// `dest[..] = src[..]` over a two-operand plan (`dest` strided, `src` contiguous).
fn scatter<E: Copy>(plan: &StridedLoop<2>, dest: &mut [E], src: &[E]) {
    plan.for_each_row(|_, [id, is], [sd, ss], n| {
        for j in 0..n {
            dest[id + j * sd] = src[is + j * ss];
        }
    });
}

/// The plan writing a contiguous tensor of shape `Kept` into the elements a slice reads.
struct ScatterPlan<S, En>(PhantomData<(S, En)>);
impl<S: ApplySlice<En>, En> ScatterPlan<S, En> {
    const LOOP: StridedLoop<2> = {
        let kept = <S::Kept as Shape>::PADDED;
        StridedLoop::with_strides(kept, [SlicePlan::<S, En>::STRIDES, operand_strides(kept)])
    };
}

impl<E: Element, S: Shape> Tensor<E, S> {
    /// The elements a slice selects, as a new contiguous tensor whose shape the compiler
    /// computes (PyTorch's `x[1:3, ::2]`, ndarray's `slice(s![..])`). Bounds are literals in
    /// `s![...]`; one out of range is reported, with the axis, the bound and the size, when the
    /// call is built (`cargo build` or `cargo test`: `cargo check` does not evaluate it).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x = Tensor::<i32, Shape![4, 4]>::arange() + 1;
    /// assert_eq!(x.slice(s![1, ..]), tensor!([5, 6, 7, 8]));
    /// assert_eq!(x.slice(s![.., 1]), tensor!([2, 6, 10, 14]));
    /// assert_eq!(x.slice(s![1..3, 1..]), tensor!([[6, 7, 8], [10, 11, 12]]));
    /// assert_eq!(x.slice(s![..;3, ..;2]), tensor!([[1, 3], [13, 15]]));
    /// ```
    pub fn slice<En, Rm>(&self, _slice: Slice<En, Rm>) -> Tensor<E, Sliced<S, En, Rm>>
    where
        S: ApplySlice<En>,
        S::Kept: RemoveAxes<Rm>,
    {
        const { S::CHECK };
        let mut out = Tensor::<E, Sliced<S, En, Rm>>::zeros();
        if <S::Kept as Shape>::NUMEL > 0 {
            gather(&SlicePlan::<S, En>::LOOP, &self.as_slice()[S::OFFSET..], out.as_mut_slice());
        }
        out
    }

    /// A contiguous slice without copying it (a row, a block of whole rows). A slice whose
    /// elements are not one contiguous run is an error when the call is built (`cargo build` or
    /// `cargo test`: `cargo check` does not evaluate it); copy it with [`slice`](Tensor::slice)
    /// instead.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x = Tensor::<f32, Shape![4, 3]>::arange();
    /// let rows = x.view(s![1..3]);
    /// assert_eq!(rows.shape(), [2, 3]);
    /// assert_eq!(rows.as_slice(), &[3., 4., 5., 6., 7., 8.]);
    /// ```
    pub fn view<En, Rm>(&self, _slice: Slice<En, Rm>) -> TensorView<'_, E, Sliced<S, En, Rm>>
    where
        S: ApplySlice<En>,
        S::Kept: RemoveAxes<Rm>,
    {
        const { SlicePlan::<S, En>::VIEW_CHECK };
        TensorView { data: &self.as_slice()[SlicePlan::<S, En>::VIEW], shape: PhantomData }
    }

    /// A contiguous slice, mutable, without copying it: [`view`](Tensor::view) for writing.
    /// A slice that is not one contiguous run is an error when the call is built (`cargo build`
    /// or `cargo test`: `cargo check` does not evaluate it); write it with
    /// [`fill_slice`](Tensor::fill_slice) or [`assign_slice`](Tensor::assign_slice).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let mut x = Tensor::<f32, Shape![2, 3]>::arange();
    /// x.view_mut(s![1, ..]).as_mut_slice()[0] = -1.0;
    /// assert_eq!(x, tensor!([[0.0f32, 1., 2.], [-1., 4., 5.]]));
    /// ```
    pub fn view_mut<En, Rm>(&mut self, _slice: Slice<En, Rm>) -> TensorViewMut<'_, E, Sliced<S, En, Rm>>
    where
        S: ApplySlice<En>,
        S::Kept: RemoveAxes<Rm>,
    {
        const { SlicePlan::<S, En>::VIEW_CHECK };
        TensorViewMut { data: &mut self.as_mut_slice()[SlicePlan::<S, En>::VIEW], shape: PhantomData }
    }

    /// Sets every element a slice selects to `value` (PyTorch's `X[0:2, :] = 12`).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let mut x = Tensor::<f32, Shape![3, 4]>::arange();
    /// x.fill_slice(s![0..2, ..], 12.0);
    /// assert_eq!(x.slice(s![0..2, ..]), Tensor::full(12.0));
    /// assert_eq!(x.slice(s![2, ..]), tensor!([8., 9., 10., 11.]));
    /// ```
    pub fn fill_slice<En, Rm>(&mut self, _slice: Slice<En, Rm>, value: E)
    where
        S: ApplySlice<En>,
    {
        const { S::CHECK };
        if <S::Kept as Shape>::NUMEL > 0 {
            let dest = &mut self.as_mut_slice()[S::OFFSET..];
            SlicePlan::<S, En>::LOOP.for_each_row(|_, [i], [s], n| {
                for j in 0..n {
                    dest[i + j * s] = value;
                }
            });
        }
    }

    /// Writes `value` into the elements a slice selects; `value` must broadcast to the slice's
    /// shape, checked by the compiler (PyTorch's `X[0:2, :] = Y`).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let mut x: Tensor<i32, Shape![3, 4]> = Tensor::zeros();
    /// x.assign_slice(s![1..3, 1..3], &tensor!([[1, 2], [3, 4]]));
    /// x.assign_slice(s![0, ..], &tensor!(7)); // broadcast
    /// assert_eq!(x, tensor!([[7, 7, 7, 7], [0, 1, 2, 0], [0, 3, 4, 0]]));
    /// ```
    pub fn assign_slice<En, Rm, T>(&mut self, _slice: Slice<En, Rm>, value: &Tensor<E, T>)
    where
        S: ApplySlice<En>,
        S::Kept: RemoveAxes<Rm>,
        T: BroadcastTo<Sliced<S, En, Rm>>,
    {
        const { S::CHECK };
        if <S::Kept as Shape>::NUMEL > 0 {
            let src = value.broadcast_to_shape::<Sliced<S, En, Rm>>();
            scatter(&ScatterPlan::<S, En>::LOOP, &mut self.as_mut_slice()[S::OFFSET..], src.as_slice());
        }
    }

    /// The element at a literal multi-index (seed §1.1.3: `x[1, 2]`), bounds checked when the
    /// call is built (`cargo build` or `cargo test`: `cargo check` does not evaluate it).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x = Tensor::<i32, Shape![4, 4]>::arange() + 1;
    /// assert_eq!(x.at(s![1, 2]), 7);
    /// ```
    pub fn at<En, Rm>(&self, _index: Slice<En, Rm>) -> E
    where
        S: ApplySlice<En>,
        S::Kept: RemoveAxes<Rm, Output = ()>,
    {
        const { S::CHECK };
        self.as_slice()[S::OFFSET]
    }

    /// Sets the element at a literal multi-index (PyTorch's `X[1, 2] = 9`), bounds checked as
    /// for [`at`](Tensor::at), when the call is built.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let mut x: Tensor<i32, Shape![3, 4]> = Tensor::zeros();
    /// x.set(s![1, 2], 9);
    /// assert_eq!(x.at(s![1, 2]), 9);
    /// ```
    pub fn set<En, Rm>(&mut self, _index: Slice<En, Rm>, value: E)
    where
        S: ApplySlice<En>,
        S::Kept: RemoveAxes<Rm, Output = ()>,
    {
        const { S::CHECK };
        self.as_mut_slice()[S::OFFSET] = value;
    }

    fn offset_of(index: &S::Index) -> Result<usize, ShapeError> {
        let dims = S::DIMS;
        let mut o = 0;
        for (axis, (&i, &n)) in index.as_ref().iter().zip(dims.as_ref()).enumerate() {
            if i >= n {
                return Err(ShapeError::IndexOutOfBounds { index: i, axis, size: n });
            }
            o = o * n + i;
        }
        Ok(o)
    }

    /// The element at a run-time multi-index, or `None` out of range.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x = Tensor::<i32, Shape![4, 4]>::arange() + 1;
    /// assert_eq!(x.get([1, 2]), Some(&7));
    /// assert_eq!(x.get([4, 0]), None);
    /// ```
    pub fn get(&self, index: S::Index) -> Option<&E> {
        Self::offset_of(&index).ok().map(|o| &self.as_slice()[o])
    }

    /// The element at a run-time multi-index, mutable, or `None` out of range.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let mut x: Tensor<i32, Shape![2, 2]> = Tensor::zeros();
    /// *x.get_mut([1, 0]).unwrap() = 5;
    /// assert_eq!(x, tensor!([[0, 0], [5, 0]]));
    /// ```
    pub fn get_mut(&mut self, index: S::Index) -> Option<&mut E> {
        Self::offset_of(&index).ok().map(|o| &mut self.as_mut_slice()[o])
    }

    /// The element at a run-time multi-index; out of range, an error naming the index, the
    /// axis and its size.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x: Tensor<i32, Shape![2, 3]> = Tensor::zeros();
    /// let err = x.try_get([1, 3]).unwrap_err();
    /// assert_eq!(err.to_string(), "index 3 is out of bounds for dimension 1 with size 3");
    /// ```
    pub fn try_get(&self, index: S::Index) -> Result<E, ShapeError> {
        Ok(self.as_slice()[Self::offset_of(&index)?])
    }

    /// Sets the element at a run-time multi-index; out of range, an error naming the index, the
    /// axis and its size (and nothing changes).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let mut x: Tensor<i32, Shape![2, 3]> = Tensor::zeros();
    /// x.try_set([1, 2], 9)?;
    /// assert!(x.try_set([2, 0], 1).is_err());
    /// assert_eq!(x.get([1, 2]), Some(&9));
    /// # Ok::<(), ShapeError>(())
    /// ```
    pub fn try_set(&mut self, index: S::Index, value: E) -> Result<(), ShapeError> {
        let o = Self::offset_of(&index)?;
        self.as_mut_slice()[o] = value;
        Ok(())
    }
}

impl<E: Element, D0: Dimension, D1: Dimension> Tensor<E, (D0, D1)> {
    fn check_indices(indices: &[usize], axis: usize, size: usize) -> Result<(), ShapeError> {
        match indices.iter().find(|&&i| i >= size) {
            Some(&index) => Err(ShapeError::IndexOutOfBounds { index, axis, size }),
            None => Ok(()),
        }
    }

    /// The block of the listed rows and the listed columns (numpy's `x[np.ix_(rows, cols)]`;
    /// the seed's reading of `x[[0, 2], [1, 2]]`, "rows 0 and 2, columns 1 and 2").
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x = Tensor::<i32, Shape![4, 4]>::arange() + 1;
    /// assert_eq!(x.index_ix([0, 2], [1, 2])?, tensor!([[2, 3], [10, 11]]));
    /// # Ok::<(), ShapeError>(())
    /// ```
    pub fn index_ix<const R: usize, const C: usize>(
        &self,
        rows: [usize; R],
        cols: [usize; C],
    ) -> Result<Tensor<E, (Dim<R>, Dim<C>)>, ShapeError> {
        Self::check_indices(&rows, 0, D0::SIZE)?;
        Self::check_indices(&cols, 1, D1::SIZE)?;
        let src = self.as_slice();
        Ok(Tensor::from_buffer(ShapedBuffer::from_fn(|k| src[rows[k / C] * D1::SIZE + cols[k % C]])))
    }

    /// The elements at the pairs `(rows[k], cols[k])` (PyTorch's and numpy's advanced indexing
    /// `x[[0, 2], [1, 2]]`, which picks the elements (0, 1) and (2, 2); the seed's notes read
    /// it as a block, which is [`index_ix`](Tensor::index_ix)).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x = Tensor::<i32, Shape![4, 4]>::arange() + 1;
    /// assert_eq!(x.index_pairs([0, 2], [1, 2])?, tensor!([2, 11]));
    /// # Ok::<(), ShapeError>(())
    /// ```
    pub fn index_pairs<const N: usize>(
        &self,
        rows: [usize; N],
        cols: [usize; N],
    ) -> Result<Tensor<E, (Dim<N>,)>, ShapeError> {
        Self::check_indices(&rows, 0, D0::SIZE)?;
        Self::check_indices(&cols, 1, D1::SIZE)?;
        let src = self.as_slice();
        Ok(Tensor::from_buffer(ShapedBuffer::from_fn(|k| src[rows[k] * D1::SIZE + cols[k]])))
    }
}
