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

/// A batch of one, spelled as a literal (`One`) or as `Dim<1>` (what `BatchSize::<1>` and a
/// `const B: usize` give), goes through layers, losses and loaders as any batch does.
#[test]
fn a_batch_of_one_works_however_it_is_spelled() {
    use typed_tensor::data::{BatchSize, Batches, DataLoader, Remainder};
    let mut rng = StdRng::seed_from_u64(0);
    let mut line = Linear::<f32, Shape![1, 1]>::new(&mut rng);
    line.weight.value = tensor!([[2.0f32]]);
    line.bias.value = tensor!([1.0f32]);

    // predicting one example with a trained model (d2l's `net(torch.tensor([[2.0]]))`)
    let y = line.forward(&tensor!([[2.0f32]])); // Shape![1, 1]: (One, One)
    assert_eq!(y, tensor!([[5.0f32]]));
    let braced: Tensor<f32, Shape![{ 1 }, 1]> = Tensor::full(2.0); // (Dim<1>, One)
    assert_eq!(line.forward(&braced).as_slice(), [5.0]);

    // its loss and backward pass
    let (l, g) = MseLoss.value_and_grad(&y, &tensor!([[4.0f32]]));
    assert_eq!((l.item(), g.as_slice()), (1.0, &[2.0][..]));
    let dx = line.backward_input(&tensor!([[2.0f32]]), &g);
    assert_eq!(
        (line.weight.grad.as_slice(), line.bias.grad.as_slice(), dx.as_slice()),
        (&[4.0][..], &[2.0][..], &[4.0][..])
    );

    // a two-layer model on one row of features
    let mut net = net(1);
    let x1 = tensor!([[0.5, -1.0, 2.0]]);
    let out = net.forward(&x1);
    assert_eq!(out.shape(), [1, 1]);
    let (_, g1) = MseLoss.value_and_grad(&out, &tensor!([[0.0]]));
    net.backward(&x1, &g1);
    // dL/db of the last layer is the output's gradient itself, for a batch of one
    assert_eq!(net.1.bias.grad.as_slice(), g1.as_slice());
    assert!(net.0.weight.grad.as_slice().iter().any(|&v| v != 0.0));

    // loaders: batches of one, and a data set of one example
    let x: Tensor<f32, Shape![3, 2]> = Tensor::arange();
    let t: Tensor<f32, Shape![3, 1]> = Tensor::arange();
    let loader = DataLoader::new(&x, &t, BatchSize::<1>, Remainder::Error, true).expect("1 divides 3");
    let mut seen = 0;
    for (xb, tb) in loader.epoch(&mut rng) {
        let _: Tensor<f32, Shape![{ 1 }, 1]> = Linear::<f32, Shape![2, 1]>::new(&mut rng).forward(&xb);
        assert_eq!(xb.as_slice()[0], 2.0 * tb.item());
        seen += 1;
    }
    assert_eq!(seen, 3);
    let single = tensor!([[7.0f32, 8.0]]);
    let label = tensor!([[1.0f32]]);
    let batches: Vec<_> =
        Batches::<f32, 1, Dim<2>>::from_tensors(&single, &label, Remainder::Error).unwrap().collect();
    assert_eq!(batches.len(), 1);
    assert!(DataLoader::new(&single, &label, BatchSize::<1>, Remainder::Error, false).is_ok());
}

/// The same through code generic over the batch, written as the documentation advises
/// (`B: Dimension`), and through a gradient made by `grad!` in such code.
#[test]
fn generic_code_over_a_batch_type_takes_one() {
    fn loss_grad<B: Dimension>(
        w: &Tensor<f64, Shape![2, 1]>,
        x: &Tensor<f64, (B, Dim<2>)>,
    ) -> Tensor<f64, Shape![2, 1]>
    where
        (B, Dim<2>): Matmul<Shape![2, 1], Output = (B, One)>,
    {
        let f = grad!(|w: &Tensor<f64, Shape![2, 1]>| x.matmul(w).square().mean());
        f(w).1
    }
    let w = tensor!([[1.0], [2.0]]);
    let one = loss_grad(&w, &tensor!([[1.0, 1.0]])); // (One, Dim<2>)
    assert_eq!(one, tensor!([[6.0], [6.0]]));
    let three: Tensor<f64, Shape![3, 2]> = Tensor::ones();
    assert_eq!(loss_grad(&w, &three), one);
}
