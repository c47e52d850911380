//! Allocation of large buffers.

use super::{HUGE_PAGE_THRESHOLD, advise_huge_pages};

/// Below this many bytes a zero buffer is allocated and then cleared, not `calloc`ed.
///
/// glibc's `calloc` takes no chunk from the per-thread cache that `malloc` and `free` share
/// (chunks of up to 1 KiB), so a small zero buffer would go through the allocator's slow path
/// both ways, which costs more than a small product computed into it (the 9 × 9 `f32` result
/// of `mm`, 324 bytes). From glibc's threshold for mapping fresh pages (128 KiB) `calloc` is
/// better: those pages arrive zeroed and are never written.
const CALLOC_MIN: usize = 128 << 10;

/// A boxed slice of `n` copies of `value`, allocated with the exact length. Buffers of 4 MiB
/// and more ask for huge pages first (see `sys.rs`). A large zero buffer is a `calloc`, which
/// costs no writes: the pages arrive zeroed on first touch.
#[inline]
pub(crate) fn filled_box<E: Copy + PartialEq + Default>(n: usize, value: E) -> Box<[E]> {
    let bytes = n * core::mem::size_of::<E>();
    if bytes < CALLOC_MIN {
        // `malloc` and a fill, even for zeros (see `CALLOC_MIN`). The value is hidden from the
        // optimiser, which would otherwise turn an allocation filled with zeros into a
        // `calloc` again wherever this is inlined with a constant zero (`Tensor::zeros`).
        let mut v = Vec::with_capacity(n);
        v.resize(n, core::hint::black_box(value));
        return v.into_boxed_slice();
    }
    if bytes < HUGE_PAGE_THRESHOLD {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filled_boxes_hold_exactly_n_copies() {
        // below and above `CALLOC_MIN`, zero and not (Miri: only the small ones)
        let sizes: &[usize] =
            if cfg!(miri) { &[0, 1, 81] } else { &[0, 1, 81, (CALLOC_MIN / 4) - 1, CALLOC_MIN / 4] };
        for &n in sizes {
            for value in [0.0f32, -2.5] {
                let b = filled_box(n, value);
                assert_eq!(b.len(), n);
                assert!(b.iter().all(|&x| x == value), "{n} copies of {value}");
            }
        }
        let c = collect_box(5, |i| i as i64 * 3);
        assert_eq!(&*c, &[0, 3, 6, 9, 12]);
    }
}
