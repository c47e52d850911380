//! Writing a [`Graph`] back out as Rust: the forward pass, the reverse pass (gradients) and the
//! tangent pass (forward mode). Each operation expands to one call of its rule in
//! `tensor_core::autodiff::rules`, so the generated code stays small: a forward statement per
//! node, and per active operand one backward statement plus, where a value is used more than
//! once, one accumulation.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};

use super::graph::{Graph, Kind, NodeId};

pub fn v(id: NodeId) -> Ident {
    format_ident!("__tt_v{}", id)
}
pub fn g(id: NodeId) -> Ident {
    format_ident!("__tt_g{}", id)
}
pub fn d(id: NodeId) -> Ident {
    format_ident!("__tt_d{}", id)
}
fn pb(id: NodeId) -> Ident {
    format_ident!("__tt_pb{}", id)
}

/// A called function's path without generic arguments: the path of its marker type, the
/// struct of the same name that `#[differentiable]` declares beside it (in the type namespace,
/// so `use` brings both along).
fn callee(func: &syn::Path) -> syn::Path {
    let mut path = func.clone();
    for segment in path.segments.iter_mut() {
        segment.arguments = syn::PathArguments::None;
    }
    path
}

/// Whether two paths are spelled the same (`syn::Path` has no `PartialEq` without syn's
/// `extra-traits`).
fn same(a: &syn::Path, b: &syn::Path) -> bool {
    quote!(#a).to_string() == quote!(#b).to_string()
}

/// The alias under which the generated code names the marker of the `i`-th called function.
fn alias(i: usize, span: Span) -> Ident {
    Ident::new(&format!("__tt_f{i}"), span)
}

/// How the forward pass treats calls of `#[differentiable]` functions.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Plain values, and pullbacks for the reverse pass.
    Reverse,
    /// Values and tangents together.
    Tangent,
}

pub struct Emitter<'a> {
    pub graph: &'a Graph,
    /// Nodes a gradient reaches from the output (through active nodes; `detach` stops it).
    flows: Vec<bool>,
    /// Constants and detached values are owned copies rather than references (for pullbacks,
    /// which outlive the function body that computed them).
    own: bool,
    /// The functions called in the body, each once, with the span of its first call.
    callees: Vec<(syn::Path, Span)>,
}

impl<'a> Emitter<'a> {
    pub fn new(graph: &'a Graph) -> Self {
        let mut callees: Vec<(syn::Path, Span)> = Vec::new();
        for node in &graph.nodes {
            if let Kind::Call { func, .. } = &node.kind {
                let path = callee(func);
                if !callees.iter().any(|(p, _)| same(p, &path)) {
                    callees.push((path, node.span));
                }
            }
        }
        Emitter { graph, flows: graph.gradient_flow(), own: false, callees }
    }

    /// The alias of a called function's marker.
    fn marker(&self, func: &syn::Path, span: Span) -> Ident {
        let path = callee(func);
        let i = self.callees.iter().position(|(p, _)| same(p, &path)).expect("every call is a callee");
        alias(i, span)
    }

    /// Items that name the marker of each called function by its alias (`__tt_f0`, ...), to
    /// be placed before the forward pass. The function's own path is imported under the alias;
    /// a glob import offers the same alias for a stand-in, a private struct with the
    /// function's name that has no derivative. An explicit import beats a glob in each
    /// namespace, so the stand-in is used only where the function has no marker, that is, no
    /// `#[differentiable]`. Then `Vjp` is not implemented for it, and the message of
    /// `tensor_core::autodiff::Vjp` names the function (the stand-in prints as its name) and
    /// the fix. Without the stand-in, rustc would only say "expected type, found function".
    pub fn callee_imports(&self) -> TokenStream {
        if self.callees.is_empty() {
            return TokenStream::new();
        }
        let mut names: Vec<Ident> = Vec::new();
        let mut stand_ins = Vec::new();
        let mut imports = Vec::new();
        for (i, (path, span)) in self.callees.iter().enumerate() {
            let a = alias(i, *span);
            let last = &path.segments.last().expect("a path has a segment").ident;
            let name = Ident::new(&last.to_string(), *span);
            stand_ins.push(quote!(pub type #a = #name;));
            if !names.contains(&name) {
                names.push(name);
            }
            imports.push(quote!(#[allow(unused_imports)] use #path as #a;));
        }
        // the stand-ins are private, so the glob import brings only the aliases; where rustc
        // cannot print a stand-in by its bare name (another item has it), it prints the path
        // through this module: `main::not_differentiable::double`
        let tags = names.iter().map(|n| quote_spanned!(n.span()=> struct #n {}));
        quote! {
            #[allow(non_camel_case_types, private_interfaces, dead_code)]
            mod not_differentiable {
                #(#tags)*
                #(#stand_ins)*
            }
            #[allow(unused_imports)]
            use not_differentiable::*;
            #(#imports)*
        }
    }

    pub fn owning_constants(mut self) -> Self {
        self.own = true;
        self
    }

    /// The expression for a node's value as an operand: a reference to a tensor or scalar, or a
    /// literal in place.
    pub fn operand(&self, id: NodeId) -> TokenStream {
        match &self.graph.nodes[id].kind {
            Kind::Const { expr, inline: true } => quote!(&(#expr)),
            _ => {
                let v = v(id);
                quote!(__tt::o(&#v))
            }
        }
    }

    /// The tangent of a node as an operand: its tangent variable, or a zero of its type.
    fn tangent(&self, id: NodeId) -> TokenStream {
        if self.graph.nodes[id].active {
            let d = d(id);
            quote!(&#d)
        } else {
            let x = self.operand(id);
            quote!(&__tt::zero_tangent(#x))
        }
    }

    /// `let` statements computing every node's value (and, in tangent mode, every active node's
    /// tangent); inputs are bound by the caller.
    pub fn forward(&self, mode: Mode) -> TokenStream {
        let mut out = TokenStream::new();
        for (id, node) in self.graph.nodes.iter().enumerate() {
            let span = node.span;
            let var = v(id);
            let o = |i: NodeId| self.operand(i);
            let value = match &node.kind {
                Kind::Input | Kind::Const { inline: true, .. } => continue,
                Kind::Const { expr, inline: false } if self.own => quote!((#expr)),
                Kind::Const { expr, inline: false } => quote!(&(#expr)),
                Kind::Detach { x } if self.own => {
                    let x = o(*x);
                    quote!(::core::clone::Clone::clone(#x))
                }
                Kind::Detach { x } => o(*x),
                Kind::Binary { op, lhs, rhs } => {
                    let f = format_ident!("{}", op.name());
                    let (l, r) = (o(*lhs), o(*rhs));
                    quote_spanned!(span=> __tt::rules::Binary::#f(#l, #r))
                }
                Kind::Neg { x } => {
                    let x = o(*x);
                    quote!(-(#x))
                }
                Kind::Elementwise { name, x } | Kind::Reduce { name, x } => {
                    let (f, x) = (Ident::new(name, span), o(*x));
                    quote_spanned!(span=> #x.#f())
                }
                Kind::Pow { name, x, exponent } => {
                    let (f, x) = (Ident::new(name, span), o(*x));
                    quote_spanned!(span=> #x.#f(#exponent))
                }
                Kind::ReduceAxis { name, x, axis } => {
                    let (f, x) = (Ident::new(name, span), o(*x));
                    quote_spanned!(span=> #x.#f::<#axis>())
                }
                Kind::Product { name, a, b } => {
                    let (f, a, b) = (Ident::new(name, span), o(*a), o(*b));
                    quote_spanned!(span=> #a.#f(#b))
                }
                Kind::Transpose { x } => {
                    let x = o(*x);
                    quote_spanned!(span=> #x.t())
                }
                Kind::Reshape { x, target } => {
                    let x = o(*x);
                    quote_spanned!(span=> __tt::reshape::<#target, _, _>(#x))
                }
                Kind::Call { func, args } => {
                    let args: Vec<TokenStream> = args.iter().map(|&a| o(a)).collect();
                    let m = self.marker(func, span);
                    match mode {
                        Mode::Reverse if self.flows[id] => {
                            let pb = pb(id);
                            out.extend(quote_spanned! {span=>
                                let (#var, #pb) = <#m as __tt::Vjp<_>>::vjp((#(#args,)*));
                            });
                            continue;
                        }
                        Mode::Tangent if node.active => {
                            let tangents: Vec<TokenStream> =
                                self.graph.nodes[id].operands().iter().map(|&a| self.tangent(a)).collect();
                            let d = d(id);
                            out.extend(quote_spanned! {span=>
                                let (#var, #d) = <#m as __tt::Jvp<_>>::jvp((#(#args,)*), (#(#tangents,)*));
                            });
                            continue;
                        }
                        _ => quote_spanned!(span=> #func(#(#args),*)),
                    }
                }
            };
            out.extend(quote_spanned!(span=> let #var = #value;));
            if mode == Mode::Tangent && node.active {
                out.extend(self.tangent_stmt(id));
            }
        }
        out
    }

    /// The tangent of an active node from its operands' tangents.
    fn tangent_stmt(&self, id: NodeId) -> TokenStream {
        let node = &self.graph.nodes[id];
        let span = node.span;
        let (var, dv) = (v(id), d(id));
        let o = |i: NodeId| self.operand(i);
        let t = |i: NodeId| self.tangent(i);
        let value = match &node.kind {
            Kind::Input | Kind::Const { .. } | Kind::Detach { .. } | Kind::Call { .. } => {
                return TokenStream::new();
            }
            Kind::Binary { op, lhs, rhs } => {
                let f = format_ident!("{}_t", op.name());
                let (l, r, dl, dr) = (o(*lhs), o(*rhs), t(*lhs), t(*rhs));
                quote_spanned!(span=> __tt::rules::Binary::#f(#l, #r, #dl, #dr))
            }
            Kind::Neg { x } => {
                let dx = t(*x);
                quote!(-(#dx))
            }
            Kind::Elementwise { name, x } => {
                let (f, x, dx) = (format_ident!("{}_d", name), o(*x), t(*x));
                quote_spanned!(span=> __tt::rules::#f(#x, &#var, #dx))
            }
            Kind::Pow { name, x, exponent } => {
                let (f, x, dx) = (format_ident!("{}_d", name), o(*x), t(*x));
                quote_spanned!(span=> __tt::rules::#f(#x, &#var, #dx, #exponent))
            }
            // linear operations: the tangent goes through the operation itself
            Kind::Reduce { name, x } => {
                let (f, dx) = (Ident::new(name, span), t(*x));
                quote_spanned!(span=> (#dx).#f())
            }
            Kind::ReduceAxis { name, x, axis } => {
                let (f, dx) = (Ident::new(name, span), t(*x));
                quote_spanned!(span=> (#dx).#f::<#axis>())
            }
            Kind::Transpose { x } => {
                let dx = t(*x);
                quote_spanned!(span=> (#dx).t())
            }
            Kind::Reshape { x, target } => {
                let dx = t(*x);
                quote_spanned!(span=> __tt::reshape::<#target, _, _>(#dx))
            }
            Kind::Product { a, b, .. } => {
                let (a, b, da, db) = (o(*a), o(*b), t(*a), t(*b));
                quote_spanned!(span=> __tt::rules::matmul_t(#a, #b, #da, #db))
            }
        };
        quote_spanned!(span=> let #dv = #value;)
    }

    /// The reverse pass, given the output's gradient in `__tt_g{output}`: statements, and for
    /// each input (in order) the expression of its gradient.
    pub fn backward(&self, inputs: usize) -> (TokenStream, Vec<TokenStream>) {
        let nodes = &self.graph.nodes;
        let flows = &self.flows;
        // how many gradient contributions each node receives
        let mut pending = vec![0usize; nodes.len()];
        for (id, _) in flows.iter().enumerate().filter(|(_, f)| **f) {
            for o in self.graph.gradient_operands(id) {
                pending[o] += 1;
            }
        }
        let mut received = vec![0usize; nodes.len()];
        // the output's gradient is the seed, bound by the caller
        received[self.graph.output] = 1;
        let mut out = TokenStream::new();
        let mut add = |target: NodeId, contribution: TokenStream, out: &mut TokenStream| {
            let gt = g(target);
            received[target] += 1;
            if received[target] == 1 {
                let m = if pending[target] > 1 { quote!(mut) } else { TokenStream::new() };
                out.extend(quote!(let #m #gt = #contribution;));
            } else {
                out.extend(quote!(__tt::Accumulate::accumulate(&mut #gt, &(#contribution));));
            }
        };
        for id in (0..nodes.len()).rev() {
            let node = &nodes[id];
            if !flows[id] {
                continue;
            }
            let span = node.span;
            let (var, gv) = (v(id), g(id));
            let o = |i: NodeId| self.operand(i);
            match &node.kind {
                Kind::Input | Kind::Const { .. } | Kind::Detach { .. } => {}
                Kind::Binary { op, lhs, rhs } => {
                    let (l, r) = (o(*lhs), o(*rhs));
                    if nodes[*lhs].active {
                        let f = format_ident!("{}_dl", op.name());
                        add(*lhs, quote_spanned!(span=> __tt::rules::Binary::#f(#l, #r, &#gv)), &mut out);
                    }
                    if nodes[*rhs].active {
                        let f = format_ident!("{}_dr", op.name());
                        add(*rhs, quote_spanned!(span=> __tt::rules::Binary::#f(#l, #r, &#gv)), &mut out);
                    }
                }
                Kind::Neg { x } => add(*x, quote_spanned!(span=> __tt::rules::neg_d(&#gv)), &mut out),
                Kind::Elementwise { name, x } => {
                    let (f, xo) = (format_ident!("{}_d", name), o(*x));
                    add(*x, quote_spanned!(span=> __tt::rules::#f(#xo, &#var, &#gv)), &mut out);
                }
                Kind::Pow { name, x, exponent } => {
                    let (f, xo) = (format_ident!("{}_d", name), o(*x));
                    add(*x, quote_spanned!(span=> __tt::rules::#f(#xo, &#var, &#gv, #exponent)), &mut out);
                }
                Kind::Reduce { name, x } => {
                    let (f, xo) = (format_ident!("{}_d", name), o(*x));
                    add(*x, quote_spanned!(span=> __tt::rules::#f(#xo, &#gv)), &mut out);
                }
                Kind::ReduceAxis { name, x, axis } => {
                    let (f, xo) = (format_ident!("{}_d", name), o(*x));
                    add(*x, quote_spanned!(span=> __tt::rules::#f::<#axis, _, _>(#xo, &#gv)), &mut out);
                }
                Kind::Product { a, b, .. } => {
                    let (ao, bo) = (o(*a), o(*b));
                    if nodes[*a].active {
                        add(*a, quote_spanned!(span=> __tt::rules::matmul_dl(#ao, #bo, &#gv)), &mut out);
                    }
                    if nodes[*b].active {
                        add(*b, quote_spanned!(span=> __tt::rules::matmul_dr(#ao, #bo, &#gv)), &mut out);
                    }
                }
                Kind::Transpose { x } => add(*x, quote_spanned!(span=> __tt::rules::t_d(&#gv)), &mut out),
                Kind::Reshape { x, .. } => {
                    let xo = o(*x);
                    add(*x, quote_spanned!(span=> __tt::rules::reshape_d(#xo, &#gv)), &mut out);
                }
                Kind::Call { args, .. } => {
                    let pb = pb(id);
                    let parts: Vec<Ident> =
                        (0..args.len()).map(|i| format_ident!("__tt_c{}_{}", id, i)).collect();
                    out.extend(quote_spanned!(span=> let (#(#parts,)*) = #pb(&#gv);));
                    for (i, &a) in args.iter().enumerate() {
                        if nodes[a].active {
                            let p = &parts[i];
                            add(a, quote!(#p), &mut out);
                        }
                    }
                }
            }
        }
        let grads = (0..inputs)
            .map(|i| {
                if received.get(i).copied().unwrap_or(0) > 0 {
                    let gi = g(i);
                    quote!(#gi)
                } else {
                    let vi = v(i);
                    quote!(__tt::zero_tangent(__tt::o(&#vi)))
                }
            })
            .collect();
        (out, grads)
    }
}
