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
    for seed in [7, 42] {
        let a = scratch::train(seed);
        let b = concise::train::<1000, 2, 3, 10>(seed, 0.03, 3, tensor!([[2.0f32], [-3.4]]), 4.2, false);
        let wa = a.w.to_vec();
        let wb = b.net.weight.value.to_vec();
        for (x, y) in wa.iter().zip(&wb) {
            assert!((x - y).abs() < 0.01, "seed {seed}: w {wa:?} and {wb:?}");
        }
        assert!((a.b - b.net.bias.value.as_slice()[0]).abs() < 0.01, "seed {seed}: b");
        // the scratch loss is half the squared error (d2l's `squared_loss`), the concise one
        // `nn.MSELoss`: both end at the noise floor (variance 1e-4) on their own scale
        assert!(a.losses[2] < 1e-4 && b.losses[2] < 2e-4);
    }
}

#[test]
fn the_command_line_is_checked() {
    use concise::{Options, Preset, parse_args};
    let args = |s: &str| s.split_whitespace().map(String::from).collect::<Vec<_>>();
    assert_eq!(
        parse_args(args("--seed 7 --preset large --plot out.svg --save m.safetensors")),
        Ok(Options {
            seed: 7,
            preset: Preset::Large,
            plot: Some("out.svg".into()),
            save: Some("m.safetensors".into()),
            help: false,
        })
    );
    assert_eq!(
        parse_args(args("")).unwrap(),
        Options { seed: 42, preset: Preset::D2l, plot: None, save: None, help: false }
    );
    assert!(parse_args(args("--help")).unwrap().help);
    assert!(parse_args(args("-h")).unwrap().help);
    assert_eq!(parse_args(args("--seed x")), Err("--seed needs a number, found `x`".to_string()));
    assert_eq!(parse_args(args("--seed")), Err("--seed needs a number".to_string()));
    assert_eq!(
        parse_args(args("--preset huge")),
        Err("--preset is `d2l` or `large`, found `huge`".to_string())
    );
    assert_eq!(
        parse_args(args("--plot loss.png")),
        Err("--plot writes SVG: give a file name ending in .svg, found `loss.png`".to_string())
    );
    assert!(parse_args(args("--epochs 3")).unwrap_err().starts_with("unknown argument `--epochs`"));
}

#[test]
fn the_main_run_saves_reloads_and_plots() {
    let dir = std::env::temp_dir();
    let (svg, model) = (
        dir.join(format!("typed_tensor_fit_{}.svg", std::process::id())),
        dir.join(format!("typed_tensor_fit_{}.safetensors", std::process::id())),
    );
    let options = concise::Options {
        seed: 3,
        preset: concise::Preset::D2l,
        plot: Some(svg.display().to_string()),
        save: Some(model.display().to_string()),
        help: false,
    };
    concise::run::<1000, 2, 3, 10>(&options, tensor!([[2.0f32], [-3.4]]), 3).unwrap();
    let drawing = std::fs::read_to_string(&svg).unwrap();
    assert!(
        drawing.starts_with("<svg") && drawing.contains("loss per step") && drawing.contains("fitted line")
    );
    assert!(drawing.matches("<circle").count() >= 200, "the data points are drawn");
    let longest = drawing
        .split("points=\"")
        .skip(1)
        .map(|p| p.split('"').next().unwrap().split_whitespace().count())
        .max()
        .unwrap();
    assert_eq!(longest, 300, "one point per step: 100 steps in each of 3 epochs");
    let labels: Vec<&str> =
        drawing.split("</text>").filter_map(|t| t.rsplit('>').next()).map(str::trim).collect();
    assert!(labels.windows(4).any(|w| w == ["0", "1", "2", "3"]), "a tick at each whole epoch: {labels:?}");
    let mut net = typed_tensor::nn::Linear::<f32, Shape![2, 1]>::new(
        &mut <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(0),
    );
    typed_tensor::nn::load(&mut net, &model).unwrap();
    assert!((net.weight.value.as_slice()[0] - 2.0).abs() < 0.01, "the saved model is the trained one");
    std::fs::remove_file(svg).ok();
    std::fs::remove_file(model).ok();
}

#[test]
fn the_examples_take_help_and_refuse_unknown_arguments() {
    use scratch::cli::{Request, parse};
    let args = |s: &str| s.split_whitespace().map(String::from).collect::<Vec<_>>();
    assert_eq!(parse(args(""), true, 42), Ok(Request::Run(42)));
    assert_eq!(parse(args("--seed 7"), true, 42), Ok(Request::Run(7)));
    assert_eq!(parse(args("--help"), false, 0), Ok(Request::Help));
    assert_eq!(parse(args("-h --bogus"), true, 0), Ok(Request::Help));
    assert_eq!(parse(args("--seed x"), true, 0), Err("--seed needs a number, found `x`".to_string()));
    assert_eq!(
        parse(args("--seed 3"), false, 0),
        Err("unknown argument `--seed` (expected no arguments, or --help)".to_string())
    );
    assert_eq!(
        parse(args("--epochs 3"), true, 0),
        Err("unknown argument `--epochs` (expected --seed N or --help)".to_string())
    );
}
