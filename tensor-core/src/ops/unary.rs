//! Elementwise functions of one tensor.

use crate::element::{Element, Float, Num};
use crate::shape::Shape;
use crate::tensor::Tensor;

macro_rules! float_fn {
    ($(#[$doc:meta])* $name:ident, |$x:ident| $body:expr) => {
        $(#[$doc])*
        #[inline]
        pub fn $name(&self) -> Tensor<E, S>
        where
            E: Float,
        {
            self.map(|$x| $body)
        }
    };
}

impl<E: Element, S: Shape> Tensor<E, S> {
    float_fn!(
        /// `e^x` elementwise.
        ///
        /// ```
        /// use typed_tensor::prelude::*;
        /// assert_eq!(tensor!([0.0]).exp(), tensor!([1.0]));
        /// ```
        exp, |x| x.exp()
    );
    float_fn!(
        /// The natural logarithm elementwise (PyTorch's `log`).
        ///
        /// ```
        /// use typed_tensor::prelude::*;
        /// assert_eq!(tensor!([1.0]).ln(), tensor!([0.0]));
        /// ```
        ln, |x| x.ln()
    );
    float_fn!(
        /// `ln(1 + x)` elementwise, accurate also where `x` is tiny and `1 + x` would round
        /// to 1 (PyTorch's `log1p`).
        ///
        /// ```
        /// use typed_tensor::prelude::*;
        /// // PyTorch: torch.log1p(torch.tensor([0.0, 1e-10], dtype=torch.float64))
        /// let y = tensor!([0.0f64, 1e-10]).log1p();
        /// assert_eq!(y.at(s![0]), 0.0);
        /// assert!((y.at(s![1]) - 1e-10).abs() < 1e-20); // ln(1 + x) = x - x²/2 + ...
        /// // where ln(1 + x) has lost half its digits
        /// assert!(((1.0f64 + 1e-10).ln() - 1e-10).abs() > 1e-18);
        /// ```
        log1p, |x| x.ln_1p()
    );
    float_fn!(
        /// The square root elementwise.
        ///
        /// ```
        /// use typed_tensor::prelude::*;
        /// assert_eq!(tensor!([4.0, 9.0]).sqrt(), tensor!([2.0, 3.0]));
        /// ```
        sqrt, |x| x.sqrt()
    );
    float_fn!(
        /// The sine elementwise.
        ///
        /// ```
        /// use typed_tensor::prelude::*;
        /// assert_eq!(tensor!([0.0]).sin(), tensor!([0.0]));
        /// ```
        sin, |x| x.sin()
    );
    float_fn!(
        /// The cosine elementwise.
        ///
        /// ```
        /// use typed_tensor::prelude::*;
        /// assert_eq!(tensor!([0.0]).cos(), tensor!([1.0]));
        /// ```
        cos, |x| x.cos()
    );
    float_fn!(
        /// The hyperbolic tangent elementwise.
        ///
        /// ```
        /// use typed_tensor::prelude::*;
        /// assert_eq!(tensor!([0.0]).tanh(), tensor!([0.0]));
        /// ```
        tanh, |x| x.tanh()
    );
    float_fn!(
        /// The logistic sigmoid `1 / (1 + e^-x)` elementwise.
        ///
        /// ```
        /// use typed_tensor::prelude::*;
        /// assert_eq!(tensor!([0.0]).sigmoid(), tensor!([0.5]));
        /// ```
        sigmoid, |x| if x >= E::zero() {
            E::one() / (E::one() + (-x).exp())
        } else {
            let e = x.exp();
            e / (E::one() + e)
        }
    );
    float_fn!(
        /// `1 / x` elementwise.
        ///
        /// ```
        /// use typed_tensor::prelude::*;
        /// assert_eq!(tensor!([2.0, 4.0]).recip(), tensor!([0.5, 0.25]));
        /// ```
        recip, |x| x.recip()
    );
}

impl<E: Num, S: Shape> Tensor<E, S> {
    /// The absolute value elementwise.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// assert_eq!(tensor!([-3, 4]).abs(), tensor!([3, 4]));
    /// ```
    #[inline]
    pub fn abs(&self) -> Tensor<E, S> {
        self.map(|x| x.abs())
    }

    /// `max(x, 0)` elementwise, keeping NaN and `-0.0` as PyTorch's `relu` does.
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// assert_eq!(tensor!([-1.0, 2.0]).relu(), tensor!([0.0, 2.0]));
    /// assert!(tensor!([f64::NAN]).relu().at(s![0]).is_nan());
    /// ```
    #[inline]
    pub fn relu(&self) -> Tensor<E, S> {
        self.map(|x| if x < E::zero() { E::zero() } else { x })
    }

    /// The sign (-1, 0 or 1) elementwise; 0 for NaN and `-0.0` (PyTorch's `sign`).
    ///
    /// ```
    /// use typed_tensor::prelude::*;
    /// assert_eq!(tensor!([-2.0, 0.0, 3.0]).signum(), tensor!([-1.0, 0.0, 1.0]));
    /// ```
    #[inline]
    pub fn signum(&self) -> Tensor<E, S> {
        // `(0 < x) - (x < 0)`, as PyTorch: 0 for NaN and for -0.0
        self.map(|x| {
            if x > E::zero() {
                E::one()
            } else if x < E::zero() {
                -E::one()
            } else {
                E::zero()
            }
        })
    }
}
