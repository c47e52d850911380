//! The diabetes data set: the closed form matches the reference fit in
//! `examples/data/README.md` to 1e-6 relative (f64), and SGD on standardised features lands
//! within 1 % of its training MSE.

#[path = "../examples/diabetes.rs"]
#[allow(dead_code)]
mod diabetes;

const REFERENCE: [f64; 11] = [
    -0.03636122422,
    -22.85964809,
    5.602962092,
    1.116807993,
    -1.089996334,
    0.7464504555,
    0.3720047151,
    6.533831936,
    68.48312496,
    0.2801169893,
    -334.5671385,
];

#[test]
fn closed_form_matches_the_reference_fit() {
    let (x, y) = diabetes::load("examples/data/diabetes.csv").unwrap();
    let fit = diabetes::closed_form(&x, &y).unwrap();
    let ours: Vec<f64> = fit.coefficients.iter().copied().chain([fit.intercept]).collect();
    for (i, (a, b)) in ours.iter().zip(REFERENCE).enumerate() {
        // the reference is printed to 10 significant digits
        let rel = (a - b).abs() / b.abs();
        assert!(rel < 1e-6, "coefficient {i}: {a} against {b} (relative {rel:e})");
    }
    let (mse, r2) = fit.scores(&x, &y);
    assert!((mse - 2859.696348).abs() / 2859.696348 < 1e-8, "MSE {mse}");
    assert!((r2 - 0.5177484222).abs() < 1e-8, "R² {r2}");
}

#[test]
fn sgd_lands_within_one_percent_of_the_closed_form_mse() {
    let (x, y) = diabetes::load("examples/data/diabetes.csv").unwrap();
    let (best, _) = diabetes::closed_form(&x, &y).unwrap().scores(&x, &y);
    for seed in [1, 42] {
        let (mse, _) = diabetes::sgd(&x, &y, 200, seed).scores(&x, &y);
        assert!(mse >= best * (1.0 - 1e-9), "no fit beats least squares");
        assert!(mse < best * 1.01, "seed {seed}: SGD MSE {mse} against {best}");
    }
}
