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
