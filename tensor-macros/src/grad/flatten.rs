//! Flattening a body into a [`Graph`]: each operation becomes a node, each name a node id.
//!
//! The macro sees tokens, not types, so it decides only structure: which names are inputs,
//! which are local `let` bindings, and which are captured from the surrounding code (those are
//! constants, as are literals and anything computed from constants alone). Everything it does
//! not understand is an error on the exact span, listing what is supported.

use std::collections::{HashMap, HashSet};

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::spanned::Spanned;
use syn::{Expr, Pat, Stmt};

use super::graph::{Graph, Kind, NodeId};

/// What may appear in a differentiated body, for error messages.
pub const SUPPORTED: &str = "supported inside `grad!`: `let` bindings, blocks, parentheses, \
     literals, `+ - * /` and unary `-` (with broadcasting, tensors and scalars on either side), \
     methods that have a derivative rule (the types of `typed_tensor::autodiff::ops`), `detach` \
     and `clone`, and calls of `#[differentiable]` functions; variables captured from outside \
     are constants";

pub struct Flattener {
    pub graph: Graph,
    scopes: Vec<HashMap<String, NodeId>>,
    captured: HashMap<String, NodeId>,
}

fn err(span: Span, what: &str) -> syn::Error {
    noted(span, &format!("{what} is not supported inside `grad!`"))
}

/// An error on `span` followed by the list of what is supported.
fn noted(span: Span, message: &str) -> syn::Error {
    syn::Error::new(span, format!("{message}\n= note: {SUPPORTED}"))
}

/// What to write instead of a PyTorch or numpy method name that has another spelling here (or
/// no derivative yet), for `x.name(args)` with `args` arguments.
fn spelled_otherwise(name: &str, args: usize) -> Option<String> {
    let say = |s: &str| Some(s.to_string());
    match (name, args) {
        ("log", _) => say("the natural logarithm is `ln` here (Rust's name): write `.ln()`"),
        ("log2" | "log10", _) => say(&format!(
            "write `.ln()` divided by ln {}: `x.ln() / std::f32::consts::LN_{}` (`f64::consts` for `f64` tensors)",
            &name[3..],
            &name[3..]
        )),
        ("pow", _) => say(
            "powers are `powi` (an integer exponent: `.powi(2)`) and `powf` (a float exponent: `.powf(0.5)`) here, as for Rust's floats",
        ),
        ("sum" | "mean", 1..) => say(&format!(
            "a reduction along an axis is `{name}_axis::<AXIS>()` here (the axis is part of the type): write `.{name}_axis::<1>()` for `.{name}(1)`"
        )),
        ("mul" | "add" | "sub" | "div", _) => {
            let op = match name {
                "mul" => "*",
                "add" => "+",
                "sub" => "-",
                _ => "/",
            };
            say(&format!("write the operator: `a {op} b` for `a.{name}(b)`"))
        }
        ("neg", _) => say("write unary minus: `-x`"),
        ("transpose" | "permute", _) => {
            say("the transpose of a matrix is `.t()` inside `grad!` (the only layout rule besides `reshape`)")
        }
        ("view", _) => say("write `.reshape::<Shape![..]>()`"),
        ("max" | "min" | "amax" | "amin" | "max_axis" | "min_axis" | "maximum" | "minimum" | "clamp", _) => {
            say(
                "maxima and minima have no derivative rule yet: compute them outside `grad!` (they are then constants), or write `relu` for max(x, 0)",
            )
        }
        _ => None,
    }
}

/// An integer literal as an operand of `+ - * /` in a differentiated body: the other operand is
/// a float tensor or scalar, and Rust does not convert `2` to `2.0`, so the compiler would only
/// say that no rule takes an integer. (Outside `grad!` the same `2 * x` fails as well.)
fn integer_operand(e: &Expr) -> syn::Result<()> {
    match e {
        Expr::Paren(p) => integer_operand(&p.expr),
        Expr::Group(g) => integer_operand(&g.expr),
        Expr::Unary(u) if matches!(u.op, syn::UnOp::Neg(_)) => integer_operand(&u.expr),
        Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(i), .. }) if i.suffix().is_empty() => {
            Err(syn::Error::new(
                i.span(),
                format!(
                    "write `{}.0`: the operands of `+ - * /` inside `grad!` are floats, and Rust does not turn an integer literal into one",
                    i.base10_digits()
                ),
            ))
        }
        _ => Ok(()),
    }
}

/// Whether a token stream mentions any of the names.
fn mentions(tokens: TokenStream, names: &HashSet<String>) -> bool {
    tokens.into_iter().any(|tt| match tt {
        TokenTree::Ident(i) => names.contains(&i.to_string()),
        TokenTree::Group(g) => mentions(g.stream(), names),
        _ => false,
    })
}

/// A literal, possibly negated or parenthesised, or arithmetic of such: used in place, so that
/// its type is inferred from where it is used, as in ordinary Rust.
fn is_literal(e: &Expr) -> bool {
    match e {
        Expr::Lit(_) => true,
        Expr::Paren(p) => is_literal(&p.expr),
        Expr::Group(g) => is_literal(&g.expr),
        Expr::Unary(u) => matches!(u.op, syn::UnOp::Neg(_)) && is_literal(&u.expr),
        Expr::Binary(b) => is_literal(&b.left) && is_literal(&b.right),
        _ => false,
    }
}

/// Removes `&`, parentheses and invisible groups around an operand.
fn strip(mut e: &Expr) -> &Expr {
    loop {
        e = match e {
            Expr::Reference(r) if r.mutability.is_none() => &r.expr,
            Expr::Paren(p) => &p.expr,
            Expr::Group(g) => &g.expr,
            _ => return e,
        }
    }
}

impl Flattener {
    /// A flattener whose inputs are the given parameter names, in order.
    pub fn new(params: &[String]) -> Self {
        let mut graph = Graph::default();
        let mut scope = HashMap::new();
        for name in params {
            let id = graph.push(Kind::Input, Span::call_site());
            scope.insert(name.clone(), id);
        }
        Flattener { graph, scopes: vec![scope], captured: HashMap::new() }
    }

    fn names(&self) -> HashSet<String> {
        self.scopes.iter().flat_map(|s| s.keys().cloned()).collect()
    }

    fn lookup(&self, name: &str) -> Option<NodeId> {
        self.scopes.iter().rev().find_map(|s| s.get(name).copied())
    }

    /// Flattens the whole body and records its value as the output.
    pub fn body(mut self, body: &Expr) -> syn::Result<Graph> {
        self.graph.output = self.expr(body)?;
        Ok(self.graph)
    }

    fn constant(&mut self, e: &Expr) -> NodeId {
        let inline = is_literal(e);
        // one binding per captured variable, however often it is used
        if let Expr::Path(p) = strip(e)
            && let Some(name) = p.path.get_ident().map(|i| i.to_string())
        {
            if let Some(&id) = self.captured.get(&name) {
                return id;
            }
            let id = self
                .graph
                .push(Kind::Const { expr: e.to_token_stream(), inline: false, binds: vec![] }, e.span());
            self.captured.insert(name, id);
            return id;
        }
        self.graph.push(Kind::Const { expr: e.to_token_stream(), inline, binds: vec![] }, e.span())
    }

    /// The names in scope bound to values that depend on the inputs (not to constants).
    fn active_names(&self) -> HashSet<String> {
        self.names()
            .into_iter()
            .filter(|n| {
                self.lookup(n).is_some_and(|id| !matches!(self.graph.nodes[id].kind, Kind::Const { .. }))
            })
            .collect()
    }

    /// The local constants that `tokens` names (each once, in order of first mention), with
    /// their nodes. A name that also appears as a method or field is bound all the same, which
    /// is harmless: `let` bindings do not change what a method or field name means.
    fn constants_named(&self, tokens: TokenStream, out: &mut Vec<(Ident, NodeId)>) {
        for tt in tokens {
            match tt {
                TokenTree::Ident(i) => {
                    if let Some(id) = self.lookup(&i.to_string())
                        && matches!(self.graph.nodes[id].kind, Kind::Const { .. })
                        && !out.iter().any(|(n, _)| *n == i)
                    {
                        out.push((i, id));
                    }
                }
                TokenTree::Group(g) => self.constants_named(g.stream(), out),
                _ => {}
            }
        }
    }

    fn expr(&mut self, e: &Expr) -> syn::Result<NodeId> {
        let e = strip(e);
        if let Expr::Path(p) = e
            && let Some(ident) = p.path.get_ident()
            && let Some(id) = self.lookup(&ident.to_string())
        {
            return Ok(id);
        }
        // anything that mentions no input and no local binding is a constant
        // (a macro over constants only, such as `tensor![...]`, is a constant too); so is
        // anything computed from local constants alone (`n as f32` after `let n = 4;`), with
        // those constants bound under their own names
        if !matches!(e, Expr::Block(_)) && !mentions(e.to_token_stream(), &self.active_names()) {
            if !mentions(e.to_token_stream(), &self.names()) {
                return Ok(self.constant(e));
            }
            let mut binds = Vec::new();
            self.constants_named(e.to_token_stream(), &mut binds);
            return Ok(self
                .graph
                .push(Kind::Const { expr: e.to_token_stream(), inline: false, binds }, e.span()));
        }
        match e {
            Expr::Binary(b) => {
                // the operators' rule types: `ops::add`, ...
                let op = match b.op {
                    syn::BinOp::Add(_) => "add",
                    syn::BinOp::Sub(_) => "sub",
                    syn::BinOp::Mul(_) => "mul",
                    syn::BinOp::Div(_) => "div",
                    other => {
                        return Err(err(
                            other.span(),
                            &format!("the operator `{}`", other.to_token_stream()),
                        ));
                    }
                };
                for side in [&b.left, &b.right] {
                    integer_operand(side)?;
                }
                let lhs = self.expr(&b.left)?;
                let rhs = self.expr(&b.right)?;
                let name = Ident::new(op, b.op.span());
                Ok(self
                    .graph
                    .push(Kind::Rule { name, generics: vec![], operands: vec![lhs, rhs] }, b.op.span()))
            }
            Expr::Unary(u) => match u.op {
                syn::UnOp::Neg(_) => {
                    let x = self.expr(&u.expr)?;
                    let name = Ident::new("neg", u.op.span());
                    Ok(self.graph.push(Kind::Rule { name, generics: vec![], operands: vec![x] }, u.span()))
                }
                other => Err(err(other.span(), &format!("the operator `{}`", other.to_token_stream()))),
            },
            Expr::MethodCall(m) => self.method(m),
            Expr::Call(c) => {
                let func = match &*c.func {
                    Expr::Path(p) => p.path.clone(),
                    other => return Err(err(other.span(), "calling this kind of expression")),
                };
                let args = c.args.iter().map(|a| self.expr(a)).collect::<syn::Result<Vec<_>>>()?;
                Ok(self.graph.push(Kind::Call { func, args }, c.func.span()))
            }
            Expr::Block(b) => {
                if let Some(label) = &b.label {
                    return Err(err(label.span(), "a labelled block"));
                }
                self.scopes.push(HashMap::new());
                let result = self.block(&b.block.stmts, b.span());
                self.scopes.pop();
                result
            }
            Expr::Macro(m) => Err(err(
                m.span(),
                &format!(
                    "the macro call `{}!` (the macro cannot see what it expands to)",
                    m.mac.path.to_token_stream()
                ),
            )),
            Expr::While(w) => Err(syn::Error::new(
                w.while_token.span(),
                format!(
                    "`while` loops are not supported inside `grad!`: reverse mode would need a record of \
                     unbounded length (JAX rejects reverse-mode `while_loop` for the same reason)\n= note: {SUPPORTED}"
                ),
            )),
            Expr::Loop(l) => Err(err(l.loop_token.span(), "`loop`")),
            Expr::ForLoop(f) => Err(err(f.for_token.span(), "a `for` loop")),
            Expr::If(i) => Err(err(i.if_token.span(), "`if`")),
            Expr::Match(m) => Err(err(m.match_token.span(), "`match`")),
            Expr::Closure(c) => Err(err(c.span(), "a closure")),
            Expr::Index(i) => Err(err(i.span(), "indexing")),
            Expr::Field(f) if matches!(&*f.base, Expr::Call(_)) => Err(syn::Error::new(
                f.span(),
                "a field of a call's result is not supported inside `grad!`: a function called here returns one \
                 tensor (`#[differentiable]`), and a closure made by `grad!` cannot be called here, since \
                 `grad!` cannot see its body (gradients of gradients are not supported yet); call the \
                 `#[differentiable] fn` it differentiates instead",
            )),
            Expr::Field(f) => Err(err(f.span(), "field access")),
            Expr::Assign(a) => Err(err(a.span(), "assignment")),
            Expr::Reference(r) => Err(err(r.span(), "a mutable reference")),
            Expr::Cast(c) => Err(err(
                c.as_token.span(),
                "`as` on a value computed from the inputs (casts of constants are fine; a tensor \
                 changes type with `.cast::<T>()`, outside the differentiated code)",
            )),
            Expr::Return(r) => Err(err(r.span(), "`return`")),
            Expr::Try(t) => Err(err(t.question_token.span(), "`?`")),
            other => Err(err(other.span(), "this expression")),
        }
    }

    fn block(&mut self, stmts: &[Stmt], span: Span) -> syn::Result<NodeId> {
        let mut result = None;
        for (i, stmt) in stmts.iter().enumerate() {
            let last = i + 1 == stmts.len();
            match stmt {
                Stmt::Local(local) => {
                    let name = match &local.pat {
                        Pat::Ident(p) if p.subpat.is_none() => p.ident.to_string(),
                        Pat::Type(t) => match &*t.pat {
                            Pat::Ident(p) if p.subpat.is_none() => p.ident.to_string(),
                            other => return Err(err(other.span(), "this pattern (bind one name per `let`)")),
                        },
                        other => return Err(err(other.span(), "this pattern (bind one name per `let`)")),
                    };
                    let init = match &local.init {
                        Some(init) if init.diverge.is_none() => &init.expr,
                        Some(init) => return Err(err(init.eq_token.span(), "`let ... else`")),
                        None => return Err(err(local.span(), "a `let` without a value")),
                    };
                    let id = self.expr(init)?;
                    // a constant's annotation is what gives it its type
                    // (`let x: Tensor<f32, Shape![4, 3]> = Tensor::ones();`): keep it
                    if let Pat::Type(t) = &local.pat
                        && let Kind::Const { expr, .. } = &mut self.graph.nodes[id].kind
                    {
                        let ty = &t.ty;
                        *expr = quote::quote!({ let __tt_typed: #ty = #expr; __tt_typed });
                    }
                    self.scopes.last_mut().expect("a scope is open").insert(name, id);
                }
                Stmt::Expr(e, None) if last => result = Some(self.expr(e)?),
                Stmt::Expr(e, _) => {
                    // report what is unsupported in it first (a `while` loop, say)
                    self.expr(e)?;
                    return Err(err(e.span(), "a statement without `let` (it would have no effect)"));
                }
                Stmt::Item(item) => return Err(err(item.span(), "an item definition")),
                Stmt::Macro(m) => return Err(err(m.span(), "a macro statement")),
            }
        }
        result.ok_or_else(|| noted(span, "the body must end with the expression to differentiate"))
    }

    /// A method call: `clone` and `detach` by the macro, every other method by its rule type
    /// (`x.m::<G>(a)` is `ops::m<G>` with operands `x, a`), which need not exist: a method
    /// without one is reported by the compiler, through the rule trait's message.
    fn method(&mut self, m: &syn::ExprMethodCall) -> syn::Result<NodeId> {
        let name = m.method.to_string();
        let span = m.method.span();
        let x = self.expr(&m.receiver)?;
        if name == "clone" || name == "detach" {
            if !m.args.is_empty() {
                return Err(err(m.args.span(), &format!("arguments to `{name}`")));
            }
            if let Some(t) = &m.turbofish {
                return Err(err(t.span(), &format!("generic arguments to `{name}`")));
            }
            return Ok(if name == "clone" { x } else { self.graph.push(Kind::Detach { x }, span) });
        }
        if let Some(instead) = spelled_otherwise(&name, m.args.len()) {
            return Err(syn::Error::new(span, format!("no method `{name}` inside `grad!`: {instead}")));
        }
        let generics = m.turbofish.iter().flat_map(|t| t.args.iter().cloned()).collect();
        let mut operands = vec![x];
        for a in &m.args {
            operands.push(self.expr(a)?);
        }
        Ok(self.graph.push(Kind::Rule { name: m.method.clone(), generics, operands }, span))
    }
}
