//! Where a tensor's elements live: a buffer whose kind and length its shape decides.
//!
//! A tensor of at most [`Element::INLINE_CAPACITY`] elements (256 bytes: 64 `f32`, 32 `f64`)
//! keeps them in an inline array, so creating one, or computing one from others, never
//! touches the heap: the d2l batch `Shape![10, 2]`, its weights and its loss all live on the
//! stack. Only the tensor's own elements of that array are written (`sys/inline.rs`): a
//! `Shape![2, 1]` tensor costs two stores, not 256 bytes of them. Larger tensors keep a boxed
//! slice, allocated once with the exact length, so even a `Shape![256, 256, 256]` tensor never
//! passes through the stack (a 4 MiB array on the stack overflows a 2 MiB test thread, and
//! `Box::new` of such an array does so in debug builds).
//!
//! Which of the two a tensor uses, and how many elements it holds, depend only on its shape
//! and element type, both known at compile time, so neither is stored: the buffer is a union
//! of the two, and the shape says which one is there. A tagged buffer, an enum of the two with
//! the inline length as its tag, would cost a test of the variant and the length per operand
//! read and per tensor dropped, or at least a store of the tag for every tensor made: as much
//! as the arithmetic of the smallest products.
//!
//! The inline array is aligned to 16 bytes, as SSE loads want, not to 32 as AVX ones would:
//! any function that holds a 32-byte aligned value on its stack realigns the stack, four
//! instructions more in each, and the AVX2 loops load without requiring alignment anyway.

use core::marker::PhantomData;
use core::mem::{ManuallyDrop, MaybeUninit};

use super::pages;
use crate::element::Element;
use crate::shape::Shape;
use crate::sys::InlineBuf;

/// The elements inline, or a box of them: which one, the shape of the `ShapedBuffer` that
/// holds this says (`ShapedBuffer::INLINE`).
union Raw<E: Element> {
    inline: InlineBuf<E>,
    heap: ManuallyDrop<Box<[E]>>,
}

/// The buffer of a tensor of shape `S`: inline if `S::NUMEL` elements fit inline, boxed
/// otherwise, and holding exactly `S::NUMEL` initialised elements.
///
/// Every constructor below establishes that invariant, and nothing can change it afterwards:
/// the buffer is private to this module, and only its elements are handed out.
pub(crate) struct ShapedBuffer<E: Element, S: Shape> {
    /// `inline` when `INLINE`, with its first `S::NUMEL` elements written; `heap` otherwise,
    /// a box of exactly `S::NUMEL` elements.
    raw: Raw<E>,
    shape: PhantomData<S>,
}

impl<E: Element, S: Shape> ShapedBuffer<E, S> {
    /// Whether a tensor of shape `S` keeps its elements inline.
    pub(crate) const INLINE: bool = S::NUMEL <= E::INLINE_CAPACITY;

    /// An inline buffer whose first `S::NUMEL` elements are written: only for `INLINE`
    /// shapes (callers check).
    #[crate::hot]
    fn inline(buf: InlineBuf<E>) -> Self {
        ShapedBuffer { raw: Raw { inline: buf }, shape: PhantomData }
    }

    /// A boxed buffer. Panics if `S` keeps its elements inline or if the box holds another
    /// number of elements: a bug in this crate, never user input.
    #[crate::hot]
    fn boxed(b: Box<[E]>) -> Self {
        if Self::INLINE || b.len() != S::NUMEL {
            wrong_buffer(S::NUMEL);
        }
        ShapedBuffer { raw: Raw { heap: ManuallyDrop::new(b) }, shape: PhantomData }
    }

    /// Element `i` being `f(i)`, each written once.
    #[crate::hot]
    pub(crate) fn from_fn(f: impl FnMut(usize) -> E) -> Self {
        if Self::INLINE {
            Self::inline(InlineBuf::from_fn(S::NUMEL, f))
        } else {
            // written once, without zeroing first
            Self::boxed(pages::collect_box(S::NUMEL, f))
        }
    }

    /// Copies of `value`.
    #[crate::hot]
    pub(crate) fn filled(value: E) -> Self {
        if Self::INLINE {
            Self::inline(InlineBuf::from_fn(S::NUMEL, |_| value))
        } else {
            Self::boxed(pages::filled_box(S::NUMEL, value))
        }
    }

    /// A copy of `s`, each element written once. Panics if it does not hold `S::NUMEL`
    /// elements (callers check user input first).
    #[crate::hot]
    pub(crate) fn from_slice(s: &[E]) -> Self {
        if s.len() != S::NUMEL {
            wrong_buffer(S::NUMEL);
        }
        Self::from_fn(|i| s[i])
    }

    /// Takes over a vector (no copy for large tensors). Panics if it does not hold
    /// `S::NUMEL` elements (callers check user input first).
    pub(crate) fn from_vec(v: Vec<E>) -> Self {
        if Self::INLINE { Self::from_slice(&v) } else { Self::boxed(v.into_boxed_slice()) }
    }

    /// The given rows of `width` elements each, one after the other (copied; callers pass a
    /// constant `width`, so each copy is inlined). Panics unless they are `S::NUMEL` elements
    /// in all.
    #[crate::hot]
    pub(crate) fn from_rows<'a>(width: usize, rows: impl Iterator<Item = &'a [E]>) -> Self
    where
        E: 'a,
    {
        if Self::INLINE {
            let mut elements = rows.flat_map(|r| r[..width].iter().copied());
            let buf =
                InlineBuf::from_fn(S::NUMEL, |_| elements.next().unwrap_or_else(|| wrong_buffer(S::NUMEL)));
            // as many as `boxed` accepts below: neither fewer nor more
            if elements.next().is_some() {
                wrong_buffer(S::NUMEL);
            }
            Self::inline(buf)
        } else {
            let mut v = Vec::with_capacity(S::NUMEL);
            for r in rows {
                v.extend_from_slice(&r[..width]);
            }
            Self::boxed(v.into_boxed_slice())
        }
    }

    /// The number of rows of `W` elements in `S`, checked to make up all of it: a constant.
    /// Panics if `S` is not inline or not made of such rows.
    #[crate::hot]
    fn inline_rows<const W: usize>() -> usize {
        let rows = S::NUMEL.checked_div(W).unwrap_or(0);
        if !Self::INLINE || rows * W != S::NUMEL {
            wrong_buffer(S::NUMEL);
        }
        rows
    }

    /// Rows of `W` elements computed `R` at a time, block `i` (rows `R·i` onwards) being
    /// `f(i)` as in `InlineBuf::from_blocks`: each element is written once, so a result
    /// computed row by row (a small matrix product) needs no clearing first.
    ///
    /// Panics if `S` is too large to be inline (callers check `INLINE` first).
    #[crate::hot]
    pub(crate) fn from_blocks<const W: usize, const R: usize>(f: impl FnMut(usize) -> [[E; W]; R]) -> Self {
        Self::inline(InlineBuf::from_blocks(Self::inline_rows::<W>(), f))
    }

    /// The buffer of `from_blocks`, built by a call that writes it straight into the place it
    /// is returned to.
    ///
    /// Built where it is called, a result whose loop over the rows the compiler does not
    /// unroll (the rows of a 7 × 7 product) is written into a temporary and then copied into
    /// place with a `memcpy` call, whose wide reads wait for the narrow writes of the rows just
    /// before. The compiler removes that copy only when the temporary is filled by one call
    /// that is given its address (LLVM's call slot optimisation), hence this function and
    /// `write_blocks`.
    ///
    /// Panics if `S` is too large to be inline (callers check `INLINE` first).
    #[crate::hot]
    pub(crate) fn from_blocks_out_of_line<const W: usize, const R: usize, F>(f: F) -> Self
    where
        F: FnMut(usize) -> [[E; W]; R],
    {
        let mut slot = MaybeUninit::uninit();
        Self::write_blocks(&mut slot, f);
        // SAFETY: `write_blocks` returns only after writing a buffer into `slot` and all
        // `S::NUMEL` elements into that buffer (a panic on the way unwinds past this line).
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
        let rows = Self::inline_rows::<W>();
        // nothing is stored here: the inline array is uninitialised
        let s = slot.write(Self::inline(InlineBuf::uninit()));
        // SAFETY: `s` was made inline just above; `fill_blocks` writes its first `rows × W =
        // S::NUMEL` elements, which establishes the invariant before `s` is used as a tensor's.
        unsafe { s.raw.inline.fill_blocks(rows, f) };
    }

    /// The elements.
    #[crate::hot]
    pub(crate) fn as_slice(&self) -> &[E] {
        if Self::INLINE {
            // SAFETY: an `INLINE` buffer is `inline` with its first `S::NUMEL` elements written
            // (see the struct).
            unsafe { self.raw.inline.prefix(S::NUMEL) }
        } else {
            // SAFETY: otherwise it is `heap`, a box of `S::NUMEL` elements. Sliced to that
            // constant rather than to the box's stored length, which the compiler cannot see
            // and would then test indices against.
            unsafe { (*self.raw.heap).get_unchecked(..S::NUMEL) }
        }
    }

    /// The elements, mutable.
    #[crate::hot]
    pub(crate) fn as_mut_slice(&mut self) -> &mut [E] {
        if Self::INLINE {
            // SAFETY: as in `as_slice`. The slice borrows `self` mutably, and writing elements
            // through it changes neither the kind of buffer nor the elements written.
            unsafe { self.raw.inline.prefix_mut(S::NUMEL) }
        } else {
            // SAFETY: as in `as_slice`.
            unsafe { (*self.raw.heap).get_unchecked_mut(..S::NUMEL) }
        }
    }

    /// The union, taken out of `self` without dropping it.
    #[crate::hot]
    fn into_raw(self) -> Raw<E> {
        let this = ManuallyDrop::new(self);
        // SAFETY: `this` is never used or dropped again, so the union (and a box in it) has
        // one owner, the value returned.
        unsafe { core::ptr::read(&this.raw) }
    }

    /// The same elements as the buffer of a tensor of shape `T`, which has as many (a
    /// reshape). Panics otherwise; with `T` and `S` known, the test is a constant.
    #[crate::hot]
    pub(crate) fn into_shape<T: Shape>(self) -> ShapedBuffer<E, T> {
        if T::NUMEL != S::NUMEL {
            wrong_buffer(T::NUMEL);
        }
        // as many elements: the same kind of buffer, holding all of them
        ShapedBuffer { raw: self.into_raw(), shape: PhantomData }
    }

    /// The elements as a vector (moved for a boxed buffer, copied from an inline one).
    pub(crate) fn into_vec(self) -> Vec<E> {
        if Self::INLINE {
            return self.as_slice().to_vec();
        }
        let raw = self.into_raw();
        // SAFETY: not `INLINE`, so the union is `heap`, now owned by nobody else.
        let b = unsafe { ManuallyDrop::into_inner(raw.heap) };
        b.into_vec()
    }
}

impl<E: Element, S: Shape> Clone for ShapedBuffer<E, S> {
    #[crate::hot]
    fn clone(&self) -> Self {
        if Self::INLINE {
            // the elements only: copying the whole inline array (256 bytes, its unwritten tail
            // included) was a `memcpy` call even for a tensor of 15 elements
            Self::from_slice(self.as_slice())
        } else {
            Self::boxed(self.as_slice().into())
        }
    }
}

impl<E: Element, S: Shape> Drop for ShapedBuffer<E, S> {
    /// Frees a boxed buffer. A small tensor's buffer is inline and owns nothing, so dropping
    /// one costs nothing, not even a test.
    #[crate::hot]
    fn drop(&mut self) {
        if !Self::INLINE {
            // SAFETY: not `INLINE`, so the union is `heap`; it is dropped once, here.
            unsafe { ManuallyDrop::drop(&mut self.raw.heap) }
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
    fn nothing_but_the_elements_is_stored() {
        // no tag and no length: a small tensor is its inline array, a large one its box (and
        // the rest of the union)
        assert_eq!(core::mem::size_of::<ShapedBuffer<f32, Small>>(), 256);
        assert_eq!(core::mem::size_of::<ShapedBuffer<f64, Large>>(), 256);
        assert_eq!(core::mem::align_of::<ShapedBuffer<i32, Small>>(), 16);
    }

    #[test]
    fn reads_and_writes_the_elements() {
        let mut s = ShapedBuffer::<f32, Small>::from_fn(|i| i as f32);
        s.as_mut_slice()[5] = 50.0;
        assert_eq!(s.as_slice(), &[0.0, 1.0, 2.0, 3.0, 4.0, 50.0]);
        let mut l = ShapedBuffer::<f32, Large>::from_fn(|i| i as f32);
        l.as_mut_slice()[64] = -1.0;
        assert_eq!(l.as_slice().len(), 65);
        assert_eq!(l.as_slice()[63..], [63.0, -1.0]);
        assert_eq!(ShapedBuffer::<i64, Small>::filled(3).as_slice(), &[3; 6]);
        assert_eq!(ShapedBuffer::<f64, Large>::filled(0.5).as_slice(), &[0.5; 65]);
    }

    #[test]
    fn copies_slices_vectors_and_rows() {
        let v: Vec<i32> = (0..65).collect();
        assert_eq!(ShapedBuffer::<i32, Small>::from_slice(&v[..6]).as_slice(), &v[..6]);
        assert_eq!(ShapedBuffer::<i32, Large>::from_slice(&v).as_slice(), &v[..]);
        assert_eq!(ShapedBuffer::<i32, Small>::from_vec(v[..6].to_vec()).as_slice(), &v[..6]);
        assert_eq!(ShapedBuffer::<i32, Large>::from_vec(v.clone()).into_vec(), v);
        // rows of 4 of which the first 3 are taken
        let rows: Vec<[i32; 4]> = vec![[1, 2, 3, 0], [4, 5, 6, 0]];
        let s = ShapedBuffer::<i32, Small>::from_rows(3, rows.iter().map(|r| &r[..]));
        assert_eq!(s.as_slice(), &[1, 2, 3, 4, 5, 6]);
        let long: Vec<Vec<i32>> = (0..5).map(|r| (0..13).map(|j| r * 13 + j).collect()).collect();
        let l = ShapedBuffer::<i32, Large>::from_rows(13, long.iter().map(Vec::as_slice));
        assert_eq!(l.as_slice(), &v[..]);
    }

    #[test]
    fn clones_cast_and_unwrap() {
        let s = ShapedBuffer::<i32, Small>::from_fn(|i| i as i32);
        let mut c = s.clone();
        c.as_mut_slice()[0] = 9;
        assert_eq!(s.as_slice(), &[0, 1, 2, 3, 4, 5]);
        let t: ShapedBuffer<i32, crate::Shape![3, 2]> = c.into_shape();
        assert_eq!(t.as_slice(), &[9, 1, 2, 3, 4, 5]);
        assert_eq!(t.into_vec(), vec![9, 1, 2, 3, 4, 5]);
        // boxed buffers are cloned, cast and freed (Miri reports a leak or a double free)
        let l = ShapedBuffer::<f64, Large>::from_fn(|i| i as f64);
        let m: ShapedBuffer<f64, crate::Shape![65]> = l.clone().into_shape();
        drop(l);
        assert_eq!(m.as_slice()[64], 64.0);
        assert_eq!(m.into_vec().len(), 65);
    }

    #[test]
    fn rows_built_in_place_and_out_of_line() {
        let s = ShapedBuffer::<f32, crate::Shape![7, 7]>::from_blocks_out_of_line(|i| [[i as f32; 7]]);
        assert_eq!(s.as_slice().len(), 49);
        assert!(s.as_slice().chunks(7).enumerate().all(|(i, row)| row.iter().all(|&x| x == i as f32)));
        // two rows a block, of which the last block holds one
        let p = ShapedBuffer::<i32, crate::Shape![5, 2]>::from_blocks_out_of_line(|i| {
            [[2 * i as i32; 2], [2 * i as i32 + 1; 2]]
        });
        assert_eq!(p.as_slice(), &[0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
        let q = ShapedBuffer::<i32, crate::Shape![5, 2]>::from_blocks(|i| {
            [[2 * i as i32; 2], [2 * i as i32 + 1; 2]]
        });
        assert_eq!(q.as_slice(), p.as_slice());
        let none = ShapedBuffer::<f64, crate::Shape![3, 0]>::from_blocks_out_of_line(|_| [[0.0; 0]]);
        assert!(none.as_slice().is_empty());
    }

    #[test]
    #[should_panic(expected = "internal error")]
    fn rows_out_of_line_beyond_the_inline_capacity_panic() {
        let _ = ShapedBuffer::<f32, Large>::from_blocks_out_of_line(|_| [[0.0; 13]]);
    }

    #[test]
    #[should_panic(expected = "internal error")]
    fn rows_that_do_not_make_up_the_shape_panic() {
        let _ = ShapedBuffer::<f32, Small>::from_blocks(|_| [[0.0; 4]]);
    }

    #[test]
    #[should_panic(expected = "internal error")]
    fn a_slice_of_the_wrong_length_is_refused() {
        let _ = ShapedBuffer::<f32, Small>::from_slice(&[0.0; 5]);
    }

    #[test]
    #[should_panic(expected = "internal error")]
    fn a_vector_of_the_wrong_length_is_refused() {
        let _ = ShapedBuffer::<f32, Large>::from_vec(vec![0.0; 64]);
    }

    #[test]
    #[should_panic(expected = "internal error")]
    fn too_few_rows_are_refused() {
        let rows = [[1.0f32, 2.0, 3.0]];
        let _ = ShapedBuffer::<f32, Small>::from_rows(3, rows.iter().map(|r| &r[..]));
    }

    #[test]
    #[should_panic(expected = "internal error")]
    fn too_many_rows_are_refused() {
        let rows = [[1.0f32, 2.0, 3.0]; 3];
        let _ = ShapedBuffer::<f32, Small>::from_rows(3, rows.iter().map(|r| &r[..]));
    }

    #[test]
    #[should_panic(expected = "internal error")]
    fn another_shape_of_another_size_is_refused() {
        let s = ShapedBuffer::<f32, Small>::from_fn(|_| 0.0);
        let _: ShapedBuffer<f32, crate::Shape![7]> = s.into_shape();
    }
}
