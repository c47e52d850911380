//! A tensor's buffer, known from the tensor's shape to hold exactly its elements.
//!
//! A [`Buffer`] is inline or boxed, and an inline one knows how many of its elements are
//! initialised. Read as a plain `Buffer`, a tensor's elements cost one test of the variant and
//! the length per operand, and dropping a tensor costs a test for a box to free. Both are
//! decided by the shape alone: here they are checked once, when the buffer is wrapped, and
//! then trusted. In a loop of `f32` 2 × 2 products each test was a measurable part of the
//! product (BENCHMARKS.md, "Tensor buffers checked once").

use core::marker::PhantomData;
use core::mem::{ManuallyDrop, MaybeUninit};

use crate::element::Element;
use crate::shape::Shape;
use crate::storage::Buffer;
use crate::sys::InlineBuf;

/// The buffer of a tensor of shape `S`: inline if `S::NUMEL` elements fit inline, boxed
/// otherwise, and holding exactly `S::NUMEL` initialised elements.
///
/// That invariant is checked by [`ShapedBuffer::new`], the only way to make one from a
/// `Buffer`. Nothing can change it afterwards: the buffer is private to this module, and only
/// its elements are handed out.
pub(crate) struct ShapedBuffer<E: Element, S: Shape> {
    /// Dropped by hand (see `Drop` below): an inline buffer owns nothing to free.
    buf: ManuallyDrop<Buffer<E>>,
    shape: PhantomData<S>,
}

impl<E: Element, S: Shape> ShapedBuffer<E, S> {
    /// Whether a tensor of shape `S` keeps its elements inline.
    const INLINE: bool = Buffer::<E>::fits_inline(S::NUMEL);

    /// Wraps a buffer of `S::NUMEL` elements.
    ///
    /// Panics if the buffer holds another number of elements or is in the other variant: a
    /// bug in this crate, never user input. The test is free where the buffer was just built
    /// from a constant length, as every constructor does.
    #[inline(always)]
    pub(crate) fn new(buf: Buffer<E>) -> Self {
        if !buf.holds(S::NUMEL) {
            wrong_buffer(S::NUMEL);
        }
        ShapedBuffer { buf: ManuallyDrop::new(buf), shape: PhantomData }
    }

    /// The buffer of rows of `W` elements computed `R` at a time, block `i` (rows `R·i`
    /// onwards) being `f(i)` as in `InlineBuf::from_blocks`, built by a call that writes it
    /// straight into the place it is returned to.
    ///
    /// Built where it is called, a result whose loop over the rows the compiler does not
    /// unroll (the rows of a 7 × 7 product) is written into a temporary and then copied into
    /// place with a `memcpy` call, whose wide reads wait for the narrow writes of the rows just
    /// before: the 7 × 7 `f32` product took 38 ns, against 27 ns into an existing tensor. The
    /// compiler removes that copy only when the temporary is filled by one call that is given
    /// its address (LLVM's call slot optimisation), hence this function and `write_blocks`.
    ///
    /// Panics if `S` is too large to be inline (callers check `Buffer::fits_inline` first).
    #[inline(always)]
    pub(crate) fn from_blocks_out_of_line<const W: usize, const R: usize, F>(f: F) -> Self
    where
        F: FnMut(usize) -> [[E; W]; R],
    {
        let mut slot = MaybeUninit::uninit();
        Self::write_blocks(&mut slot, f);
        // SAFETY: `write_blocks` returns only after `slot.write`, its first statement, has
        // initialised `slot` (a panic after it unwinds past this line).
        unsafe { slot.assume_init() }
    }

    /// Writes the buffer of `from_blocks_out_of_line` into `slot`: the call that the compiler
    /// directs at the final place. The number of rows comes from `S`, so that it is a constant
    /// here, where the caller's values are not.
    #[inline(never)]
    fn write_blocks<const W: usize, const R: usize, F>(slot: &mut MaybeUninit<Self>, f: F)
    where
        F: FnMut(usize) -> [[E; W]; R],
    {
        let rows = S::NUMEL.checked_div(W).unwrap_or(0);
        let empty = Buffer::Inline(InlineBuf::empty());
        let s = slot.write(ShapedBuffer { buf: ManuallyDrop::new(empty), shape: PhantomData });
        if let Buffer::Inline(b) = &mut *s.buf {
            b.fill_blocks(rows, f);
        }
        // constant: `S::NUMEL` elements are inline exactly when `new` would accept them
        if !s.buf.holds(S::NUMEL) {
            wrong_buffer(S::NUMEL);
        }
    }

    /// The elements.
    #[inline(always)]
    pub(crate) fn as_slice(&self) -> &[E] {
        let n = S::NUMEL;
        let s = match &*self.buf {
            Buffer::Inline(a) if Self::INLINE => a.prefix(n),
            Buffer::Heap(b) if !Self::INLINE => b.get(..n),
            _ => None,
        };
        // SAFETY: `new` checked that the buffer is in the variant `S` chooses and holds `n`
        // elements, and nothing has changed either since (see the struct), so `s` is `Some`.
        unsafe { s.unwrap_unchecked() }
    }

    /// The elements, mutable.
    #[inline(always)]
    pub(crate) fn as_mut_slice(&mut self) -> &mut [E] {
        let n = S::NUMEL;
        let s = match &mut *self.buf {
            Buffer::Inline(a) if Self::INLINE => a.prefix_mut(n),
            Buffer::Heap(b) if !Self::INLINE => b.get_mut(..n),
            _ => None,
        };
        // SAFETY: as in `as_slice`. The slice borrows `self` mutably, and writing elements
        // through it changes neither the variant nor the length.
        unsafe { s.unwrap_unchecked() }
    }

    /// The same elements as the buffer of a tensor of shape `T`, which has as many (a
    /// reshape). Panics otherwise; with `T` and `S` known, the test is a constant.
    #[inline(always)]
    pub(crate) fn into_shape<T: Shape>(self) -> ShapedBuffer<E, T> {
        if T::NUMEL != S::NUMEL {
            wrong_buffer(T::NUMEL);
        }
        // the same number of elements: the same variant and length, so no test of the buffer
        ShapedBuffer { buf: ManuallyDrop::new(self.into_buffer()), shape: PhantomData }
    }

    /// The elements as a vector (moved for a boxed buffer, copied from an inline one).
    pub(crate) fn into_vec(self) -> Vec<E> {
        if Self::INLINE {
            return self.as_slice().to_vec();
        }
        match self.into_buffer() {
            Buffer::Heap(b) => b.into_vec(),
            Buffer::Inline(_) => wrong_buffer(S::NUMEL),
        }
    }

    /// The buffer, unwrapped.
    #[inline(always)]
    pub(crate) fn into_buffer(mut self) -> Buffer<E> {
        // an empty inline buffer is left behind, for `drop` to find nothing to free
        core::mem::replace(&mut *self.buf, Buffer::empty())
    }
}

impl<E: Element, S: Shape> Clone for ShapedBuffer<E, S> {
    #[inline(always)]
    fn clone(&self) -> Self {
        let buf = match &*self.buf {
            Buffer::Inline(a) => Buffer::Inline(*a),
            Buffer::Heap(b) => Buffer::Heap(b.clone()),
        };
        // a copy of the same variant and length
        ShapedBuffer { buf: ManuallyDrop::new(buf), shape: PhantomData }
    }
}

impl<E: Element, S: Shape> Drop for ShapedBuffer<E, S> {
    /// Frees a boxed buffer. A small tensor's buffer is inline (see `new`) and owns nothing,
    /// so dropping one costs nothing, not even a test of the variant.
    #[inline(always)]
    fn drop(&mut self) {
        if !Self::INLINE {
            drop(core::mem::replace(&mut *self.buf, Buffer::empty()));
        }
    }
}

/// A buffer that does not hold a tensor's elements: a bug in this crate, never user input.
#[cold]
#[inline(never)]
fn wrong_buffer(n: usize) -> ! {
    panic!("typed-tensor internal error: a tensor of {n} elements was given a buffer of another size")
}

#[cfg(test)]
mod tests {
    use super::*;

    type Small = crate::Shape![2, 3];
    /// 65 `f32`: one more than fits inline
    type Large = crate::Shape![5, 13];

    #[test]
    fn reads_and_writes_the_elements() {
        let mut s = ShapedBuffer::<f32, Small>::new(Buffer::from_fn(6, |i| i as f32));
        s.as_mut_slice()[5] = 50.0;
        assert_eq!(s.as_slice(), &[0.0, 1.0, 2.0, 3.0, 4.0, 50.0]);
        let mut l = ShapedBuffer::<f32, Large>::new(Buffer::from_fn(65, |i| i as f32));
        l.as_mut_slice()[64] = -1.0;
        assert_eq!(l.as_slice().len(), 65);
        assert_eq!(l.as_slice()[63..], [63.0, -1.0]);
    }

    #[test]
    fn clones_cast_and_unwrap() {
        let s = ShapedBuffer::<i32, Small>::new(Buffer::from_fn(6, |i| i as i32));
        let mut c = s.clone();
        c.as_mut_slice()[0] = 9;
        assert_eq!(s.as_slice(), &[0, 1, 2, 3, 4, 5]);
        let t: ShapedBuffer<i32, crate::Shape![3, 2]> = c.into_shape();
        assert_eq!(t.as_slice(), &[9, 1, 2, 3, 4, 5]);
        assert_eq!(t.into_vec(), vec![9, 1, 2, 3, 4, 5]);
        // boxed buffers are cloned, cast and freed (Miri reports a leak or a double free)
        let l = ShapedBuffer::<f64, Large>::new(Buffer::from_fn(65, |i| i as f64));
        let m: ShapedBuffer<f64, crate::Shape![65]> = l.clone().into_shape();
        drop(l);
        assert_eq!(m.as_slice()[64], 64.0);
        assert_eq!(m.into_vec().len(), 65);
    }

    #[test]
    fn rows_built_out_of_line() {
        let s = ShapedBuffer::<f32, crate::Shape![7, 7]>::from_blocks_out_of_line(|i| [[i as f32; 7]]);
        assert_eq!(s.as_slice().len(), 49);
        assert!(s.as_slice().chunks(7).enumerate().all(|(i, row)| row.iter().all(|&x| x == i as f32)));
        // two rows a block, of which the last block holds one
        let p = ShapedBuffer::<i32, crate::Shape![5, 2]>::from_blocks_out_of_line(|i| {
            [[2 * i as i32; 2], [2 * i as i32 + 1; 2]]
        });
        assert_eq!(p.as_slice(), &[0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
        let none = ShapedBuffer::<f64, crate::Shape![3, 0]>::from_blocks_out_of_line(|_| [[0.0; 0]]);
        assert!(none.as_slice().is_empty());
    }

    #[test]
    #[should_panic]
    fn rows_out_of_line_beyond_the_inline_capacity_panic() {
        let _ = ShapedBuffer::<f32, Large>::from_blocks_out_of_line(|_| [[0.0; 13]]);
    }

    #[test]
    #[should_panic(expected = "internal error")]
    fn a_buffer_of_the_wrong_length_is_refused() {
        let _ = ShapedBuffer::<f32, Small>::new(Buffer::from_fn(5, |_| 0.0));
    }

    #[test]
    #[should_panic(expected = "internal error")]
    fn a_buffer_of_the_wrong_variant_is_refused() {
        // six elements in a box, where a tensor of six keeps them inline
        let boxed = Buffer::Heap(vec![0.0f32; 6].into_boxed_slice());
        let _ = ShapedBuffer::<f32, Small>::new(boxed);
    }

    #[test]
    #[should_panic(expected = "internal error")]
    fn another_shape_of_another_size_is_refused() {
        let s = ShapedBuffer::<f32, Small>::new(Buffer::from_fn(6, |_| 0.0));
        let _: ShapedBuffer<f32, crate::Shape![7]> = s.into_shape();
    }
}
