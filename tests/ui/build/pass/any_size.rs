// Sizes far beyond typenum's table (0..=1024): the products, reductions and transposes have
// no size table, so these compile and run like small ones.
use typed_tensor::prelude::*;

fn main() {
    let v: Tensor<f32, Shape![60000]> = Tensor::ones();
    assert_eq!(v.dot(&v).item(), 60000.0);
    let m: Tensor<f32, Shape![3, 60000]> = Tensor::ones();
    assert_eq!(m.mv(&v), tensor!([60000.0f32, 60000.0, 60000.0]));
    let w: Tensor<f32, Shape![60000, 2]> = Tensor::ones();
    assert_eq!(m.mm(&w).shape(), [3, 2]);
    assert_eq!(m.matmul(&w).as_slice(), &[60000.0; 6]);
    let b: Tensor<f32, Shape![2, 1, 3, 60000]> = Tensor::ones();
    assert_eq!(b.matmul(&w).shape(), [2, 1, 3, 2]);
    assert_eq!(m.sum_axis::<1>(), tensor!([60000.0f32, 60000.0, 60000.0]));
    assert_eq!(m.t().shape(), [60000, 3]);
    assert_eq!(b.transpose::<0, 3>().shape(), [60000, 1, 3, 2]);
    assert_eq!(m.mean_axis::<0>().shape(), [60000]);
}
