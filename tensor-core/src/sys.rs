//! The only module with `unsafe` code: requests to the operating system and to the CPU that
//! safe Rust cannot make. Each use is justified by a benchmark in `benches/` (the measurements
//! are in `docs/benchmark-history.md`), and the test suite runs this module under Miri
//! (`cargo +nightly miri test -p tensor-core sys`), where the system calls themselves are
//! skipped (Miri cannot execute foreign functions) and the surrounding arithmetic on addresses
//! and sizes is checked.
//!
//! - [`InlineBuf`] (`sys/inline.rs`): the inline buffer of small tensors, whose unused tail is
//!   left uninitialised; zeroing it would dominate the cost of code that returns small tensors
//!   (the d2l loss gradient).
//! - [`ShapedBuffer`] (`sys/shaped.rs`): a tensor's buffer, inline or boxed as its shape
//!   decides, with neither that choice nor the length stored or tested at run time: those
//!   tests and stores cost as much as the arithmetic of the smallest products. Its
//!   `from_blocks_out_of_line` builds a small product's result straight into the place it is
//!   returned to, sparing a copy from a temporary.
//! - [`advise_huge_pages`]: a fresh 64 MiB result costs 16 384 page faults with 4 KiB pages,
//!   several times the work of the loop that fills it (`256×256×256 + 256`); asking for
//!   transparent huge pages first, as numpy does for arrays of 4 MiB and more, spares most of
//!   that (`benches/broadcast.rs`, `typed_tensor_alloc`).
//! - [`gemm_large`] and [`gemm_large_fresh`]: `gemm`'s f32 and f64 kernels (the `gemm-f32` and
//!   `gemm-f64` crates), whose interface takes raw pointers and strides. The fresh form hands `gemm` an uncleared result to write, sparing
//!   a pass over the whole result before the product.
//! - [`with_simd`]: calls a loop compiled for AVX2 and FMA once the CPU is known to have them.
#![allow(unsafe_code)]

mod inline;
mod pages;
mod shaped;

use core::any::TypeId;
pub(crate) use inline::InlineBuf;
pub(crate) use shaped::ShapedBuffer;

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
        assert_eq!(v[n as usize / 3], n / 3);
        let mut small = vec![1u8; 10];
        advise_huge_pages(&mut small);
        assert_eq!(small, vec![1u8; 10]);
    }
}

/// Threads that large operations may use (0: all of rayon's).
static THREADS: core::sync::atomic::AtomicUsize = core::sync::atomic::AtomicUsize::new(0);

/// Sets how many threads large matrix products, large elementwise operations and large sums
/// use (PyTorch's `torch.set_num_threads`); 0 means all available cores, which is the default,
/// and 1 keeps everything on the calling thread. Results do not depend on it: a large sum is
/// split the same way on one thread as on two.
///
/// ```
/// typed_tensor::set_num_threads(1);
/// typed_tensor::set_num_threads(0);
/// ```
pub fn set_num_threads(n: usize) {
    THREADS.store(n, core::sync::atomic::Ordering::Relaxed);
}

/// The number of threads set by [`set_num_threads`] (0: all).
pub(crate) fn threads() -> usize {
    THREADS.load(core::sync::atomic::Ordering::Relaxed)
}

/// Runs two closures, on two threads of rayon's pool, or one after the other on the calling
/// thread under `set_num_threads(1)`.
pub(crate) fn join<A: FnOnce() + Send, B: FnOnce() + Send>(a: A, b: B) {
    if threads() == 1 {
        a();
        b();
    } else {
        rayon::join(a, b);
    }
}

/// A matrix in a slice: element `(i, j)` is at `i * rs + j * cs`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct MatRef<'a, E> {
    pub data: &'a [E],
    pub rs: usize,
    pub cs: usize,
}

impl<E> MatRef<'_, E> {
    /// Whether every element of an `rows × cols` matrix lies inside `data`.
    fn covers(&self, rows: usize, cols: usize) -> bool {
        rows == 0 || cols == 0 || (rows - 1) * self.rs + (cols - 1) * self.cs < self.data.len()
    }
}

/// `out (n×m, row-major) = a (n×k) · b (k×m)`, or `+=` when `accumulate`, with `gemm`'s
/// kernels, for `f32` and `f64`.
///
/// `gemm` rather than `matrixmultiply`: it is the faster of the two at n = 256 and 1024 on one
/// core (AVX-512 kernels picked at run time; `benches/matmul.rs` runs both); its interface
/// takes raw pointers and strides, hence this wrapper. Overwriting (`read_dst = false`) spares
/// reading the output.
pub(crate) fn gemm_large<E: 'static + Copy>(
    nkm: [usize; 3],
    a: MatRef<'_, E>,
    b: MatRef<'_, E>,
    out: &mut [E],
    one: E,
    accumulate: bool,
) {
    let [n, _, m] = nkm;
    assert!(out.len() >= n * m, "matrix product output out of bounds");
    // SAFETY: `out` holds the n·m elements, initialised, and is borrowed mutably, so it overlaps
    // neither input.
    unsafe { gemm_raw(nkm, a, b, out.as_mut_ptr(), one, accumulate) }
}

/// `a (n×k) · b (k×m)` as a fresh row-major vector of n·m elements, with `gemm`'s kernels, for
/// `f32` and `f64`. The vector is never cleared: `gemm` writes every element of its output
/// before it reads any (it reads none with `read_dst = false`). Clearing it first would be one
/// more pass over the whole result (256 KiB for a 256 × 256 `f32` product).
pub(crate) fn gemm_large_fresh<E: 'static + Copy>(
    nkm: [usize; 3],
    a: MatRef<'_, E>,
    b: MatRef<'_, E>,
    one: E,
) -> Vec<E> {
    let [n, _, m] = nkm;
    let len = n.checked_mul(m).expect("matrix product output too large");
    let mut v = Vec::with_capacity(len);
    advise_huge_pages(&mut v);
    // SAFETY: `v` has room for the n·m elements, and is fresh, so it overlaps neither input;
    // with `accumulate = false` they are only written.
    unsafe { gemm_raw(nkm, a, b, v.as_mut_ptr(), one, false) };
    // SAFETY: `gemm_raw` wrote all n·m elements (see its contract); the capacity is n·m.
    unsafe { v.set_len(len) };
    v
}

/// `gemm`'s product, `out = a · b` (every element written, none read first) or,
/// when `accumulate`, `out += a · b`.
///
/// # Safety
///
/// `out` must be valid for writes of n·m elements and overlap neither `a` nor `b`; when
/// `accumulate`, its elements must be initialised. `E` must be `f32` or `f64`.
unsafe fn gemm_raw<E: 'static + Copy>(
    [n, k, m]: [usize; 3],
    a: MatRef<'_, E>,
    b: MatRef<'_, E>,
    out: *mut E,
    one: E,
    accumulate: bool,
) {
    assert!(a.covers(n, k) && b.covers(k, m), "matrix views out of bounds");
    if n == 0 || m == 0 {
        return;
    }
    let threads = THREADS.load(core::sync::atomic::Ordering::Relaxed);
    let parallelism = if n * k * m >= 1 << 21 && threads != 1 {
        gemm_common::Parallelism::Rayon(threads)
    } else {
        gemm_common::Parallelism::None
    };
    let isz = |x: usize| x as isize;
    // The kernels prefer a column-major destination, so the row-major product is computed as
    // its transpose, outᵀ = bᵀ·aᵀ: the same memory seen with rows and columns swapped (what
    // the `gemm` crate's front end, which we do not depend on, does for a row-major
    // destination).
    let (rows, cols) = (m, n);
    let (dst_cs, dst_rs) = (isz(m), 1);
    let (lhs, lhs_cs, lhs_rs) = (b.data.as_ptr(), isz(b.rs), isz(b.cs));
    let (rhs, rhs_cs, rhs_rs) = (a.data.as_ptr(), isz(a.rs), isz(a.cs));
    // SAFETY: the assertion above guarantees that every element the product reads
    // ((i, p) of `a` at i*rs + p*cs for i < n, p < k; likewise for `b`) lies inside the borrowed
    // slices, and the caller that the n×m row-major output is writable and apart from them;
    // the transposed view reads and writes exactly the same elements. With alpha = beta = 1,
    // `read_dst = true` computes out = out + a·b and `false` out = a·b: alpha is then taken as
    // zero, and every element of `out` is stored without being read (also for k = 0, where the
    // kernel stores zeros). The pointer casts are to `E`'s own type, checked by `TypeId`; the
    // caller guarantees `E` is `f32` or `f64`.
    unsafe {
        // the same call for both kernels, with `E` seen as the kernel's element type
        macro_rules! product {
            ($kernel:path, $t:ty) => {
                $kernel()(
                    rows,
                    cols,
                    k,
                    out.cast::<$t>(),
                    dst_cs,
                    dst_rs,
                    accumulate,
                    lhs.cast::<$t>(),
                    lhs_cs,
                    lhs_rs,
                    rhs.cast::<$t>(),
                    rhs_cs,
                    rhs_rs,
                    *(&raw const one).cast::<$t>(),
                    *(&raw const one).cast::<$t>(),
                    false,
                    false,
                    false,
                    parallelism,
                )
            };
        }
        if TypeId::of::<E>() == TypeId::of::<f64>() {
            product!(gemm_f64::gemm::f64::get_gemm_fn, f64);
        } else {
            assert!(TypeId::of::<E>() == TypeId::of::<f32>(), "gemm_raw is for f32 and f64");
            product!(gemm_f32::gemm::f32::get_gemm_fn, f32);
        }
    }
}

/// A loop that has a copy compiled for AVX2 and FMA (see [`with_simd`]). Implementations
/// mark `run` `#[crate::hot]`, so that builds without debug assertions compile it into each copy (a closure would not
/// be: LLVM keeps it out of line, compiled for the baseline).
pub(crate) trait SimdKernel {
    type Output;
    fn run(self) -> Self::Output;
}

/// Runs `k` compiled for AVX2 and FMA when the CPU has them (checked once, then cached by the
/// standard library), and for the baseline x86-64 otherwise, so that its loops are vectorised
/// 8 lanes wide instead of 4.
///
/// Measured in `benches/reduce.rs` (sums of a 1024 × 1024 `f32` matrix).
#[crate::hot]
pub(crate) fn with_simd<K: SimdKernel>(k: K) -> K::Output {
    #[cfg(all(target_arch = "x86_64", not(miri)))]
    {
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
            #[target_feature(enable = "avx2,fma")]
            fn run<K: SimdKernel>(k: K) -> K::Output {
                k.run()
            }
            // SAFETY: `run` only requires the CPU features AVX2 and FMA, which were detected
            // just above.
            return unsafe { run(k) };
        }
    }
    k.run()
}
