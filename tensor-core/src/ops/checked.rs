//! Integer arithmetic that cannot panic: `try_add`, `try_sub`, `try_mul`, `try_div` (an error
//! naming the position), their `checked_` forms (an `Option`, as `i32::checked_add`), and
//! `wrapping_add`, `wrapping_sub`, `wrapping_mul`.
//!
//! The operators `+ - * /` follow Rust's convention for integers: an overflow panics in debug
//! builds and wraps around in release builds, and a division by zero (or `MIN / -1`) panics in
//! every build (PyTorch raises "ZeroDivisionError" for the latter). Floating-point elements
//! never fail: the forms here give the operators' results for them.

use core::sync::atomic::{AtomicBool, Ordering};

use crate::element::Num;
use crate::error::ArithmeticError;
use crate::shape::{Broadcast, Shape};
use crate::tensor::Tensor;

/// `f` over `a` and `b` broadcast together, or the first position where it has no result.
fn try_zip<E: Num, SA: Broadcast<SB>, SB: Shape>(
    a: &Tensor<E, SA>,
    b: &Tensor<E, SB>,
    op: char,
    f: fn(E, E) -> Option<E>,
) -> Result<Tensor<E, SA::Output>, ArithmeticError> {
    let failed = AtomicBool::new(false);
    let out = a.zip_with(b, |x, y| {
        f(x, y).unwrap_or_else(|| {
            failed.store(true, Ordering::Relaxed);
            E::zero()
        })
    });
    if !failed.into_inner() {
        return Ok(out);
    }
    // the error path: find the first failure and its operands, broadcast as the result is
    let at = a.zip_with(b, |x, y| f(x, y).is_none()).as_slice().iter().position(|&bad| bad).unwrap_or(0);
    let lhs = a.zip_with(b, |x, _| x).as_slice()[at].to_i64().unwrap_or(0);
    let rhs = a.zip_with(b, |_, y| y).as_slice()[at].to_i64().unwrap_or(0);
    let mut index = vec![0; <SA::Output as Shape>::RANK];
    let mut rest = at;
    for (i, &d) in index.iter_mut().zip(<SA::Output as Shape>::DIMS.as_ref()).rev() {
        (*i, rest) = (rest % d, rest / d);
    }
    Err(if op == '/' && rhs == 0 {
        ArithmeticError::DivisionByZero { index, lhs }
    } else {
        ArithmeticError::Overflow { index, op, lhs, rhs, dtype: E::DTYPE }
    })
}

macro_rules! checked {
    ($try:ident, $checked:ident, $elem:ident, $op:literal, $example:literal, $error:literal) => {
        #[doc = concat!("`self ", $op, " other` with broadcasting, or an error naming the first position")]
        #[doc = "where an integer result does not exist (see [`ArithmeticError`]); the operator panics"]
        #[doc = "there instead. For floats it is the operator."]
        #[doc = ""]
        #[doc = "```"]
        #[doc = "use typed_tensor::prelude::*;"]
        #[doc = concat!("let err = ", $example, ".unwrap_err();")]
        #[doc = concat!("assert_eq!(err.to_string(), \"", $error, "\");")]
        #[doc = "```"]
        pub fn $try<SB: Shape>(&self, other: &Tensor<E, SB>) -> Result<Tensor<E, SA::Output>, ArithmeticError>
        where
            SA: Broadcast<SB>,
        {
            try_zip(self, other, $op.chars().next().unwrap_or('?'), E::$elem)
        }

        #[doc = concat!("[`Tensor::", stringify!($try), "`] as an `Option`, as `i32::", stringify!($checked), "`.")]
        #[doc = ""]
        #[doc = "```"]
        #[doc = "use typed_tensor::prelude::*;"]
        #[doc = concat!("assert_eq!(tensor!([6, 8]).", stringify!($checked), "(&tensor!(2)).is_some(), true);")]
        #[doc = "```"]
        pub fn $checked<SB: Shape>(&self, other: &Tensor<E, SB>) -> Option<Tensor<E, SA::Output>>
        where
            SA: Broadcast<SB>,
        {
            self.$try(other).ok()
        }
    };
}

macro_rules! wrapping {
    ($name:ident, $elem:ident, $op:literal, $example:literal) => {
        #[doc = concat!("`self ", $op, " other` with broadcasting, wrapping around on integer overflow in")]
        #[doc = "every build (PyTorch's integer arithmetic wraps). For floats it is the operator."]
        #[doc = ""]
        #[doc = "```"]
        #[doc = "use typed_tensor::prelude::*;"]
        #[doc = $example]
        #[doc = "```"]
        pub fn $name<SB: Shape>(&self, other: &Tensor<E, SB>) -> Tensor<E, SA::Output>
        where
            SA: Broadcast<SB>,
        {
            self.zip_with(other, E::$elem)
        }
    };
}

impl<E: Num, SA: Shape> Tensor<E, SA> {
    checked!(
        try_add,
        checked_add,
        checked_add_elem,
        "+",
        "tensor!([1, i32::MAX]).try_add(&tensor!(1))",
        "integer overflow at index [1]: 2147483647 + 1 does not fit in i32"
    );
    checked!(
        try_sub,
        checked_sub,
        checked_sub_elem,
        "-",
        "tensor!([[0], [i32::MIN]]).try_sub(&tensor!([1]))",
        "integer overflow at index [1, 0]: -2147483648 - 1 does not fit in i32"
    );
    checked!(
        try_mul,
        checked_mul,
        checked_mul_elem,
        "*",
        "tensor!([i64::MAX]).try_mul(&tensor!([2i64]))",
        "integer overflow at index [0]: 9223372036854775807 * 2 does not fit in i64"
    );
    checked!(
        try_div,
        checked_div,
        checked_div_elem,
        "/",
        "tensor!([1, 2]).try_div(&tensor!([1, 0]))",
        "integer division by zero at index [1] (2 / 0)"
    );
    wrapping!(
        wrapping_add,
        wrapping_add_elem,
        "+",
        "assert_eq!(tensor!([i32::MAX]).wrapping_add(&tensor!(1)), tensor!([i32::MIN]));"
    );
    wrapping!(
        wrapping_sub,
        wrapping_sub_elem,
        "-",
        "assert_eq!(tensor!([i32::MIN]).wrapping_sub(&tensor!(1)), tensor!([i32::MAX]));"
    );
    wrapping!(
        wrapping_mul,
        wrapping_mul_elem,
        "*",
        "assert_eq!(tensor!([1 << 30]).wrapping_mul(&tensor!(4)), tensor!([0]));"
    );
}
