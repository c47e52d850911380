//! Seed §1.1.3 (accessing elements), with the seed's values, on the 4 × 4 matrix 1..=16.

use typed_tensor::prelude::*;

fn seed_matrix() -> Tensor<i32, Shape![4, 4]> {
    Tensor::<i32, Shape![4, 4]>::arange() + 1
}

#[test]
fn one_element() {
    // [1, 2] -> 7
    let x = seed_matrix();
    assert_eq!(x.at(s![1, 2]), 7);
    assert_eq!(x.get([1, 2]), Some(&7));
    assert_eq!(x.try_get([1, 2]), Ok(7));
}

#[test]
fn a_row_and_a_column() {
    // [1, :] -> [5, 6, 7, 8]; [:, 1] -> [2, 6, 10, 14]
    let x = seed_matrix();
    let row = x.slice(s![1, ..]);
    let _: &Tensor<i32, Shape![4]> = &row;
    assert_eq!(row, tensor!([5, 6, 7, 8]));
    assert_eq!(x.slice(s![1]), row, "trailing axes are kept, as x[1] in PyTorch");
    let col = x.slice(s![.., 1]);
    let _: &Tensor<i32, Shape![4]> = &col;
    assert_eq!(col, tensor!([2, 6, 10, 14]));
    // a row is contiguous: a view without copying (it points into x), and an owned copy on
    // request
    let view = x.view(s![1, ..]);
    assert_eq!(view.as_slice(), &[5, 6, 7, 8]);
    assert!(std::ptr::eq(view.as_slice(), &x.as_slice()[4..8]));
    let owned: Tensor<i32, Shape![4]> = view.to_tensor();
    assert_eq!(owned, row);
    assert!(!std::ptr::eq(owned.as_slice(), view.as_slice()));
}

#[test]
fn writing_through_a_mutable_view() {
    // d2l: X[1, :] = 12 through a view of the row, without a copy
    let mut x = seed_matrix();
    let mut row = x.view_mut(s![1, ..]);
    assert_eq!(row.shape(), [4]);
    row.fill(12);
    x.view_mut(s![3..4]).assign(&tensor!([[0, 0, 0, 1]]));
    assert_eq!(x, tensor!([[1, 2, 3, 4], [12, 12, 12, 12], [9, 10, 11, 12], [0, 0, 0, 1]]));
}

#[test]
fn a_sub_region() {
    // [1:3, 1:] -> [[6, 7, 8], [10, 11, 12]]
    let x = seed_matrix();
    let r = x.slice(s![1..3, 1..]);
    let _: &Tensor<i32, Shape![2, 3]> = &r;
    assert_eq!(r, tensor!([[6, 7, 8], [10, 11, 12]]));
}

#[test]
fn a_strided_region() {
    // [::3, ::2] -> [[1, 3], [13, 15]]
    let x = seed_matrix();
    let r = x.slice(s![..;3, ..;2]);
    let _: &Tensor<i32, Shape![2, 2]> = &r;
    assert_eq!(r, tensor!([[1, 3], [13, 15]]));
}

#[test]
fn a_list_of_rows() {
    // [[0, 2]] and [[0, 2], :] -> rows 0 and 2
    let x = seed_matrix();
    let rows = x.index_select::<0, _>([0, 2]).unwrap();
    let _: &Tensor<i32, Shape![2, 4]> = &rows;
    assert_eq!(rows, tensor!([[1, 2, 3, 4], [9, 10, 11, 12]]));
    let err = x.index_select::<0, _>([0, 4]).unwrap_err();
    assert_eq!(err, ShapeError::IndexOutOfBounds { index: 4, axis: 0, size: 4 });
    assert_eq!(err.to_string(), "index 4 is out of bounds for dimension 0 with size 4");
}

#[test]
fn rows_by_columns_and_pairs() {
    // The seed reads x[[0, 2], [1, 2]] as rows {0, 2} x columns {1, 2} -> [[2, 3], [10, 11]]
    // (numpy's ix_); PyTorch and numpy take the pairs (0, 1) and (2, 2) -> [2, 11].
    let x = seed_matrix();
    assert_eq!(x.index_ix([0, 2], [1, 2]).unwrap(), tensor!([[2, 3], [10, 11]]));
    assert_eq!(x.index_pairs([0, 2], [1, 2]).unwrap(), tensor!([2, 11]));
    assert_eq!(
        x.index_ix([0, 2], [1, 9]).unwrap_err().to_string(),
        "index 9 is out of bounds for dimension 1 with size 4"
    );
    assert!(x.index_pairs([5], [0]).is_err());
}

#[test]
fn writing_through_indexing() {
    // d2l: X[1, 2] = 9; X[0:2, :] = 12
    let mut x: Tensor<f32, Shape![3, 4]> = Tensor::arange();
    x.set(s![1, 2], 9.0);
    assert_eq!(x.at(s![1, 2]), 9.0);
    x.fill_slice(s![0..2, ..], 12.0);
    assert_eq!(x, tensor!([[12., 12., 12., 12.], [12., 12., 12., 12.], [8., 9., 10., 11.]]));
    // a tensor into a region of the matching shape, and one that broadcasts into it
    x.assign_slice(s![1.., 1..3], &tensor!([[1.0f32, 2.0], [3.0, 4.0]]));
    x.assign_slice(s![.., 3], &tensor!(-1.0f32));
    assert_eq!(x, tensor!([[12., 12., 12., -1.], [12., 1., 2., -1.], [8., 3., 4., -1.]]));
    // run-time indices are checked, never panic
    assert!(x.try_set([3, 0], 0.0).is_err());
    assert_eq!(x.get([0, 4]), None);
    *x.get_mut([2, 0]).unwrap() = 0.5;
    assert_eq!(x.at(s![2, 0]), 0.5);
}

#[test]
fn steps_beyond_the_axis_and_empty_slices() {
    let x = seed_matrix();
    let r = x.slice(s![..;5, 3..;9]);
    let _: &Tensor<i32, Shape![1, 1]> = &r;
    assert_eq!(r, tensor!([[4]]));
    let empty = x.slice(s![2..2, ..]);
    assert_eq!(empty.shape(), [0, 4]);
    assert_eq!(x.slice(s![4.., 0]).numel(), 0);
    let big: Tensor<f32, Shape![100000, 3]> = Tensor::arange();
    let tail = big.slice(s![99998..100000, 2]); // any size, with the end written out
    assert_eq!(tail, tensor!([299996.0f32, 299999.0]));
}
