//! Property tests: `matmul` (every rank case from 1 to 6, with broadcast batch dimensions),
//! reductions along an axis and over all elements, and norms agree with naive references, over
//! random shapes drawn when this file compiles and random values, in f64 and f32 (and i32 for
//! the products of two columns).

use rand::{RngExt, SeedableRng, rngs::StdRng};
use typed_tensor::prelude::*;

fn random<S: Shape>(rng: &mut StdRng) -> Tensor<f64, S> {
    // small integers: every product and sum is exact, so results compare with ==
    Tensor::from_fn_flat(|_| rng.random_range(-5i32..=5) as f64)
}

/// Row-major strides of `dims`, with 0 on axes of size 1 (for broadcasting).
fn bstrides(dims: &[usize]) -> Vec<usize> {
    let mut s = vec![0; dims.len()];
    let mut acc = 1;
    for i in (0..dims.len()).rev() {
        s[i] = if dims[i] == 1 { 0 } else { acc };
        acc *= dims[i];
    }
    s
}

/// `torch.matmul` the obvious way.
fn reference(a: &[f64], ad: &[usize], b: &[f64], bd: &[usize]) -> (Vec<usize>, Vec<f64>) {
    // promote vectors as PyTorch does
    let (a_mat, b_mat): (Vec<usize>, Vec<usize>) = (
        if ad.len() == 1 { vec![1, ad[0]] } else { ad.to_vec() },
        if bd.len() == 1 { vec![bd[0], 1] } else { bd.to_vec() },
    );
    let (n, k) = (a_mat[a_mat.len() - 2], a_mat[a_mat.len() - 1]);
    let m = b_mat[b_mat.len() - 1];
    let (ab, bb) = (&a_mat[..a_mat.len() - 2], &b_mat[..b_mat.len() - 2]);
    let r = ab.len().max(bb.len());
    let pad = |d: &[usize]| [vec![1; r - d.len()], d.to_vec()].concat();
    let (ab, bb) = (pad(ab), pad(bb));
    let batch: Vec<usize> = ab.iter().zip(&bb).map(|(&x, &y)| if x == 1 { y } else { x }).collect();
    let (sa, sb) = (bstrides(&ab), bstrides(&bb));
    let count: usize = batch.iter().product();
    let mut out = vec![0.0; count * n * m];
    let mut idx = vec![0; r];
    for t in 0..count {
        let ia: usize = idx.iter().zip(&sa).map(|(i, s)| i * s).sum();
        let ib: usize = idx.iter().zip(&sb).map(|(i, s)| i * s).sum();
        for i in 0..n {
            for j in 0..m {
                out[(t * n + i) * m + j] =
                    (0..k).map(|p| a[ia * n * k + i * k + p] * b[ib * k * m + p * m + j]).sum();
            }
        }
        for ax in (0..r).rev() {
            idx[ax] += 1;
            if idx[ax] < batch[ax] {
                break;
            }
            idx[ax] = 0;
        }
    }
    let mut shape = batch;
    if ad.len() > 1 {
        shape.push(n);
    }
    if bd.len() > 1 {
        shape.push(m);
    }
    (shape, out)
}

thread_local! {
    /// The rank pairs the random cases covered.
    static RANKS: std::cell::RefCell<std::collections::BTreeSet<(usize, usize)>> = Default::default();
}

/// Into an existing tensor, for [`check_matmul_with`].
const INTO: usize = 1;
/// In `f32`, for [`check_matmul_with`].
const F32: usize = 2;

/// The product against the reference, then both variants: for the fixed cases, among them the
/// only ones large enough (above 16³) to reach `gemm`'s kernels (`sys::gemm_raw`); the random
/// sizes are at most 7.
fn check_matmul<SA: Shape + Matmul<SB>, SB: Shape>(rng: &mut StdRng) {
    check_matmul_with::<SA, SB, { INTO | F32 }>(rng);
}

/// The product against the reference, then the variants in `VARIANTS`: into an existing tensor
/// ([`INTO`]) and in `f32` ([`F32`]). The random cases take one of the two by their number
/// (each sees about 100 random pairs; both on every pair would double the compile time for no
/// extra coverage of the shapes).
fn check_matmul_with<SA: Shape + Matmul<SB>, SB: Shape, const VARIANTS: usize>(rng: &mut StdRng) {
    RANKS.with(|r| r.borrow_mut().insert((SA::RANK, SB::RANK)));
    let a: Tensor<f64, SA> = random(rng);
    let b: Tensor<f64, SB> = random(rng);
    let c = a.matmul(&b);
    let (shape, values) = reference(a.as_slice(), SA::DIMS.as_ref(), b.as_slice(), SB::DIMS.as_ref());
    assert_eq!(c.shape().as_ref(), shape.as_slice(), "{:?} @ {:?}", SA::DIMS, SB::DIMS);
    assert_eq!(c.as_slice(), values.as_slice(), "{:?} @ {:?}", SA::DIMS, SB::DIMS);
    if const { VARIANTS & INTO != 0 } {
        // into an existing tensor: every old value is overwritten
        let mut into = Tensor::full(7.0);
        a.matmul_into(&b, &mut into);
        assert_eq!(into, c, "matmul_into {:?} @ {:?}", SA::DIMS, SB::DIMS);
    }
    if const { VARIANTS & F32 != 0 } {
        // f32 runs other kernels (wider vectors); small integers keep every sum exact in f32 too
        let cf = a.cast::<f32>().matmul(&b.cast::<f32>());
        assert_eq!(cf.cast::<f64>().as_slice(), values.as_slice(), "f32 {:?} @ {:?}", SA::DIMS, SB::DIMS);
    }
}

macro_rules! matmul_case {
    ($case:literal, [$($a:literal),*], [$($b:literal),*]) => {
        check_matmul_with::<Shape![$($a),*], Shape![$($b),*], { if $case % 2 == 0 { INTO } else { F32 } }>(&mut rng());
    };
}

fn rng() -> StdRng {
    StdRng::seed_from_u64(99)
}

#[test]
fn matmul_matches_reference() {
    // ranks 1 to 6 on either side: up to four batch dimensions
    tensor_test_cases::random_cases!(matmul, 11, 200, 6, matmul_case);
    let ranks = RANKS.with(|r| r.borrow().clone());
    for needed in [(1, 1), (1, 2), (2, 1), (2, 2), (1, 4), (4, 1), (3, 5), (1, 6), (2, 6), (6, 3), (6, 6)] {
        assert!(ranks.contains(&needed), "no case of ranks {needed:?}: {ranks:?}");
    }
}

/// `check_matmul`, and also `f32` into an existing tensor and `i32`: rows of two 4-byte
/// elements are computed two at a time (`kernels/gemm.rs`, `pairs`), with a single last row
/// when their number is odd.
fn check_four_byte_kinds<SA: Shape + Matmul<SB>, SB: Shape>(rng: &mut StdRng) {
    check_matmul::<SA, SB>(rng);
    let a: Tensor<f64, SA> = random(rng);
    let b: Tensor<f64, SB> = random(rng);
    let (_, values) = reference(a.as_slice(), SA::DIMS.as_ref(), b.as_slice(), SB::DIMS.as_ref());
    let (af, bf) = (a.cast::<f32>(), b.cast::<f32>());
    let mut into = Tensor::full(7.0);
    af.matmul_into(&bf, &mut into);
    assert_eq!(into.cast::<f64>().as_slice(), values.as_slice(), "f32 into {:?} @ {:?}", SA::DIMS, SB::DIMS);
    let fresh = af.matmul(&bf);
    assert_eq!(fresh.cast::<f64>().as_slice(), values.as_slice(), "f32 {:?} @ {:?}", SA::DIMS, SB::DIMS);
    let ci = a.cast::<i32>().matmul(&b.cast::<i32>());
    assert_eq!(ci.cast::<f64>().as_slice(), values.as_slice(), "i32 {:?} @ {:?}", SA::DIMS, SB::DIMS);
}

#[test]
fn two_column_products_in_pairs_of_rows() {
    let mut rng = rng();
    check_four_byte_kinds::<Shape![1, 3], Shape![3, 2]>(&mut rng);
    check_four_byte_kinds::<Shape![2, 2], Shape![2, 2]>(&mut rng);
    check_four_byte_kinds::<Shape![3, 2], Shape![2, 2]>(&mut rng);
    check_four_byte_kinds::<Shape![5, 4], Shape![4, 2]>(&mut rng);
    check_four_byte_kinds::<Shape![3, 0], Shape![0, 2]>(&mut rng);
    check_four_byte_kinds::<Shape![2, 3, 1], Shape![1, 2]>(&mut rng);
    check_four_byte_kinds::<Shape![2], Shape![2, 2]>(&mut rng);
    // beyond the sizes that build the result row by row (64 × 4 × 2 multiply-adds: the AVX2
    // copy of the loop), with an even and an odd number of rows
    check_four_byte_kinds::<Shape![64, 4], Shape![4, 2]>(&mut rng);
    check_four_byte_kinds::<Shape![65, 4], Shape![4, 2]>(&mut rng);
}

/// Fresh products of more multiply-adds than the compiler unrolls, and few enough to be built
/// row by row, are built out of line, straight into their place (`kernels/gemm.rs`,
/// `out_of_line`): every kind of operand, paired rows included, against the reference.
#[test]
fn fresh_products_built_out_of_line() {
    let mut rng = rng();
    check_four_byte_kinds::<Shape![7, 7], Shape![7, 7]>(&mut rng);
    check_four_byte_kinds::<Shape![6, 7], Shape![7, 6]>(&mut rng);
    check_four_byte_kinds::<Shape![7, 9], Shape![9, 7]>(&mut rng);
    check_four_byte_kinds::<Shape![4, 7], Shape![7, 16]>(&mut rng);
    check_four_byte_kinds::<Shape![8, 8], Shape![8, 4]>(&mut rng);
    // two rows at a time, an even and an odd number of them
    check_four_byte_kinds::<Shape![32, 4], Shape![4, 2]>(&mut rng);
    check_four_byte_kinds::<Shape![31, 8], Shape![8, 2]>(&mut rng);
    // a vector on either side
    check_four_byte_kinds::<Shape![60, 8], Shape![8]>(&mut rng);
    check_four_byte_kinds::<Shape![30], Shape![30, 8]>(&mut rng);
    // just above and at the threshold (6 × 6 × 6 multiply-adds, built in place)
    check_four_byte_kinds::<Shape![217], Shape![217]>(&mut rng);
    check_four_byte_kinds::<Shape![6, 6], Shape![6, 6]>(&mut rng);
}

/// `f32` products of 3, 5, 6 and 7 columns have kernels of their own (`kernels/small_block.rs`),
/// and small products into an existing tensor are built first and copied (`ops/matmul.rs`,
/// `by_rows_in_registers`): square and not, one row, an odd number of rows for the pairs of
/// 6 columns, a single inner step, results kept inline and on the heap, batched, and sizes
/// above the small loop.
#[test]
fn small_kernels_and_small_products_into() {
    let mut rng = rng();
    check_four_byte_kinds::<Shape![5, 5], Shape![5, 5]>(&mut rng);
    check_four_byte_kinds::<Shape![4, 1], Shape![1, 5]>(&mut rng);
    check_four_byte_kinds::<Shape![2, 0], Shape![0, 5]>(&mut rng);
    check_four_byte_kinds::<Shape![6, 5], Shape![5, 5]>(&mut rng);
    check_four_byte_kinds::<Shape![3], Shape![3, 5]>(&mut rng);
    check_four_byte_kinds::<Shape![20, 5], Shape![5, 5]>(&mut rng);
    check_four_byte_kinds::<Shape![100, 2], Shape![2, 5]>(&mut rng);
    check_four_byte_kinds::<Shape![2, 3, 3], Shape![3, 5]>(&mut rng);
    check_four_byte_kinds::<Shape![3, 3], Shape![3, 3]>(&mut rng);
    check_four_byte_kinds::<Shape![1, 3], Shape![3, 3]>(&mut rng);
    check_four_byte_kinds::<Shape![5, 7], Shape![7, 3]>(&mut rng);
    check_four_byte_kinds::<Shape![5, 3], Shape![3, 6]>(&mut rng);
    check_four_byte_kinds::<Shape![4, 1], Shape![1, 6]>(&mut rng);
    check_four_byte_kinds::<Shape![2, 0], Shape![0, 6]>(&mut rng);
    check_four_byte_kinds::<Shape![1, 6], Shape![6, 6]>(&mut rng);
    check_four_byte_kinds::<Shape![3, 2, 4], Shape![4, 6]>(&mut rng);
    check_four_byte_kinds::<Shape![20, 6], Shape![6, 6]>(&mut rng);
    check_four_byte_kinds::<Shape![4, 9], Shape![9, 7]>(&mut rng);
}

#[test]
fn rank_six_against_vectors_and_matrices() {
    // the pairs the random draw above happens not to reach
    check_matmul::<Shape![2, 1, 2, 1, 3, 4], Shape![4]>(&mut rng());
    check_matmul::<Shape![2, 1, 2, 1, 3, 4], Shape![4, 5]>(&mut rng());
    check_matmul::<Shape![4], Shape![2, 1, 2, 1, 4, 5]>(&mut rng());
    check_matmul::<Shape![3, 1, 2, 2, 3, 4], Shape![2, 1, 1, 4, 2]>(&mut rng());
}

#[test]
fn large_matmul_matches_reference() {
    // sizes that take the gemm path, batched and broadcast
    check_matmul::<Shape![2, 1, 20, 30], Shape![3, 30, 25]>(&mut rng());
    // fresh results of one product are not cleared before the gemm crate writes them
    // (`sys::gemm_large_fresh`), with a matrix or a vector on the left
    check_matmul::<Shape![65, 64], Shape![64, 63]>(&mut rng());
    check_matmul::<Shape![64], Shape![64, 70]>(&mut rng());
    check_matmul::<Shape![3, 50], Shape![50, 40]>(&mut rng());
    // a gemm-crate product whose result is small enough to be kept inline
    check_matmul::<Shape![2, 1100], Shape![1100, 2]>(&mut rng());
    // the AVX2 copy of the small loop (8³ to 16³ multiply-adds) and the matrix-vector path
    check_matmul::<Shape![12, 16], Shape![16, 10]>(&mut rng());
    check_matmul::<Shape![3, 9, 8], Shape![8, 15]>(&mut rng());
    check_matmul::<Shape![40, 64], Shape![64]>(&mut rng());
    check_matmul::<Shape![2, 33, 40], Shape![40, 1]>(&mut rng());
}

/// Sum, mean, max, min and argmax along `axis` the obvious way.
fn reduce_reference(x: &[f64], dims: &[usize], axis: usize) -> [Vec<f64>; 5] {
    let outer: usize = dims[..axis].iter().product();
    let n = dims[axis];
    let inner: usize = dims[axis + 1..].iter().product();
    let mut out: [Vec<f64>; 5] = Default::default();
    for o in 0..outer {
        for i in 0..inner {
            let col: Vec<f64> = (0..n).map(|j| x[(o * n + j) * inner + i]).collect();
            out[0].push(col.iter().sum());
            out[1].push(col.iter().sum::<f64>() / n as f64);
            out[2].push(col.iter().copied().fold(f64::NEG_INFINITY, f64::max));
            out[3].push(col.iter().copied().fold(f64::INFINITY, f64::min));
            let best = col.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            out[4].push(col.iter().position(|&v| v == best).unwrap_or(0) as f64);
        }
    }
    out
}

/// The reductions along axis `A` against the reference: the sum on every case, the other
/// reductions spread over the cases by their number (each group sees about 50 random shapes;
/// all of them on every case would triple the compile time for no extra coverage of shapes).
fn check_reduce<S, const A: usize, const CASE: usize>(rng: &mut StdRng)
where
    S: Shape + RemoveAxis<A>,
{
    let x: Tensor<f64, S> = random(rng);
    let dims = S::DIMS;
    let [sum, mean, max, min, argmax] = reduce_reference(x.as_slice(), dims.as_ref(), A);
    assert_eq!(x.sum_axis::<A>().as_slice(), sum.as_slice(), "sum_axis::<{A}> of {dims:?}");
    if const { CASE.is_multiple_of(3) } {
        assert_eq!(x.sum_axis_keepdim::<A>().as_slice(), sum.as_slice());
        let m = x.mean_axis::<A>();
        assert!(
            m.as_slice().iter().zip(&mean).all(|(a, b)| (a - b).abs() < 1e-12 || (a.is_nan() && b.is_nan()))
        );
        // the same values in f32 (whose kernels differ: wider vectors)
        let sf: Vec<f64> = x.cast::<f32>().sum_axis::<A>().as_slice().iter().map(|&v| v as f64).collect();
        assert_eq!(sf, sum, "f32 sum_axis::<{A}> of {dims:?}");
    } else if const { CASE % 3 == 1 } {
        assert_eq!(x.max_axis::<A>().as_slice(), max.as_slice(), "max_axis::<{A}> of {dims:?}");
        assert_eq!(x.min_axis::<A>().as_slice(), min.as_slice());
        let mf: Vec<f64> = x.cast::<f32>().max_axis::<A>().as_slice().iter().map(|&v| v as f64).collect();
        assert_eq!(mf, max);
    } else {
        let (mk, nk) = (x.max_axis_keepdim::<A>(), x.min_axis_keepdim::<A>());
        assert_eq!((mk.as_slice(), nk.as_slice()), (max.as_slice(), min.as_slice()), "keepdim of {dims:?}");
        assert_eq!(mk.shape().as_ref().len(), dims.as_ref().len());
        assert_eq!(mk.shape().as_ref()[A], 1);
        let am: Vec<f64> = x.argmax_axis::<A>().as_slice().iter().map(|&i| i as f64).collect();
        assert_eq!(am, argmax);
    }
}

/// Reductions over all elements, and norms, against the obvious loops (for shapes with at least
/// one element: a maximum over nothing does not compile), half of them on each case.
fn check_whole<S: Shape, const CASE: usize>(rng: &mut StdRng) {
    let x: Tensor<f64, S> = random(rng);
    let dims = S::DIMS;
    let all = x.as_slice();
    if const { CASE.is_multiple_of(2) } {
        assert_eq!(x.sum().item(), all.iter().sum::<f64>(), "sum of {dims:?}");
        assert_eq!(x.cast::<f32>().sum().item() as f64, all.iter().sum::<f64>(), "f32 sum of {dims:?}");
        let norm = all.iter().map(|v| v * v).sum::<f64>().sqrt();
        assert!((x.norm().item() - norm).abs() <= 1e-12 * norm.max(1.0), "norm of {dims:?}");
        assert_eq!(x.norm_l1().item(), all.iter().map(|v| v.abs()).sum::<f64>());
        let mean = all.iter().sum::<f64>() / all.len() as f64;
        assert!((x.mean().item() - mean).abs() < 1e-12, "mean of {dims:?}");
    } else {
        let best = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let worst = all.iter().copied().fold(f64::INFINITY, f64::min);
        assert_eq!(x.max().item(), best);
        assert_eq!(x.min().item(), worst);
        assert_eq!(x.argmax().item() as usize, all.iter().position(|&v| v == best).unwrap());
        assert_eq!(x.argmin().item() as usize, all.iter().position(|&v| v == worst).unwrap());
    }
}

macro_rules! reduce_case {
    ($case:literal, [$($d:literal),*], $axis:literal, true) => {
        check_reduce::<Shape![$($d),*], $axis, $case>(&mut rng());
        check_whole::<Shape![$($d),*], $case>(&mut rng());
    };
    ($case:literal, [$($d:literal),*], $axis:literal, false) => {
        check_reduce::<Shape![$($d),*], $axis, $case>(&mut rng());
    };
}

#[test]
fn reductions_match_reference() {
    tensor_test_cases::random_cases!(reduce, 5, 150, 6, reduce_case);
}

#[test]
fn sums_over_an_empty_axis_are_zero() {
    let x: Tensor<f64, Shape![3, 0, 2]> = Tensor::ones();
    assert_eq!(x.sum_axis::<1>(), Tensor::<f64, Shape![3, 2]>::zeros());
    assert!(x.mean_axis::<1>().as_slice().iter().all(|v| v.is_nan()), "0 / 0, as in PyTorch");
}

#[test]
fn sum_axes_is_repeated_sum_axis() {
    let mut rng = rng();
    let x: Tensor<f64, Shape![3, 4, 5, 2]> = random(&mut rng);
    assert_eq!(x.sum_axes::<Axes![1, 3]>(), x.sum_axis::<3>().sum_axis::<1>());
    assert_eq!(x.sum_axes::<Axes![0, 1, 2, 3]>().item(), x.sum().item());
}

/// Sums of a million elements or more are split between two threads: over all elements, and
/// along axes by rows (along the last axis each row is summed into one result; over leading
/// and middle axes runs of rows are added into their results in strips of columns). They
/// agree with the reference, and bit for bit with themselves on one thread, as the split does
/// not depend on the number of threads.
#[test]
fn large_sums_split_between_threads() {
    let mut rng = rng();
    let x: Tensor<f64, Shape![1024, 1024]> = random(&mut rng);
    let dims = [1024, 1024];
    let [rows, ..] = reduce_reference(x.as_slice(), &dims, 1);
    let [cols, ..] = reduce_reference(x.as_slice(), &dims, 0);
    let total: f64 = x.as_slice().iter().sum();
    assert_eq!(x.sum_axis::<1>().as_slice(), rows.as_slice());
    assert_eq!(x.sum_axis::<0>().as_slice(), cols.as_slice());
    assert_eq!(x.sum().item(), total);
    let xf = x.cast::<f32>();
    let rf: Vec<f64> = xf.sum_axis::<1>().as_slice().iter().map(|&v| v as f64).collect();
    assert_eq!(rf, rows);
    assert_eq!(xf.sum().item() as f64, total);
    let x3: Tensor<f64, Shape![4, 512, 512]> = random(&mut rng);
    let each: Vec<f64> = x3.as_slice().chunks(512 * 512).map(|c| c.iter().sum()).collect();
    assert_eq!(x3.sum_axes::<Axes![1, 2]>().as_slice(), each.as_slice());
    let across: Vec<f64> = (0..512).map(|j| x3.as_slice().iter().skip(j).step_by(512).sum()).collect();
    assert_eq!(x3.sum_axes::<Axes![0, 1]>().as_slice(), across.as_slice());
    let [middle, ..] = reduce_reference(x3.as_slice(), &[4, 512, 512], 1);
    assert_eq!(x3.sum_axis::<1>().as_slice(), middle.as_slice());
    // runs of three rows into the same results
    let x4: Tensor<f64, Shape![6, 3, 65536]> = random(&mut rng);
    let [runs, ..] = reduce_reference(x4.as_slice(), &[6, 3, 65536], 1);
    assert_eq!(x4.sum_axis::<1>().as_slice(), runs.as_slice());
    assert_eq!(x4.cast::<f32>().sum_axis::<1>().cast::<f64>().as_slice(), runs.as_slice());
    // 7 runs of three rows: the middle row, 10, falls inside a run, and the halves split
    // where that run starts
    let x5: Tensor<f64, Shape![7, 3, 65536]> = random(&mut rng);
    let [runs, ..] = reduce_reference(x5.as_slice(), &[7, 3, 65536], 1);
    assert_eq!(x5.sum_axis::<1>().as_slice(), runs.as_slice());
    // a tall table: many short rows, summed along each axis
    let t: Tensor<f64, Shape![131072, 8]> = random(&mut rng);
    let [per_row, ..] = reduce_reference(t.as_slice(), &[131072, 8], 1);
    let [per_column, ..] = reduce_reference(t.as_slice(), &[131072, 8], 0);
    assert_eq!(t.sum_axis::<1>().as_slice(), per_row.as_slice());
    assert_eq!(t.sum_axis::<0>().as_slice(), per_column.as_slice());
    // over the first axis into a large result (512 KiB of f64): in halves of the columns,
    // each element's rows in order, so with the bits of the one loop (every element's sum
    // from 0 over the 16 images in turn) for values whose sums round
    let b: Tensor<f64, Shape![16, 256, 256]> = random(&mut rng);
    let [over_batch, ..] = reduce_reference(b.as_slice(), &[16, 256, 256], 0);
    assert_eq!(b.sum_axis::<0>().as_slice(), over_batch.as_slice());
    let bf: Tensor<f32, Shape![16, 256, 256]> =
        Tensor::from_fn(|[i, j, k]: [usize; 3]| ((i * 65536 + j * 256 + k) as f32 * 0.37).sin());
    let in_order: Vec<u32> =
        (0..65536).map(|k| (0..16).fold(0.0f32, |s, i| s + bf.as_slice()[i * 65536 + k]).to_bits()).collect();
    let got: Vec<u32> = bf.sum_axis::<0>().as_slice().iter().map(|x| x.to_bits()).collect();
    assert_eq!(got, in_order);

    // values whose sums round: the split must not depend on the thread count
    let y: Tensor<f32, Shape![1024, 1024]> =
        Tensor::from_fn(|[i, j]: [usize; 2]| ((i * 31 + j * 17) % 1000) as f32 * 1.0e-3 + 0.1);
    let (s2, r2, a2) = (y.sum().item(), y.sum_axis::<1>(), y.sum_axis::<0>());
    typed_tensor::set_num_threads(1);
    let (s1, r1, a1) = (y.sum().item(), y.sum_axis::<1>(), y.sum_axis::<0>());
    typed_tensor::set_num_threads(0);
    assert_eq!(s1.to_bits(), s2.to_bits());
    assert!(r1.as_slice().iter().zip(r2.as_slice()).all(|(a, b)| a.to_bits() == b.to_bits()));
    assert!(a1.as_slice().iter().zip(a2.as_slice()).all(|(a, b)| a.to_bits() == b.to_bits()));
    // and the sum over all elements is close to the exact one
    let exact: f64 = y.as_slice().iter().map(|&v| v as f64).sum();
    assert!((s2 as f64 - exact).abs() < 1e-6 * exact, "{s2} against {exact}");

    // a sum along axes that is one long row has the bits of the sum over all elements (the
    // one row is split in halves as `sum()` splits it), whichever axes leave it one row
    let v: Tensor<f32, Shape![1048576]> = Tensor::full(0.1);
    let all = v.sum().item();
    assert_eq!(v.sum_axis::<0>().item().to_bits(), all.to_bits());
    assert_eq!(v.mean_axis::<0>().item().to_bits(), v.mean().item().to_bits());
    let row = v.clone().reshape::<Shape![1, 1048576]>();
    assert_eq!(row.sum_axis::<1>().as_slice()[0].to_bits(), all.to_bits());
    assert_eq!(row.sum_axes::<Axes![0, 1]>().item().to_bits(), all.to_bits());
    let col = v.reshape::<Shape![1048576, 1]>();
    assert_eq!(col.sum_axis::<0>().as_slice()[0].to_bits(), all.to_bits());
    // two rows of 2²⁰: each row as `sum()` sums it
    let two: Tensor<f32, Shape![2, 1048576]> =
        Tensor::from_fn(|[i, j]: [usize; 2]| ((j % 7) + i) as f32 * 0.1);
    let halves = two.sum_axis::<1>();
    let first: Tensor<f32, Shape![1048576]> = Tensor::from_fn(|[j]: [usize; 1]| (j % 7) as f32 * 0.1);
    assert_eq!(halves.as_slice()[0].to_bits(), first.sum().item().to_bits());
}

/// The best element along an axis that is not the last is found slab by slab, along the last
/// axis one row at a time: both keep the first on ties (the sign of a zero shows which), and
/// a NaN wins from where it appears, as in PyTorch.
#[test]
fn extrema_along_leading_and_last_axes_agree() {
    let nan = f32::NAN;
    let x: Tensor<f32, Shape![4, 3]> =
        tensor!([[1.0, nan, 0.0], [3.0, 5.0, -0.0], [3.0, 5.0, nan], [0.0, -1.0, 7.0]]);
    let xt = x.t();
    let bits = |t: &[f32]| t.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    let (max0, max1) = (x.max_axis::<0>(), xt.max_axis::<1>());
    assert_eq!(bits(max0.as_slice()), bits(&[3.0, nan, nan]));
    assert_eq!(bits(max0.as_slice()), bits(max1.as_slice()));
    let (min0, min1) = (x.min_axis::<0>(), xt.min_axis::<1>());
    assert_eq!(bits(min0.as_slice()), bits(&[0.0, nan, nan]));
    assert_eq!(bits(min0.as_slice()), bits(min1.as_slice()));
    assert_eq!(x.argmax_axis::<0>().as_slice(), &[1, 0, 2]);
    assert_eq!(xt.argmax_axis::<1>().as_slice(), &[1, 0, 2]);
    assert_eq!(x.argmin_axis::<0>().as_slice(), &[3, 0, 2]);
    assert_eq!(xt.argmin_axis::<1>().as_slice(), &[3, 0, 2]);
    // the zeros of column 2 tie: the first one stays (0.0, not -0.0)
    let z: Tensor<f32, Shape![2, 2]> = tensor!([[0.0, -0.0], [-0.0, 0.0]]);
    assert_eq!(bits(z.max_axis::<0>().as_slice()), bits(&[0.0, -0.0]));
    assert_eq!(bits(z.min_axis::<0>().as_slice()), bits(&[0.0, -0.0]));
    assert_eq!(bits(z.t().max_axis::<1>().as_slice()), bits(&[0.0, -0.0]));
    // taller: slabs are compared in groups of four (rows 1-4 and 5-8), NaN and ties inside
    let w: Tensor<f32, Shape![9, 3]> = tensor!([
        [1.0, 0.0, 2.0],
        [3.0, -0.0, 2.0],
        [3.0, 0.0, nan],
        [nan, 0.0, 2.0],
        [3.0, 5.0, 2.0],
        [4.0, 5.0, 1.0],
        [4.0, -1.0, nan],
        [nan, 5.0, 9.0],
        [4.0, 5.0, 9.0]
    ]);
    let wt = w.t();
    assert_eq!(bits(w.max_axis::<0>().as_slice()), bits(&[nan, 5.0, nan]));
    assert_eq!(bits(w.max_axis::<0>().as_slice()), bits(wt.max_axis::<1>().as_slice()));
    assert_eq!(bits(w.min_axis::<0>().as_slice()), bits(wt.min_axis::<1>().as_slice()));
    assert_eq!(w.argmax_axis::<0>().as_slice(), &[3, 4, 2]);
    assert_eq!(w.argmin_axis::<0>().as_slice(), &[3, 6, 2]);
    assert_eq!(wt.argmax_axis::<1>().as_slice(), &[3, 4, 2]);
    assert_eq!(wt.argmin_axis::<1>().as_slice(), &[3, 6, 2]);
    let zeros: Tensor<f32, Shape![6, 2]> =
        tensor!([[-0.0, 0.0], [0.0, -0.0], [-0.0, 0.0], [0.0, -0.0], [0.0, -0.0], [-0.0, 0.0]]);
    assert_eq!(bits(zeros.max_axis::<0>().as_slice()), bits(&[-0.0, 0.0]));
    assert_eq!(bits(zeros.min_axis::<0>().as_slice()), bits(&[-0.0, 0.0]));
    assert_eq!(zeros.argmax_axis::<0>().as_slice(), &[0, 0]);
    // a middle axis, against the reference
    let mut rng = rng();
    let y: Tensor<f64, Shape![3, 7, 5]> = random(&mut rng);
    let [_, _, max, min, arg] = reduce_reference(y.as_slice(), &[3, 7, 5], 1);
    assert_eq!(y.max_axis::<1>().as_slice(), max.as_slice());
    assert_eq!(y.min_axis::<1>().as_slice(), min.as_slice());
    let got: Vec<f64> = y.argmax_axis::<1>().as_slice().iter().map(|&i| i as f64).collect();
    assert_eq!(got, arg);
}

/// The first preferred element of a row, one element at a time: the reference for long rows,
/// which are searched in lanes.
fn first_best(row: &[f32], better: fn(f32, f32) -> bool) -> (usize, u32) {
    let mut best = (0, row[0]);
    for (j, &v) in row.iter().enumerate().skip(1) {
        if better(v, best.1) {
            best = (j, v);
        }
    }
    (best.0, best.1.to_bits())
}

fn check_long_rows<const N: usize>(rng: &mut StdRng, nans: bool) {
    let greater = |a: f32, b: f32| !b.is_nan() && (a.is_nan() || a > b);
    let less = |a: f32, b: f32| !b.is_nan() && (a.is_nan() || a < b);
    // few values, so that ties are everywhere, signed zeros among them, and NaNs if asked
    let row: Vec<f32> = (0..N)
        .map(|_| match rng.random_range(0..12) {
            0 => 0.0,
            1 => -0.0,
            2 if nans => f32::NAN,
            k => (k % 4) as f32 - 1.0,
        })
        .collect();
    let x: Tensor<f32, (Dim<N>,)> = Tensor::from_vec(row.clone()).unwrap();
    let (imax, vmax) = first_best(&row, greater);
    let (imin, vmin) = first_best(&row, less);
    assert_eq!((x.argmax().item() as usize, x.max().item().to_bits()), (imax, vmax), "max of {row:?}");
    assert_eq!((x.argmin().item() as usize, x.min().item().to_bits()), (imin, vmin), "min of {row:?}");
    // and as rows along the last axis
    let two: Tensor<f32, (Dim<2>, Dim<N>)> =
        Tensor::from_fn(|[i, j]: [usize; 2]| if i == 0 { row[j] } else { row[N - 1 - j] });
    let rev: Vec<f32> = row.iter().rev().copied().collect();
    let (jmax, wmax) = first_best(&rev, greater);
    assert_eq!(two.argmax_axis::<1>().as_slice(), &[imax as i64, jmax as i64]);
    assert_eq!(
        two.max_axis::<1>().as_slice().iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
        vec![vmax, wmax]
    );
}

/// Rows of 64 elements or more are searched in 16 lanes, the lanes' winners and the elements
/// after the last 16 compared at the end; the first preferred element of the row must win,
/// ties (signed zeros show which) and NaN included.
#[test]
fn long_rows_find_the_first_best() {
    let mut rng = rng();
    for _ in 0..50 {
        for nans in [false, true] {
            check_long_rows::<64>(&mut rng, nans);
            check_long_rows::<100>(&mut rng, nans);
            check_long_rows::<1031>(&mut rng, nans);
        }
    }
    check_long_rows::<12289>(&mut rng, true);
    // rows longer than a block of 4096: the first best in a later block, and at a block's edge
    let row = |set: &[(usize, f32)], rest: f32| {
        let mut v = vec![rest; 12289];
        for &(i, x) in set {
            v[i] = x;
        }
        Tensor::<f32, Shape![12289]>::from_vec(v).unwrap()
    };
    let zeros = row(&[(5000, -0.0), (9000, 0.0)], -1.0);
    assert_eq!((zeros.argmax().item() as usize, zeros.max().item().to_bits()), (5000, (-0.0f32).to_bits()));
    let edge = row(&[(8191, -2.0), (8192, -2.0)], 1.0);
    assert_eq!(edge.argmin().item() as usize, 8191);
    let nan = row(&[(4095, f32::NAN), (4096, f32::NAN), (12288, 7.0)], 0.0);
    assert_eq!(nan.argmax().item() as usize, 4095);
    assert_eq!(nan.argmin().item() as usize, 4095);
    let last = row(&[(12288, 7.0)], 0.0);
    assert_eq!((last.argmax().item() as usize, last.argmin().item() as usize), (12288, 0));
    // rows of 2^20 elements or more are searched as two halves on two threads: the best in
    // the second half, and a tie across the halves
    const LONG: usize = (1 << 20) + 5;
    let long = |set: &[(usize, f32)]| {
        let mut v: Vec<f32> = (0..LONG).map(|i| (i % 1000) as f32).collect();
        for &(i, x) in set {
            v[i] = x;
        }
        Tensor::<f32, Shape![LONG]>::from_vec(v).unwrap()
    };
    let second = long(&[(LONG - 3, 5000.0), (700_000, -5.0)]);
    assert_eq!(
        (second.argmax().item() as usize, second.max().item(), second.argmin().item() as usize),
        (LONG - 3, 5000.0, 700_000)
    );
    let tie = long(&[(600_000, 5000.0), (3, 5000.0), (1_000_000, f32::NAN)]);
    assert_eq!((tie.argmin().item() as usize, tie.argmax().item() as usize), (1_000_000, 1_000_000));
    let tie = long(&[(600_000, 5000.0), (3, 5000.0)]);
    assert_eq!((tie.argmax().item() as usize, tie.argmin().item() as usize), (3, 0));
}

/// Rows shorter than 64 along the last axis, 16 or more of them, are searched 16 rows at a
/// time (each row in its own lane), the rows after the last 16 one at a time: the first best
/// element of every row, ties and NaN included, against the one-at-a-time reference.
#[test]
fn short_rows_sixteen_at_a_time_find_the_first_best() {
    let greater = |a: f32, b: f32| !b.is_nan() && (a.is_nan() || a > b);
    let less = |a: f32, b: f32| !b.is_nan() && (a.is_nan() || a < b);
    let mut rng = rng();
    for _ in 0..20 {
        let x: Tensor<f32, Shape![37, 10]> = Tensor::from_fn(|_: [usize; 2]| match rng.random_range(0..10) {
            0 => 0.0,
            1 => -0.0,
            2 => f32::NAN,
            k => (k % 3) as f32 - 1.0,
        });
        let rows: Vec<&[f32]> = x.as_slice().chunks(10).collect();
        let (max, argmax) = (x.max_axis::<1>(), x.argmax_axis::<1>());
        let (min, argmin) = (x.min_axis::<1>(), x.argmin_axis::<1>());
        for (r, row) in rows.iter().enumerate() {
            let (i, v) = first_best(row, greater);
            assert_eq!(
                (argmax.as_slice()[r] as usize, max.as_slice()[r].to_bits()),
                (i, v),
                "max of {row:?}"
            );
            let (i, v) = first_best(row, less);
            assert_eq!(
                (argmin.as_slice()[r] as usize, min.as_slice()[r].to_bits()),
                (i, v),
                "min of {row:?}"
            );
        }
    }
}
