//! The [`Tensor`] type, its properties and element access.

use crate::element::Element;
use crate::shape::{Shape, SingleElement};
use crate::sys::ShapedBuffer;

/// An n-dimensional array of `E` whose shape `S` is a type.
///
/// The shape is written with [`Shape!`](crate::Shape!): `Tensor<f32, Shape![3, 4]>` is a
/// 3 × 4 matrix of `f32`. Every shape rule (broadcasting, matmul, reshape, reductions) is
/// checked by the compiler, and the sizes are constants in the generated code. Elements are
/// stored contiguously in row-major order, inline for small tensors and on the heap for large
/// ones (see [`Element::INLINE_CAPACITY`]).
///
/// ```
/// use typed_tensor::prelude::*;
/// let a: Tensor<f32, Shape![5, 3, 4, 1]> = Tensor::zeros();
/// let b: Tensor<f32, Shape![3, 1, 1]> = Tensor::ones();
/// let c = &a + &b; // Tensor<f32, Shape![5, 3, 4, 1]>, inferred
/// assert_eq!(c.shape(), [5, 3, 4, 1]);
/// assert_eq!(c.sum().item(), 60.0);
/// ```
pub struct Tensor<E: Element, S: Shape> {
    pub(crate) buf: ShapedBuffer<E, S>,
}

impl<E: Element, S: Shape> Clone for Tensor<E, S> {
    #[inline]
    fn clone(&self) -> Self {
        Tensor { buf: self.buf.clone() }
    }
}

impl<E: Element, S: Shape> PartialEq for Tensor<E, S> {
    /// Whole-tensor equality: same elements (the shapes are equal by type). For elementwise
    /// comparison use [`Tensor::eq`], which gives a tensor of `bool`.
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<E: Element, S: Shape> Tensor<E, S> {
    /// The number of dimensions.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// assert_eq!(Tensor::<f32, Shape![2, 3]>::RANK, 2);
    /// ```
    pub const RANK: usize = S::RANK;

    /// The number of elements.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// assert_eq!(Tensor::<f32, Shape![2, 3]>::NUMEL, 6);
    /// ```
    pub const NUMEL: usize = S::NUMEL;

    #[crate::hot]
    pub(crate) fn from_buffer(buf: ShapedBuffer<E, S>) -> Self {
        Tensor { buf }
    }

    /// The sizes, outermost first (PyTorch's `x.shape`).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x: Tensor<f32, Shape![3, 4]> = Tensor::zeros();
    /// assert_eq!(x.shape(), [3, 4]);
    /// ```
    #[crate::hot]
    pub fn shape(&self) -> S::Index {
        S::DIMS
    }

    /// The number of elements (PyTorch's `x.numel()`).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x: Tensor<f32, Shape![3, 4]> = Tensor::zeros();
    /// assert_eq!(x.numel(), 12);
    /// ```
    #[crate::hot]
    pub fn numel(&self) -> usize {
        S::NUMEL
    }

    /// The elements in row-major order.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x = tensor!([[1, 2], [3, 4]]);
    /// assert_eq!(x.as_slice(), &[1, 2, 3, 4]);
    /// ```
    #[crate::hot]
    pub fn as_slice(&self) -> &[E] {
        self.buf.as_slice()
    }

    /// The elements in row-major order, mutable.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let mut x: Tensor<i32, Shape![2, 2]> = Tensor::zeros();
    /// x.as_mut_slice()[3] = 7;
    /// assert_eq!(x.to_vec(), vec![0, 0, 0, 7]);
    /// ```
    #[crate::hot]
    pub fn as_mut_slice(&mut self) -> &mut [E] {
        self.buf.as_mut_slice()
    }

    /// The elements in row-major order, copied into a vector.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x: Tensor<f32, Shape![3]> = Tensor::arange();
    /// assert_eq!(x.to_vec(), vec![0.0, 1.0, 2.0]);
    /// ```
    pub fn to_vec(&self) -> Vec<E> {
        self.as_slice().to_vec()
    }

    /// The elements in row-major order, moved into a vector (no copy for large tensors).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x: Tensor<f32, Shape![3]> = Tensor::ones();
    /// assert_eq!(x.into_vec(), vec![1.0; 3]);
    /// ```
    pub fn into_vec(self) -> Vec<E> {
        self.buf.into_vec()
    }

    /// The single element of a one-element tensor (PyTorch's `x.item()`). Any other shape is a
    /// compile error.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x: f32 = Tensor::<f32, Shape![]>::from_vec(vec![3.0])?.item();
    /// assert_eq!(x, 3.0);
    /// # Ok::<(), ShapeError>(())
    /// ```
    #[crate::hot]
    pub fn item(&self) -> E
    where
        S: SingleElement,
    {
        self.as_slice()[0]
    }

    /// A tensor whose element at flat (row-major) position `i` is `f(i)`, called in that order
    /// (numpy's `np.fromiter`): for code generic over the shape, where
    /// [`Tensor::from_fn`]'s multi-index has no known length.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// fn counting<S: Shape>() -> Tensor<i64, S> {
    ///     Tensor::from_fn_flat(|i| i as i64)
    /// }
    /// assert_eq!(counting::<Shape![2, 2]>(), tensor!([[0i64, 1], [2, 3]]));
    /// ```
    #[inline]
    pub fn from_fn_flat(f: impl FnMut(usize) -> E) -> Self {
        Tensor::from_buffer(ShapedBuffer::from_fn(f))
    }

    /// Applies `f` to every element, giving a tensor of the same shape.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x = tensor!([1, 2, 3]);
    /// assert_eq!(x.map(|v| v * 10), tensor!([10, 20, 30]));
    /// ```
    #[inline]
    pub fn map<F: Element>(&self, mut f: impl FnMut(E) -> F) -> Tensor<F, S> {
        let src = self.as_slice();
        Tensor::from_buffer(ShapedBuffer::from_fn(|i| f(src[i])))
    }

    /// Applies `f` to every element in place.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let mut x = tensor!([1, 2, 3]);
    /// x.map_in_place(|v| v - 1);
    /// assert_eq!(x, tensor!([0, 1, 2]));
    /// ```
    #[inline]
    pub fn map_in_place(&mut self, mut f: impl FnMut(E) -> E) {
        for x in self.as_mut_slice() {
            *x = f(*x);
        }
    }

    /// The same elements in a tensor of element type `F`, converted as by Rust's `as`
    /// (PyTorch's `x.to(dtype)`).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x = tensor!([2, 3, 2, 2]);
    /// assert_eq!(x.cast::<f32>(), tensor!([2.0f32, 3.0, 2.0, 2.0]));
    /// ```
    pub fn cast<F: Element>(&self) -> Tensor<F, S>
    where
        E: num_traits::AsPrimitive<F>,
    {
        self.map(|x| x.as_())
    }
}
