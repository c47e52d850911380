//! Generators for the per-rank impls of `tensor_core`'s shape traits.
//!
//! The rules themselves (what one pair of dimensions broadcasts to, which axis a reduction
//! removes, ...) are written by hand in `tensor_core::shape`, one file per rule. What is
//! generated here is only the repetition over ranks 0..=6 that stable Rust cannot express
//! generically for tuples: `__impl_shape_traits!(broadcast)` writes one impl per pair of ranks,
//! each of which applies the hand-written per-dimension rule axis by axis.
//!
//! The generated code names the traits unqualified: the invoking module has them in scope.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, format_ident, quote};

use crate::shape::MAX_RANK;

fn idents(prefix: &str, n: usize) -> Vec<Ident> {
    (0..n).map(|i| format_ident!("{}{}", prefix, i)).collect()
}

fn tuple(items: &[TokenStream]) -> TokenStream {
    crate::shape::tuple(items)
}

fn as_tokens(ids: &[Ident]) -> Vec<TokenStream> {
    ids.iter().map(|i| quote!(#i)).collect()
}

pub fn expand(input: TokenStream) -> syn::Result<TokenStream> {
    let family: Ident = syn::parse2(input)?;
    match family.to_string().as_str() {
        "shapes" => Ok(shapes()),
        "broadcast" => Ok(broadcast()),
        "broadcast_to" => Ok(broadcast_to()),
        "dim_table" => Ok(dim_table()),
        "numel_u" => Ok(numel_u()),
        "resolve" => Ok(resolve()),
        "concat" => Ok(concat()),
        "axis" => Ok(axis()),
        "matmul" => Ok(matmul()),
        "permute" => Ok(permute()),
        "append" => Ok(append()),
        "slice" => Ok(slice()),
        "max_rank" => Ok(max_rank()),
        "single_element" => Ok(single_element()),
        other => Err(syn::Error::new(Span::call_site(), format!("unknown impl family `{other}`"))),
    }
}

/// `tensor_core::shape::MAX_RANK`: the macros' constant, so that the two crates have one.
fn max_rank() -> TokenStream {
    let n = proc_macro2::Literal::usize_unsuffixed(MAX_RANK);
    quote! {
        /// The largest rank a tensor may have.
        pub const MAX_RANK: usize = #n;
    }
}

/// `impl Shape for (D0, ..., Dr-1)` for every rank.
fn shapes() -> TokenStream {
    let mut out = TokenStream::new();
    for rank in 0..=MAX_RANK {
        let d = idents("D", rank);
        let ty = tuple(&as_tokens(&d));
        let padded: Vec<TokenStream> = (0..MAX_RANK)
            .map(|i| {
                if i + rank < MAX_RANK {
                    quote!(1)
                } else {
                    let di = &d[i + rank - MAX_RANK];
                    quote!(#di::SIZE)
                }
            })
            .collect();
        let numel = if rank == 0 { quote!(1) } else { quote!(1 #(* #d::SIZE)*) };
        // D0::Array<D1::Array<...<E>>>
        let mut array = quote!(E);
        for di in d.iter().rev() {
            array = quote!(<#di as Dimension>::Array<#array>);
        }
        let (flat, flat_mut) = if rank == 0 {
            (quote!(core::slice::from_ref(a)), quote!(core::slice::from_mut(a)))
        } else {
            let d0 = &d[0];
            let mut flat = quote!(#d0::array_as_slice(a));
            let mut flat_mut = quote!(#d0::array_as_mut_slice(a));
            for di in &d[1..] {
                flat = quote!(#di::flatten(#flat));
                flat_mut = quote!(#di::flatten_mut(#flat_mut));
            }
            (flat, flat_mut)
        };
        let last = match d.last() {
            Some(l) => quote!(#l),
            None => quote!(One),
        };
        out.extend(quote! {
            impl<#(#d: Dimension),*> Shape for #ty {
                type Last = #last;
                const RANK: usize = #rank;
                const NUMEL: usize = #numel;
                type Index = [usize; #rank];
                const DIMS: [usize; #rank] = [#(#d::SIZE),*];
                const PADDED: [usize; MAX_RANK] = [#(#padded),*];
                type Array<E> = #array;
                #[inline(always)]
                fn flatten<E>(a: &Self::Array<E>) -> &[E] { #flat }
                #[inline(always)]
                fn flatten_mut<E>(a: &mut Self::Array<E>) -> &mut [E] { #flat_mut }
            }
        });
    }
    out
}

/// `impl Broadcast<(B..)> for (A..)` for every pair of ranks: right-aligned, each overlapping
/// axis goes through `BroadcastDim<_, AXIS>`, the longer shape's leading axes are kept.
fn broadcast() -> TokenStream {
    let mut out = TokenStream::new();
    for ra in 0..=MAX_RANK {
        for rb in 0..=MAX_RANK {
            let a = idents("A", ra);
            let b = idents("B", rb);
            let r = ra.max(rb);
            let mut bounds = Vec::new();
            let mut output = Vec::new();
            for axis in 0..r {
                // position of this output axis in a and in b, if present
                let ia = (axis + ra).checked_sub(r);
                let ib = (axis + rb).checked_sub(r);
                match (ia, ib) {
                    (Some(i), Some(j)) => {
                        let (ai, bj) = (&a[i], &b[j]);
                        bounds.push(quote!(#ai: BroadcastDim<#bj, #axis>));
                        output.push(quote!(<#ai as BroadcastDim<#bj, #axis>>::Output));
                    }
                    (Some(i), None) => output.push({
                        let ai = &a[i];
                        quote!(#ai)
                    }),
                    (None, Some(j)) => output.push({
                        let bj = &b[j];
                        quote!(#bj)
                    }),
                    (None, None) => unreachable!(),
                }
            }
            let ta = tuple(&as_tokens(&a));
            let tb = tuple(&as_tokens(&b));
            let to = tuple(&output);
            out.extend(quote! {
                impl<#(#a: Dimension,)* #(#b: Dimension),*> Broadcast<#tb> for #ta
                where #(#bounds,)*
                {
                    type Output = #to;
                }
            });
        }
    }
    out
}

/// `impl BroadcastTo<(T..)> for (S..)` when the source rank is at most the target rank.
fn broadcast_to() -> TokenStream {
    let mut out = TokenStream::new();
    for rs in 0..=MAX_RANK {
        for rt in rs..=MAX_RANK {
            let s = idents("S", rs);
            let t = idents("T", rt);
            let bounds: Vec<TokenStream> = (0..rs)
                .map(|i| {
                    let axis = i + rt - rs;
                    let (si, ti) = (&s[i], &t[axis]);
                    quote!(#si: ExpandDim<#ti, #axis>)
                })
                .collect();
            let ts = tuple(&as_tokens(&s));
            let tt = tuple(&as_tokens(&t));
            out.extend(quote! {
                impl<#(#s: Dimension,)* #(#t: Dimension),*> BroadcastTo<#tt> for #ts
                where #(#bounds,)*
                {}
            });
        }
    }
    out
}

/// The typenum spelling of `n`: `UInt<UInt<UTerm, B1>, B0>` for 2.
fn typenum_of(n: u64) -> TokenStream {
    if n == 0 {
        return quote!(::typenum::UTerm);
    }
    let high = typenum_of(n >> 1);
    let high = if n >> 1 == 0 { quote!(::typenum::UTerm) } else { high };
    let bit = if n & 1 == 1 { quote!(::typenum::B1) } else { quote!(::typenum::B0) };
    quote!(::typenum::UInt<#high, #bit>)
}

/// The sizes that `ToDim` maps back to dimension types.
fn table_sizes() -> Vec<u64> {
    let mut sizes: Vec<u64> = (0..=4096).collect();
    sizes.extend((13..=40).map(|k| 1u64 << k));
    sizes.extend((4..=12).map(|k| 10u64.pow(k)));
    sizes.sort_unstable();
    sizes.dedup();
    sizes
}

/// `impl ToDim for <typenum N> { type Output = Dim<N>; }` (`One` for 1).
fn dim_table() -> TokenStream {
    let mut out = TokenStream::new();
    for n in table_sizes() {
        let t = typenum_of(n);
        let dim = if n == 1 {
            quote!(One)
        } else {
            let lit = proc_macro2::Literal::u64_unsuffixed(n);
            quote!(Dim<#lit>)
        };
        out.extend(quote!(impl ToDim for #t { type Output = #dim; }));
    }
    out
}

/// A typenum product of the given typenum numbers, and the bounds that make it exist.
fn product(factors: &[TokenStream]) -> (TokenStream, Vec<TokenStream>) {
    let mut bounds = Vec::new();
    let mut acc = match factors.first() {
        None => return (quote!(::typenum::U1), bounds),
        Some(f) => f.clone(),
    };
    for f in &factors[1..] {
        bounds.push(quote!(#acc: ::core::ops::Mul<#f>));
        acc = quote!(::typenum::Prod<#acc, #f>);
    }
    bounds.push(quote!(#acc: ::typenum::Unsigned));
    (acc, bounds)
}

/// `impl NumelU for (D..)`: the element count as a typenum product.
fn numel_u() -> TokenStream {
    let mut out = TokenStream::new();
    for rank in 0..=MAX_RANK {
        let d = idents("D", rank);
        let factors: Vec<TokenStream> = d.iter().map(|di| quote!(<#di as TypenumDim>::U)).collect();
        let (prod, bounds) = product(&factors);
        let ty = tuple(&as_tokens(&d));
        out.extend(quote! {
            impl<#(#d: TypenumDim),*> NumelU for #ty where #(#bounds,)* {
                type U = #prod;
            }
        });
    }
    out
}

/// `impl ResolveShape<Src> for (D..)`: shapes without `Infer` resolve to themselves; one
/// `Infer` at position `p` becomes `Src`'s element count divided by the other sizes.
fn resolve() -> TokenStream {
    let mut out = TokenStream::new();
    for rank in 0..=MAX_RANK {
        let d = idents("D", rank);
        let ty = tuple(&as_tokens(&d));
        out.extend(quote! {
            impl<Src: Shape, #(#d: Dimension),*> ResolveShape<Src> for #ty {
                type Output = Self;
            }
        });
        for p in 0..rank {
            let others: Vec<&Ident> = d.iter().enumerate().filter(|&(i, _)| i != p).map(|(_, x)| x).collect();
            let factors: Vec<TokenStream> = others.iter().map(|di| quote!(<#di as TypenumDim>::U)).collect();
            let (known, mut bounds) = product(&factors);
            let quot = quote!(::typenum::Quot<<Src as NumelU>::U, #known>);
            bounds.push(quote!(<Src as NumelU>::U: ::core::ops::Div<#known>));
            bounds.push(quote!(#quot: ToDim));
            let target: Vec<TokenStream> =
                d.iter().enumerate().map(|(i, x)| if i == p { quote!(Infer) } else { quote!(#x) }).collect();
            let output: Vec<TokenStream> = d
                .iter()
                .enumerate()
                .map(|(i, x)| if i == p { quote!(<#quot as ToDim>::Output) } else { quote!(#x) })
                .collect();
            let target = tuple(&target);
            let output = tuple(&output);
            out.extend(quote! {
                #[diagnostic::do_not_recommend]
                impl<Src: NumelU, #(#others: TypenumDim),*> ResolveShape<Src> for #target
                where #(#bounds,)*
                {
                    type Output = #output;
                    const INFERRED: usize = #p;
                }
            });
        }
    }
    out
}

/// `impl SingleElement` for every shape whose sizes are all 1, each written `One` or `Dim<1>`
/// (one impl per spelling rather than one generic impl, so that a shape with another size is
/// reported by `SingleElement`'s own message rather than by a bound inside the impl).
fn single_element() -> TokenStream {
    let mut out = quote!(impl SingleElement for () {});
    for rank in 1..=MAX_RANK {
        for mask in 0..1u32 << rank {
            let dims = (0..rank).map(|i| if mask >> i & 1 == 0 { quote!(One) } else { quote!(Dim<1>) });
            let ty = tuple(&dims.collect::<Vec<_>>());
            out.extend(quote!(impl SingleElement for #ty {}));
        }
    }
    out
}

/// `impl Concat<(B..), K> for (A..)` for every rank: the range check on `K`, and the
/// structural `ConcatAt` impl for every axis.
fn concat() -> TokenStream {
    let mut out = TokenStream::new();
    for rank in 1..=MAX_RANK {
        let a = idents("A", rank);
        let b = idents("B", rank);
        for k in 0..rank {
            let mut bounds = Vec::new();
            let mut output = Vec::new();
            // the sum is computed from the other axes' proofs of agreement, so that their
            // mismatch (the user's mistake) is reported, not the range of size arithmetic
            let agree: Vec<TokenStream> = (0..rank)
                .filter(|&i| i != k)
                .map(|i| {
                    let (ai, bi) = (&a[i], &b[i]);
                    quote!(<#ai as SameCatDim<#bi, #k>>::Agree)
                })
                .collect();
            let agree = quote!((#(#agree,)*));
            for i in 0..rank {
                let (ai, bi) = (&a[i], &b[i]);
                if i == k {
                    bounds.push(quote!(#ai: CatDim<#bi, #agree>));
                    output.push(quote!(<#ai as CatDim<#bi, #agree>>::Output));
                } else {
                    bounds.push(quote!(#ai: SameCatDim<#bi, #k>));
                    output.push(quote!(#ai));
                }
            }
            let (ta, tb, to) = (tuple(&as_tokens(&a)), tuple(&as_tokens(&b)), tuple(&output));
            out.extend(quote! {
                impl<#(#a: Dimension,)* #(#b: Dimension),*> ConcatAt<#tb, Axis<#k>> for #ta
                where #(#bounds,)*
                {
                    type Output = #to;
                }
            });
        }
        // the axis must exist (PyTorch's message), then the structural impl above applies
        let last = rank - 1;
        let (ta, tb) = (tuple(&as_tokens(&a)), tuple(&as_tokens(&b)));
        out.extend(quote! {
            impl<#(#a: Dimension,)* #(#b: Dimension,)* const K: usize> Concat<#tb, K> for #ta
            where
                (): AxisInRange<K, #last>,
                #ta: ConcatAt<#tb, CheckedAxis<K, #last>>,
            {
                type Output = <#ta as ConcatAt<#tb, CheckedAxis<K, #last>>>::Output;
            }
        });
    }
    out
}

/// `AxisInRange<K, LAST>` for every `K <= LAST <= 6`; then `InsertAxis<K, D>`, `RemoveAxis<K>`
/// and `ReplaceAxis<K, D>` for every rank: one impl generic over `K` that checks the range
/// (carrying PyTorch's message), and the structural `*At` impls for every position.
fn axis() -> TokenStream {
    let mut out = TokenStream::new();
    for last in 0..=MAX_RANK {
        for k in 0..=last {
            out.extend(quote! {
                impl AxisInRange<#k, #last> for () { type Axis = Axis<#k>; }
            });
        }
    }
    for rank in 0..=MAX_RANK {
        let d = idents("D", rank);
        let ty = tuple(&as_tokens(&d));
        if rank < MAX_RANK {
            // a new axis may go anywhere from the front to behind the last one
            out.extend(quote! {
                impl<#(#d: Dimension,)* New: Dimension, const K: usize> InsertAxis<K, New> for #ty
                where
                    (): AxisInRange<K, #rank>,
                    #ty: InsertAxisAt<CheckedAxis<K, #rank>, New>,
                {
                    type Output = <#ty as InsertAxisAt<CheckedAxis<K, #rank>, New>>::Output;
                }
            });
            for k in 0..=rank {
                let mut output = as_tokens(&d);
                output.insert(k, quote!(New));
                let output = tuple(&output);
                out.extend(quote! {
                    impl<#(#d: Dimension,)* New: Dimension> InsertAxisAt<Axis<#k>, New> for #ty {
                        type Output = #output;
                    }
                });
            }
        }
        if rank == 0 {
            continue;
        }
        let last = rank - 1;
        out.extend(quote! {
            impl<#(#d: Dimension,)* New: Dimension, const K: usize> ReplaceAxis<K, New> for #ty
            where
                (): AxisInRange<K, #last>,
                #ty: ReplaceAxisAt<CheckedAxis<K, #last>, New>,
            {
                type Output = <#ty as ReplaceAxisAt<CheckedAxis<K, #last>, New>>::Output;
            }
            impl<#(#d: Dimension,)* const K: usize> RemoveAxis<K> for #ty
            where
                (): AxisInRange<K, #last>,
                #ty: RemoveAxisAt<CheckedAxis<K, #last>>,
            {
                type Output = <#ty as RemoveAxisAt<CheckedAxis<K, #last>>>::Output;
                type Kept = <#ty as RemoveAxisAt<CheckedAxis<K, #last>>>::Kept;
                type Removed = <#ty as RemoveAxisAt<CheckedAxis<K, #last>>>::Removed;
            }
        });
        for k in 0..rank {
            let mut replaced = as_tokens(&d);
            replaced[k] = quote!(New);
            let replaced = tuple(&replaced);
            let mut removed = as_tokens(&d);
            removed.remove(k);
            let mut kept = as_tokens(&d);
            kept[k] = quote!(One);
            let (removed, kept) = (tuple(&removed), tuple(&kept));
            let dk = &d[k];
            out.extend(quote! {
                impl<#(#d: Dimension,)* New: Dimension> ReplaceAxisAt<Axis<#k>, New> for #ty {
                    type Output = #replaced;
                }
                impl<#(#d: Dimension),*> RemoveAxisAt<Axis<#k>> for #ty {
                    type Output = #removed;
                    type Kept = #kept;
                    type Removed = #dk;
                }
            });
        }
    }
    out
}

/// One dimension of a matrix-shape impl: either `Dim<n>` with a const parameter `n`, or `One`.
struct Slot {
    ty: TokenStream,
    size: TokenStream,
    param: Option<Ident>,
}

fn slots(name: &str, one: bool) -> Slot {
    if one {
        Slot { ty: quote!(One), size: quote!(1), param: None }
    } else {
        let p = format_ident!("{}", name);
        Slot { ty: quote!(Dim<#p>), size: quote!(#p), param: Some(p) }
    }
}

fn const_params(slots: &[&Slot]) -> Vec<TokenStream> {
    slots.iter().filter_map(|s| s.param.as_ref()).map(|p| quote!(const #p: usize)).collect()
}

/// `MatShapes`, `MvShapes`, `DotShapes` for every combination of `Dim`/`One`, and `Matmul`
/// for every pair of ranks.
fn matmul() -> TokenStream {
    let mut out = TokenStream::new();
    for mask in 0..16u32 {
        let bit = |i: u32| mask & (1 << i) != 0;
        let (n, k1, k2, m) =
            (slots("N", bit(0)), slots("K1", bit(1)), slots("K2", bit(2)), slots("M", bit(3)));
        let params = const_params(&[&n, &k1, &k2, &m]);
        let (nt, k1t, k2t, mt) = (&n.ty, &k1.ty, &k2.ty, &m.ty);
        let (ns, k1s, k2s, ms) = (&n.size, &k1.size, &k2.size, &m.size);
        out.extend(quote! {
            impl<#(#params),*> MatShapes<(#k2t, #mt)> for (#nt, #k1t) where (): MmSize<#ns, #k1s, #k2s, #ms> {
                type Rows = #nt;
                type Cols = #mt;
            }
        });
    }
    for mask in 0..8u32 {
        let bit = |i: u32| mask & (1 << i) != 0;
        let (n, k1, k2) = (slots("N", bit(0)), slots("K1", bit(1)), slots("K2", bit(2)));
        let params = const_params(&[&n, &k1, &k2]);
        let (nt, k1t, k2t) = (&n.ty, &k1.ty, &k2.ty);
        let (ns, k1s, k2s) = (&n.size, &k1.size, &k2.size);
        out.extend(quote! {
            impl<#(#params),*> MvShapes<(#k2t,)> for (#nt, #k1t) where (): MvSize<#ns, #k1s, #k2s> {
                type Rows = #nt;
            }
        });
    }
    for mask in 0..4u32 {
        let bit = |i: u32| mask & (1 << i) != 0;
        let (a, b) = (slots("A", bit(0)), slots("B", bit(1)));
        let params = const_params(&[&a, &b]);
        let (at, bt, asz, bsz) = (&a.ty, &b.ty, &a.size, &b.size);
        out.extend(quote! {
            impl<#(#params),*> DotShapes<(#bt,)> for (#at,) where (): DotSize<#asz, #bsz> {}
        });
    }
    // a scalar on either side: impls whose bound always fails, so the error is PyTorch's
    // "both arguments to matmul need to be at least 1D" instead of "method not found"
    out.extend(quote! {
        impl<Rhs: Shape> Matmul<Rhs> for () where (): MatmulNeeds1D<Rhs> {
            type Output = ();
        }
    });
    for r in 1..=MAX_RANK {
        let d = idents("D", r);
        let t = tuple(&as_tokens(&d));
        out.extend(quote! {
            impl<#(#d: Dimension),*> Matmul<()> for #t where #t: MatmulNeeds1D<()> {
                type Output = ();
            }
        });
    }
    for ra in 1..=MAX_RANK {
        for rb in 1..=MAX_RANK {
            let a = idents("A", ra);
            let b = idents("B", rb);
            let mut bounds = Vec::new();
            let mut output = Vec::new();
            // batch dimensions: all but the last two (or none for a vector)
            let ba = ra.saturating_sub(2);
            let bb = rb.saturating_sub(2);
            let r = ba.max(bb);
            for axis in 0..r {
                let ia = (axis + ba).checked_sub(r);
                let ib = (axis + bb).checked_sub(r);
                match (ia, ib) {
                    (Some(i), Some(j)) => {
                        let (ai, bj) = (&a[i], &b[j]);
                        bounds.push(quote!(#ai: BroadcastDim<#bj, #axis>));
                        output.push(quote!(<#ai as BroadcastDim<#bj, #axis>>::Output));
                    }
                    (Some(i), None) => output.push(a[i].to_token_stream()),
                    (None, Some(j)) => output.push(b[j].to_token_stream()),
                    (None, None) => unreachable!(),
                }
            }
            match (ra, rb) {
                (1, 1) => {
                    let (a0, b0) = (&a[0], &b[0]);
                    bounds.push(quote!((#a0,): DotShapes<(#b0,)>));
                }
                (_, 1) => {
                    let (an, ak, b0) = (&a[ra - 2], &a[ra - 1], &b[0]);
                    bounds.push(quote!((#an, #ak): MvShapes<(#b0,)>));
                    output.push(quote!(<(#an, #ak) as MvShapes<(#b0,)>>::Rows));
                }
                (1, _) => {
                    let (a0, bk, bm) = (&a[0], &b[rb - 2], &b[rb - 1]);
                    bounds.push(quote!((One, #a0): MatShapes<(#bk, #bm)>));
                    output.push(quote!(<(One, #a0) as MatShapes<(#bk, #bm)>>::Cols));
                }
                _ => {
                    let (an, ak, bk, bm) = (&a[ra - 2], &a[ra - 1], &b[rb - 2], &b[rb - 1]);
                    bounds.push(quote!((#an, #ak): MatShapes<(#bk, #bm)>));
                    output.push(quote!(<(#an, #ak) as MatShapes<(#bk, #bm)>>::Rows));
                    output.push(quote!(<(#an, #ak) as MatShapes<(#bk, #bm)>>::Cols));
                }
            }
            let (ta, tb, to) = (tuple(&as_tokens(&a)), tuple(&as_tokens(&b)), tuple(&output));
            out.extend(quote! {
                impl<#(#a: Dimension,)* #(#b: Dimension),*> Matmul<#tb> for #ta
                where #(#bounds,)*
                {
                    type Output = #to;
                }
            });
        }
    }
    out
}

/// `SelectAxis<I>` (the dimension at position `I`), `SwapAxes<I, J>`, `Permute<(Axis<..>, ..)>`
/// and `RemoveAxes<(Axis<..>, ..)>` for every rank.
fn permute() -> TokenStream {
    let mut out = TokenStream::new();
    for rank in 1..=MAX_RANK {
        let d = idents("D", rank);
        let ty = tuple(&as_tokens(&d));
        // one impl generic over the axes, checking their range (PyTorch's message), then the
        // structural impls for every position
        let last = rank - 1;
        out.extend(quote! {
            impl<#(#d: Dimension,)* const I: usize> SelectAxis<I> for #ty
            where
                (): AxisInRange<I, #last>,
                #ty: SelectAxisAt<CheckedAxis<I, #last>>,
            {
                type Output = <#ty as SelectAxisAt<CheckedAxis<I, #last>>>::Output;
            }
            impl<#(#d: Dimension,)* const I: usize, const J: usize> SwapAxes<I, J> for #ty
            where
                (): AxisInRange<I, #last> + AxisInRange<J, #last>,
                #ty: SwapAxesAt<CheckedAxis<I, #last>, CheckedAxis<J, #last>>,
            {
                type Output = <#ty as SwapAxesAt<CheckedAxis<I, #last>, CheckedAxis<J, #last>>>::Output;
            }
        });
        for i in 0..rank {
            let di = &d[i];
            out.extend(quote! {
                impl<#(#d: Dimension),*> SelectAxisAt<Axis<#i>> for #ty { type Output = #di; }
            });
            for j in 0..rank {
                let mut swapped = as_tokens(&d);
                swapped.swap(i, j);
                let swapped = tuple(&swapped);
                out.extend(quote! {
                    impl<#(#d: Dimension),*> SwapAxesAt<Axis<#i>, Axis<#j>> for #ty { type Output = #swapped; }
                });
            }
        }
        // Permute: any list of `rank` axes; each must exist (a repeated axis is caught by a
        // check on the values, see `ops/transpose.rs`)
        let p = idents("P", rank);
        let list = tuple(&p.iter().map(|pi| quote!(Axis<#pi>)).collect::<Vec<_>>());
        let bounds: Vec<TokenStream> = p.iter().map(|pi| quote!(#ty: SelectAxis<#pi>)).collect();
        let output = tuple(&p.iter().map(|pi| quote!(<#ty as SelectAxis<#pi>>::Output)).collect::<Vec<_>>());
        out.extend(quote! {
            impl<#(#d: Dimension,)* #(const #p: usize),*> Permute<#list> for #ty
            where #(#bounds,)*
            {
                type Output = #output;
                const AXES: &'static [usize] = &[#(#p),*];
            }
        });
        // RemoveAxes: every non-empty subset of axes, in increasing order
        for subset in 1u32..(1 << rank) {
            let axes: Vec<usize> = (0..rank).filter(|i| subset & (1 << i) != 0).collect();
            let list = tuple(&axes.iter().map(|a| quote!(Axis<#a>)).collect::<Vec<_>>());
            let kept: Vec<TokenStream> = (0..rank)
                .map(|i| if subset & (1 << i) != 0 { quote!(One) } else { d[i].to_token_stream() })
                .collect();
            let removed: Vec<TokenStream> =
                (0..rank).filter(|i| subset & (1 << i) == 0).map(|i| d[i].to_token_stream()).collect();
            let (kept, removed) = (tuple(&kept), tuple(&removed));
            out.extend(quote! {
                impl<#(#d: Dimension),*> RemoveAxes<#list> for #ty {
                    type Output = #removed;
                    type Kept = #kept;
                }
            });
        }
    }
    out
}

/// `impl Append<(B..)> for (A..)` for every pair of ranks whose sum is at most 6.
fn append() -> TokenStream {
    let mut out = TokenStream::new();
    for ra in 0..=MAX_RANK {
        for rb in 0..=(MAX_RANK - ra) {
            let a = idents("A", ra);
            let b = idents("B", rb);
            let (ta, tb) = (tuple(&as_tokens(&a)), tuple(&as_tokens(&b)));
            let both: Vec<TokenStream> = a.iter().chain(&b).map(|i| quote!(#i)).collect();
            let to = tuple(&both);
            out.extend(quote! {
                impl<#(#a: Dimension,)* #(#b: Dimension),*> Append<#tb> for #ta {
                    type Output = #to;
                }
            });
        }
    }
    out
}

/// `impl ApplySlice<(T..)> for (D..)` for every rank and every number of entries up to it.
fn slice() -> TokenStream {
    let mut out = TokenStream::new();
    for rank in 1..=MAX_RANK {
        let d = idents("D", rank);
        let ty = tuple(&as_tokens(&d));
        for k in 0..=rank {
            let t = idents("T", k);
            let bounds: Vec<TokenStream> = (0..k)
                .map(|i| {
                    let (ti, di) = (&t[i], &d[i]);
                    quote!(#ti: SliceEntry<#di, #i>)
                })
                .collect();
            let kept: Vec<TokenStream> = (0..rank)
                .map(|i| {
                    let di = &d[i];
                    if i < k {
                        let ti = &t[i];
                        quote!(<#ti as SliceEntry<#di, #i>>::Kept)
                    } else {
                        quote!(#di)
                    }
                })
                .collect();
            let kept = tuple(&kept);
            let offset: Vec<TokenStream> = (0..k)
                .map(|i| {
                    let (ti, di) = (&t[i], &d[i]);
                    let slot = MAX_RANK - rank + i;
                    quote!(<#ti as SliceEntry<#di, #i>>::START * super::strides(<Self as Shape>::PADDED)[#slot])
                })
                .collect();
            let steps: Vec<TokenStream> = (0..MAX_RANK)
                .map(|slot| {
                    if slot + rank >= MAX_RANK && slot + rank - MAX_RANK < k {
                        let i = slot + rank - MAX_RANK;
                        let (ti, di) = (&t[i], &d[i]);
                        quote!(<#ti as SliceEntry<#di, #i>>::STEP)
                    } else {
                        quote!(1)
                    }
                })
                .collect();
            let checks: Vec<TokenStream> = (0..k)
                .map(|i| {
                    let (ti, di) = (&t[i], &d[i]);
                    quote!(let () = <#ti as SliceEntry<#di, #i>>::CHECK;)
                })
                .collect();
            let tt = tuple(&as_tokens(&t));
            out.extend(quote! {
                impl<#(#d: Dimension,)* #(#t),*> ApplySlice<#tt> for #ty
                where #(#bounds,)*
                {
                    type Kept = #kept;
                    const OFFSET: usize = 0 #(+ #offset)*;
                    const STEPS: [usize; super::MAX_RANK] = [#(#steps),*];
                    const CHECK: () = { #(#checks)* };
                }
            });
        }
    }
    out
}
