use typed_tensor::prelude::*;

fn main() {
    let _ = grad!(|x: Tensor<f32, Shape![4]>| {
        let mut y = x.sum();
        while y.item() < 10.0 {
            y = y * 2.0;
        }
        y
    });
    let _ = grad!(|x: Tensor<f32, Shape![4]>| dbg!(x).sum());
    let _ = grad!(|x: Tensor<f32, Shape![4]>| if true { x.sum() } else { x.mean() });
}
