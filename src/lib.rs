// The README is the crate's documentation: the two commands, PyTorch beside Rust, what
// `grad!` supports and the gallery of shape errors, on docs.rs as on the repository's page.
#![doc = include_str!("../README.md")]

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
