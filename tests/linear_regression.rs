//! Seed §2: the from-scratch and the concise linear regressions converge as d2l's do (loss
//! below 1e-4 after 3 epochs, |w - w_true| and |b - b_true| below 0.01), for several seeds.

#[path = "../examples/linear_regression_scratch.rs"]
#[allow(dead_code)]
mod scratch;

#[path = "../examples/linear_regression.rs"]
#[allow(dead_code)]
mod concise;

use typed_tensor::prelude::*;

#[test]
fn from_scratch_converges() {
    for seed in [1, 42, 2024] {
        let r = scratch::train(seed);
        assert_eq!(r.losses.len(), 3);
        assert!(r.losses[2] < 1e-4, "seed {seed}: final loss {}", r.losses[2]);
        assert!(r.losses[0] > r.losses[2], "the loss decreases");
        let dw = &r.true_w - &r.w;
        assert!(dw.abs().max().item() < 0.01, "seed {seed}: error in w {dw}");
        assert!((r.true_b - r.b).abs() < 0.01, "seed {seed}: error in b {}", r.true_b - r.b);
    }
}

#[test]
fn concise_converges_and_agrees_with_the_closed_form() {
    for seed in [1, 42, 2024] {
        let r = concise::train::<1000, 2, 3, 10>(seed, 0.03, 3, tensor!([[2.0f32], [-3.4]]), 4.2, false);
        // nn.MSELoss has no 1/2: its floor is the noise variance, 1e-4
        assert!(r.losses[2] < 1.5e-4, "seed {seed}: final loss {}", r.losses[2]);
        let w = r.net.weight.value.to_vec();
        let b = r.net.bias.value.as_slice()[0];
        assert!((w[0] - 2.0).abs() < 0.01 && (w[1] + 3.4).abs() < 0.01, "seed {seed}: w {w:?}");
        assert!((b - 4.2).abs() < 0.01, "seed {seed}: b {b}");
        // the closed form of seed §2.1.5 is the least-squares optimum, close to the truth
        assert!((r.closed_w[0] - 2.0).abs() < 0.005 && (r.closed_w[1] + 3.4).abs() < 0.005);
        assert!((r.closed_b - 4.2).abs() < 0.005);
        assert!((w[0] as f64 - r.closed_w[0]).abs() < 0.005, "SGD lands next to the closed form");
    }
}

#[test]
fn scratch_and_concise_give_the_same_model() {
    let a = scratch::train(7);
    let b = concise::train::<1000, 2, 3, 10>(7, 0.03, 3, tensor!([[2.0f32], [-3.4]]), 4.2, false);
    let wa = a.w.to_vec();
    let wb = b.net.weight.value.to_vec();
    for (x, y) in wa.iter().zip(&wb) {
        assert!((x - y).abs() < 0.01);
    }
}
