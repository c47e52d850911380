//! `#[differentiable]`: a function whose derivatives `grad!` can use.
//!
//! The macro cannot read a called function's body, so the attribute, which can, writes the
//! derivatives beside the function: an impl of `autodiff::Vjp` (value and pullback) and one of
//! `autodiff::Jvp` (value and tangent) for a marker struct with the function's name. The struct
//! lives in the type namespace and the function in the value namespace, so they coexist, and
//! `use path::foo;` imports both; the call site `foo(..)` in `grad!` names the struct as
//! `<foo as Vjp<_>>` (through an alias; see `Emitter::callee_imports`). The function itself is
//! left unchanged. Calling a function without the attribute inside `grad!` finds a stand-in
//! struct of the same name instead, which has no `Vjp`, so the error names the function and the
//! fix (the message of `autodiff::Vjp`).
//!
//! A hand-written derivative (a custom rule) replaces the generated one:
//! `#[differentiable(vjp = foo_vjp, jvp = foo_jvp)]`, where `foo_vjp(args.., g) -> (grads..)`
//! and `foo_jvp(args.., tangents..) -> (value, tangent)`.
//!
//! Parameters must be references (`&Tensor<..>`, `&f32`); generics and `where` clauses are
//! copied into the impls.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{FnArg, ItemFn, Lifetime, Pat, ReturnType, Token, Type};

use super::emit::{Emitter, Mode, d, g, v};
use super::flatten::Flattener;

#[derive(Default)]
struct Options {
    vjp: Option<syn::Path>,
    jvp: Option<syn::Path>,
    krate: Option<syn::Path>,
}

impl Parse for Options {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut o = Options::default();
        let items = Punctuated::<syn::MetaNameValue, Token![,]>::parse_terminated(input)?;
        for item in items {
            let syn::Expr::Path(value) = &item.value else {
                return Err(syn::Error::new(item.value.span(), "expected a path"));
            };
            let value = value.path.clone();
            match item.path.get_ident().map(|i| i.to_string()).as_deref() {
                Some("vjp") => o.vjp = Some(value),
                Some("jvp") => o.jvp = Some(value),
                Some("crate") => o.krate = Some(value),
                _ => {
                    return Err(syn::Error::new(
                        item.path.span(),
                        "unknown option: expected `vjp = path`, `jvp = path` or `crate = path`",
                    ));
                }
            }
        }
        Ok(o)
    }
}

/// The parameter types with a named lifetime on every reference, for the impl's argument
/// tuple, and the gradient type of each (the referenced type).
fn argument_types(f: &ItemFn, lt: &Lifetime) -> syn::Result<(Vec<Ident>, Vec<Type>, Vec<Type>)> {
    let mut names = Vec::new();
    let mut types = Vec::new();
    let mut grads = Vec::new();
    for arg in &f.sig.inputs {
        let FnArg::Typed(pt) = arg else {
            return Err(syn::Error::new(arg.span(), "a differentiable function cannot be a method"));
        };
        let Pat::Ident(p) = &*pt.pat else {
            return Err(syn::Error::new(
                pt.pat.span(),
                "a parameter of a differentiable function is a plain name",
            ));
        };
        let Type::Reference(r) = &*pt.ty else {
            return Err(syn::Error::new(
                pt.ty.span(),
                "parameters of a differentiable function are references (`&Tensor<..>`, `&f32`)",
            ));
        };
        if r.mutability.is_some() {
            return Err(syn::Error::new(
                r.span(),
                "parameters of a differentiable function are shared references",
            ));
        }
        let mut with_lt = r.clone();
        if with_lt.lifetime.is_none() {
            with_lt.lifetime = Some(lt.clone());
        }
        names.push(p.ident.clone());
        types.push(Type::Reference(with_lt));
        grads.push((*r.elem).clone());
    }
    Ok((names, types, grads))
}

pub fn expand(attr: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let options: Options = syn::parse2(attr)?;
    let f: ItemFn = syn::parse2(item)?;
    let krate = options.krate.clone().map(|p| quote!(#p)).unwrap_or_else(|| quote!(::typed_tensor));
    let name = f.sig.ident.to_string();
    let lt = Lifetime::new("'__tt", Span::call_site());
    let (names, types, grads) = argument_types(&f, &lt)?;
    let ReturnType::Type(_, ret) = &f.sig.output else {
        return Err(syn::Error::new(
            f.sig.span(),
            "a differentiable function returns a tensor: `-> Tensor<..>`",
        ));
    };
    let ret = &**ret;
    let marker = &f.sig.ident;
    let vis = &f.vis;
    let mut generics = f.sig.generics.clone();
    generics.params.insert(0, syn::GenericParam::Lifetime(syn::LifetimeParam::new(lt.clone())));
    let (impl_generics, _, where_clause) = generics.split_for_impl();
    let fname = &f.sig.ident;
    let args_ty = quote!((#(#types,)*));
    let args_pat = quote!((#(#names,)*));
    let tangent_names: Vec<Ident> = names.iter().map(|n| format_ident!("__tt_tangent_{}", n)).collect();

    let (vjp_body, jvp_impl) = match (&options.vjp, &options.jvp) {
        (Some(vjp), jvp) => {
            let body = quote! {
                let __tt_out = #fname(#(#names),*);
                (__tt_out, move |__tt_g: &#ret| #vjp(#(#names,)* __tt_g))
            };
            let jvp_impl = jvp.as_ref().map(|jvp| {
                quote! {
                    impl #impl_generics __tt::Jvp<#args_ty> for #marker #where_clause {
                        type Output = #ret;
                        fn jvp(#args_pat: #args_ty, (#(#tangent_names,)*): #args_ty) -> (#ret, #ret) {
                            #jvp(#(#names,)* #(#tangent_names),*)
                        }
                    }
                }
            });
            (body, jvp_impl)
        }
        (None, Some(j)) => {
            return Err(syn::Error::new(
                j.span(),
                "a hand-written `jvp` needs a hand-written `vjp` beside it",
            ));
        }
        (None, None) => generated(&f, &names)?,
    };
    // the generated derivative does not call the function (it needs its intermediate values),
    // so mention it, lest the function look unused when it is only called inside `grad!`
    let turbofish: Vec<TokenStream> = f
        .sig
        .generics
        .params
        .iter()
        .filter_map(|p| match p {
            syn::GenericParam::Type(t) => {
                let i = &t.ident;
                Some(quote!(#i))
            }
            syn::GenericParam::Const(c) => {
                let i = &c.ident;
                Some(quote!(#i))
            }
            syn::GenericParam::Lifetime(_) => None,
        })
        .collect();
    let mention = if turbofish.is_empty() {
        quote!(let _ = #fname;)
    } else {
        quote!(let _ = #fname::<#(#turbofish),*>;)
    };
    let jvp_impl = jvp_impl.unwrap_or_default();
    let doc =
        format!("The derivatives of [`{name}`](fn@{name}), for `grad!` (written by `#[differentiable]`).");
    Ok(quote! {
        #f
        #[doc = #doc]
        #[allow(non_camel_case_types)]
        #vis struct #marker {}
        const _: () = {
            use #krate::autodiff as __tt;
            impl #impl_generics __tt::Vjp<#args_ty> for #marker #where_clause {
                type Output = #ret;
                type Grads = (#(#grads,)*);
                fn vjp(#args_pat: #args_ty) -> (#ret, impl FnOnce(&#ret) -> (#(#grads,)*)) {
                    #mention
                    #vjp_body
                }
            }
            #jvp_impl
        };
    })
}

/// The derivatives written from the body: the vjp body, and the Jvp impl's body.
fn generated(f: &ItemFn, names: &[Ident]) -> syn::Result<(TokenStream, Option<TokenStream>)> {
    let param_names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    let body = syn::Expr::Block(syn::ExprBlock { attrs: vec![], label: None, block: (*f.block).clone() });
    let graph = Flattener::new(&param_names).body(&body)?;
    let emitter = Emitter::new(&graph).owning_constants();
    let out = graph.output;
    let inputs: TokenStream = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let vi = v(i);
            quote!(let #vi = #n;)
        })
        .collect();
    let (vo, go) = (v(out), g(out));
    // the output value moves out before the pullback runs: where the rule that computed it
    // reads it (`exp`'s does, `Rule::READS_OUTPUT`), the pullback gets a copy, and otherwise
    // the output's gradient in its place (of the same type, and not read)
    let output_rule = emitter.output_rule().filter(|_| graph.nodes[out].active);
    let emitter = if output_rule.is_some() { emitter.output_value(quote!(__tt_y)) } else { emitter };
    let imports = emitter.callee_imports();
    let stand_ins = emitter.rule_stand_ins();
    let forward = emitter.forward(Mode::Reverse);
    let (backward, grads) = emitter.backward(names.len());
    let tuple_grads = grads.iter();
    let (keep, read) = match &output_rule {
        Some((marker, args)) => (
            quote!(let __tt_kept = __tt::keep_output(#marker, #args, &#vo);),
            quote!(let __tt_y = __tt::kept_or(&__tt_kept, &#go);),
        ),
        None => (TokenStream::new(), TokenStream::new()),
    };
    // the stand-ins one block inside the callee imports (see `Emitter::rule_stand_ins`)
    let vjp = quote! {
        #imports
        {
            #stand_ins #inputs #forward #keep
            let __tt_out = __tt::IntoOwned::into_owned(#vo);
            (__tt_out, move |__tt_seed| {
                let #go = ::core::clone::Clone::clone(__tt_seed);
                #read
                #backward
                (#(#tuple_grads,)*)
            })
        }
    };
    let ret = match &f.sig.output {
        ReturnType::Type(_, t) => (**t).clone(),
        ReturnType::Default => unreachable!("checked by the caller"),
    };
    let lt = Lifetime::new("'__tt", Span::call_site());
    let (_, types, _) = argument_types(f, &lt)?;
    let mut generics = f.sig.generics.clone();
    generics.params.insert(0, syn::GenericParam::Lifetime(syn::LifetimeParam::new(lt)));
    let (impl_generics, _, where_clause) = generics.split_for_impl();
    let marker = &f.sig.ident;
    let tangent_inputs: TokenStream = names
        .iter()
        .enumerate()
        .map(|(i, _)| {
            let (di, ti) = (d(i), format_ident!("__tt_t{}", i));
            quote!(let #di = #ti;)
        })
        .collect();
    let tnames: Vec<Ident> = (0..names.len()).map(|i| format_ident!("__tt_t{}", i)).collect();
    let tforward = Emitter::new(&graph).forward(Mode::Tangent);
    let tangent = super::tangent_of(&graph, out);
    let jvp = quote! {
        impl #impl_generics __tt::Jvp<(#(#types,)*)> for #marker #where_clause {
            type Output = #ret;
            fn jvp((#(#names,)*): (#(#types,)*), (#(#tnames,)*): (#(#types,)*)) -> (#ret, #ret) {
                #imports
                {
                    #stand_ins #inputs #tangent_inputs #tforward
                    // the tangent first: a zero tangent reads the value, which then moves out
                    let __tt_tangent = #tangent;
                    (__tt::IntoOwned::into_owned(#vo), __tt_tangent)
                }
            }
        }
    };
    Ok((vjp, Some(jvp)))
}
