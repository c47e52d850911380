//! Checks that can only run when a generic call is compiled to machine code.
//!
//! Some shape rules compare products or sums of sizes, which stable Rust cannot do in a trait
//! bound for arbitrary sizes. These rules are associated constants that panic during constant
//! evaluation, with a message built here in PyTorch's words. They fire under `cargo build`
//! and `cargo test`, not under `cargo check`: each operation that relies on one says so.

/// A message assembled at compile time, in a fixed buffer.
pub(crate) struct Message {
    buf: [u8; 256],
    len: usize,
}

impl Message {
    pub(crate) const fn new() -> Self {
        Message { buf: [0; 256], len: 0 }
    }

    pub(crate) const fn str(mut self, s: &str) -> Self {
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() && self.len < self.buf.len() {
            self.buf[self.len] = b[i];
            self.len += 1;
            i += 1;
        }
        self
    }

    pub(crate) const fn num(mut self, n: usize) -> Self {
        let mut digits = [0u8; 20];
        let mut k = 0;
        let mut m = n;
        loop {
            digits[k] = b'0' + (m % 10) as u8;
            k += 1;
            m /= 10;
            if m == 0 {
                break;
            }
        }
        while k > 0 && self.len < self.buf.len() {
            k -= 1;
            self.buf[self.len] = digits[k];
            self.len += 1;
        }
        self
    }

    /// `[4, 2]`: the last `rank` entries of a padded shape.
    pub(crate) const fn dims(self, padded: [usize; crate::shape::MAX_RANK], rank: usize) -> Self {
        self.dims_inferred(padded, rank, usize::MAX)
    }

    /// As [`Message::dims`], with `-1` written at position `inferred` (counted from the first
    /// of the `rank` entries): a target shape as the user wrote it, `_` and all.
    pub(crate) const fn dims_inferred(
        mut self,
        padded: [usize; crate::shape::MAX_RANK],
        rank: usize,
        inferred: usize,
    ) -> Self {
        self = self.str("[");
        let mut i = padded.len() - rank;
        while i < padded.len() {
            self = if i - (padded.len() - rank) == inferred { self.str("-1") } else { self.num(padded[i]) };
            if i + 1 < padded.len() {
                self = self.str(", ");
            }
            i += 1;
        }
        self.str("]")
    }

    /// Fails constant evaluation with this message.
    #[track_caller]
    pub(crate) const fn panic(&self) -> ! {
        let (bytes, _) = self.buf.split_at(self.len);
        match core::str::from_utf8(bytes) {
            Ok(s) => panic!("{}", s),
            Err(_) => panic!("shape check failed"),
        }
    }
}
