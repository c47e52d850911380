//! Seed §2.4 (d2l's concise linear regression) with the library's `nn`, `optim` and `data`
//! modules: `nn::Linear`, `nn::MseLoss`, `optim::Sgd` and a `DataLoader` with static batches.
//! Prints a loss-per-epoch table and the closed-form solution of §2.1.5 beside the SGD result;
//! with `--save FILE` saves the parameters as safetensors (and reloads them, to show the round
//! trip), with `--plot FILE.svg` draws the loss of every step and the fit. It writes no file
//! unless asked.
//!
//! Run with `cargo run --release --example linear_regression [-- --seed N] [--plot loss.svg]
//! [--save model.safetensors] [--preset large]` (`-- --help` lists the options). The `large`
//! preset trains on 100 000 examples of 64 features in batches of 256 with the same code. It
//! prints d2l's lines (`epoch 1, loss ...`, with `nn.MSELoss`'s mean squared error as d2l's
//! concise version does, then the errors in estimating `w` and `b`) and the tables.

use indicatif::{ProgressBar, ProgressStyle};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use typed_tensor::data::{BatchSize, DataLoader, Remainder};
use typed_tensor::nn::{self, Linear, Module};
use typed_tensor::optim::Sgd;
use typed_tensor::prelude::*;

#[path = "common/cli.rs"]
#[allow(
    clippy::duplicate_mod,
    reason = "tests/linear_regression.rs includes this example and the scratch one, each with its copy"
)]
mod cli;

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
    /// The loss over the whole data set after each epoch (mean squared error, as d2l's
    /// concise version prints it with `nn.MSELoss`).
    pub losses: Vec<f32>,
    /// The loss of each minibatch step, before its update (what the plot shows).
    pub step_losses: Vec<f32>,
    /// The learned model.
    pub net: Linear<f32, Shape![F, 1]>,
    /// The true weights and bias.
    pub true_w: Tensor<f32, Shape![F, 1]>,
    pub true_b: f32,
    /// The closed-form least-squares weights and bias, `(XᵀX)⁻¹Xᵀy` with a column of ones.
    pub closed_w: Vec<f64>,
    pub closed_b: f64,
    /// The first examples of the training data (features row-major, then labels), for the plot.
    pub sample_x: Vec<f32>,
    pub sample_y: Vec<f32>,
}

/// How many training examples the plot shows.
const SAMPLE: usize = 200;

/// d2l §3.5: `net = nn.Sequential(nn.Linear(F, 1))` (a single layer here: with one layer,
/// PyTorch's `Sequential` only adds the `0.` prefix to the parameter names), `loss =
/// nn.MSELoss()`, `trainer = torch.optim.SGD(net.parameters(), lr)`, `data_iter =
/// load_array(...)`.
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
    let mut losses = Vec::new();
    let mut step_losses = Vec::new();
    for _ in 0..epochs {
        for (x, y) in data_iter.epoch(&mut rng) {
            let (l, g) = loss.value_and_grad(&net.forward(&x), &y); // l = loss(net(X), y)
            step_losses.push(l.item());
            trainer.zero_grad(&mut net); // trainer.zero_grad()
            net.backward(&x, &g); // l.backward()
            trainer.step(&mut net); // trainer.step()
        }
        let l = loss.forward(&net.forward(&features), &labels).item();
        losses.push(l);
        bar.set_message(format!("loss {l:.6}"));
        bar.inc(1);
    }
    bar.finish_and_clear();
    let (closed_w, closed_b) = closed_form::<N, F, F1>(&features, &labels);
    let shown = SAMPLE.min(N);
    let sample_x = features.as_slice()[..shown * F].to_vec();
    let sample_y = labels.as_slice()[..shown].to_vec();
    Report { losses, step_losses, net, true_w, true_b, closed_w, closed_b, sample_x, sample_y }
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

/// The two configurations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// d2l's: 1000 examples of 2 features, batches of 10.
    D2l,
    /// 100 000 examples of 64 features, batches of 256.
    Large,
}

/// The command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    pub seed: u64,
    pub preset: Preset,
    pub plot: Option<String>,
    pub save: Option<String>,
    /// `--help`: print [`HELP`] and do nothing else.
    pub help: bool,
}

/// What `--help` prints.
pub const HELP: &str = "Seed §2.4: d2l's concise linear regression with nn::Linear, nn::MseLoss, optim::Sgd
and a DataLoader; prints the loss per epoch and the learned parameters beside the closed form.

Usage: cargo run --release --example linear_regression [-- OPTIONS]

Options:
  --seed N            the random seed (default 42)
  --preset d2l|large  d2l's 1000 examples of 2 features (default), or 100 000 of 64
  --plot FILE.svg     draw the loss of every step and the fitted line into FILE.svg
  --save FILE         save the trained parameters as safetensors (PyTorch's names) and reload them
  --help, -h          print this help";

/// `--seed N`, `--preset d2l|large`, `--plot FILE.svg`, `--save FILE`, `--help`; anything else
/// is an error that says what was expected.
pub fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
    let mut options = Options { seed: 42, preset: Preset::D2l, plot: None, save: None, help: false };
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        let mut value = |what: &str| args.next().ok_or(format!("{flag} needs {what}"));
        match flag.as_str() {
            "--help" | "-h" => options.help = true,
            "--seed" => options.seed = cli::seed_value(args.next())?,
            "--preset" => {
                options.preset = match value("`d2l` or `large`")?.as_str() {
                    "d2l" => Preset::D2l,
                    "large" => Preset::Large,
                    other => return Err(format!("--preset is `d2l` or `large`, found `{other}`")),
                }
            }
            "--plot" => {
                let path = value("a file name ending in .svg")?;
                if !path.ends_with(".svg") {
                    return Err(format!(
                        "--plot writes SVG: give a file name ending in .svg, found `{path}`"
                    ));
                }
                options.plot = Some(path);
            }
            "--save" => options.save = Some(value("a file name")?),
            other => {
                return Err(format!(
                    "unknown argument `{other}` (expected --seed, --preset, --plot, --save or --help)"
                ));
            }
        }
    }
    Ok(options)
}

fn print_report<const F: usize>(report: &Report<F>) {
    for (e, l) in report.losses.iter().enumerate() {
        println!("epoch {}, loss {l:.6}", e + 1);
    }
    println!("\n| epoch | loss (MSE) |");
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
}

/// The loss curve, and the data against the fitted line along the first feature: each
/// example's label less the fitted contribution of its other features, `y − Σ_{j>0} ŵ_j x_j`,
/// against `x_0`, so that the points scatter around the line `ŵ_0 x_0 + b̂` by the noise and
/// the fitting error only.
pub fn plot<const F: usize>(path: &str, report: &Report<F>) -> Result<(), Box<dyn std::error::Error>> {
    use plotters::prelude::*;
    let root = SVGBackend::new(path, (900, 400)).into_drawing_area();
    root.fill(&WHITE)?;
    let (left, right) = root.split_horizontally(450);
    // one point per step, placed in epochs (step k of an epoch of n steps at k / n past its
    // start), with a tick at each whole epoch
    let epochs = report.losses.len().max(1);
    let per_epoch = (report.step_losses.len() / epochs).max(1);
    let max = report.step_losses.iter().copied().fold(f32::MIN_POSITIVE, f32::max);
    let min = report.step_losses.iter().copied().fold(f32::MAX, f32::min).max(1e-7);
    let mut chart = ChartBuilder::on(&left)
        .caption("loss per step (log scale)", ("sans-serif", 18))
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(60)
        .build_cartesian_2d(0f32..epochs as f32, (min * 0.5..max * 2.0).log_scale())?;
    chart
        .configure_mesh()
        .x_labels(epochs + 1)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .x_desc("epoch")
        .y_desc("minibatch MSE")
        .draw()?;
    chart.draw_series(LineSeries::new(
        report.step_losses.iter().enumerate().map(|(i, &l)| ((i + 1) as f32 / per_epoch as f32, l)),
        &BLUE,
    ))?;
    let w = report.net.weight.value.to_vec();
    let b = report.net.bias.value.as_slice()[0];
    let points: Vec<(f32, f32)> = report
        .sample_x
        .chunks(F)
        .zip(&report.sample_y)
        .map(|(row, &y)| (row[0], y - row[1..].iter().zip(&w[1..]).map(|(x, w)| x * w).sum::<f32>()))
        .collect();
    let span = |v: &mut dyn Iterator<Item = f32>| {
        let (lo, hi) = v.fold((f32::MAX, f32::MIN), |(lo, hi), x| (lo.min(x), hi.max(x)));
        let pad = ((hi - lo) * 0.05).max(1e-3);
        (lo - pad, hi + pad)
    };
    let (x_lo, x_hi) = span(&mut points.iter().map(|p| p.0));
    let (y_lo, y_hi) = span(&mut points.iter().map(|p| p.1).chain([w[0] * x_lo + b, w[0] * x_hi + b]));
    let mut chart = ChartBuilder::on(&right)
        .caption("data and fitted line along x[0]", ("sans-serif", 18))
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(40)
        .build_cartesian_2d(x_lo..x_hi, y_lo..y_hi)?;
    chart.configure_mesh().x_desc("x[0]").y_desc("y minus the other features' fit").draw()?;
    chart.draw_series(points.iter().map(|&p| Circle::new(p, 2, RED.mix(0.5).filled())))?;
    chart.draw_series(LineSeries::new([x_lo, x_hi].map(|v| (v, w[0] * v + b)), &BLUE))?;
    root.present()?;
    Ok(())
}

/// Saves the model as safetensors and loads it back into a fresh model.
fn save_and_reload<const F: usize>(
    net: &Linear<f32, Shape![F, 1]>,
    path: &str,
) -> Result<(), Box<dyn std::error::Error>>
where
    Shape![F, 1]: nn::LinearShape,
{
    let mut net = net.clone();
    nn::save(&mut net, path)?;
    let mut reloaded = Linear::<f32, Shape![F, 1]>::new(&mut StdRng::seed_from_u64(0));
    nn::load(&mut reloaded, path)?;
    println!(
        "\nsaved to {path} (safetensors: `weight` 1x{F} and `bias` 1, as torch.nn.Linear({F}, 1)); reloaded equal: {}",
        reloaded.weight.value == net.weight.value && reloaded.bias.value == net.bias.value
    );
    Ok(())
}

/// Trains one configuration and prints, saves and plots what it learned.
pub fn run<const N: usize, const F: usize, const F1: usize, const B: usize>(
    options: &Options,
    true_w: Tensor<f32, Shape![F, 1]>,
    epochs: usize,
) -> Result<(), Box<dyn std::error::Error>>
where
    Shape![F, 1]: nn::LinearShape,
{
    let progress = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let report = train::<N, F, F1, B>(options.seed, 0.03, epochs, true_w, 4.2, progress);
    print_report(&report);
    if let Some(path) = &options.save {
        save_and_reload(&report.net, path)?;
    }
    if let Some(svg) = &options.plot {
        plot(svg, &report)?;
        println!("plot written to {svg}");
    }
    Ok(())
}

#[allow(dead_code)] // when included by the tests, `main` is not called
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("error: {message}");
            eprintln!("\n{HELP}");
            std::process::exit(2);
        }
    };
    if options.help {
        println!("{HELP}");
        return Ok(());
    }
    match options.preset {
        Preset::D2l => {
            println!("# d2l: 1000 examples, w = [2, -3.4], b = 4.2, batches of 10, lr 0.03, 3 epochs");
            run::<1000, 2, 3, 10>(&options, tensor!([[2.0f32], [-3.4]]), 3)
        }
        Preset::Large => {
            println!("# 100 000 examples x 64 features, batches of 256, lr 0.03, 3 epochs");
            let mut rng = StdRng::seed_from_u64(options.seed ^ 0x5eed);
            let true_w = Tensor::<f32, Shape![64, 1]>::normal(0.0, 1.0, &mut rng);
            run::<100_000, 64, 65, 256>(&options, true_w, 3)
        }
    }
}
