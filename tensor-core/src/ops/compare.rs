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
    /// Whether `|x - y| <= atol + rtol * |y|` for every pair of elements, with broadcasting
    /// (PyTorch's `allclose`; NaNs are never close).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// assert!(tensor!([1.0, 2.0]).allclose(&tensor!([1.0, 2.0 + 1e-9]), 1e-5, 1e-8));
    /// ```
    pub fn allclose<SB: Shape>(&self, other: &Tensor<E, SB>, rtol: E, atol: E) -> bool
    where
        E: Float,
        SA: Broadcast<SB>,
    {
        self.zip_with(other, |x, y| (x - y).abs() <= atol + rtol * y.abs()).all()
    }
}
