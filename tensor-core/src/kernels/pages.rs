//! Allocation of large buffers.

/// A boxed slice of `n` copies of `value`, allocated with the exact length. (`vec![0.0; n]`
/// is a `calloc`, so a zero-filled buffer costs no writes up front.)
#[inline]
pub(crate) fn filled_box<E: Copy>(n: usize, value: E) -> Box<[E]> {
    vec![value; n].into_boxed_slice()
}
