//! The inline buffer of small tensors, of which only the tensor's own elements are written.
//!
//! A small tensor keeps its elements in a fixed array of 256 bytes (see `storage.rs`). Safe
//! Rust would have to initialise all of it, so a `Shape![2, 1]` tensor would write 254 unused
//! bytes each time it is made, and code returning small tensors spent most of its time on
//! that: the d2l loss gradient called through its closure took 21 ns with the array zeroed
//! and 11.6 ns without, against 9.5 ns for a hand-fused loop (`benches/autodiff.rs`,
//! `typed_tensor_grad_values`). Here the unused tail stays uninitialised, and the length of
//! the initialised prefix is stored with it, so that no safe use can read the tail.

use core::mem::MaybeUninit;
use core::num::NonZeroUsize;

use crate::element::Element;

/// Up to [`Element::INLINE_CAPACITY`] elements in place, of which the first `len` are
/// initialised.
///
/// `repr(C)` puts the length just before the elements, which start at offset 32: with the
/// elements first, `(5,3,4,1) + (3,1,1)` took 10.2 ns instead of 9.0 and a 4×4 product 12.4 ns
/// instead of 8.9 (the d2l gradient went the other way, 10.4 against 11.4 ns). The bytes
/// before the length (24 on 64-bit targets) are never written. With them between the length
/// and the elements, as padding, the compiler kept them with the elements: `zeros()` of a
/// 7 × 7 tensor was filled in a temporary and copied into place with a `memcpy` call, and `mm`
/// of two 7 × 7 matrices took 46.8 ns (42.0–44.8 with the length next to the elements;
/// `benches/matmul.rs`). The 32 is the alignment of `Element::Inline`; the assertion below
/// the struct checks that the length does end where the elements start.
#[derive(Clone, Copy)]
#[repr(C)]
pub(crate) struct InlineBuf<E: Element> {
    /// Fills the space before the length, so that the length ends where the elements start.
    _unused: MaybeUninit<[u8; 32 - core::mem::size_of::<NonZeroUsize>()]>,
    /// `len + 1`: never zero, which leaves `Buffer` (inline or boxed) at the size of this
    /// struct, its tag stored as a zero here.
    len_plus_one: NonZeroUsize,
    data: E::Inline,
}

// the length ends where the elements start, with no padding between them
const _: () = assert!(
    core::mem::offset_of!(InlineBuf<f32>, data)
        == core::mem::offset_of!(InlineBuf<f32>, len_plus_one) + core::mem::size_of::<NonZeroUsize>()
);

/// An inline array with nothing written yet.
///
/// Not an array of `MaybeUninit::uninit()`: that is a constant, which the compiler copies from
/// memory where it is used, and it does not drop the copy when the array goes straight into a
/// tensor that escapes (the `f32` 2 × 2 product then copied 240 bytes of it). This is no
/// instruction at all.
#[inline(always)]
// the lint cannot see through the associated type that it is an array of `MaybeUninit`
#[allow(clippy::uninit_assumed_init)]
fn uninit_data<E: Element>() -> E::Inline {
    // SAFETY: `E::Inline` is an array of `MaybeUninit<E>` and nothing else (see `Element`,
    // a sealed trait; element.rs), for which uninitialised bytes are a valid value.
    unsafe { MaybeUninit::<E::Inline>::uninit().assume_init() }
}

impl<E: Element> InlineBuf<E> {
    /// `n` elements, element `i` being `f(i)`, each written once.
    ///
    /// Panics if `n` exceeds the capacity (callers check `Buffer::fits_inline` first).
    #[inline(always)]
    pub(crate) fn from_fn(n: usize, mut f: impl FnMut(usize) -> E) -> Self {
        let mut data = uninit_data::<E>();
        for (i, x) in data.as_mut()[..n].iter_mut().enumerate() {
            x.write(f(i));
        }
        // `n + 1` does not overflow: `n` is at most the capacity, checked by the slicing above
        let len_plus_one = NonZeroUsize::MIN.saturating_add(n);
        InlineBuf { _unused: MaybeUninit::uninit(), len_plus_one, data }
    }

    /// `rows` rows of `W` elements computed `R` at a time, block `i` (rows `R·i` to
    /// `R·i + R − 1`) being `f(i)`, each element written once. Of the last block, only the rows
    /// before `rows` are written.
    ///
    /// Panics if `rows × W` exceeds the capacity (callers check `Buffer::fits_inline` first).
    #[inline(always)]
    pub(crate) fn from_blocks<const W: usize, const R: usize>(
        rows: usize,
        f: impl FnMut(usize) -> [[E; W]; R],
    ) -> Self {
        let mut buf = Self::empty();
        buf.fill_blocks(rows, f);
        buf
    }

    /// No elements.
    #[inline(always)]
    pub(crate) fn empty() -> Self {
        InlineBuf {
            _unused: MaybeUninit::uninit(),
            len_plus_one: NonZeroUsize::MIN,
            data: uninit_data::<E>(),
        }
    }

    /// Overwrites the buffer, where it is, with `rows` rows as [`InlineBuf::from_blocks`] makes
    /// them. Writing in place is what lets a result built out of line go straight into its
    /// final place (`ShapedBuffer::from_blocks_out_of_line`).
    ///
    /// Panics if `rows × W` exceeds the capacity, before writing anything.
    #[inline(always)]
    pub(crate) fn fill_blocks<const W: usize, const R: usize>(
        &mut self,
        rows: usize,
        mut f: impl FnMut(usize) -> [[E; W]; R],
    ) {
        // blocks of no rows would leave the elements unwritten
        const { assert!(R > 0, "a block holds at least one row") };
        // a product that overflows is beyond the capacity too, and panics in the slicing below
        let n = rows.saturating_mul(W);
        // until every element is written, the buffer holds none
        self.len_plus_one = NonZeroUsize::MIN;
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
        self.len_plus_one = NonZeroUsize::MIN.saturating_add(n);
    }

    /// The number of initialised elements.
    #[inline(always)]
    pub(crate) fn len(&self) -> usize {
        self.len_plus_one.get() - 1
    }

    /// The first `n` initialised elements, or `None` if fewer than `n` are initialised.
    ///
    /// An `Option` rather than a panic: a tensor's `ShapedBuffer` knows from the shape that
    /// the answer is `Some`, and says so to the compiler, which then drops the test
    /// (`sys/shaped.rs`).
    #[inline(always)]
    pub(crate) fn prefix(&self, n: usize) -> Option<&[E]> {
        if n > self.len() {
            return None;
        }
        // SAFETY: `from_fn` and `from_blocks`, the only constructors, initialised the first
        // `len` elements, of which these are the first `n`, and nothing makes them
        // uninitialised again (`prefix_mut` hands out `&mut [E]`, which can only be written
        // with values of `E`).
        // `MaybeUninit<E>` has the layout of `E`.
        Some(unsafe { core::slice::from_raw_parts(self.data.as_ref().as_ptr().cast::<E>(), n) })
    }

    /// The first `n` initialised elements, mutable, or `None` if fewer than `n` are
    /// initialised.
    #[inline(always)]
    pub(crate) fn prefix_mut(&mut self, n: usize) -> Option<&mut [E]> {
        if n > self.len() {
            return None;
        }
        // SAFETY: as in `prefix`; the slice borrows `self` mutably, so it is the only access.
        Some(unsafe { core::slice::from_raw_parts_mut(self.data.as_mut().as_mut_ptr().cast::<E>(), n) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_reads_the_prefix_only() {
        let a = InlineBuf::<f32>::from_fn(3, |i| [1.0, 2.0, 3.0][i]);
        assert_eq!(a.len(), 3);
        assert_eq!(a.prefix(3), Some(&[1.0, 2.0, 3.0][..]));
        let mut b = a; // a copy carries the uninitialised tail along without reading it
        b.prefix_mut(3).unwrap()[1] = 5.0;
        assert_eq!(b.prefix(3), Some(&[1.0, 5.0, 3.0][..]));
        assert_eq!(a.prefix(3), Some(&[1.0, 2.0, 3.0][..]));
        // never beyond the initialised prefix
        assert_eq!(a.prefix(4), None);
        assert!(b.prefix_mut(4).is_none());
    }

    #[test]
    fn every_length_up_to_the_capacity() {
        let z = InlineBuf::<i64>::from_fn(2, |_| 7);
        assert_eq!(z.prefix(2), Some(&[7, 7][..]));
        let e = InlineBuf::<bool>::from_fn(0, |_| true);
        assert_eq!(e.prefix(0).map(<[bool]>::len), Some(0));
        let full = InlineBuf::<bool>::from_fn(bool::INLINE_CAPACITY, |_| true);
        assert!(full.prefix(256).is_some_and(|p| p.iter().all(|&b| b)));
        let f = InlineBuf::<f64>::from_fn(f64::INLINE_CAPACITY, |i| i as f64);
        assert_eq!(f.prefix(32).map(|p| p[31]), Some(31.0));
    }

    #[test]
    fn rows_fill_the_prefix_in_order() {
        let a = InlineBuf::<f32>::from_blocks(3, |i| [[i as f32, 10.0 + i as f32]]);
        assert_eq!(a.len(), 6);
        assert_eq!(a.prefix(6), Some(&[0.0, 10.0, 1.0, 11.0, 2.0, 12.0][..]));
        assert_eq!(a.prefix(7), None);
        // rows of nothing, and no rows
        assert_eq!(InlineBuf::<i32>::from_blocks(5, |_| [[]]).len(), 0);
        assert_eq!(InlineBuf::<i32>::from_blocks::<4, 1>(0, |_| unreachable!()).len(), 0);
        let full = InlineBuf::<f64>::from_blocks(8, |i| [[i as f64; 4]]);
        assert_eq!(full.prefix(32).map(|p| p[31]), Some(7.0));
    }

    #[test]
    fn blocks_of_two_rows_write_only_the_rows_asked_for() {
        // block `i` holds rows 2i and 2i + 1; of the last block of 5 rows, only row 4
        let a = InlineBuf::<i32>::from_blocks(5, |i| [[2 * i as i32; 2], [2 * i as i32 + 1; 2]]);
        assert_eq!(a.len(), 10);
        assert_eq!(a.prefix(10), Some(&[0, 0, 1, 1, 2, 2, 3, 3, 4, 4][..]));
        let even = InlineBuf::<f32>::from_blocks(4, |i| [[i as f32], [10.0 + i as f32]]);
        assert_eq!(even.prefix(4), Some(&[0.0, 10.0, 1.0, 11.0][..]));
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
        assert_eq!(a.len(), 6);
        assert_eq!(a.prefix(6), Some(&[10.0, 10.0, 10.0, 11.0, 11.0, 11.0][..]));
        // fewer elements than before: the old ones past the new length are out of reach
        a.fill_blocks(1, |_| [[-1.0]]);
        assert_eq!(a.prefix(1), Some(&[-1.0][..]));
        assert_eq!(a.prefix(2), None);
        assert_eq!(InlineBuf::<i64>::empty().len(), 0);
    }

    #[test]
    fn a_fill_that_panics_leaves_no_elements() {
        let mut a = InlineBuf::<i32>::from_fn(4, |i| i as i32);
        let caught = std::panic::catch_unwind(core::panic::AssertUnwindSafe(|| {
            a.fill_blocks(3, |i| if i < 2 { [[7; 2]] } else { panic!("third row") })
        }));
        assert!(caught.is_err());
        assert_eq!(a.len(), 0);
        assert_eq!(a.prefix(1), None);
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
