//! The core of `typed-tensor`: tensors whose shapes are types.
//!
//! Most users depend on `typed_tensor`, which re-exports this crate; the documentation here
//! is written for them.
//!
//! ```
//! use typed_tensor::prelude::*;
//!
//! // A shape is a type. Sizes are checked by the compiler.
//! let x: Tensor<f32, Shape![3, 1]> = Tensor::arange();
//! let y: Tensor<f32, Shape![1, 2]> = Tensor::arange();
//! let z = &x + &y; // numpy broadcasting, computed by the compiler: Shape![3, 2]
//! assert_eq!(z, tensor!([[0., 1.], [1., 2.], [2., 3.]]));
//! println!("{z}"); // tensor([[0., 1.], ...]) as PyTorch prints it
//! ```
//!
//! Layout of the crate:
//! - [`shape`]: shapes as types, and one file per shape rule (broadcasting, reshape, ...);
//! - [`tensor`](Tensor), `create.rs`, `display.rs`: the tensor type, its constructors, printing;
//! - [`ops`]: operations, one file per family;
//! - `storage.rs` and `kernels/`: where elements live and the loops that process them;
//! - [`error`]: errors for data that arrives at run time.

#![deny(unsafe_code)]

// Lets the macros' expansions name this crate as `$crate` from inside it as well.
extern crate self as tensor_core;

mod checks;
mod create;
mod display;
pub mod element;
pub mod error;
mod kernels;
pub mod ops;
pub mod shape;
mod storage;
mod sys;
mod tensor;

pub use element::{Element, Float, Num};
pub use error::{LinalgError, ShapeError};
pub use ops::concat::{Cat, Stack};
pub use shape::{Dim, Dimension, Infer, One, Shape};
pub use sys::set_num_threads;
pub use tensor::Tensor;

/// A shape type from a list of sizes: `Shape![8, 16, 64, 64, 3]`.
///
/// A literal `1` becomes [`One`] (a size that broadcasts), any other literal `N` becomes
/// [`Dim<N>`], a const name `B` (say a const generic parameter) becomes `Dim<B>`, a braced
/// expression `{N * 2}` becomes `Dim<{N * 2}>`, and `_` becomes [`Infer`], the size that
/// `reshape` works out. `Shape![]` is the shape of a scalar. Ranks 0 to 6 are supported.
///
/// ```
/// use typed_tensor::prelude::*;
/// type Video = Shape![8, 16, 64, 64, 3];
/// let a: Tensor<f32, Shape![2, 1]> = Tensor::zeros();
/// fn batch<const B: usize>(x: &Tensor<f32, Shape![B, 2]>) -> usize { x.numel() }
/// assert_eq!(batch(&Tensor::<f32, Shape![10, 2]>::zeros()), 20);
/// assert_eq!(<Video as Shape>::RANK, 5);
/// ```
#[macro_export]
macro_rules! Shape {
    ($($dims:tt)*) => { $crate::__private::__shape!($crate; $($dims)*) };
}

/// A tensor from a nested array literal; its shape is read off the literal, its element type
/// is inferred as for Rust literals.
///
/// ```
/// use typed_tensor::prelude::*;
/// let e = tensor!([[1., 2., 3., 4.], [5., 6., 7., 8.]]); // Tensor<f64, Shape![2, 4]>
/// assert_eq!(e.shape(), [2, 4]);
/// let i = tensor!([1, 2, 3]); // Tensor<i32, Shape![3]>
/// let s = tensor!(2.5f32); // rank 0
/// assert_eq!(s.item(), 2.5);
/// # let _ = i;
/// ```
///
/// A ragged literal is a compile error: `tensor!([[1, 2], [3]])` reports "ragged tensor
/// literal: expected sequence of length 2 at dim 1 (got 1)".
#[macro_export]
macro_rules! tensor {
    ($($t:tt)*) => { $crate::__private::__tensor!($crate; $($t)*) };
}

/// Everything a user of the library needs, in one import.
pub mod prelude {
    pub use crate::Axes;
    pub use crate::element::{Element, Float, Num};
    pub use crate::error::{LinalgError, ShapeError};
    pub use crate::ops::concat::{Cat, Stack};
    pub use crate::shape::{
        Axis, Broadcast, BroadcastTo, Concat, Dim, Dimension, Infer, InsertAxis, Matmul, One, Permute,
        RemoveAxes, RemoveAxis, ResolveShape, SwapAxes,
    };
    pub use crate::tensor::Tensor;
    pub use crate::{Shape, tensor};
}

#[doc(hidden)]
pub mod __private {
    pub use tensor_macros::{__shape, __tensor};
}
