//! The inline buffer of small tensors, of which only the tensor's own elements are written.
//!
//! A small tensor keeps its elements in a fixed array of 256 bytes (see `sys/shaped.rs`). Safe
//! Rust would have to initialise all of it, so a `Shape![2, 1]` tensor would write 254 unused
//! bytes each time it is made, and code returning small tensors would spend most of its time
//! on that (the d2l loss gradient of `benches/autodiff.rs`, for one). Here the unused tail
//! stays uninitialised.
//!
//! The buffer does not record how many of its elements are initialised: the tensor that holds
//! it knows that from its shape (`ShapedBuffer`), and reading is `unsafe` here for that reason.
//! A recorded length would be one more store for every tensor made, beside the handful of
//! vector instructions of the smallest products (the `f32` 2 × 2).

use core::mem::MaybeUninit;

use crate::element::Element;

/// Up to [`Element::INLINE_CAPACITY`] elements in place, of which the holder knows how many
/// are initialised (the first `n`, for the `n` it wrote).
#[derive(Clone, Copy)]
#[repr(transparent)]
pub(crate) struct InlineBuf<E: Element> {
    data: E::Inline,
}

/// An inline array with nothing written yet.
///
/// Not an array of `MaybeUninit::uninit()`: that is a constant, which the compiler copies from
/// memory where it is used, and it does not drop the copy when the array goes straight into a
/// tensor that escapes (the `f32` 2 × 2 product then copied 240 bytes of it). This is no
/// instruction at all.
#[crate::hot]
// the lint cannot see through the associated type that it is an array of `MaybeUninit`
#[allow(clippy::uninit_assumed_init)]
fn uninit_data<E: Element>() -> E::Inline {
    // SAFETY: `E::Inline` is an array of `MaybeUninit<E>` and nothing else (see `Element`,
    // a sealed trait; element.rs), for which uninitialised bytes are a valid value.
    unsafe { MaybeUninit::<E::Inline>::uninit().assume_init() }
}

impl<E: Element> InlineBuf<E> {
    /// No element written.
    #[crate::hot]
    pub(crate) fn uninit() -> Self {
        InlineBuf { data: uninit_data::<E>() }
    }

    /// The first `n` elements written, element `i` being `f(i)`, each written once.
    ///
    /// Panics if `n` exceeds the capacity, before writing anything.
    #[crate::hot]
    pub(crate) fn from_fn(n: usize, mut f: impl FnMut(usize) -> E) -> Self {
        let mut data = uninit_data::<E>();
        for (i, x) in data.as_mut()[..n].iter_mut().enumerate() {
            x.write(f(i));
        }
        InlineBuf { data }
    }

    /// The first `rows × W` elements written: `rows` rows of `W` elements computed `R` at a
    /// time, block `i` (rows `R·i` to `R·i + R − 1`) being `f(i)`, each element written once.
    /// Of the last block, only the rows before `rows` are written.
    ///
    /// Panics if `rows × W` exceeds the capacity, before writing anything.
    #[crate::hot]
    pub(crate) fn from_blocks<const W: usize, const R: usize>(
        rows: usize,
        f: impl FnMut(usize) -> [[E; W]; R],
    ) -> Self {
        let mut buf = Self::uninit();
        buf.fill_blocks(rows, f);
        buf
    }

    /// Writes the first `rows × W` elements, where the buffer is, as [`InlineBuf::from_blocks`]
    /// does. Writing in place is what lets a result built out of line go straight into its
    /// final place (`ShapedBuffer::from_blocks_out_of_line`).
    ///
    /// Panics if `rows × W` exceeds the capacity, before writing anything.
    #[crate::hot]
    pub(crate) fn fill_blocks<const W: usize, const R: usize>(
        &mut self,
        rows: usize,
        mut f: impl FnMut(usize) -> [[E; W]; R],
    ) {
        // blocks of no rows would leave the elements unwritten
        const { assert!(R > 0, "a block holds at least one row") };
        // a product that overflows is beyond the capacity too, and panics in the slicing below
        let n = rows.saturating_mul(W);
        let dst = &mut self.data.as_mut()[..n];
        // all `n = rows × W` elements, block by block: row `i·R + r` is row `r` of block `i`
        for i in 0..rows.div_ceil(R) {
            let block = f(i);
            for (r, row) in block.iter().enumerate() {
                if i * R + r < rows {
                    for j in 0..W {
                        dst[(i * R + r) * W + j].write(row[j]);
                    }
                }
            }
        }
    }

    /// The first `n` elements.
    ///
    /// # Safety
    ///
    /// The first `n` elements must have been written (by `from_fn`, `from_blocks` or
    /// `fill_blocks`, or through `prefix_mut`) since the buffer was made, which also means that
    /// `n` is at most the capacity.
    #[crate::hot]
    pub(crate) unsafe fn prefix(&self, n: usize) -> &[E] {
        // SAFETY: the caller guarantees that the first `n` elements are initialised, and
        // nothing makes them uninitialised again (`prefix_mut` hands out `&mut [E]`, which can
        // only be written with values of `E`). `MaybeUninit<E>` has the layout of `E`.
        unsafe { core::slice::from_raw_parts(self.data.as_ref().as_ptr().cast::<E>(), n) }
    }

    /// The first `n` elements, mutable.
    ///
    /// # Safety
    ///
    /// As for [`InlineBuf::prefix`].
    #[crate::hot]
    pub(crate) unsafe fn prefix_mut(&mut self, n: usize) -> &mut [E] {
        // SAFETY: as in `prefix`; the slice borrows `self` mutably, so it is the only access.
        unsafe { core::slice::from_raw_parts_mut(self.data.as_mut().as_mut_ptr().cast::<E>(), n) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_reads_the_prefix() {
        let a = InlineBuf::<f32>::from_fn(3, |i| [1.0, 2.0, 3.0][i]);
        // SAFETY (all reads in these tests): the elements read were written just before
        assert_eq!(unsafe { a.prefix(3) }, &[1.0, 2.0, 3.0]);
        let mut b = a; // a copy carries the uninitialised tail along without reading it
        let p = unsafe { b.prefix_mut(3) };
        p[1] = 5.0;
        assert_eq!(unsafe { b.prefix(3) }, &[1.0, 5.0, 3.0]);
        assert_eq!(unsafe { a.prefix(3) }, &[1.0, 2.0, 3.0]);
    }

    #[test]
    fn every_length_up_to_the_capacity() {
        let z = InlineBuf::<i64>::from_fn(2, |_| 7);
        assert_eq!(unsafe { z.prefix(2) }, &[7, 7]);
        let e = InlineBuf::<bool>::from_fn(0, |_| true);
        assert!(unsafe { e.prefix(0) }.is_empty());
        let full = InlineBuf::<bool>::from_fn(bool::INLINE_CAPACITY, |_| true);
        assert!(unsafe { full.prefix(256) }.iter().all(|&b| b));
        let f = InlineBuf::<f64>::from_fn(f64::INLINE_CAPACITY, |i| i as f64);
        assert_eq!(unsafe { f.prefix(32) }[31], 31.0);
    }

    #[test]
    fn rows_fill_the_prefix_in_order() {
        let a = InlineBuf::<f32>::from_blocks(3, |i| [[i as f32, 10.0 + i as f32]]);
        assert_eq!(unsafe { a.prefix(6) }, &[0.0, 10.0, 1.0, 11.0, 2.0, 12.0]);
        // rows of nothing, and no rows: `f` is called for the former only
        let mut calls = 0;
        let _ = InlineBuf::<i32>::from_blocks(5, |_| {
            calls += 1;
            [[]]
        });
        assert_eq!(calls, 5);
        let _ = InlineBuf::<i32>::from_blocks::<4, 1>(0, |_| unreachable!());
        let full = InlineBuf::<f64>::from_blocks(8, |i| [[i as f64; 4]]);
        assert_eq!(unsafe { full.prefix(32) }[31], 7.0);
    }

    #[test]
    fn blocks_of_two_rows_write_only_the_rows_asked_for() {
        // block `i` holds rows 2i and 2i + 1; of the last block of 5 rows, only row 4
        let a = InlineBuf::<i32>::from_blocks(5, |i| [[2 * i as i32; 2], [2 * i as i32 + 1; 2]]);
        assert_eq!(unsafe { a.prefix(10) }, &[0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
        let even = InlineBuf::<f32>::from_blocks(4, |i| [[i as f32], [10.0 + i as f32]]);
        assert_eq!(unsafe { even.prefix(4) }, &[0.0, 10.0, 1.0, 11.0]);
        let mut calls = 0;
        let _ = InlineBuf::<i64>::from_blocks(3, |_| {
            calls += 1;
            [[1; 3]; 2]
        });
        assert_eq!(calls, 2);
    }

    #[test]
    fn filling_in_place_replaces_the_elements() {
        let mut a = InlineBuf::<f32>::from_fn(5, |i| i as f32);
        a.fill_blocks(2, |i| [[10.0 + i as f32; 3]]);
        assert_eq!(unsafe { a.prefix(6) }, &[10.0, 10.0, 10.0, 11.0, 11.0, 11.0]);
    }

    #[test]
    #[should_panic]
    fn rows_beyond_capacity_panic() {
        let _ = InlineBuf::<f32>::from_blocks(17, |_| [[0.0; 4]]);
    }

    #[test]
    #[should_panic]
    fn beyond_capacity_panics() {
        let _ = InlineBuf::<f32>::from_fn(f32::INLINE_CAPACITY + 1, |_| 0.0);
    }
}
