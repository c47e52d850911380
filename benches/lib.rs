//! Shared helpers for the benchmarks (the package's library target is otherwise empty).
