//! Writing a [`Graph`] back out as Rust: the forward pass, the reverse pass (gradients) and the
//! tangent pass (forward mode). Each operation expands to calls of its rule type in
//! `tensor_core::autodiff::ops` (`Rule::forward`, `Pullback::pullback` per active operand,
//! `Tangent::tangent`), so the generated code stays small: a forward statement per node, and
//! per active operand one backward statement plus, where a value is used more than once, one
//! accumulation.
//!
//! The rule type of `x.m::<G>()` is named `m<G>` in a block that glob-imports
//! `autodiff::ops::rule_types`, nested in the closure, where a glob import of stand-ins (one struct per
//! method name used, without rules) is in scope: the inner glob import shadows the outer one,
//! so a method that has a rule type finds it, and one that has none finds its stand-in, whose
//! missing `Method` impl reports "`m` has no derivative rule" at the method's span (once:
//! the values computed from it are then of an erroneous type, which rustc reports no more).

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::GenericArgument;

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
fn r(id: NodeId) -> Ident {
    format_ident!("__tt_r{}", id)
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
    /// The output's value as its own pullback reads it, where that is not `&__tt_v{output}`
    /// (a `#[differentiable]` function moves its output out before the pullback runs).
    output_value: Option<TokenStream>,
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
        Emitter { graph, flows: graph.gradient_flow(), own: false, callees, output_value: None }
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
            imports.push(quote!(
                #[allow(unused_imports, reason = "only the namespace the function's marker is in is used")]
                use #path as #a;
            ));
        }
        // the stand-ins are private, so the glob import brings only the aliases; where rustc
        // cannot print a stand-in by its bare name (another item has it), it prints the path
        // through this module: `main::not_differentiable::double`
        let tags = names.iter().map(|n| quote_spanned!(n.span()=> struct #n {}));
        quote! {
            #[allow(
                non_camel_case_types,
                private_interfaces,
                dead_code,
                reason = "stand-ins named after functions, used only where a function has no marker"
            )]
            mod not_differentiable {
                #(#tags)*
                #(#stand_ins)*
            }
            #[allow(
                unused_imports,
                clippy::wildcard_imports,
                reason = "a stand-in is found only where the function has no marker"
            )]
            use not_differentiable::*;
            #(#imports)*
        }
    }

    /// One stand-in struct for each method name used (with generic parameters that accept its
    /// generic arguments), glob-imported: the rule type of a method that has none (see the
    /// module doc). To be placed one block inside [`callee_imports`](Self::callee_imports): an
    /// import of a function named like a method would otherwise be ambiguous between the
    /// stand-in and the function's marker.
    pub fn rule_stand_ins(&self) -> TokenStream {
        let mut seen: Vec<String> = Vec::new();
        let mut stand_ins = Vec::new();
        for node in &self.graph.nodes {
            let Kind::Rule { name, generics, .. } = &node.kind else { continue };
            if seen.contains(&name.to_string()) {
                continue;
            }
            seen.push(name.to_string());
            let mut params = Vec::new();
            let mut fields = Vec::new();
            for (i, arg) in generics.iter().enumerate() {
                let p = format_ident!("P{}", i);
                if matches!(arg, GenericArgument::Const(_)) {
                    params.push(quote!(const #p: usize));
                } else {
                    params.push(quote!(#p: ?Sized));
                    fields.push(quote!(::core::marker::PhantomData<#p>));
                }
            }
            // braced, so that it lives in the type namespace only and shadows no function
            let params = (!params.is_empty()).then(|| quote!(<#(#params),*>));
            let fields = fields.iter().enumerate().map(|(i, f)| {
                let field = format_ident!("_p{}", i);
                quote!(#field: #f)
            });
            stand_ins.push(quote_spanned!(node.span=> pub struct #name #params { #(#fields),* }));
        }
        if stand_ins.is_empty() {
            return TokenStream::new();
        }
        quote! {
            #[allow(
                non_camel_case_types,
                dead_code,
                reason = "stand-ins named after methods, used only where a method has no rule type"
            )]
            mod method {
                #(#stand_ins)*
            }
            #[allow(
                unused_imports,
                clippy::wildcard_imports,
                reason = "a stand-in is found only where the method has no rule type"
            )]
            use method::*;
        }
    }

    /// The operands of node `id` as the tuple its rule takes: `(&x, &a, ...)`, spanned at the
    /// operation, where a type error in the tuple (operands that no rule of the method takes)
    /// is then reported.
    fn args(&self, id: NodeId, operands: &[NodeId]) -> TokenStream {
        let span = self.graph.nodes[id].span;
        let args = operands.iter().map(|&o| self.operand_at(o, span));
        quote_spanned!(span=> (#(#args,)*))
    }

    pub fn owning_constants(mut self) -> Self {
        self.own = true;
        self
    }

    /// The output's value for its own pullback: `value`, a reference, instead of the output's
    /// variable.
    pub fn output_value(mut self, value: TokenStream) -> Self {
        self.output_value = Some(value);
        self
    }

    /// The rule marker and the operands of the rule that computes the output, if one does.
    pub fn output_rule(&self) -> Option<(Ident, TokenStream)> {
        let out = self.graph.output;
        match &self.graph.nodes[out].kind {
            Kind::Rule { operands, .. } => Some((r(out), self.args(out, operands))),
            _ => None,
        }
    }

    /// The expression for a node's value as an operand: a reference to a tensor or scalar, or a
    /// literal in place.
    pub fn operand(&self, id: NodeId) -> TokenStream {
        self.operand_at(id, Span::call_site())
    }

    /// [`operand`](Self::operand), spanned at `span` (a literal keeps its own span).
    fn operand_at(&self, id: NodeId, span: Span) -> TokenStream {
        match &self.graph.nodes[id].kind {
            Kind::Const { expr, inline: true, .. } => quote!(&(#expr)),
            _ => {
                let v = v(id);
                quote_spanned!(span=> __tt::operand(&#v))
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
                Kind::Const { expr, inline: false, binds } => {
                    // the local constants it names, as values of their own (`expr` may move them)
                    let lets = binds.iter().map(|(name, id)| match &self.graph.nodes[*id].kind {
                        Kind::Const { expr, inline: true, .. } => quote!(let #name = #expr;),
                        _ => {
                            let var = v(*id);
                            let source = if self.own { quote!(&#var) } else { quote!(#var) };
                            quote!(let #name = ::core::clone::Clone::clone(#source);)
                        }
                    });
                    let expr = if binds.is_empty() { expr.clone() } else { quote!({ #(#lets)* #expr }) };
                    if self.own { quote!((#expr)) } else { quote!(&(#expr)) }
                }
                Kind::Detach { x } if self.own => {
                    let x = o(*x);
                    quote!(::core::clone::Clone::clone(#x))
                }
                Kind::Detach { x } => o(*x),
                Kind::Rule { name, generics, operands } => {
                    let marker = r(id);
                    let generics = (!generics.is_empty()).then(|| quote!(<#(#generics),*>));
                    out.extend(quote_spanned! {span=>
                        let #marker = __tt::rule_of({
                            #[allow(
                                unused_imports,
                                clippy::wildcard_imports,
                                reason = "the rule types are found by the method's name, shadowing the stand-ins"
                            )]
                            use __tt::ops::rule_types::*;
                            ::core::marker::PhantomData::<#name #generics>
                        });
                    });
                    let args = self.args(id, operands);
                    quote_spanned!(span=> __tt::forward(#marker, #args))
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
        let t = |i: NodeId| self.tangent(i);
        let value = match &node.kind {
            Kind::Input | Kind::Const { .. } | Kind::Detach { .. } | Kind::Call { .. } => {
                return TokenStream::new();
            }
            Kind::Rule { operands, .. } => {
                let marker = r(id);
                let args = self.args(id, operands);
                // an operand the tangent rule may ignore must have a derivative
                let mut checks = TokenStream::new();
                for (i, &o) in operands.iter().enumerate() {
                    if self.graph.nodes[o].active {
                        let i = Literal::usize_unsuffixed(i);
                        checks.extend(
                            quote_spanned!(span=> __tt::differentiable_in::<#i, _, _>(#marker, &#args);),
                        );
                    }
                }
                let tangents = operands.iter().map(|&o| t(o));
                quote_spanned!(span=> { #checks __tt::tangent(#marker, #args, &#var, (#(#tangents,)*)) })
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
            match &node.kind {
                Kind::Input | Kind::Const { .. } | Kind::Detach { .. } => {}
                Kind::Rule { operands, .. } => {
                    let (marker, args) = (r(id), self.args(id, operands));
                    let y = match &self.output_value {
                        Some(value) if id == self.graph.output => value.clone(),
                        _ => quote!(&#var),
                    };
                    for (i, &a) in operands.iter().enumerate() {
                        if nodes[a].active {
                            let i = Literal::usize_unsuffixed(i);
                            add(
                                a,
                                quote_spanned!(span=> __tt::pullback::<#i, _, _>(#marker, #args, #y, &#gv)),
                                &mut out,
                            );
                        }
                    }
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
                    quote!(__tt::zero_tangent(__tt::operand(&#vi)))
                }
            })
            .collect();
        (out, grads)
    }
}
