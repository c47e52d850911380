//! `s![...]`: a slice whose bounds are literals, as types. Each entry is an index (`1`), a range
//! (`1..3`, `1..`, `..3`, `..`, `1..=2`) and optionally a step after a semicolon (`..;2`), as
//! in ndarray's `s![]`. The size of a range with both bounds is computed here; an open range's
//! size depends on the dimension and is left to the compiler.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::quote;
use syn::spanned::Spanned;
use syn::{Expr, RangeLimits};

use crate::shape::MAX_RANK;

fn literal(e: &Expr, what: &str) -> syn::Result<usize> {
    match e {
        Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(i), .. }) => i.base10_parse::<usize>(),
        Expr::Group(g) => literal(&g.expr, what),
        Expr::Paren(p) => literal(&p.expr, what),
        other => Err(syn::Error::new(
            other.span(),
            format!("{what} in `s![]` must be a non-negative integer literal (its size is part of the type)"),
        )),
    }
}

/// Splits a token stream at top-level occurrences of `sep`.
fn split(tokens: TokenStream, sep: char) -> Vec<TokenStream> {
    let mut parts = vec![TokenStream::new()];
    for tt in tokens {
        match &tt {
            TokenTree::Punct(p) if p.as_char() == sep => parts.push(TokenStream::new()),
            _ => parts.last_mut().expect("one part").extend([tt]),
        }
    }
    parts
}

pub fn expand(input: TokenStream) -> syn::Result<TokenStream> {
    let (krate, rest) = crate::krate::split(input)?;
    let mut entries = Vec::new();
    let mut removed = Vec::new();
    let mut parts = split(rest, ',');
    if parts.last().is_some_and(|p| p.is_empty()) {
        parts.pop();
    }
    if parts.len() > MAX_RANK {
        return Err(syn::Error::new(
            Span::call_site(),
            format!("tensors have at most {MAX_RANK} dimensions"),
        ));
    }
    for (axis, part) in parts.into_iter().enumerate() {
        let mut pieces = split(part, ';');
        let step = match pieces.len() {
            1 => 1,
            2 => {
                let step_tokens = pieces.pop().expect("two pieces");
                let e: Expr = syn::parse2(step_tokens)?;
                let step = literal(&e, "a step")?;
                if step == 0 {
                    return Err(syn::Error::new(e.span(), "slice step cannot be zero"));
                }
                step
            }
            _ => {
                return Err(syn::Error::new(
                    Span::call_site(),
                    "an entry of `s![]` has at most one `;` (before the step)",
                ));
            }
        };
        let range: Expr = syn::parse2(pieces.pop().expect("one piece"))?;
        let range = match range {
            Expr::Group(g) => *g.expr,
            other => other,
        };
        let entry = match &range {
            Expr::Range(r) => {
                let start = r.start.as_deref().map(|e| literal(e, "a bound")).transpose()?.unwrap_or(0);
                let end = match (&r.end, &r.limits) {
                    (Some(e), RangeLimits::HalfOpen(_)) => Some(literal(e, "a bound")?),
                    (Some(e), RangeLimits::Closed(_)) => Some(literal(e, "a bound")? + 1),
                    (None, _) => None,
                };
                match end {
                    None if start == 0 && step == 1 => quote!(#krate::shape::Full),
                    None => quote!(#krate::shape::Open<#start, #step>),
                    Some(end) if end < start => {
                        return Err(syn::Error::new(
                            range.span(),
                            format!("slice start {start} is after its end {end}"),
                        ));
                    }
                    Some(end) => {
                        let len = (end - start).div_ceil(step);
                        let dim = if len == 1 {
                            quote!(#krate::One)
                        } else {
                            let l = proc_macro2::Literal::usize_unsuffixed(len);
                            quote!(#krate::Dim<#l>)
                        };
                        quote!(#krate::shape::Span<#start, #end, #step, #dim>)
                    }
                }
            }
            other => {
                if step != 1 {
                    return Err(syn::Error::new(other.span(), "a single index has no step"));
                }
                let i = literal(other, "an index")?;
                removed.push(quote!(#krate::shape::Axis<#axis>));
                quote!(#krate::shape::Idx<#i>)
            }
        };
        entries.push(entry);
    }
    let entries = crate::shape::tuple(&entries);
    let removed = crate::shape::tuple(&removed);
    Ok(quote!(#krate::shape::Slice::<#entries, #removed>::new()))
}
