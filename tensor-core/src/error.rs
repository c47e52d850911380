//! Errors for data that arrives at run time: a vector, a slice, a file, an index.
//!
//! Shape errors the compiler can see are compile errors; these are the ones it cannot.

use thiserror::Error;

/// Run-time data does not fit the shape a tensor requires.
///
/// ```
/// use typed_tensor::prelude::*;
/// let err = Tensor::<f32, Shape![2, 2]>::from_vec(vec![1.0, 2.0, 3.0]).unwrap_err();
/// assert_eq!(err.to_string(), "expected 4 elements for a tensor of shape [2, 2], found 3");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ShapeError {
    /// A flat buffer has the wrong number of elements.
    #[error("expected {expected} elements for a tensor of shape {shape:?}, found {found}")]
    ElementCount {
        /// The shape asked for.
        shape: Vec<usize>,
        /// Its element count.
        expected: usize,
        /// The length of the data given.
        found: usize,
    },
    /// A run-time shape differs from the static shape asked for.
    #[error("expected a tensor of shape {expected:?}, found shape {found:?}")]
    Mismatch {
        /// The static shape.
        expected: Vec<usize>,
        /// The run-time shape.
        found: Vec<usize>,
    },
    /// A run-time shape whose element count does not fit in a `usize`.
    #[error("a tensor of shape {shape:?} would have more elements than a usize can count")]
    TooLarge {
        /// The shape asked for.
        shape: Vec<usize>,
    },
    /// An index is out of range for its axis.
    #[error("index {index} is out of bounds for dimension {axis} with size {size}")]
    IndexOutOfBounds {
        /// The offending index.
        index: usize,
        /// The axis it indexes.
        axis: usize,
        /// The size of that axis.
        size: usize,
    },
}

/// A linear-algebra routine cannot produce an answer for this input.
///
/// ```
/// use typed_tensor::prelude::*;
/// let a = tensor!([[1.0, 2.0], [2.0, 4.0]]);
/// let err = a.inverse().unwrap_err();
/// assert_eq!(err, LinalgError::Singular { op: "linalg.inv", pivot: 1 });
/// assert_eq!(
///     err.to_string(),
///     "linalg.inv: The solver failed because the input matrix is singular (pivot 1 is zero)."
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LinalgError {
    /// Elimination met a zero pivot (relative to the matrix's scale): no unique solution.
    #[error("{op}: The solver failed because the input matrix is singular (pivot {pivot} is zero).")]
    Singular {
        /// The routine, named as PyTorch names it (`linalg.solve`, `linalg.inv`).
        op: &'static str,
        /// The step of the elimination (0-based) whose pivot vanished.
        pivot: usize,
    },
    /// A least-squares problem whose columns are linearly dependent.
    #[error(
        "linalg.lstsq: the input matrix does not have full column rank (column {column} depends on the others)"
    )]
    RankDeficient {
        /// The first column found to depend on the previous ones.
        column: usize,
    },
}

/// Parameters of a random distribution that PyTorch rejects: bounds of `uniform` that are
/// reversed, not numbers, or whose difference is not finite, and a negative or NaN standard
/// deviation of `normal`. The values are widened to `f64` for the message.
///
/// ```
/// use typed_tensor::prelude::*;
/// use typed_tensor::error::DistributionError;
/// use typed_tensor::rand::{SeedableRng, rngs::StdRng};
/// let mut rng = StdRng::seed_from_u64(0);
/// let err = Tensor::<f32, Shape![3]>::try_uniform(1.0, 0.0, &mut rng).unwrap_err();
/// assert_eq!(err, DistributionError::UniformRange { low: 1.0, high: 0.0 });
/// assert_eq!(err.to_string(), "uniform expects to return a [low, high) range, but found low=1 > high=0");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Error)]
pub enum DistributionError {
    /// `low > high`, or a bound is NaN (PyTorch: "uniform_ expects to return a [from, to)
    /// range, but found from=1 > to=0").
    #[error("uniform expects to return a [low, high) range, but found low={low} > high={high}")]
    UniformRange {
        /// The lower bound.
        low: f64,
        /// The upper bound.
        high: f64,
    },
    /// `high - low` is not finite in the element type: an infinite bound, or bounds so far
    /// apart that their difference overflows.
    #[error(
        "uniform expects high - low to be finite, but found low={low} and high={high}, whose difference overflows"
    )]
    UniformOverflow {
        /// The lower bound.
        low: f64,
        /// The upper bound.
        high: f64,
    },
    /// A standard deviation below zero or NaN (PyTorch: "normal expects std >= 0.0, but found
    /// std -1").
    #[error("normal expects std >= 0.0, but found std {std}")]
    NegativeStd {
        /// The standard deviation given.
        std: f64,
    },
}

/// An integer operation whose result does not exist: a division by zero, or a result that
/// does not fit in the element type. Floating-point operations never fail (they give
/// infinities and NaN, as in PyTorch). `index` is the position in the result.
///
/// ```
/// use typed_tensor::prelude::*;
/// let err = tensor!([1, 2]).try_div(&tensor!([1, 0])).unwrap_err();
/// assert_eq!(err.to_string(), "integer division by zero at index [1] (2 / 0)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ArithmeticError {
    /// An integer division by zero (PyTorch: "ZeroDivisionError").
    #[error("integer division by zero at index {index:?} ({lhs} / 0)")]
    DivisionByZero {
        /// The position in the result.
        index: Vec<usize>,
        /// The dividend.
        lhs: i64,
    },
    /// A result outside the range of the element type (`i32::MAX + 1`, `i32::MIN / -1`).
    #[error("integer overflow at index {index:?}: {lhs} {op} {rhs} does not fit in {dtype}")]
    Overflow {
        /// The position in the result.
        index: Vec<usize>,
        /// The operator: `+`, `-`, `*` or `/`.
        op: char,
        /// The left operand.
        lhs: i64,
        /// The right operand.
        rhs: i64,
        /// The element type.
        dtype: &'static str,
    },
}
