//! Loops that do the work, written once for all shapes.
//!
//! Shape-generic code stays thin: it computes a *plan* (sizes and strides, right-aligned in
//! `MAX_RANK` slots) as an associated constant of the shapes involved, and hands it to one of
//! these loops. The plan is a compile-time constant, so after inlining a small operation runs
//! loops with constant bounds that LLVM unrolls and vectorises, while the loop code itself is
//! not duplicated per shape.
//!
//! Matrix products are dispatched across `gemm.rs`, `small_block.rs`, `shape/dim.rs` and
//! `sys.rs`; which path serves which sizes and element types, and why, is described in one
//! place: the module doc of `ops/matmul.rs`.

pub(crate) mod broadcast;
pub(crate) mod extremum;
pub(crate) mod gemm;
pub(crate) mod reduce;
pub(crate) mod small_block;
pub(crate) mod sum_axes;

/// Elementwise results of at least this many elements are computed on two threads (where
/// `set_num_threads` allows): the first writes to a fresh buffer fault its pages in, and the
/// kernel's page clearing then runs on both cores. Sums of this many elements are split in two
/// as well, over all elements (`reduce::sum`) and along axes (`sum_axes::sum_into`): on one core they
/// are limited by the memory bandwidth that one core can draw, and a second core draws more.
pub(crate) const PARALLEL_MIN: usize = 1 << 20;
