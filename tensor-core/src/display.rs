//! Printing tensors in PyTorch's layout.
//!
//! `Display` follows `torch._tensor_str`: the same choice between integer-valued (`1.`),
//! fixed (`1.5000`) and scientific (`1.0000e+08`) notation, the same column width for all
//! elements, one bracket level per axis, a blank line between matrices of a 3-d tensor,
//! summarising with `...` beyond 1000 elements, and PyTorch's `dtype=` suffix for the element
//! types that are not its defaults (`f64`, `i32`). A precision in the format string (`{:.2}`)
//! takes the place of PyTorch's default of 4 digits, as `torch.set_printoptions(precision=2)`
//! does.

use core::fmt;

use crate::element::{DisplayValue, Element};
use crate::shape::Shape;
use crate::tensor::Tensor;

const PRECISION: usize = 4;
const THRESHOLD: usize = 1000;
const EDGE_ITEMS: usize = 3;
const LINE_WIDTH: usize = 80;

/// How every element of one tensor is written.
struct Formatter {
    precision: usize,
    floating: bool,
    int_mode: bool,
    sci_mode: bool,
    width: usize,
}

fn sci(v: f64, precision: usize) -> String {
    // Python's `{:.4e}`: at least two exponent digits, with a sign.
    let s = format!("{v:.precision$e}");
    match s.split_once('e') {
        Some((mantissa, exp)) => {
            let (sign, digits) = match exp.strip_prefix('-') {
                Some(d) => ('-', d),
                None => ('+', exp),
            };
            format!("{mantissa}e{sign}{digits:0>2}")
        }
        None => s,
    }
}

fn non_finite(v: f64) -> Option<&'static str> {
    if v.is_nan() {
        Some("nan")
    } else if v == f64::INFINITY {
        Some("inf")
    } else if v == f64::NEG_INFINITY {
        Some("-inf")
    } else {
        None
    }
}

impl Formatter {
    fn new(values: &[DisplayValue], precision: usize) -> Self {
        let mut f = Formatter { precision, floating: false, int_mode: true, sci_mode: false, width: 1 };
        let floats: Vec<f64> = values
            .iter()
            .filter_map(|v| match v {
                DisplayValue::Float(x) => Some(*x),
                _ => None,
            })
            .collect();
        if floats.is_empty() && values.first().is_some_and(|v| !matches!(v, DisplayValue::Float(_))) {
            f.width = values.iter().map(|v| Self::plain(*v).len()).max().unwrap_or(1).max(1);
            return f;
        }
        f.floating = true;
        let nonzero: Vec<f64> = floats.into_iter().filter(|x| x.is_finite() && *x != 0.0).collect();
        if nonzero.is_empty() {
            return f;
        }
        let min = nonzero.iter().fold(f64::INFINITY, |m, x| m.min(x.abs()));
        let max = nonzero.iter().fold(0.0f64, |m, x| m.max(x.abs()));
        f.int_mode = nonzero.iter().all(|x| x.ceil() == *x);
        let widths: Box<dyn Fn(f64) -> usize> = if f.int_mode {
            if max / min > 1000.0 || max > 1.0e8 {
                f.sci_mode = true;
                Box::new(|x| sci(x, precision).len())
            } else {
                Box::new(|x| format!("{x:.0}").len() + 1)
            }
        } else if max / min > 1000.0 || max > 1.0e8 || min < 1.0e-4 {
            f.sci_mode = true;
            Box::new(|x| sci(x, precision).len())
        } else {
            Box::new(|x| format!("{x:.precision$}").len())
        };
        f.width = nonzero.iter().map(|&x| widths(x)).max().unwrap_or(1).max(1);
        f
    }

    fn plain(v: DisplayValue) -> String {
        match v {
            DisplayValue::Float(x) => format!("{x}"),
            DisplayValue::Int(i) => format!("{i}"),
            DisplayValue::Bool(true) => "True".to_string(),
            DisplayValue::Bool(false) => "False".to_string(),
        }
    }

    fn format(&self, v: DisplayValue) -> String {
        let s = match v {
            DisplayValue::Float(x) if self.floating => match non_finite(x) {
                Some(s) => s.to_string(),
                None if self.sci_mode => sci(x, self.precision),
                None if self.int_mode => format!("{x:.0}."),
                None => format!("{x:.precision$}", precision = self.precision),
            },
            other => Self::plain(other),
        };
        format!("{s:>width$}", width = self.width)
    }
}

/// The elements that will be shown: all of them, or the edges of each axis when summarising.
/// Only these are read and converted, so that printing a large tensor costs memory for what
/// it prints, not for the tensor.
fn shown<E: Element>(data: &[E], dims: &[usize], summarize: bool, out: &mut Vec<DisplayValue>) {
    match dims {
        [] => out.extend(data.iter().map(|v| v.display_value())),
        [n, rest @ ..] => {
            let inner: usize = rest.iter().product();
            let rows: Vec<usize> = if summarize && *n > 2 * EDGE_ITEMS {
                (0..EDGE_ITEMS).chain(n - EDGE_ITEMS..*n).collect()
            } else {
                (0..*n).collect()
            };
            for r in rows {
                shown(&data[r * inner..(r + 1) * inner], rest, summarize, out);
            }
        }
    }
}

fn nested<E: Element>(data: &[E], dims: &[usize], indent: usize, summarize: bool, fmt: &Formatter) -> String {
    match dims {
        [] => fmt.format(data[0].display_value()),
        [n] => {
            let element_length = fmt.width + 2;
            let per_line = (LINE_WIDTH.saturating_sub(indent) / element_length).max(1);
            let mut items: Vec<String> = Vec::new();
            if summarize && *n > 2 * EDGE_ITEMS {
                items.extend(data[..EDGE_ITEMS].iter().map(|v| fmt.format(v.display_value())));
                items.push(" ...".to_string());
                items.extend(data[n - EDGE_ITEMS..].iter().map(|v| fmt.format(v.display_value())));
            } else {
                items.extend(data.iter().map(|v| fmt.format(v.display_value())));
            }
            let lines: Vec<String> = items.chunks(per_line).map(|c| c.join(", ")).collect();
            format!("[{}]", lines.join(&format!(",\n{}", " ".repeat(indent + 1))))
        }
        [n, rest @ ..] => {
            let inner: usize = rest.iter().product();
            let row = |r: usize| nested(&data[r * inner..(r + 1) * inner], rest, indent + 1, summarize, fmt);
            let mut slices: Vec<String> = Vec::new();
            if summarize && *n > 2 * EDGE_ITEMS {
                slices.extend((0..EDGE_ITEMS).map(row));
                slices.push("...".to_string());
                slices.extend((n - EDGE_ITEMS..*n).map(row));
            } else {
                slices.extend((0..*n).map(row));
            }
            let sep = format!(",{}{}", "\n".repeat(dims.len() - 1), " ".repeat(indent + 1));
            format!("[{}]", slices.join(&sep))
        }
    }
}

fn dtype_suffix<E: Element>() -> &'static str {
    match E::DTYPE {
        "f64" => ", dtype=torch.float64",
        "i32" => ", dtype=torch.int32",
        _ => "",
    }
}

/// Writes elements of the given sizes in PyTorch's layout (shared by [`Tensor`] and
/// `DynTensor`).
pub(crate) fn write_tensor<E: Element>(
    f: &mut fmt::Formatter<'_>,
    dims: &[usize],
    elements: &[E],
) -> fmt::Result {
    let data = elements;
    let suffix = dtype_suffix::<E>();
    let numel: usize = dims.iter().product();
    if numel == 0 {
        if dims.len() == 1 {
            return write!(f, "tensor([]{suffix})");
        }
        let sizes: Vec<String> = dims.iter().map(|d| d.to_string()).collect();
        return write!(f, "tensor([], size=({}){suffix})", sizes.join(", "));
    }
    let summarize = numel > THRESHOLD;
    let mut visible = Vec::new();
    shown(data, dims, summarize, &mut visible);
    let formatter = Formatter::new(&visible, f.precision().unwrap_or(PRECISION));
    let body = nested(data, dims, "tensor(".len(), summarize, &formatter);
    write!(f, "tensor({body}{suffix})")
}

impl<E: Element, S: Shape> fmt::Display for Tensor<E, S> {
    /// PyTorch's layout:
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x: Tensor<f32, Shape![2, 3]> = Tensor::arange();
    /// assert_eq!(x.to_string(), "tensor([[0., 1., 2.],\n        [3., 4., 5.]])");
    /// let y = tensor!([1.5f32, -2.0]);
    /// assert_eq!(y.to_string(), "tensor([ 1.5000, -2.0000])");
    /// // torch.set_printoptions(precision=2)
    /// assert_eq!(format!("{y:.2}"), "tensor([ 1.50, -2.00])");
    /// assert_eq!(format!("{:.1}", tensor!([1e-6, 1.0])), "tensor([1.0e-06, 1.0e+00], dtype=torch.float64)");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_tensor(f, S::DIMS.as_ref(), self.as_slice())
    }
}

impl<E: Element, S: Shape> fmt::Debug for Tensor<E, S> {
    /// The `Display` form with the static shape and element type:
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// let x = tensor!([1, 2]);
    /// assert_eq!(format!("{x:?}"), "Tensor<i32, [2]> tensor([1, 2], dtype=torch.int32)");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tensor<{}, {:?}> {}", E::DTYPE, S::DIMS, self)
    }
}
