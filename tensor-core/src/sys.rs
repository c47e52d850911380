//! The only module with `unsafe` code: requests to the operating system and to the CPU that
//! safe Rust cannot make. Each use is justified by a benchmark in `benches/`, and the test suite
//! runs this module under Miri (`cargo +nightly miri test -p tensor-core sys`), where the
//! system calls themselves are skipped (Miri cannot execute foreign functions) and the
//! surrounding arithmetic on addresses and sizes is checked.
//!
//! - [`advise_huge_pages`]: a fresh 64 MiB result costs 16 384 page faults with 4 KiB pages
//!   (29 ms for `256×256×256 + 256`, against 4.8 ms for the same loop into an existing
//!   buffer); asking for transparent huge pages first, as numpy does for arrays of 4 MiB and
//!   more, brings it to 7.5 ms (`benches/broadcast.rs`, `typed_tensor_alloc`).
#![allow(unsafe_code)]

/// Allocations of at least this many bytes ask for huge pages (numpy's threshold).
pub(crate) const HUGE_PAGE_THRESHOLD: usize = 1 << 22;

/// Asks the kernel to back the pages of `buf`'s allocation with transparent huge pages, before
/// they are first touched. A hint only: where it is refused or unsupported, nothing changes.
#[inline]
pub(crate) fn advise_huge_pages<E>(buf: &mut Vec<E>) {
    let bytes = buf.capacity() * core::mem::size_of::<E>();
    if bytes < HUGE_PAGE_THRESHOLD || cfg!(miri) {
        return;
    }
    #[cfg(all(target_os = "linux", not(miri)))]
    {
        const PAGE: usize = 4096;
        let start = buf.as_mut_ptr() as usize;
        let aligned = (start + PAGE - 1) & !(PAGE - 1);
        let len = (start + bytes).saturating_sub(aligned) & !(PAGE - 1);
        if len > 0 {
            // SAFETY: `aligned..aligned + len` lies inside the allocation owned by `buf` (it is
            // `buf`'s capacity rounded inwards to page boundaries), and MADV_HUGEPAGE only
            // changes how the kernel backs those pages, never their contents or validity.
            // The return value is ignored on purpose: failure leaves ordinary pages.
            unsafe {
                libc::madvise(aligned as *mut libc::c_void, len, libc::MADV_HUGEPAGE);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advice_keeps_contents() {
        // 8 MiB: above the threshold (Miri skips the system call, and a smaller size keeps it quick)
        let n: u32 = if cfg!(miri) { 1 << 12 } else { 2 << 20 };
        let mut v: Vec<u32> = Vec::with_capacity(n as usize);
        advise_huge_pages(&mut v);
        v.extend(0..n);
        assert_eq!(v[12345], 12345);
        let mut small = vec![1u8; 10];
        advise_huge_pages(&mut small);
        assert_eq!(small, vec![1u8; 10]);
    }
}
