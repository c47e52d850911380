//! What you can do with a tensor, beyond creating it. Every operation is a method of
//! [`Tensor`](crate::Tensor) (or an operator), checked against the shapes by the compiler;
//! each submodule holds one family, with PyTorch's name beside ours in its documentation.
//!
//! | to ... | write | module |
//! |---|---|---|
//! | add, subtract, multiply, divide, with numpy broadcasting | `&x + &y`, `2.0 * &x`, `x += &y`, `x.pow(&y)`, `x.powi(2)` | [`arith`] |
//! | do integer arithmetic that reports overflow or division by zero | `x.try_div(&y)?`, `x.checked_add(&y)`, `x.wrapping_mul(&y)` | [`checked`] |
//! | apply a function to every element | `x.exp()`, `x.ln()`, `x.sqrt()`, `x.tanh()`, `x.relu()`, `x.map(f)` | [`unary`] |
//! | compare elementwise | `x.lt(&y)`, `x.eq(&y)`, `x.allclose(&y, ..)`, `x == y` (whole tensors) | [`compare`] |
//! | sum, average, find maxima | `x.sum()`, `x.mean_axis::<0>()`, `x.max()`, `x.argmax_axis::<1>()`, `x.sum_axes::<Axes![0, 2]>()` | [`reduce`] |
//! | accumulate along an axis | `x.cumsum::<0>()`, `x.cumprod::<1>()` | [`cumulative`] |
//! | multiply matrices and vectors | `a.dot(&b)`, `a.mv(&x)`, `a.mm(&b)`, `a.matmul(&b)` (batched, broadcast) | [`matmul`] |
//! | take norms, solve systems, invert | `x.norm()`, `a.solve(&b)?`, `a.inverse()?`, `x.lstsq(&y)?` | [`linalg`] |
//! | change the shape, add or drop size-1 axes, broadcast | `x.reshape::<Shape![3, _]>()`, `x.unsqueeze::<0>()`, `x.squeeze::<1>()`, `x.broadcast_to::<S>()` | [`reshape`] |
//! | reorder axes | `a.t()`, `x.transpose::<0, 2>()`, `x.permute::<Axes![2, 0, 1]>()` | [`transpose`] |
//! | join tensors | `(&x, &y).cat::<0>()`, `[&x, &y].stack::<1>()` | [`concat`](mod@concat) |
//! | read and write parts | `x.slice(s![1.., ..;2])`, `x.at(s![1, 2])`, `x.set(..)`, `x.get([i, j])`, `x.index_select::<0, _>([0, 2])?` | [`index`] |
//!
//! Inside `grad!`, the operations with a derivative rule are differentiated (the list is in
//! [`autodiff::ops`](crate::autodiff::ops)).

pub mod arith;
pub mod checked;
pub mod compare;
pub mod concat;
pub mod cumulative;
pub mod index;
pub mod linalg;
pub mod matmul;
pub mod reduce;
pub mod reshape;
pub mod transpose;
pub mod unary;
