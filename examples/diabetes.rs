//! Linear regression on real data: the diabetes data set (442 patients, 10 variables; see
//! `examples/data/README.md`), read with the CSV loader, fitted by the closed form and by SGD
//! on standardised features. Prints both sets of coefficients in the original units, the
//! training MSE and R².
//!
//! Run with `cargo run --release --example diabetes`.

use rand::SeedableRng;
use rand::rngs::StdRng;
use typed_tensor::data::{BatchSize, CsvOptions, DataError, DataLoader, Remainder, read_csv};
use typed_tensor::nn::{self, Linear, Module};
use typed_tensor::optim::Sgd;
use typed_tensor::prelude::*;

pub const FEATURES: [&str; 10] = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"];

pub type X = Tensor<f64, Shape![442, 10]>;
pub type Y = Tensor<f64, Shape![442, 1]>;

/// The data as static tensors: the CSV's sizes are checked once, here.
pub fn load(path: &str) -> Result<(X, Y), DataError> {
    let frame = read_csv(path, &CsvOptions::default())?;
    let x = X::try_from(frame.to_tensor::<f64>(&FEATURES)?)?;
    let y = Y::try_from(frame.to_tensor::<f64>(&["progression"])?)?;
    Ok((x, y))
}

/// A fit: ten coefficients and an intercept, in the original units.
pub struct Fit {
    pub coefficients: Vec<f64>,
    pub intercept: f64,
}

impl Fit {
    pub fn predict(&self, x: &X) -> Y {
        let w = Tensor::<f64, Shape![10, 1]>::from_vec(self.coefficients.clone()).expect("10 coefficients");
        x.matmul(&w) + self.intercept
    }

    /// The training MSE and R².
    pub fn scores(&self, x: &X, y: &Y) -> (f64, f64) {
        let residual = &self.predict(x) - y;
        let mse = residual.square().mean().item();
        let variance = (y - y.mean().item()).square().mean().item();
        (mse, 1.0 - mse / variance)
    }
}

/// Least squares with an intercept column (Householder QR on `[X, 1]`).
pub fn closed_form(x: &X, y: &Y) -> Result<Fit, LinalgError> {
    let x1 = (x, &Tensor::<f64, Shape![442, 1]>::ones()).cat::<1>();
    let w = x1.lstsq(y)?.to_vec();
    Ok(Fit { coefficients: w[..10].to_vec(), intercept: w[10] })
}

/// Minibatch SGD on standardised features and a centred target, with `nn::Linear`,
/// `nn::MseLoss`, `optim::Sgd` and a `DataLoader` of 34 patients (442 = 13 × 34), the learning
/// rate decaying from 0.05; then the coefficients are converted back to the original units.
pub fn sgd(x: &X, y: &Y, epochs: usize, seed: u64) -> Fit {
    let mean = x.mean_axis_keepdim::<0>();
    let std = (x - &mean).square().mean_axis_keepdim::<0>().sqrt();
    let xs = &(x - &mean) / &std;
    let y_mean = y.mean().item();
    let yc = y - y_mean;
    let mut rng = StdRng::seed_from_u64(seed);
    let loader = DataLoader::new(&xs, &yc, BatchSize::<34>, Remainder::Error, true).expect("34 divides 442");
    let mut net = Linear::<f64, Shape![10, 1]>::new(&mut rng);
    let loss = nn::MseLoss;
    for epoch in 0..epochs {
        let trainer = Sgd::new(0.05 / (1.0 + epoch as f64 / 20.0));
        for (xb, yb) in loader.epoch(&mut rng) {
            let (_, g) = loss.value_and_grad(&net.forward(&xb), &yb);
            trainer.zero_grad(&mut net);
            net.backward(&xb, &g);
            trainer.step(&mut net);
        }
    }
    // y - ȳ = Σ wᵢ (xᵢ - μᵢ) / σᵢ + b  =>  coefficients wᵢ / σᵢ, intercept ȳ + b - Σ wᵢ μᵢ / σᵢ
    let w = net.weight.value.to_vec();
    let (mu, sigma) = (mean.to_vec(), std.to_vec());
    let coefficients: Vec<f64> = w.iter().zip(&sigma).map(|(w, s)| w / s).collect();
    let shift: f64 = coefficients.iter().zip(&mu).map(|(c, m)| c * m).sum();
    Fit { coefficients, intercept: y_mean + net.bias.value.as_slice()[0] - shift }
}

#[path = "common/cli.rs"]
mod cli;

const ABOUT: &str = "Linear regression on the diabetes data set (442 patients, 10 variables): closed form and SGD, coefficients in the original units, training MSE and R².\n\nUsage: cargo run --release --example diabetes [-- --help]";

#[allow(dead_code)] // when included by the tests, `main` is not called
fn main() -> Result<(), Box<dyn std::error::Error>> {
    cli::no_options(ABOUT);
    // the data files are named from the repository root, wherever the example is started
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).ok();
    let (x, y) = load("examples/data/diabetes.csv")?;
    println!("read {} patients x {} variables", x.shape()[0], x.shape()[1]);
    let exact = closed_form(&x, &y)?;
    let learned = sgd(&x, &y, 200, 42);
    println!("\n| coefficient | closed form | SGD |");
    println!("|---|---|---|");
    for (i, name) in FEATURES.iter().enumerate() {
        println!("| {name} | {:.6} | {:.6} |", exact.coefficients[i], learned.coefficients[i]);
    }
    println!("| intercept | {:.6} | {:.6} |", exact.intercept, learned.intercept);
    let (mse_exact, r2_exact) = exact.scores(&x, &y);
    let (mse_sgd, r2_sgd) = learned.scores(&x, &y);
    println!(
        "\ntraining MSE: closed form {mse_exact:.4}, SGD {mse_sgd:.4} ({:+.3} %)",
        100.0 * (mse_sgd / mse_exact - 1.0)
    );
    println!("R²: closed form {r2_exact:.6}, SGD {r2_sgd:.6}");
    Ok(())
}
