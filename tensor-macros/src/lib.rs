//! Procedural macros of `typed-tensor`.
//!
//! Use them through `typed_tensor` (or `tensor_core`), whose `macro_rules!` wrappers pass the
//! path of the runtime crate in front of the user's tokens (`$crate; ...`), so that the
//! expansion names the right crate from anywhere. This file holds only the entry points:
//! parsing and code generation live in the modules named after each macro.

use proc_macro::TokenStream;

mod grad;
mod impls;
mod krate;
mod literal;
mod shape;
mod slice;

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

/// `grad!(|x: Tensor<..>| body)`: see `tensor_core::grad!`.
#[doc(hidden)]
#[proc_macro]
pub fn __grad(input: TokenStream) -> TokenStream {
    grad::expand(input.into(), grad::Macro::Grad).unwrap_or_else(syn::Error::into_compile_error).into()
}

/// `vjp!(|x: Tensor<..>| body)`: see `tensor_core::vjp!`.
#[doc(hidden)]
#[proc_macro]
pub fn __vjp(input: TokenStream) -> TokenStream {
    grad::expand(input.into(), grad::Macro::Vjp).unwrap_or_else(syn::Error::into_compile_error).into()
}

/// `jvp!(|x: Tensor<..>| body)`: see `tensor_core::jvp!`.
#[doc(hidden)]
#[proc_macro]
pub fn __jvp(input: TokenStream) -> TokenStream {
    grad::expand(input.into(), grad::Macro::Jvp).unwrap_or_else(syn::Error::into_compile_error).into()
}

/// `jacobian!(|x: Tensor<..>| body)`: see `tensor_core::jacobian!`.
#[doc(hidden)]
#[proc_macro]
pub fn __jacobian(input: TokenStream) -> TokenStream {
    grad::expand(input.into(), grad::Macro::Jacobian).unwrap_or_else(syn::Error::into_compile_error).into()
}

/// Makes a function usable inside `grad!`, `vjp!`, `jvp!` and `jacobian!`: the attribute
/// writes its derivatives beside it. Parameters must be references (`&Tensor<..>`).
///
/// ```
/// use typed_tensor::prelude::*;
///
/// #[differentiable]
/// fn linreg(x: &Tensor<f32, Shape![3, 2]>, w: &Tensor<f32, Shape![2, 1]>, b: &Tensor<f32, Shape![1]>)
///     -> Tensor<f32, Shape![3, 1]> {
///     x.matmul(w) + b
/// }
///
/// let x = tensor!([[1.0f32, 2.0], [3.0, 4.0], [5.0, 6.0]]);
/// let f = grad!(|w: Tensor<f32, Shape![2, 1]>, b: Tensor<f32, Shape![1]>| linreg(&x, &w, &b).sum());
/// let (_, (dw, db)) = f(tensor!([[0.5f32], [0.5]]), tensor!([0.0f32]));
/// assert_eq!(dw, tensor!([[9.0f32], [12.0]]));
/// assert_eq!(db, tensor!([3.0f32]));
/// ```
///
/// A hand-written derivative replaces the generated one: `#[differentiable(vjp = f_vjp)]`
/// (and optionally `jvp = f_jvp`), where `f_vjp(args.., g)` returns one gradient per
/// parameter and `f_jvp(args.., tangents..)` returns the value and its tangent. Outside
/// `typed_tensor`, name the runtime crate with `crate = path`.
///
/// Calling a function without this attribute inside `grad!` is a compile error at the call:
/// ``error[E0277]: `name` has no derivative that `grad!` can call with these arguments``, with
/// a note that says to add `#[differentiable]` to that function's definition. A closure cannot
/// be differentiated: calling one inside `grad!` gives the same error, after two about the
/// import `grad!` writes for each callee ("imports cannot refer to local variables").
#[proc_macro_attribute]
pub fn differentiable(attr: TokenStream, item: TokenStream) -> TokenStream {
    grad::differentiable(attr.into(), item.into()).unwrap_or_else(syn::Error::into_compile_error).into()
}

/// `#[__hot]` on a kernel: `#[inline(always)]` where debug assertions are off (`release`),
/// `#[inline]` where they are on (`dev`) (internal to `tensor_core`, which imports it as `hot`).
///
/// The kernels are small generic functions that only run fast when inlined into one another,
/// so optimised builds force it. In a debug build, forcing it only multiplies the code to
/// compile: LLVM's always-inliner runs even at opt-level 0, and every call site gets its own
/// copy of the whole chain, once per shape. Stable Rust has no `cfg` for the optimisation
/// level; `debug_assertions` stands for it, so a build that optimises with debug assertions on
/// (or a dev profile that optimises dependencies) is not forced to inline: slower, not wrong.
#[doc(hidden)]
#[proc_macro_attribute]
pub fn __hot(attr: TokenStream, item: TokenStream) -> TokenStream {
    let attr = proc_macro2::TokenStream::from(attr);
    if let Some(t) = attr.into_iter().next() {
        return syn::Error::new(t.span(), "`hot` takes no arguments").into_compile_error().into();
    }
    let item = proc_macro2::TokenStream::from(item);
    quote::quote! {
        #[cfg_attr(debug_assertions, inline)]
        #[cfg_attr(not(debug_assertions), inline(always))]
        #item
    }
    .into()
}

/// `s![1..3, ..;2, 0]`: see `tensor_core::s!`.
#[doc(hidden)]
#[proc_macro]
pub fn __s(input: TokenStream) -> TokenStream {
    slice::expand(input.into()).unwrap_or_else(syn::Error::into_compile_error).into()
}
