//! `nn`, `optim` and safetensors: gradients of the layers against finite differences, the
//! training step, and saving and loading with shape checks.

use rand::{SeedableRng, rngs::StdRng};
use typed_tensor::autodiff::check::{max_relative_error, numeric_grad};
use typed_tensor::nn::{self, Linear, LoadError, Module, MseLoss, ParamPath, Parameters, Sequential};
use typed_tensor::optim::Sgd;
use typed_tensor::prelude::*;

type Net = Sequential<Linear<f64, Shape![3, 4]>, Linear<f64, Shape![4, 1]>>;

fn net(seed: u64) -> Net {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut n = Sequential(Linear::new(&mut rng), Linear::new(&mut rng));
    // larger weights than d2l's 0.01, so that the check is not dominated by rounding
    n.visit(ParamPath::root(), &mut |p| {
        p.value.iter_mut().enumerate().for_each(|(i, v)| *v = (i as f64 * 0.37).sin())
    });
    n
}

#[test]
fn backward_matches_finite_differences() {
    let x = Tensor::<f64, Shape![5, 3]>::from_fn(|[i, j]| (i as f64 - j as f64) * 0.3);
    let y = Tensor::<f64, Shape![5, 1]>::from_fn(|[i, _]| i as f64);
    let mut model = net(1);
    let (_, g) = MseLoss.value_and_grad(&model.forward(&x), &y);
    let dx = model.backward_input(&x, &g);
    // the input's gradient
    let loss_of_x = |xx: &Tensor<f64, Shape![5, 3]>| MseLoss.forward(&net(1).forward(xx), &y).item();
    assert!(max_relative_error(&dx, &numeric_grad(loss_of_x, &x, 1e-6)) < 1e-6);
    // every parameter's gradient
    let mut analytic = Vec::new();
    model.visit(ParamPath::root(), &mut |p| analytic.push((p.path.name(), p.grad.to_vec())));
    assert_eq!(
        analytic.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        ["0.weight", "0.bias", "1.weight", "1.bias"]
    );
    for (k, (name, grad)) in analytic.iter().enumerate() {
        for (i, &analytic_i) in grad.iter().enumerate() {
            let probe = |delta: f64| {
                let mut m = net(1);
                let mut j = 0;
                m.visit(ParamPath::root(), &mut |p| {
                    if j == k {
                        p.value[i] += delta;
                    }
                    j += 1;
                });
                MseLoss.forward(&m.forward(&x), &y).item()
            };
            let numeric = (probe(1e-6) - probe(-1e-6)) / 2e-6;
            assert!(
                (analytic_i - numeric).abs() < 1e-6 * numeric.abs().max(1.0),
                "{name}[{i}]: {analytic_i} vs {numeric}"
            );
        }
    }
}

#[test]
fn gradients_accumulate_until_zero_grad() {
    let x = Tensor::<f64, Shape![2, 3]>::ones();
    let y = Tensor::<f64, Shape![2, 1]>::ones();
    let mut model = net(2);
    let (_, g) = MseLoss.value_and_grad(&model.forward(&x), &y);
    model.backward(&x, &g);
    let once = model.1.bias.grad.clone();
    model.backward(&x, &g);
    assert_eq!(model.1.bias.grad, &once * 2.0);
    Sgd::new(0.1).zero_grad(&mut model);
    assert_eq!(model.1.bias.grad, Tensor::zeros());
}

#[test]
fn a_training_step_lowers_the_loss() {
    let x = Tensor::<f64, Shape![8, 3]>::from_fn(|[i, j]| ((i * 3 + j) % 5) as f64 - 2.0);
    let y = Tensor::<f64, Shape![8, 1]>::from_fn(|[i, _]| i as f64 * 0.5);
    let mut model = net(3);
    let trainer = Sgd::new(0.01);
    let before = MseLoss.forward(&model.forward(&x), &y).item();
    for _ in 0..20 {
        let (_, g) = MseLoss.value_and_grad(&model.forward(&x), &y);
        trainer.zero_grad(&mut model);
        model.backward(&x, &g);
        trainer.step(&mut model);
    }
    assert!(MseLoss.forward(&model.forward(&x), &y).item() < before);
}

#[test]
fn save_and_load_round_trip_and_check_shapes() {
    let dir = std::env::temp_dir();
    let path = dir.join(format!("typed_tensor_nn_{}.safetensors", std::process::id()));
    let mut model = net(4);
    nn::save(&mut model, &path).unwrap();
    let mut other = net(5);
    other.visit(ParamPath::root(), &mut |p| p.value.fill(0.0));
    nn::load(&mut other, &path).unwrap();
    assert_eq!(other.0.weight.value, model.0.weight.value);
    assert_eq!(other.1.bias.value, model.1.bias.value);

    // PyTorch's layout: Linear(3, 4).weight is 4 x 3 in the file
    let bytes = std::fs::read(&path).unwrap();
    let header_len = u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
    let header = std::str::from_utf8(&bytes[8..8 + header_len]).unwrap();
    assert!(header.contains(r#""0.weight":{"dtype":"F64","shape":[4,3]"#), "{header}");

    // a model with other shapes: an error naming the tensor and both shapes, and no change
    let mut wrong = Sequential(
        Linear::<f64, Shape![3, 5]>::new(&mut StdRng::seed_from_u64(0)),
        Linear::<f64, Shape![5, 1]>::new(&mut StdRng::seed_from_u64(0)),
    );
    let before = wrong.0.weight.value.clone();
    let err = nn::load(&mut wrong, &path).unwrap_err();
    assert_eq!(
        err,
        LoadError::Shape {
            file: path.display().to_string(),
            name: "0.weight".into(),
            expected: vec![5, 3],
            found: vec![4, 3]
        }
    );
    assert!(
        err.to_string()
            .ends_with("tensor `0.weight` has shape [4, 3] in the file, but the model's has shape [5, 3]")
    );
    assert_eq!(wrong.0.weight.value, before);

    // another element type, a missing tensor, a file that is not safetensors
    let mut single = Linear::<f32, Shape![3, 4]>::new(&mut StdRng::seed_from_u64(0));
    assert!(matches!(nn::load(&mut single, &path), Err(LoadError::Missing { .. })));
    let mut first = Sequential(
        Linear::<f32, Shape![3, 4]>::new(&mut StdRng::seed_from_u64(0)),
        Linear::<f32, Shape![4, 1]>::new(&mut StdRng::seed_from_u64(0)),
    );
    assert!(matches!(nn::load(&mut first, &path), Err(LoadError::Dtype { .. })));
    std::fs::write(&path, b"not safetensors").unwrap();
    assert!(matches!(nn::load(&mut model, &path), Err(LoadError::Format { .. })));
    std::fs::remove_file(&path).ok();
}
