//! Allocation of large buffers.

use crate::sys::{HUGE_PAGE_THRESHOLD, advise_huge_pages};

/// A boxed slice of `n` copies of `value`, allocated with the exact length. Buffers of 4 MiB
/// and more ask for huge pages first (see `sys.rs`). A zero buffer is a `calloc`, which costs
/// no writes: the pages arrive zeroed on first touch.
#[inline]
pub(crate) fn filled_box<E: Copy + PartialEq + Default>(n: usize, value: E) -> Box<[E]> {
    if n * core::mem::size_of::<E>() < HUGE_PAGE_THRESHOLD {
        return vec![value; n].into_boxed_slice();
    }
    let mut v = if value == E::default() {
        // calloc: a fresh mapping, untouched, so the advice below still applies to every page
        vec![value; n]
    } else {
        Vec::with_capacity(n)
    };
    advise_huge_pages(&mut v);
    v.resize(n, value);
    v.into_boxed_slice()
}

/// A boxed slice of `n` elements, element `i` being `f(i)`, written once (no zeroing first).
#[inline]
pub(crate) fn collect_box<E>(n: usize, f: impl FnMut(usize) -> E) -> Box<[E]> {
    let mut v = Vec::with_capacity(n);
    advise_huge_pages(&mut v);
    v.extend((0..n).map(f));
    v.into_boxed_slice()
}
