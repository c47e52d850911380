//! Where a tensor's elements live.
//!
//! A tensor of at most [`Element::INLINE_CAPACITY`] elements (256 bytes: 64 `f32`, 32 `f64`)
//! keeps them in an inline array, so creating one, or computing one from others, never
//! touches the heap: the d2l batch `Shape![10, 2]`, its weights and its loss all live on the
//! stack. Larger tensors keep a boxed slice, allocated once with the exact length, so even a
//! `Shape![256, 256, 256]` tensor never passes through the stack (a 4 MiB array on the stack
//! overflows a 2 MiB test thread, and `Box::new` of such an array does so in debug builds).
//!
//! Which of the two a tensor uses depends only on its shape and element type, both known at
//! compile time, so the choice costs nothing at run time: a tensor holds its buffer in a
//! `ShapedBuffer` (`sys/shaped.rs`), which checks once that the buffer is the one its shape
//! chooses and then reads and drops it without a test. Only the tensor's own elements of the
//! inline array are written (`sys/inline.rs`): a `Shape![2, 1]` tensor costs two stores, not
//! 256 bytes of them.

use crate::element::Element;

use crate::kernels::pages;
use crate::sys::InlineBuf;

pub(crate) enum Buffer<E: Element> {
    Inline(InlineBuf<E>),
    Heap(Box<[E]>),
}

impl<E: Element> Buffer<E> {
    /// Whether `n` elements fit inline.
    #[inline(always)]
    pub(crate) const fn fits_inline(n: usize) -> bool {
        n <= E::INLINE_CAPACITY
    }

    /// `n` copies of `value`.
    #[inline(always)]
    pub(crate) fn filled(n: usize, value: E) -> Self {
        if Self::fits_inline(n) {
            Buffer::Inline(InlineBuf::from_fn(n, |_| value))
        } else {
            Buffer::Heap(pages::filled_box(n, value))
        }
    }

    /// `n` elements, element `i` being `f(i)`.
    #[inline(always)]
    pub(crate) fn from_fn(n: usize, f: impl FnMut(usize) -> E) -> Self {
        if Self::fits_inline(n) {
            Buffer::Inline(InlineBuf::from_fn(n, f))
        } else {
            // written once, without zeroing first
            Buffer::Heap(pages::collect_box(n, f))
        }
    }

    /// `rows` rows of `W` elements computed `R` at a time, block `i` (rows `R·i` onwards)
    /// being `f(i)`, kept inline: each element is written once, so a result computed row by
    /// row (a small matrix product) needs no clearing first.
    ///
    /// Panics if `rows × W` elements do not fit inline (callers check [`Buffer::fits_inline`]).
    #[inline(always)]
    pub(crate) fn inline_from_blocks<const W: usize, const R: usize>(
        rows: usize,
        f: impl FnMut(usize) -> [[E; W]; R],
    ) -> Self {
        Buffer::Inline(InlineBuf::from_blocks(rows, f))
    }

    /// `n` elements made of the given rows of `width` elements each, one after the other
    /// (copied; callers pass a constant `width`, so each copy is inlined).
    #[inline(always)]
    pub(crate) fn from_rows<'a>(n: usize, width: usize, rows: impl Iterator<Item = &'a [E]>) -> Self
    where
        E: 'a,
    {
        if Self::fits_inline(n) {
            let mut elements = rows.flat_map(|r| r[..width].iter().copied());
            // the rows hold exactly `n` elements; a default would only fill a shortfall
            Buffer::Inline(InlineBuf::from_fn(n, |_| elements.next().unwrap_or_default()))
        } else {
            let mut v = Vec::with_capacity(n);
            for r in rows {
                v.extend_from_slice(&r[..width]);
            }
            Buffer::Heap(v.into_boxed_slice())
        }
    }

    /// Takes over a vector of exactly the right length (no copy for large tensors).
    pub(crate) fn from_vec(v: Vec<E>) -> Self {
        if Self::fits_inline(v.len()) { Self::from_slice(&v) } else { Buffer::Heap(v.into_boxed_slice()) }
    }

    /// Copies a slice.
    #[inline(always)]
    pub(crate) fn from_slice(s: &[E]) -> Self {
        if Self::fits_inline(s.len()) {
            Buffer::Inline(InlineBuf::from_fn(s.len(), |i| s[i]))
        } else {
            let mut b = pages::filled_box(s.len(), E::default());
            b.copy_from_slice(s);
            Buffer::Heap(b)
        }
    }

    /// An empty inline buffer (left behind where a buffer is moved out of a tensor).
    #[inline(always)]
    pub(crate) fn empty() -> Self {
        Buffer::Inline(InlineBuf::from_fn(0, |_| E::default()))
    }

    /// Whether this is the buffer of a tensor of `n` elements: in the variant that `n`
    /// chooses, as every constructor above does, and holding exactly `n` elements.
    #[inline(always)]
    pub(crate) fn holds(&self, n: usize) -> bool {
        match self {
            Buffer::Inline(a) => Self::fits_inline(n) && a.len() == n,
            Buffer::Heap(b) => !Self::fits_inline(n) && b.len() == n,
        }
    }
}
