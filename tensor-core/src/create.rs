//! Creating tensors: filled, counted, random, or from data.

use crate::element::{Element, Float, Num};
use crate::error::{DistributionError, ShapeError};
use crate::shape::Shape;
use crate::sys::ShapedBuffer;
use crate::tensor::Tensor;

impl<E: Element, S: Shape> Tensor<E, S> {
    /// A tensor filled with `value` (PyTorch's `torch.full`).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x: Tensor<f32, Shape![2, 2]> = Tensor::full(7.0);
    /// assert_eq!(x.to_vec(), vec![7.0; 4]);
    /// ```
    #[crate::hot]
    pub fn full(value: E) -> Self {
        Self::from_buffer(ShapedBuffer::filled(value))
    }

    /// A tensor of zeros (`false` for `bool`; PyTorch's `torch.zeros`).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x: Tensor<f32, Shape![3, 4]> = Tensor::zeros();
    /// assert_eq!(x.sum().item(), 0.0);
    /// ```
    #[crate::hot]
    pub fn zeros() -> Self {
        Self::full(E::default())
    }

    /// PyTorch's `torch.empty`, made safe: Rust does not hand out uninitialised memory, so the
    /// tensor holds zeros (`false` for `bool`), exactly as [`Tensor::zeros`]. A large empty
    /// tensor still costs no writes up front: its zeroed pages come from the operating system
    /// on first use.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x: Tensor<f64, Shape![2, 3]> = Tensor::empty();
    /// assert_eq!(x, Tensor::zeros());
    /// ```
    #[crate::hot]
    pub fn empty() -> Self {
        Self::zeros()
    }

    /// A tensor whose element at multi-index `[i, j, ...]` is `f([i, j, ...])` (PyTorch has no
    /// equivalent; numpy's `np.fromfunction`).
    ///
    /// The closure takes a `[usize; R]` for the rank `R` of the shape, written as such rather
    /// than as the shape's `Index` type: so `|[i, j]|` needs no annotation inside a function
    /// generic over the sizes (`fn hilbert<const N: usize>() -> Tensor<f64, Shape![N, N]>`), and
    /// the closure's signature holds no associated type, which rustc's MIR inliner can fail
    /// to compile in release builds (rust-lang/rust#146965).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let eye = Tensor::<i32, Shape![3, 3]>::from_fn(|[i, j]| (i == j) as i32);
    /// assert_eq!(eye, tensor!([[1, 0, 0], [0, 1, 0], [0, 0, 1]]));
    /// fn hilbert<const N: usize>() -> Tensor<f64, Shape![N, N]> {
    ///     Tensor::from_fn(|[i, j]| 1.0 / (i + j + 1) as f64)
    /// }
    /// assert_eq!(hilbert::<2>(), tensor!([[1.0, 0.5], [0.5, 1.0 / 3.0]]));
    /// ```
    pub fn from_fn<const R: usize>(f: impl FnMut([usize; R]) -> E) -> Self
    where
        S: Shape<Index = [usize; R]>,
    {
        Self::from_index_fn(f)
    }

    /// [`Tensor::from_fn`] for code generic over the shape, whose rank is not known.
    pub(crate) fn from_index_fn(mut f: impl FnMut(S::Index) -> E) -> Self {
        let mut index = S::Index::default();
        Self::from_buffer(ShapedBuffer::from_fn(|_| {
            let v = f(index);
            // advance the multi-index in row-major order
            let idx = index.as_mut();
            let dims = S::DIMS;
            let dims = dims.as_ref();
            for axis in (0..S::RANK).rev() {
                idx[axis] += 1;
                if idx[axis] < dims[axis] {
                    break;
                }
                idx[axis] = 0;
            }
            v
        }))
    }

    /// A tensor holding `data` in row-major order. The length must be the element count.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let d: Tensor<f32, Shape![2, 2]> = Tensor::from_vec(vec![1., 2., 3., 4.])?;
    /// assert_eq!(d, tensor!([[1., 2.], [3., 4.]]));
    /// assert!(Tensor::<f32, Shape![2, 2]>::from_vec(vec![1.0]).is_err());
    /// # Ok::<(), ShapeError>(())
    /// ```
    pub fn from_vec(data: Vec<E>) -> Result<Self, ShapeError> {
        Self::check_len(data.len())?;
        Ok(Self::from_buffer(ShapedBuffer::from_vec(data)))
    }

    /// A tensor holding a copy of `data` in row-major order. The length must be the element
    /// count.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let d: Tensor<i64, Shape![3]> = Tensor::from_slice(&[1, 2, 3])?;
    /// assert_eq!(d.to_vec(), vec![1, 2, 3]);
    /// # Ok::<(), ShapeError>(())
    /// ```
    pub fn from_slice(data: &[E]) -> Result<Self, ShapeError> {
        Self::check_len(data.len())?;
        Ok(Self::from_buffer(ShapedBuffer::from_slice(data)))
    }

    fn check_len(found: usize) -> Result<(), ShapeError> {
        if found == S::NUMEL {
            Ok(())
        } else {
            Err(ShapeError::ElementCount { shape: S::DIMS.as_ref().to_vec(), expected: S::NUMEL, found })
        }
    }

    /// A tensor from a nested array of exactly its shape (what [`tensor!`](crate::tensor!)
    /// expands to).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let m = Tensor::<f32, Shape![2, 3]>::from_array([[1., 2., 3.], [4., 5., 6.]]);
    /// assert_eq!(m.as_slice(), &[1., 2., 3., 4., 5., 6.]);
    /// ```
    #[inline]
    pub fn from_array(data: S::Array<E>) -> Self {
        Self::from_buffer(ShapedBuffer::from_slice(S::flatten(&data)))
    }
}

impl<E: Num, S: Shape> Tensor<E, S> {
    /// A tensor of ones (PyTorch's `torch.ones`).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x: Tensor<f32, Shape![3, 4]> = Tensor::ones();
    /// assert_eq!(x.sum().item(), 12.0);
    /// ```
    #[crate::hot]
    pub fn ones() -> Self {
        Self::full(E::one())
    }

    /// `0, 1, 2, ...` in row-major order: PyTorch's `torch.arange(n).reshape(shape)` in one
    /// step.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x: Tensor<f32, Shape![6]> = Tensor::arange();
    /// assert_eq!(x.to_vec(), vec![0., 1., 2., 3., 4., 5.]);
    /// let a: Tensor<i64, Shape![3, 4]> = Tensor::arange();
    /// assert_eq!(a.as_slice()[11], 11);
    /// ```
    #[inline]
    pub fn arange() -> Self {
        Self::from_buffer(ShapedBuffer::from_fn(E::from_usize))
    }

    /// `start, start + step, start + 2 step, ...` in row-major order (PyTorch's
    /// `torch.arange(start, end, step)` with `end` implied by the shape).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x: Tensor<f64, Shape![4]> = Tensor::arange_step(1.0, 0.5);
    /// assert_eq!(x.to_vec(), vec![1.0, 1.5, 2.0, 2.5]);
    /// ```
    pub fn arange_step(start: E, step: E) -> Self {
        Self::from_buffer(ShapedBuffer::from_fn(|i| start + step * E::from_usize(i)))
    }

    /// The identity matrix, or its generalisation: ones where all indices are equal.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let i: Tensor<f32, Shape![2, 2]> = Tensor::eye();
    /// assert_eq!(i, tensor!([[1., 0.], [0., 1.]]));
    /// ```
    pub fn eye() -> Self {
        Self::from_index_fn(|idx: S::Index| {
            let idx = idx.as_ref();
            if idx.windows(2).all(|w| w[0] == w[1]) { E::one() } else { E::zero() }
        })
    }
}

impl<E: Float, S: Shape> Tensor<E, S> {
    /// Samples of the standard normal distribution (PyTorch's `torch.randn`). Pass a seeded
    /// generator for reproducible runs.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// use rand::{SeedableRng, rngs::StdRng};
    /// let mut rng = StdRng::seed_from_u64(0);
    /// let x: Tensor<f32, Shape![1000]> = Tensor::randn(&mut rng);
    /// assert!(x.mean().item().abs() < 0.1);
    /// ```
    pub fn randn<R: rand::Rng + ?Sized>(rng: &mut R) -> Self {
        Self::normal(E::zero(), E::one(), rng)
    }

    /// Samples of the normal distribution with mean `mean` and standard deviation `std`
    /// (PyTorch's `torch.normal(mean, std, size)`).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// use rand::{SeedableRng, rngs::StdRng};
    /// let mut rng = StdRng::seed_from_u64(1);
    /// let w: Tensor<f32, Shape![2, 1]> = Tensor::normal(0.0, 0.01, &mut rng);
    /// assert!(w.as_slice().iter().all(|v| v.abs() < 0.1));
    /// ```
    ///
    /// # Panics
    ///
    /// If `std` is negative or NaN, as PyTorch raises ("normal expects std >= 0.0"); see
    /// [`Tensor::try_normal`].
    #[track_caller]
    pub fn normal<R: rand::Rng + ?Sized>(mean: E, std: E, rng: &mut R) -> Self {
        Self::try_normal(mean, std, rng).unwrap_or_else(|e| panic!("{e}"))
    }

    /// [`Tensor::normal`], with an error for a negative or NaN standard deviation. A NaN or
    /// infinite mean, or an infinite `std`, is accepted and propagates into the samples, as in
    /// PyTorch.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// use rand::{SeedableRng, rngs::StdRng};
    /// let mut rng = StdRng::seed_from_u64(1);
    /// let err = Tensor::<f64, Shape![2]>::try_normal(0.0, -1.0, &mut rng).unwrap_err();
    /// assert_eq!(err.to_string(), "normal expects std >= 0.0, but found std -1");
    /// ```
    pub fn try_normal<R: rand::Rng + ?Sized>(
        mean: E,
        std: E,
        rng: &mut R,
    ) -> Result<Self, DistributionError> {
        if std.is_nan() || std < E::zero() {
            return Err(DistributionError::NegativeStd { std: std.to_f64() });
        }
        Ok(Self::from_buffer(ShapedBuffer::from_fn(|_| E::sample_normal(mean, std, rng))))
    }

    /// Samples of the uniform distribution on `[low, high)` (PyTorch's `uniform_`).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// use rand::{SeedableRng, rngs::StdRng};
    /// let mut rng = StdRng::seed_from_u64(2);
    /// let u: Tensor<f64, Shape![100]> = Tensor::uniform(-1.0, 1.0, &mut rng);
    /// assert!(u.as_slice().iter().all(|v| (-1.0..1.0).contains(v)));
    /// ```
    ///
    /// # Panics
    ///
    /// If `low > high`, a bound is NaN, or `high - low` is not finite, as PyTorch raises; see
    /// [`Tensor::try_uniform`].
    #[track_caller]
    pub fn uniform<R: rand::Rng + ?Sized>(low: E, high: E, rng: &mut R) -> Self {
        Self::try_uniform(low, high, rng).unwrap_or_else(|e| panic!("{e}"))
    }

    /// [`Tensor::uniform`], with an error for bounds that are reversed, NaN, or whose
    /// difference is not finite (an infinite bound, or `f64::MIN` to `f64::MAX`). `low ==
    /// high` gives that value, as in PyTorch.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// use rand::{SeedableRng, rngs::StdRng};
    /// let mut rng = StdRng::seed_from_u64(2);
    /// assert!(Tensor::<f64, Shape![2]>::try_uniform(0.0, f64::INFINITY, &mut rng).is_err());
    /// assert_eq!(Tensor::<f64, Shape![2]>::try_uniform(3.0, 3.0, &mut rng), Ok(tensor!([3.0, 3.0])));
    /// ```
    pub fn try_uniform<R: rand::Rng + ?Sized>(
        low: E,
        high: E,
        rng: &mut R,
    ) -> Result<Self, DistributionError> {
        let (l, h) = (low.to_f64(), high.to_f64());
        if low.is_nan() || high.is_nan() || low > high {
            return Err(DistributionError::UniformRange { low: l, high: h });
        }
        if !(high - low).is_finite() {
            return Err(DistributionError::UniformOverflow { low: l, high: h });
        }
        Ok(Self::from_buffer(ShapedBuffer::from_fn(|_| E::sample_uniform(low, high, rng))))
    }
}
