//! `Shape![...]`: a list of sizes becomes a tuple of dimension types.
//!
//! A literal `1` becomes `One` (the broadcastable size), any other literal `N` becomes
//! `Dim<N>`, a const parameter or constant `B` becomes `Dim<B>`, a braced expression
//! `{N * 2}` becomes `Dim<{N * 2}>`, and `_` becomes `Infer` (only meaningful in `reshape`).
//! A braced literal `{1}` is `Dim<1>`, size 1 as generic code over `const B: usize` sees it
//! (written without the braces, so that rustc's `unused_braces` lint stays quiet).

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Expr, Token};

/// Tensors have at most this many axes (the seed's largest example is a 5-d video batch).
pub const MAX_RANK: usize = 6;

pub enum DimSpec {
    Literal(u64, proc_macro2::Span),
    /// `{N}`: always `Dim<N>`, even for 1.
    Braced(u64, proc_macro2::Span),
    Expr(Expr),
    Infer,
}

struct DimList(Punctuated<DimSpec, Token![,]>);

impl Parse for DimSpec {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.peek(Token![_]) {
            input.parse::<Token![_]>()?;
            return Ok(DimSpec::Infer);
        }
        let mut expr: Expr = input.parse()?;
        // `macro_rules!` captures such as `$n:literal` arrive wrapped in an invisible group
        while let Expr::Group(g) = expr {
            expr = *g.expr;
        }
        let size = |int: &syn::LitInt| {
            int.base10_parse::<u64>().map_err(|_| {
                syn::Error::new(int.span(), "a dimension must be a non-negative integer that fits in 64 bits")
            })
        };
        if let Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(int), .. }) = &expr {
            return Ok(DimSpec::Literal(size(int)?, int.span()));
        }
        if let Expr::Block(syn::ExprBlock { block, .. }) = &expr
            && let [syn::Stmt::Expr(Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(int), .. }), None)] =
                block.stmts.as_slice()
        {
            return Ok(DimSpec::Braced(size(int)?, int.span()));
        }
        match &expr {
            Expr::Path(_) | Expr::Block(_) => Ok(DimSpec::Expr(expr)),
            _ => Err(syn::Error::new_spanned(
                &expr,
                "a dimension is an integer literal, a const name, `_`, or a braced const expression such as `{N * 2}`",
            )),
        }
    }
}

impl Parse for DimList {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        Ok(DimList(Punctuated::parse_terminated(input)?))
    }
}

/// The dimension type for one entry.
pub fn dim_type(krate: &TokenStream, spec: &DimSpec) -> syn::Result<TokenStream> {
    Ok(match spec {
        DimSpec::Literal(1, _) => quote!(#krate::One),
        DimSpec::Literal(n, span) | DimSpec::Braced(n, span) => {
            let n =
                usize::try_from(*n).map_err(|_| syn::Error::new(*span, "dimension does not fit in usize"))?;
            let lit = proc_macro2::Literal::usize_unsuffixed(n);
            quote!(#krate::Dim<#lit>)
        }
        DimSpec::Expr(Expr::Block(b)) => quote!(#krate::Dim<#b>),
        DimSpec::Expr(e) => quote!(#krate::Dim<{ #e }>),
        DimSpec::Infer => quote!(#krate::Infer),
    })
}

/// The tuple type for a list of dimension types.
pub fn tuple(dims: &[TokenStream]) -> TokenStream {
    match dims.len() {
        0 => quote!(()),
        1 => {
            let d = &dims[0];
            quote!((#d,))
        }
        _ => quote!((#(#dims),*)),
    }
}

pub fn expand(input: TokenStream) -> syn::Result<TokenStream> {
    let (krate, rest) = crate::krate::split(input)?;
    let list: DimList = syn::parse2(rest)?;
    if list.0.len() > MAX_RANK {
        return Err(syn::Error::new_spanned(
            list.0.iter().nth(MAX_RANK).map(spec_tokens).unwrap_or_default(),
            format!("tensors have at most {MAX_RANK} dimensions, this shape has {}", list.0.len()),
        ));
    }
    let dims = list.0.iter().map(|d| dim_type(&krate, d)).collect::<syn::Result<Vec<_>>>()?;
    Ok(tuple(&dims))
}

fn spec_tokens(spec: &DimSpec) -> TokenStream {
    match spec {
        DimSpec::Literal(n, span) | DimSpec::Braced(n, span) => {
            let mut lit = proc_macro2::Literal::u64_unsuffixed(*n);
            lit.set_span(*span);
            quote!(#lit)
        }
        DimSpec::Expr(e) => quote!(#e),
        DimSpec::Infer => quote!(_),
    }
}
