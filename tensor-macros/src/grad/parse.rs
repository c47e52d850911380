//! The closure given to `grad!` and friends: `|x: Tensor<f32, Shape![4]>, w: &Tensor<..>| body`.

use proc_macro2::{Ident, TokenStream};
use quote::{ToTokens, quote};
use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned;
use syn::{Expr, Pat, Type};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    /// `x: Tensor<..>`: taken by value.
    Owned,
    /// `x: &Tensor<..>`: taken by reference, so a training loop need not clone its parameters.
    Ref,
    /// `x: &mut Param<..>`: the gradient is added into `x.grad` (PyTorch's accumulation).
    Accumulate,
}

pub struct Param {
    pub name: Ident,
    pub ty: Type,
    pub kind: ParamKind,
}

impl Param {
    pub fn declaration(&self) -> TokenStream {
        let (name, ty) = (&self.name, &self.ty);
        quote!(#name: #ty)
    }
}

pub struct Closure {
    pub params: Vec<Param>,
    pub body: Expr,
}

fn is_param_type(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Param"))
}

impl Parse for Closure {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let closure: syn::ExprClosure = input.parse().map_err(|e| {
            syn::Error::new(
                e.span(),
                "expected a closure: `grad!(|x: Tensor<f32, Shape![4]>| 2.0 * x.dot(&x))`",
            )
        })?;
        if let Some(m) = &closure.capture {
            return Err(syn::Error::new(
                m.span(),
                "write the closure without `move`: captured variables are constants",
            ));
        }
        let mut params = Vec::new();
        for input in &closure.inputs {
            let Pat::Type(pt) = input else {
                return Err(syn::Error::new(
                    input.span(),
                    "a parameter needs its type, the tensor it stands for: `x: Tensor<f32, Shape![4]>`",
                ));
            };
            let name = match &*pt.pat {
                Pat::Ident(p) if p.subpat.is_none() && p.by_ref.is_none() => p.ident.clone(),
                other => {
                    return Err(syn::Error::new(
                        other.span(),
                        "a parameter is a plain name: `x: Tensor<..>`",
                    ));
                }
            };
            let ty = (*pt.ty).clone();
            let kind = match &ty {
                Type::Reference(r) if r.mutability.is_some() => {
                    if !is_param_type(&r.elem) {
                        return Err(syn::Error::new(
                            r.span(),
                            "a `&mut` parameter must be a `Param` (`x: &mut Param<f32, Shape![4]>`), whose gradient is then accumulated",
                        ));
                    }
                    ParamKind::Accumulate
                }
                Type::Reference(_) => ParamKind::Ref,
                _ => ParamKind::Owned,
            };
            params.push(Param { name, ty, kind });
        }
        if params.is_empty() {
            return Err(syn::Error::new(
                closure.inputs_begin.span(),
                "differentiate with respect to at least one parameter",
            ));
        }
        if let syn::ReturnType::Type(_, ty) = &closure.output {
            return Err(syn::Error::new(
                ty.span(),
                format!(
                    "leave out the return type `{}`: the macro returns the value with its derivatives",
                    ty.to_token_stream()
                ),
            ));
        }
        Ok(Closure { params, body: *closure.body })
    }
}
