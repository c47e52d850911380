//! Compile-fail tests: every shape check has a case here, and its message is pinned by the
//! `.stderr` snapshot beside it. (Regenerate with `TRYBUILD=overwrite cargo test --test
//! compile_errors` after an intended change, and read the diff.)
//!
//! - `tests/ui/check/`: checks done by the type system. These cases run under `cargo check`,
//!   which shows that they are found by `cargo check` (and rust-analyzer). Cases are grouped
//!   by theme, one module per case in a file (`broadcast.rs`, `products.rs`, ...): trybuild
//!   runs one `cargo check` per file. The `grad!` cases keep a file each, since rustc prints
//!   the stand-ins of `grad!` by their path from `main`.
//! - `tests/ui/build/`: checks that run when a generic call is compiled to machine code
//!   (post-monomorphisation); the passing case in `pass/` makes trybuild run `cargo build`.

#[test]
fn compile_errors() {
    let check = trybuild::TestCases::new();
    check.compile_fail("tests/ui/check/*.rs");
    drop(check);

    let build = trybuild::TestCases::new();
    build.pass("tests/ui/build/pass/*.rs");
    build.compile_fail("tests/ui/build/fail/*.rs");
}
