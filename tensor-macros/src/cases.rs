//! `__shape_pairs!`: random pairs of broadcast-compatible shapes, for property tests.
//!
//! Shapes are types, so a property test cannot draw them at run time. This macro draws them
//! when the test compiles, from a fixed seed (so failures reproduce), and calls a
//! `macro_rules!` callback once per pair: `callback!([2, 1, 3], [3]);`.

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitInt, Token};

struct Args {
    seed: u64,
    count: usize,
    max_rank: usize,
    callback: Ident,
}

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let seed: LitInt = input.parse()?;
        input.parse::<Token![,]>()?;
        let count: LitInt = input.parse()?;
        input.parse::<Token![,]>()?;
        let max_rank: LitInt = input.parse()?;
        input.parse::<Token![,]>()?;
        let callback: Ident = input.parse()?;
        Ok(Args {
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
}

pub fn expand(input: TokenStream) -> syn::Result<TokenStream> {
    let Args { seed, count, max_rank, callback } = syn::parse2(input)?;
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut out = TokenStream::new();
    for _ in 0..count {
        let rank = rng.below(max_rank as u64 + 1) as usize;
        let dims: Vec<u64> = (0..rank)
            .map(|_| match rng.below(20) {
                0 => 0,
                1 => 7,
                r => 1 + r % 4,
            })
            .collect();
        let operand = |rng: &mut Rng| -> Vec<u64> {
            let r = rng.below(rank as u64 + 1) as usize;
            dims[rank - r..].iter().map(|&d| if rng.below(10) < 3 { 1 } else { d }).collect()
        };
        let a = operand(&mut rng);
        let b = operand(&mut rng);
        let a = a.iter().map(|&d| proc_macro2::Literal::u64_unsuffixed(d));
        let b = b.iter().map(|&d| proc_macro2::Literal::u64_unsuffixed(d));
        out.extend(quote!(#callback!([#(#a),*], [#(#b),*]);));
    }
    Ok(out)
}
