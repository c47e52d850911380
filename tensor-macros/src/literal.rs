//! `tensor![...]` / `tensor!(...)`: a nested array literal becomes a tensor whose shape is read
//! off the literal. A ragged literal is rejected here, on the span of the offending row, with
//! PyTorch's wording ("expected sequence of length 2 at dim 1 (got 3)").

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::spanned::Spanned;
use syn::{Expr, ExprArray, ExprRepeat};

use crate::shape::{DimSpec, MAX_RANK, dim_type, tuple};

/// The sequence at this node (its length and its children), or `None` for a leaf element.
fn children(expr: &Expr) -> syn::Result<Option<(usize, Vec<&Expr>)>> {
    Ok(match expr {
        Expr::Array(ExprArray { elems, .. }) => Some((elems.len(), elems.iter().collect())),
        Expr::Repeat(ExprRepeat { expr: inner, len, .. }) => {
            let n = match &**len {
                Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(i), .. }) => i.base10_parse::<usize>()?,
                other => {
                    return Err(syn::Error::new(
                        other.span(),
                        "the length of a repeated element in `tensor!` must be an integer literal",
                    ));
                }
            };
            Some((n, vec![&**inner]))
        }
        Expr::Paren(p) => return children(&p.expr),
        Expr::Group(g) => return children(&g.expr),
        _ => None,
    })
}

/// The sizes read along the first element at every level, outermost first.
fn first_path_shape(mut expr: &Expr) -> syn::Result<Vec<usize>> {
    let mut dims = Vec::new();
    while let Some((n, kids)) = children(expr)? {
        dims.push(n);
        if dims.len() > MAX_RANK {
            return Err(syn::Error::new(
                expr.span(),
                format!("tensors have at most {MAX_RANK} dimensions, this literal nests deeper"),
            ));
        }
        match kids.first() {
            Some(first) => expr = first,
            None => break,
        }
    }
    Ok(dims)
}

/// Checks that every node at depth `d` has `dims[d]` children, and leaves sit at the bottom.
fn check_rectangular(expr: &Expr, depth: usize, dims: &[usize]) -> syn::Result<()> {
    match (children(expr)?, dims.get(depth)) {
        (None, None) => Ok(()),
        (None, Some(len)) => Err(syn::Error::new(
            expr.span(),
            format!(
                "ragged tensor literal: expected sequence of length {len} at dim {depth} (got a single element)"
            ),
        )),
        (Some(_), None) => Err(syn::Error::new(
            expr.span(),
            format!("ragged tensor literal: expected a single element at dim {depth} (got a sequence)"),
        )),
        (Some((n, kids)), Some(&len)) => {
            if n != len {
                return Err(syn::Error::new(
                    expr.span(),
                    format!(
                        "ragged tensor literal: expected sequence of length {len} at dim {depth} (got {n})"
                    ),
                ));
            }
            kids.into_iter().try_for_each(|k| check_rectangular(k, depth + 1, dims))
        }
    }
}

pub fn expand(input: TokenStream) -> syn::Result<TokenStream> {
    let (krate, rest) = crate::krate::split(input)?;
    let expr: Expr = syn::parse2(rest)?;
    let dims = first_path_shape(&expr)?;
    check_rectangular(&expr, 0, &dims)?;
    let dim_types = dims
        .iter()
        .map(|&n| dim_type(&krate, &DimSpec::Literal(n as u64, Span::call_site())))
        .collect::<syn::Result<Vec<_>>>()?;
    let shape = tuple(&dim_types);
    Ok(quote! { #krate::Tensor::<_, #shape>::from_array(#expr) })
}
