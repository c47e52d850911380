//! Splitting the `$crate;` prefix that the `macro_rules!` wrappers put in front of the input.

use proc_macro2::{TokenStream, TokenTree};

/// Returns the tokens before the first top-level `;` (the runtime crate's path) and the rest.
pub fn split(input: TokenStream) -> syn::Result<(TokenStream, TokenStream)> {
    let mut krate = TokenStream::new();
    let mut iter = input.into_iter();
    for tt in iter.by_ref() {
        if let TokenTree::Punct(p) = &tt
            && p.as_char() == ';'
        {
            return Ok((krate, iter.collect()));
        }
        krate.extend([tt]);
    }
    Err(syn::Error::new(
        proc_macro2::Span::call_site(),
        "internal macro called without its `$crate;` prefix: use the wrapper macro from `typed_tensor`",
    ))
}
