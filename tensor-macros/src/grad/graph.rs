//! The single-assignment form a differentiated body is flattened into.
//!
//! Every operation of the body becomes one [`Node`] whose operands are earlier nodes, so a
//! value used twice is one node with two users, and the reverse pass can add up both
//! contributions. A node is *active* when it depends on an input; only active nodes get
//! gradients or tangents.

use proc_macro2::{Ident, Span, TokenStream};

pub type NodeId = usize;

#[derive(Clone)]
pub enum Kind {
    /// A parameter of the closure or function; parameter `i` is node `i`.
    Input,
    /// A value that does not depend on the inputs: a literal (used in place, `inline`) or an
    /// expression over captured variables and the local constants `binds` (evaluated once;
    /// each local constant it names is bound to a clone of that constant's value under its
    /// own name, so the expression is used as written).
    Const { expr: TokenStream, inline: bool, binds: Vec<(Ident, NodeId)> },
    /// `x.detach()`: the value of `x`, cut off from gradients.
    Detach { x: NodeId },
    /// An operation differentiated by its rule type `ops::name<generics>` in
    /// `tensor_core::autodiff::ops`: a method call (the receiver is operand 0, the arguments
    /// follow) or an operator (`add sub mul div neg`). The macro knows no operation by name.
    Rule { name: Ident, generics: Vec<syn::GenericArgument>, operands: Vec<NodeId> },
    /// A call of a `#[differentiable]` function.
    Call { func: syn::Path, args: Vec<NodeId> },
}

#[derive(Clone)]
pub struct Node {
    pub kind: Kind,
    pub span: Span,
    pub active: bool,
}

impl Node {
    /// The nodes this node reads, in order (with repetition).
    pub fn operands(&self) -> Vec<NodeId> {
        match &self.kind {
            Kind::Input | Kind::Const { .. } => vec![],
            Kind::Detach { x } => vec![*x],
            Kind::Rule { operands, .. } => operands.clone(),
            Kind::Call { args, .. } => args.clone(),
        }
    }
}

#[derive(Clone, Default)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub output: NodeId,
}

impl Graph {
    pub fn push(&mut self, kind: Kind, span: Span) -> NodeId {
        let active = match &kind {
            Kind::Input => true,
            Kind::Const { .. } | Kind::Detach { .. } => false,
            _ => Node { kind: kind.clone(), span, active: false }
                .operands()
                .iter()
                .any(|&o| self.nodes[o].active),
        };
        self.nodes.push(Node { kind, span, active });
        self.nodes.len() - 1
    }

    /// The operands a gradient flows to from node `id`: its active operands, except through
    /// `detach`.
    pub fn gradient_operands(&self, id: NodeId) -> Vec<NodeId> {
        let node = &self.nodes[id];
        if !node.active || matches!(node.kind, Kind::Detach { .. }) {
            return vec![];
        }
        node.operands().into_iter().filter(|&o| self.nodes[o].active).collect()
    }

    /// The nodes a gradient reaches from the output.
    pub fn gradient_flow(&self) -> Vec<bool> {
        let mut flows = vec![false; self.nodes.len()];
        flows[self.output] = self.nodes[self.output].active;
        for id in (0..self.nodes.len()).rev() {
            if flows[id] {
                for o in self.gradient_operands(id) {
                    flows[o] = true;
                }
            }
        }
        flows
    }
}
