//! `grad!`, `vjp!`, `jvp!`, `jacobian!` and `#[differentiable]`: derivatives written at compile
//! time.
//!
//! - `parse`: the closure and its parameters;
//! - `flatten`: the body to single-assignment form ([`graph::Graph`]);
//! - `emit`: the forward, reverse and tangent passes as Rust;
//! - `attribute`: `#[differentiable]` on functions.

mod attribute;
mod emit;
mod flatten;
mod graph;
mod parse;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use emit::{Emitter, Mode, d, g, v};
use graph::Kind;
use parse::{Closure, ParamKind};

pub use attribute::expand as differentiable;

/// Which macro is being expanded.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Macro {
    Grad,
    Vjp,
    Jvp,
    Jacobian,
}

pub fn expand(input: TokenStream, which: Macro) -> syn::Result<TokenStream> {
    let (krate, rest) = crate::krate::split(input)?;
    let closure: Closure = syn::parse2(rest)?;
    let names: Vec<String> = closure.params.iter().map(|p| p.name.to_string()).collect();
    let graph = flatten::Flattener::new(&names).body(&closure.body)?;
    let emitter = Emitter::new(&graph);
    let imports = emitter.callee_imports();
    let stand_ins = emitter.rule_stand_ins();
    let out = graph.output;
    let params: Vec<TokenStream> = closure.params.iter().map(|p| p.declaration()).collect();
    let inputs: TokenStream = closure
        .params
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (vi, name) = (v(i), &p.name);
            quote!(let #vi = __tt::input(__tt::operand(&#name));)
        })
        .collect();
    let value = {
        let vo = v(out);
        if matches!(graph.nodes[out].kind, Kind::Const { inline: true, .. }) {
            return Err(syn::Error::new(graph.nodes[out].span, "the result must depend on the inputs"));
        }
        quote!(__tt::IntoOwned::into_owned(#vo))
    };
    let body = match which {
        Macro::Grad | Macro::Vjp => {
            let forward = emitter.forward(Mode::Reverse);
            let (go, vo) = (g(out), v(out));
            let seed = if which == Macro::Grad {
                quote!(let #go = __tt::seed(__tt::operand(&#vo));)
            } else {
                quote!(let #go = ::core::clone::Clone::clone(__tt::cotangent(__tt::operand(&#vo), __tt_seed));)
            };
            let (backward, grads) = emitter.backward(closure.params.len());
            let mut returned = Vec::new();
            let mut accumulated = TokenStream::new();
            for (p, gr) in closure.params.iter().zip(grads) {
                if p.kind == ParamKind::Accumulate {
                    let name = &p.name;
                    accumulated.extend(quote!(#name.accumulate(&#gr);));
                } else {
                    returned.push(gr);
                }
            }
            let result = match returned.as_slice() {
                [] => quote!(#value),
                [one] => quote!((#value, #one)),
                many => quote!((#value, (#(#many),*))),
            };
            quote! { #inputs #forward #seed #backward #accumulated #result }
        }
        Macro::Jvp => {
            let tangents: TokenStream = closure
                .params
                .iter()
                .enumerate()
                .map(|(i, _)| {
                    let (di, ti) = (d(i), format_ident!("__tt_t{}", i));
                    quote!(let #di = __tt::operand(&#ti);)
                })
                .collect();
            let forward = emitter.forward(Mode::Tangent);
            let tangent = tangent_of(&graph, out);
            // the tangent first: a zero tangent reads the value, which then moves out
            quote! { #inputs #tangents #forward let __tt_tangent = #tangent; (#value, __tt_tangent) }
        }
        Macro::Jacobian => {
            if closure.params.len() != 1 {
                return Err(syn::Error::new(
                    proc_macro2::Span::call_site(),
                    "`jacobian!` differentiates a function of one tensor: `jacobian!(|x: Tensor<f32, Shape![3]>| ...)`",
                ));
            }
            let name = &closure.params[0].name;
            let forward = emitter.forward(Mode::Tangent);
            let tangent = tangent_of(&graph, out);
            let (v0, d0) = (v(0), d(0));
            quote! {
                __tt::jacobian(__tt::operand(&#name), |__tt_x, __tt_dx| {
                    let #v0 = __tt::input(__tt_x);
                    let #d0 = __tt_dx;
                    #forward
                    let __tt_tangent = #tangent;
                    (#value, __tt_tangent)
                })
            }
        }
    };
    let params = match which {
        Macro::Grad | Macro::Jacobian => quote!(#(#params),*),
        Macro::Vjp => quote!(#(#params,)* __tt_seed),
        Macro::Jvp => {
            let tangent_params = closure.params.iter().enumerate().map(|(i, p)| {
                let (ti, ty) = (format_ident!("__tt_t{}", i), &p.ty);
                quote!(#ti: #ty)
            });
            quote!(#(#params,)* #(#tangent_params),*)
        }
    };
    Ok(quote! {
        {
            #imports
            // the stand-ins one block inside the callee imports (see `Emitter::rule_stand_ins`),
            // outside the closure, whose name would show in the paths that errors print
            let __tt_f = {
                #stand_ins
                |#params| {
                    use #krate::autodiff as __tt;
                    #body
                }
            };
            __tt_f
        }
    })
}

/// The output's tangent, or a zero of its type when it does not depend on the inputs.
pub(super) fn tangent_of(graph: &graph::Graph, out: graph::NodeId) -> TokenStream {
    if graph.nodes[out].active {
        let dout = d(out);
        quote!(__tt::IntoOwned::into_owned(__tt::operand(&#dout).clone()))
    } else {
        let vo = v(out);
        quote!(__tt::zero_tangent(__tt::operand(&#vo)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The size of an expansion: each operation is one forward statement and, per operand
    /// that depends on the inputs, one backward statement (plus one accumulation where a value
    /// is used twice). The rules themselves stay in generic functions.
    #[test]
    fn expansion_is_one_statement_per_operation_and_operand() {
        let input: TokenStream = quote! {
            krate; |w: &Tensor<f32, Shape![2, 1]>, b: &Tensor<f32, Shape![1]>| ((x.matmul(w) + b - &y).powi(2) / 2.0).mean()
        };
        let out = expand(input, Macro::Grad).unwrap().to_string();
        let lets = out.matches("let ").count();
        // 2 inputs, 2 captured constants (x, y), 6 operations (matmul + - powi / mean) with a
        // rule marker and a value each, the seed, 7 backward statements (6 along the chain, 1
        // more for the bias), the closure
        assert_eq!(lets, 2 + 2 + 6 * 2 + 1 + 7 + 1, "{out}");
        // rule calls: six forward, seven backward
        assert_eq!(out.matches("__tt :: forward (").count(), 6, "{out}");
        assert_eq!(out.matches("__tt :: pullback ::").count(), 7, "{out}");
    }

    #[test]
    fn a_value_used_twice_accumulates() {
        let input: TokenStream = quote!(krate; |x: Tensor<f32, Shape![4]>| 2.0 * x.dot(&x));
        let out = expand(input, Macro::Grad).unwrap().to_string();
        assert_eq!(out.matches("Accumulate :: accumulate").count(), 1, "{out}");
    }
}
