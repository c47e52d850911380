//! Random shapes for property tests: `random_cases!(kind, seed, count, max_rank, callback)`.
//!
//! Shapes are types, so a property test cannot draw them at run time. This macro draws them
//! when the test compiles, from a fixed seed (so failures reproduce), and calls a
//! `macro_rules!` callback once per case, with the case's number (0, 1, ...) first, so that a
//! test can spread checks that do not depend on the shape's kind over the cases (each check
//! instantiated on every case would multiply compile time for no extra coverage):
//!
//! - `broadcast`: two broadcast-compatible shapes, `callback!(0, [2, 1, 3], [3]);`
//! - `matmul`: two shapes `torch.matmul` accepts, `callback!(0, [2, 3, 4], [4, 5]);`
//! - `reduce`: a shape of rank at least 1, one of its axes, which is not empty, and whether
//!   the whole tensor has any element (a maximum over nothing does not compile),
//!   `callback!(0, [2, 3], 1, true);`
//! - `slice`: a shape and a slice of it in bounds, with the slice's entries written out for
//!   `s![]` and as `(start, end, step, is_index)` numbers for a reference,
//!   `callback!(0, [4, 5], [1..3;2, 2], [(1, 3, 2, false), (2, 3, 1, true)]);`

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitInt, Token};

struct Args {
    kind: Ident,
    seed: u64,
    count: usize,
    max_rank: usize,
    callback: Ident,
}

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let kind: Ident = input.parse()?;
        input.parse::<Token![,]>()?;
        let int = || -> syn::Result<LitInt> {
            let v: LitInt = input.parse()?;
            input.parse::<Token![,]>()?;
            Ok(v)
        };
        let (seed, count, max_rank) = (int()?, int()?, int()?);
        let callback: Ident = input.parse()?;
        Ok(Args {
            kind,
            seed: seed.base10_parse()?,
            count: count.base10_parse()?,
            max_rank: max_rank.base10_parse()?,
            callback,
        })
    }
}

/// xorshift64*: small, deterministic, good enough to pick shapes.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// A size: mostly 1 to 4, sometimes 0 or 7.
    fn size(&mut self) -> u64 {
        match self.below(20) {
            0 => 0,
            1 => 7,
            r => 1 + r % 4,
        }
    }
    /// A right-aligned suffix of `dims`, each size replaced by 1 with probability 0.3.
    fn operand(&mut self, dims: &[u64]) -> Vec<u64> {
        let r = self.below(dims.len() as u64 + 1) as usize;
        dims[dims.len() - r..].iter().map(|&d| if self.below(10) < 3 { 1 } else { d }).collect()
    }
}

fn list(dims: &[u64]) -> TokenStream {
    let d = dims.iter().map(|&d| Literal::u64_unsuffixed(d));
    quote!([#(#d),*])
}

pub fn expand(input: TokenStream) -> syn::Result<TokenStream> {
    let Args { kind, seed, count, max_rank, callback } = syn::parse2(input)?;
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut out = TokenStream::new();
    for index in 0..count {
        let case = match kind.to_string().as_str() {
            "broadcast" => {
                let rank = rng.below(max_rank as u64 + 1) as usize;
                let dims: Vec<u64> = (0..rank).map(|_| rng.size()).collect();
                let (a, b) = (list(&rng.operand(&dims)), list(&rng.operand(&dims)));
                quote!(#a, #b)
            }
            "matmul" => {
                let batch_rank = rng.below(max_rank.saturating_sub(1) as u64) as usize;
                let batch: Vec<u64> = (0..batch_rank).map(|_| rng.size()).collect();
                let (n, k, m) = (rng.size(), rng.size(), rng.size());
                let mut a = rng.operand(&batch);
                let mut b = rng.operand(&batch);
                // a vector operand (rank 1) now and then, else a (batched) matrix
                if a.is_empty() && rng.below(3) == 0 {
                    a.push(k);
                } else {
                    a.extend([n, k]);
                }
                if b.is_empty() && rng.below(3) == 0 {
                    b.push(k);
                } else {
                    b.extend([k, m]);
                }
                let (a, b) = (list(&a), list(&b));
                quote!(#a, #b)
            }
            "reduce" => {
                let rank = 1 + rng.below(max_rank as u64) as usize;
                let mut dims: Vec<u64> = (0..rank).map(|_| rng.size()).collect();
                let axis = rng.below(rank as u64) as usize;
                // the reduced axis is never empty (a maximum over nothing does not compile)
                if dims[axis] == 0 {
                    dims[axis] = 3;
                }
                let axis = Literal::usize_unsuffixed(axis);
                let nonempty = if dims.contains(&0) { quote!(false) } else { quote!(true) };
                let dims = list(&dims);
                quote!(#dims, #axis, #nonempty)
            }
            "slice" => {
                let rank = 1 + rng.below(max_rank as u64) as usize;
                let dims: Vec<u64> = (0..rank).map(|_| rng.below(8)).collect();
                let k = rng.below(rank as u64 + 1) as usize;
                let mut entries = Vec::new();
                let mut numbers = Vec::new();
                for &n in &dims[..k] {
                    let choice = rng.below(5);
                    if choice == 0 && n > 0 {
                        let i = rng.below(n);
                        let l = Literal::u64_unsuffixed(i);
                        entries.push(quote!(#l));
                        numbers.push(quote!((#i as usize, #i as usize + 1, 1usize, true)));
                        continue;
                    }
                    let step = 1 + rng.below(if choice == 1 { 9 } else { 3 });
                    let start = rng.below(n + 1);
                    let (s, st) = (Literal::u64_unsuffixed(start), Literal::u64_unsuffixed(step));
                    if choice == 2 {
                        // open-ended: sized by the compiler
                        entries.push(quote!(#s..;#st));
                        numbers.push(quote!((#start as usize, #n as usize, #step as usize, false)));
                    } else {
                        let end = start + rng.below(n - start + 1);
                        let e = Literal::u64_unsuffixed(end);
                        entries.push(quote!(#s..#e;#st));
                        numbers.push(quote!((#start as usize, #end as usize, #step as usize, false)));
                    }
                }
                let dims = list(&dims);
                quote!(#dims, [#(#entries),*], [#(#numbers),*])
            }
            other => {
                return Err(syn::Error::new(kind.span(), format!("unknown case kind `{other}`")));
            }
        };
        let index = Literal::usize_unsuffixed(index);
        out.extend(quote!(#callback!(#index, #case);));
    }
    Ok(out)
}
