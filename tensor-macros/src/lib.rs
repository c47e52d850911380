//! Procedural macros of `typed-tensor`.
//!
//! Use them through `typed_tensor` (or `tensor_core`), whose `macro_rules!` wrappers pass the
//! path of the runtime crate in front of the user's tokens (`$crate; ...`), so that the
//! expansion names the right crate from anywhere. This file holds only the entry points:
//! parsing and code generation live in the modules named after each macro.

use proc_macro::TokenStream;

mod cases;
mod impls;
mod krate;
mod literal;
mod shape;

/// `Shape![8, 16, 64, 64, 3]`: see `tensor_core::Shape!`.
#[doc(hidden)]
#[proc_macro]
pub fn __shape(input: TokenStream) -> TokenStream {
    shape::expand(input.into()).unwrap_or_else(syn::Error::into_compile_error).into()
}

/// `tensor!([[1., 2.], [3., 4.]])`: see `tensor_core::tensor!`.
#[doc(hidden)]
#[proc_macro]
pub fn __tensor(input: TokenStream) -> TokenStream {
    literal::expand(input.into()).unwrap_or_else(syn::Error::into_compile_error).into()
}

/// Generates the per-rank impls of `tensor_core`'s shape traits (internal).
#[doc(hidden)]
#[proc_macro]
pub fn __impl_shape_traits(input: TokenStream) -> TokenStream {
    impls::expand(input.into()).unwrap_or_else(syn::Error::into_compile_error).into()
}

/// Random shapes for property tests (internal; see `cases.rs`).
#[doc(hidden)]
#[proc_macro]
pub fn __random_cases(input: TokenStream) -> TokenStream {
    cases::expand(input.into()).unwrap_or_else(syn::Error::into_compile_error).into()
}
