//! Elementwise comparisons, giving tensors of `bool`, with broadcasting.
//!
//! The methods are named as in PyTorch (`eq`, `lt`, ...). `==` between two tensors of the same
//! type is whole-tensor equality (`PartialEq`), which is what `assert_eq!` needs.

use crate::element::{Element, Float, Num};
use crate::shape::{Broadcast, Shape};
use crate::tensor::Tensor;

macro_rules! compare {
    ($(#[$doc:meta])* $name:ident, $bound:ident, $op:tt) => {
        $(#[$doc])*
        #[inline]
        pub fn $name<SB: Shape>(&self, other: &Tensor<E, SB>) -> Tensor<bool, SA::Output>
        where
            SA: Broadcast<SB>,
            E: $bound,
        {
            self.zip_with(other, |x, y| x $op y)
        }
    };
}

impl<E: Element, SA: Shape> Tensor<E, SA> {
    compare!(
        /// `x == y` elementwise (seed: `x == y` gives a tensor of `True`/`False`).
        ///
        /// ```
        /// use typed_tensor::prelude::*;
        /// let x = tensor!([1.0, 2., 4., 8.]);
        /// let y = tensor!([2.0, 2., 2., 2.]);
        /// assert_eq!(x.eq(&y), tensor!([false, true, false, false]));
        /// ```
        eq, Element, ==
    );
    compare!(
        /// `x != y` elementwise.
        ///
        /// ```
        /// use typed_tensor::prelude::*;
        /// assert_eq!(tensor!([1, 2]).ne(&tensor!(2)), tensor!([true, false]));
        /// ```
        ne, Element, !=
    );
    compare!(
        /// `x < y` elementwise.
        ///
        /// ```
        /// use typed_tensor::prelude::*;
        /// assert_eq!(tensor!([1, 2]).lt(&tensor!(2)), tensor!([true, false]));
        /// ```
        lt, Num, <
    );
    compare!(
        /// `x <= y` elementwise.
        ///
        /// ```
        /// use typed_tensor::prelude::*;
        /// assert_eq!(tensor!([1, 2]).le(&tensor!(2)), tensor!([true, true]));
        /// ```
        le, Num, <=
    );
    compare!(
        /// `x > y` elementwise.
        ///
        /// ```
        /// use typed_tensor::prelude::*;
        /// assert_eq!(tensor!([1, 2]).gt(&tensor!(1)), tensor!([false, true]));
        /// ```
        gt, Num, >
    );
    compare!(
        /// `x >= y` elementwise.
        ///
        /// ```
        /// use typed_tensor::prelude::*;
        /// assert_eq!(tensor!([1, 2]).ge(&tensor!(2)), tensor!([false, true]));
        /// ```
        ge, Num, >=
    );
}

impl<S: Shape> Tensor<bool, S> {
    /// Whether every element is `true` (`true` for an empty tensor).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// assert!(tensor!([true, true]).all());
    /// ```
    pub fn all(&self) -> bool {
        self.as_slice().iter().all(|&b| b)
    }

    /// Whether some element is `true`.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// assert!(tensor!([false, true]).any());
    /// ```
    pub fn any(&self) -> bool {
        self.as_slice().iter().any(|&b| b)
    }
}

impl<E: Element, SA: Shape> Tensor<E, SA> {
    /// Whether `x == y`, or `|x - y|` is finite and `<= atol + rtol * |y|`, for every pair of
    /// elements, with broadcasting (PyTorch's `allclose`: equal infinities are close, other
    /// infinities and NaNs never are).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// assert!(tensor!([1.0, 2.0]).allclose(&tensor!([1.0, 2.0 + 1e-9]), 1e-5, 1e-8));
    /// // PyTorch: torch.allclose(torch.tensor([inf]), torch.tensor([inf])) -> True
    /// assert!(tensor!([f64::INFINITY]).allclose(&tensor!([f64::INFINITY]), 1e-5, 1e-8));
    /// assert!(!tensor!([f64::INFINITY]).allclose(&tensor!([f64::NEG_INFINITY]), 1e-5, 1e-8));
    /// assert!(!tensor!([f64::NAN]).allclose(&tensor!([f64::NAN]), 1e-5, 1e-8));
    /// assert!(!tensor!([1.0]).allclose(&tensor!([f64::INFINITY]), 1e-5, 1e-8));
    /// ```
    pub fn allclose<SB: Shape>(&self, other: &Tensor<E, SB>, rtol: E, atol: E) -> bool
    where
        E: Float,
        SA: Broadcast<SB>,
    {
        // PyTorch's isclose: equal, or a finite difference within the tolerance (an infinity
        // against anything else differs by an infinity, which no tolerance covers)
        self.zip_with(other, |x, y| {
            let d = (x - y).abs();
            x == y || (d.is_finite() && d <= atol + rtol * y.abs())
        })
        .all()
    }
}
