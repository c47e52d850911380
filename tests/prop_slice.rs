//! Property test: slicing with steps (steps larger than the axis, empty results, open ends)
//! agrees with a naive reference, over random shapes and slices drawn when this file compiles;
//! and writing a slice back puts every element where the slice read it from.

use typed_tensor::prelude::*;

/// The elements `s![...]` selects, the obvious way: `entries[a] = (start, end, step, index)`.
fn reference(
    data: &[i32],
    dims: &[usize],
    entries: &[(usize, usize, usize, bool)],
) -> (Vec<usize>, Vec<i32>) {
    let ranges: Vec<Vec<usize>> = dims
        .iter()
        .enumerate()
        .map(|(a, &n)| match entries.get(a) {
            Some(&(start, end, step, _)) => (start..end).step_by(step).collect(),
            None => (0..n).collect(),
        })
        .collect();
    let shape: Vec<usize> = ranges
        .iter()
        .enumerate()
        .filter(|(a, _)| !entries.get(*a).is_some_and(|e| e.3))
        .map(|(_, r)| r.len())
        .collect();
    let mut out = Vec::new();
    let total: usize = ranges.iter().map(Vec::len).product();
    let mut idx = vec![0; dims.len()];
    for _ in 0..total {
        let flat = idx.iter().zip(&ranges).zip(dims).fold(0, |acc, ((&i, r), &n)| acc * n + r[i]);
        out.push(data[flat]);
        for a in (0..dims.len()).rev() {
            idx[a] += 1;
            if idx[a] < ranges[a].len() {
                break;
            }
            idx[a] = 0;
        }
    }
    (shape, out)
}

macro_rules! case {
    ($_case:literal, [$($d:literal),*], [$($entry:tt)*], [$($n:expr),*]) => {{
        type S = Shape![$($d),*];
        let x = Tensor::<i32, S>::arange();
        let dims = <S as Shape>::DIMS;
        let entries: Vec<(usize, usize, usize, bool)> = vec![$($n),*];
        let (shape, values) = reference(x.as_slice(), dims.as_ref(), &entries);
        let sliced = x.slice(s![$($entry)*]);
        assert_eq!(sliced.shape().as_ref(), shape.as_slice(), "shape of s![{}] of {:?}", stringify!($($entry)*), dims);
        assert_eq!(sliced.as_slice(), values.as_slice(), "values of s![{}] of {:?}", stringify!($($entry)*), dims);
        // writing it back (negated) changes exactly the selected elements
        let mut y = x.clone();
        y.assign_slice(s![$($entry)*], &(-&sliced - 1));
        let changed = y.as_slice().iter().zip(x.as_slice()).filter(|(a, b)| a != b).count();
        assert_eq!(changed, values.len());
        assert_eq!(y.slice(s![$($entry)*]), -&sliced - 1);
    }};
}

#[test]
fn slicing_matches_reference() {
    tensor_test_cases::random_cases!(slice, 13, 150, 4, case);
}
