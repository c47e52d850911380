//! `typed-tensor`: tensors whose shapes the Rust compiler checks.
//!
//! A user writes the deep-learning basics a PyTorch user knows (tensors, broadcasting, linear
//! algebra, autograd, linear regression) and gets every shape mistake as a compile error.
//! This crate re-exports [`tensor_core`] (shapes, tensors, operations) and
//! [`tensor_macros`] (`Shape!`, `tensor!`, ...); most code needs only the prelude:
//!
//! ```
//! use typed_tensor::prelude::*;
//! let a: Tensor<f32, Shape![5, 3, 4, 1]> = Tensor::zeros();
//! let b: Tensor<f32, Shape![3, 1, 1]> = Tensor::ones();
//! let c = &a + &b; // Tensor<f32, Shape![5, 3, 4, 1]>
//! assert_eq!(c.shape(), [5, 3, 4, 1]);
//! ```

pub use tensor_core;
pub use tensor_core::*;
pub use tensor_macros;

/// The `rand` crate at the version the random constructors take (`Tensor::randn(&mut rng)`),
/// so that a user need not add it with a matching version.
///
/// ```
/// use typed_tensor::prelude::*;
/// use typed_tensor::rand::{SeedableRng, rngs::StdRng};
/// let x: Tensor<f32, Shape![3]> = Tensor::randn(&mut StdRng::seed_from_u64(0));
/// assert_eq!(x.shape(), [3]);
/// ```
pub use rand;

/// Everything a user of the library needs, in one import.
pub mod prelude {
    pub use tensor_core::prelude::*;
}
