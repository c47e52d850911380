//! `s![...]`: a slice whose bounds are literals, as types. Each entry is an index (`1`), a range
//! (`1..3`, `1..`, `..3`, `..`, `1..=2`) and optionally a step after a semicolon (`..;2`), as
//! in ndarray's `s![]`. A negative index or bound counts from the end, as in PyTorch (`-1`,
//! `-2..`, `..-1`, `-3..-1`). The size of a range whose bounds count from the same end is
//! computed here; a range whose size depends on the dimension (`1..`, `1..-1`) is left to the
//! compiler.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::quote;
use syn::spanned::Spanned;
use syn::{Expr, RangeLimits};

use crate::shape::MAX_RANK;

/// A bound of `s![]`: counted from the start (`2`) or from the end (`-2` is `Back(2)`).
#[derive(Clone, Copy)]
enum Bound {
    Front(usize),
    Back(usize),
}

/// A literal bound or index, possibly negative.
fn bound(e: &Expr, what: &str) -> syn::Result<Bound> {
    match e {
        Expr::Unary(u) if matches!(u.op, syn::UnOp::Neg(_)) => match literal(&u.expr, what)? {
            0 => Ok(Bound::Front(0)),
            k => Ok(Bound::Back(k)),
        },
        Expr::Group(g) => bound(&g.expr, what),
        Expr::Paren(p) => bound(&p.expr, what),
        other => literal(other, what).map(Bound::Front),
    }
}

/// The dimension type of a size: `One` for 1, else `Dim<len>`.
fn dim_of(krate: &TokenStream, len: usize) -> TokenStream {
    if len == 1 {
        quote!(#krate::One)
    } else {
        let l = proc_macro2::Literal::usize_unsuffixed(len);
        quote!(#krate::Dim<#l>)
    }
}

fn literal(e: &Expr, what: &str) -> syn::Result<usize> {
    match e {
        Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(i), .. }) => i.base10_parse::<usize>(),
        Expr::Group(g) => literal(&g.expr, what),
        Expr::Paren(p) => literal(&p.expr, what),
        other => Err(syn::Error::new(
            other.span(),
            format!("{what} in `s![]` must be an integer literal (its size is part of the type)"),
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
                if matches!(&e, Expr::Unary(u) if matches!(u.op, syn::UnOp::Neg(_))) {
                    // PyTorch's words
                    return Err(syn::Error::new(e.span(), "step must be greater than zero"));
                }
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
                let start =
                    r.start.as_deref().map(|e| bound(e, "a bound")).transpose()?.unwrap_or(Bound::Front(0));
                // `None`: to the end of the axis (`..=-1` too)
                let end = match (&r.end, &r.limits) {
                    (Some(e), RangeLimits::HalfOpen(_)) => Some(bound(e, "a bound")?),
                    (Some(e), RangeLimits::Closed(_)) => match bound(e, "a bound")? {
                        Bound::Front(n) => Some(Bound::Front(n + 1)),
                        Bound::Back(1) => None,
                        Bound::Back(k) => Some(Bound::Back(k - 1)),
                    },
                    (None, _) => None,
                };
                match (start, end) {
                    (Bound::Front(0), None) if step == 1 => quote!(#krate::shape::Full),
                    (Bound::Front(start), None) => quote!(#krate::shape::Open<#start, #step>),
                    (Bound::Front(start), Some(Bound::Front(end))) if end < start => {
                        return Err(syn::Error::new(
                            range.span(),
                            format!("slice start {start} is after its end {end}"),
                        ));
                    }
                    (Bound::Front(start), Some(Bound::Front(end))) => {
                        let dim = dim_of(&krate, (end - start).div_ceil(step));
                        quote!(#krate::shape::Span<#start, #end, #step, #dim>)
                    }
                    (Bound::Front(start), Some(Bound::Back(back))) => {
                        let cut = start + back;
                        quote!(#krate::shape::OpenBefore<#start, #back, #cut, #step>)
                    }
                    (Bound::Back(s), None) => {
                        let dim = dim_of(&krate, s.div_ceil(step));
                        quote!(#krate::shape::SpanBack<#s, 0, #step, #dim>)
                    }
                    (Bound::Back(s), Some(Bound::Back(e))) if e > s => {
                        return Err(syn::Error::new(
                            range.span(),
                            format!("slice start -{s} is after its end -{e}"),
                        ));
                    }
                    (Bound::Back(s), Some(Bound::Back(e))) => {
                        let dim = dim_of(&krate, (s - e).div_ceil(step));
                        quote!(#krate::shape::SpanBack<#s, #e, #step, #dim>)
                    }
                    (Bound::Back(s), Some(Bound::Front(e))) => {
                        return Err(syn::Error::new(
                            range.span(),
                            format!(
                                "the size of `-{s}..{e}` depends on the axis at both ends: count both bounds \
                                 from the same end"
                            ),
                        ));
                    }
                }
            }
            other => {
                if step != 1 {
                    return Err(syn::Error::new(other.span(), "a single index has no step"));
                }
                removed.push(quote!(#krate::shape::Axis<#axis>));
                match bound(other, "an index")? {
                    Bound::Front(i) => quote!(#krate::shape::Idx<#i>),
                    Bound::Back(k) => quote!(#krate::shape::IdxBack<#k>),
                }
            }
        };
        entries.push(entry);
    }
    let entries = crate::shape::tuple(&entries);
    let removed = crate::shape::tuple(&removed);
    Ok(quote!(#krate::shape::Slice::<#entries, #removed>::new()))
}
