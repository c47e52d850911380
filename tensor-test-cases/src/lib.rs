//! Random shapes for typed-tensor's property tests, as a procedural macro: shapes must be types,
//! so the random cases are drawn when the test is compiled (see `cases.rs`). A crate of its own
//! so that the published `tensor-macros` carries only what users call.

use proc_macro::TokenStream;

mod cases;

/// `random_cases!(kind, seed, count, max_rank, callback)`: see `cases.rs`.
#[proc_macro]
pub fn random_cases(input: TokenStream) -> TokenStream {
    cases::expand(input.into()).unwrap_or_else(syn::Error::into_compile_error).into()
}
