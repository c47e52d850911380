//! Operations, one file per family.
//!
//! | file | operations |
//! |---|---|
//! | `arith.rs` | `+ - * /`, negation, `pow`, `powi`, `powf`, the assigning forms, with broadcasting |
//! | `checked.rs` | `try_add`..`try_div`, `checked_` and `wrapping_` integer arithmetic |
//! | `unary.rs` | `exp ln sqrt abs sin cos tanh sigmoid relu` and friends |
//! | `compare.rs` | `eq ne lt le gt ge`, `all`, `any`, `allclose` |
//! | `reduce.rs` | sums and means |
//! | `cumulative.rs` | `cumsum`, `cumprod` |
//! | `reshape.rs` | `reshape`, `broadcast_to` |
//! | `concat.rs` | `cat`, `stack` |
//! | `index.rs` | selecting, slicing and indexing |

pub mod arith;
pub mod checked;
pub mod compare;
pub mod concat;
pub mod cumulative;
pub mod index;
pub mod linalg;
pub mod matmul;
pub mod reduce;
pub mod reshape;
pub mod transpose;
pub mod unary;
