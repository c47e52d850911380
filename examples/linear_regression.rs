//! Seed §2.4 (d2l's concise linear regression) with the library's `nn`, `optim` and `data`
//! modules: `nn::Linear`, `nn::MseLoss`, `optim::Sgd` and a `DataLoader` with static batches.
//! Prints a loss-per-epoch table, the closed-form solution of §2.1.5 beside the SGD result,
//! saves and reloads the parameters as safetensors, and draws the loss curve and the fit with
//! `--plot FILE.svg`.
//!
//! Run with `cargo run --release --example linear_regression [-- --seed N] [--plot loss.svg]
//! [--save model.safetensors] [--preset large]`. The `large` preset trains on 100 000 examples
//! of 64 features in batches of 256 with the same code.

use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use typed_tensor::data::{BatchSize, DataLoader, Remainder};
use typed_tensor::nn::{self, Linear, Module};
use typed_tensor::optim::Sgd;
use typed_tensor::prelude::*;

/// Synthetic data `y = Xw + b + ε`: features ~ N(0, 1), noise ~ N(0, 0.01).
pub fn synthetic_data<const N: usize, const F: usize, R: Rng>(
    w: &Tensor<f32, Shape![F, 1]>,
    b: f32,
    rng: &mut R,
) -> (Tensor<f32, Shape![N, F]>, Tensor<f32, Shape![N, 1]>) {
    let x = Tensor::<f32, Shape![N, F]>::normal(0.0, 1.0, rng);
    let y = x.matmul(w) + b + Tensor::<f32, Shape![N, 1]>::normal(0.0, 0.01, rng);
    (x, y)
}

/// What training produced.
pub struct Report<const F: usize> {
    /// The loss over the whole data set after each epoch (mean squared error).
    pub losses: Vec<f32>,
    /// The learned model.
    pub net: Linear<f32, Shape![F, 1]>,
    /// The true weights and bias.
    pub true_w: Tensor<f32, Shape![F, 1]>,
    pub true_b: f32,
    /// The closed-form least-squares weights and bias, `(XᵀX)⁻¹Xᵀy` with a column of ones.
    pub closed_w: Vec<f64>,
    pub closed_b: f64,
    /// Seconds spent in the training loop.
    pub seconds: f64,
}

/// d2l §3.5: `net = nn.Sequential(nn.Linear(F, 1))`, `loss = nn.MSELoss()`,
/// `trainer = torch.optim.SGD(net.parameters(), lr)`, `data_iter = load_array(...)`.
pub fn train<const N: usize, const F: usize, const F1: usize, const B: usize>(
    seed: u64,
    lr: f32,
    epochs: usize,
    true_w: Tensor<f32, Shape![F, 1]>,
    true_b: f32,
    progress: bool,
) -> Report<F> {
    let mut rng = StdRng::seed_from_u64(seed);
    let (features, labels) = synthetic_data::<N, F, _>(&true_w, true_b, &mut rng);
    let data_iter =
        DataLoader::new(&features, &labels, BatchSize::<B>, Remainder::Drop, true).expect("batches of B");
    let mut net = Linear::<f32, Shape![F, 1]>::new(&mut rng);
    let loss = nn::MseLoss;
    let trainer = Sgd::new(lr);
    let bar = if progress { ProgressBar::new(epochs as u64) } else { ProgressBar::hidden() };
    bar.set_style(
        ProgressStyle::with_template("epoch {pos}/{len} {bar:30} {msg}").expect("a valid template"),
    );
    let start = Instant::now();
    let mut losses = Vec::new();
    for _ in 0..epochs {
        for (x, y) in data_iter.epoch(&mut rng) {
            let (_l, g) = loss.value_and_grad(&net.forward(&x), &y); // l = loss(net(X), y)
            trainer.zero_grad(&mut net); // trainer.zero_grad()
            net.backward(&x, &g); // l.backward()
            trainer.step(&mut net); // trainer.step()
        }
        let l = loss.forward(&net.forward(&features), &labels).item();
        losses.push(l);
        bar.set_message(format!("loss {l:.6}"));
        bar.inc(1);
    }
    let seconds = start.elapsed().as_secs_f64();
    bar.finish_and_clear();
    let (closed_w, closed_b) = closed_form::<N, F, F1>(&features, &labels);
    Report { losses, net, true_w, true_b, closed_w, closed_b, seconds }
}

/// Seed §2.1.5: `w* = (XᵀX)⁻¹Xᵀy` with the bias as a column of ones, in `f64`. `F1` is
/// `F + 1`, checked when this is compiled.
pub fn closed_form<const N: usize, const F: usize, const F1: usize>(
    features: &Tensor<f32, Shape![N, F]>,
    labels: &Tensor<f32, Shape![N, 1]>,
) -> (Vec<f64>, f64) {
    let x = features.cast::<f64>();
    let ones = Tensor::<f64, Shape![N, 1]>::ones();
    let x1 = (&x, &ones).cat_to::<1, Shape![N, F1]>();
    let xt = x1.t();
    let solution =
        xt.mm(&x1).solve(&xt.mm(&labels.cast::<f64>())).expect("XᵀX is invertible for random features");
    let s = solution.to_vec();
    (s[..F].to_vec(), s[F])
}

fn arg_value(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned())
}

fn print_report<const F: usize>(report: &Report<F>, steps: usize, flops_per_step: f64) {
    println!("| epoch | loss (MSE) |");
    println!("|---|---|");
    for (e, l) in report.losses.iter().enumerate() {
        println!("| {} | {l:.6} |", e + 1);
    }
    let w = report.net.weight.value.to_vec();
    let b = report.net.bias.value.as_slice()[0];
    let tw = report.true_w.to_vec();
    let shown = F.min(4);
    println!("\n|  | true | SGD | closed form |");
    println!("|---|---|---|---|");
    for i in 0..shown {
        println!("| w[{i}] | {:.4} | {:.4} | {:.4} |", tw[i], w[i], report.closed_w[i]);
    }
    if F > shown {
        println!("| ... ({} more weights) | | | |", F - shown);
    }
    println!("| b | {:.4} | {:.4} | {:.4} |", report.true_b, b, report.closed_b);
    let dw: Vec<String> = tw.iter().zip(&w).take(shown).map(|(t, v)| format!("{:.4}", t - v)).collect();
    println!("\nerror in estimating w: [{}{}]", dw.join(", "), if F > shown { ", ..." } else { "" });
    println!("error in estimating b: [{:.4}]", report.true_b - b);
    let gflops = flops_per_step * steps as f64 / report.seconds / 1e9;
    println!("training: {:.2} ms, {steps} steps, {gflops:.2} GFLOP/s", report.seconds * 1e3);
}

fn plot<const F: usize>(path: &str, report: &Report<F>, seed: u64) -> Result<(), Box<dyn std::error::Error>> {
    use plotters::prelude::*;
    let root = SVGBackend::new(path, (900, 400)).into_drawing_area();
    root.fill(&WHITE)?;
    let (left, right) = root.split_horizontally(450);
    // the loss curve
    let max = report.losses.iter().copied().fold(f32::MIN_POSITIVE, f32::max);
    let min = report.losses.iter().copied().fold(f32::MAX, f32::min).max(1e-7);
    let mut chart = ChartBuilder::on(&left)
        .caption("loss per epoch (log scale)", ("sans-serif", 18))
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(60)
        .build_cartesian_2d(1f32..report.losses.len().max(2) as f32, (min * 0.5..max * 2.0).log_scale())?;
    chart.configure_mesh().x_desc("epoch").y_desc("MSE").draw()?;
    chart.draw_series(LineSeries::new(
        report.losses.iter().enumerate().map(|(i, &l)| (i as f32 + 1.0, l)),
        &BLUE,
    ))?;
    // the fit along the first feature, against the data
    let mut rng = StdRng::seed_from_u64(seed);
    let (x, y) = synthetic_data::<200, F, _>(&report.true_w, report.true_b, &mut rng);
    let w0 = report.net.weight.value.as_slice()[0];
    let b = report.net.bias.value.as_slice()[0];
    let mut chart = ChartBuilder::on(&right)
        .caption("data and fitted line (first feature)", ("sans-serif", 18))
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(40)
        .build_cartesian_2d(-3f32..3f32, -15f32..20f32)?;
    chart.configure_mesh().x_desc("x[0]").y_desc("y").draw()?;
    chart.draw_series(
        x.as_slice()
            .chunks(F)
            .zip(y.as_slice())
            .map(|(row, &t)| Circle::new((row[0], t), 2, RED.mix(0.5).filled())),
    )?;
    chart.draw_series(LineSeries::new([-3.0f32, 3.0].map(|v| (v, w0 * v + b)), &BLUE))?;
    root.present()?;
    Ok(())
}

#[allow(dead_code)] // when included by the tests, `main` is not called
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let seed = arg_value("--seed").and_then(|s| s.parse().ok()).unwrap_or(42);
    let progress = std::io::IsTerminal::is_terminal(&std::io::stderr());
    match arg_value("--preset").as_deref() {
        Some("large") => {
            println!("# 100 000 examples x 64 features, batches of 256, 3 epochs");
            let mut rng = StdRng::seed_from_u64(seed ^ 0x5eed);
            let true_w = Tensor::<f32, Shape![64, 1]>::normal(0.0, 1.0, &mut rng);
            let report = train::<100_000, 64, 65, 256>(seed, 0.03, 3, true_w, 4.2, progress);
            // per step: forward 2·B·F, backward 4·B·F (weights and inputs), update 2·F
            print_report(&report, 3 * (100_000 / 256), (6 * 256 * 64 + 2 * 64) as f64);
        }
        _ => {
            println!("# d2l: 1000 examples, w = [2, -3.4], b = 4.2, batches of 10, lr 0.03, 3 epochs");
            let true_w = tensor!([[2.0f32], [-3.4]]);
            let report = train::<1000, 2, 3, 10>(seed, 0.03, 3, true_w, 4.2, progress);
            print_report(&report, 300, (6 * 10 * 2 + 2 * 2) as f64);
            let path = arg_value("--save").unwrap_or_else(|| {
                std::env::temp_dir().join("linear_regression.safetensors").display().to_string()
            });
            let mut net = report.net.clone();
            nn::save(&mut net, &path)?;
            let mut reloaded = Linear::<f32, Shape![2, 1]>::new(&mut StdRng::seed_from_u64(0));
            nn::load(&mut reloaded, &path)?;
            println!(
                "\nsaved to {path} (safetensors: `weight` 1x2 and `bias` 1, as torch.nn.Linear(2, 1)); reloaded equal: {}",
                reloaded.weight.value == net.weight.value && reloaded.bias.value == net.bias.value
            );
            let mut wrong = Linear::<f32, Shape![3, 1]>::new(&mut StdRng::seed_from_u64(0));
            if let Err(e) = nn::load(&mut wrong, &path) {
                println!("loading it into a Linear of 3 inputs: {e}");
            }
            if let Some(svg) = arg_value("--plot") {
                plot(&svg, &report, seed)?;
                println!("plot written to {svg}");
            }
        }
    }
    Ok(())
}
