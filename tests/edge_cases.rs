//! Bad input and extreme sizes through the public API: each test is the reproducer of a
//! crash, hang or wrong result, kept so that it cannot come back.

use typed_tensor::nn::{self, Module};
use typed_tensor::prelude::*;
use typed_tensor::rand::SeedableRng;
use typed_tensor::rand::rngs::StdRng;

/// Runs `f` in a thread with a 2 MiB stack, the size of a `#[test]` thread and of a spawned
/// thread, so that a product whose rows or frames grow with the shape overflows here.
fn in_small_stack<F: FnOnce() + Send + 'static>(f: F) {
    std::thread::Builder::new().stack_size(2 << 20).spawn(f).unwrap().join().unwrap();
}

/// The widest products of each path and element type do not overflow a 2 MiB stack: the row
/// loop keeps a row of constant length only while it is short.
#[test]
fn wide_products_fit_a_small_stack() {
    in_small_stack(|| {
        let c = Tensor::<f32, Shape![8, 64]>::ones().mm(&Tensor::<f32, Shape![64, 16384]>::ones());
        assert!(c.as_slice().iter().all(|&x| x == 64.0));
    });
    in_small_stack(|| {
        let c = Tensor::<f64, Shape![2, 3]>::ones().mm(&Tensor::<f64, Shape![3, 100_000]>::ones());
        assert!(c.as_slice().iter().all(|&x| x == 3.0));
        // rows longer than the loop keeps in registers add the products in the same order (a
        // product of at most 16³ multiply-adds, which the `gemm` crate does not compute)
        let a = Tensor::<f64, Shape![2, 4]>::from_fn(|[i, j]| (i as f64 + 1.0) / (j as f64 + 3.0));
        let b = Tensor::<f64, Shape![4, 500]>::from_fn(|[i, j]| ((i * 7 + j) % 13) as f64 / 7.0 - 0.5);
        let c = a.mm(&b);
        for i in 0..2 {
            for j in 0..500 {
                let expected = (1..4).fold(a.as_slice()[i * 4] * b.as_slice()[j], |s, p| {
                    s + a.as_slice()[i * 4 + p] * b.as_slice()[p * 500 + j]
                });
                assert_eq!(c.as_slice()[i * 500 + j], expected);
            }
        }
    });
    in_small_stack(|| {
        let c = Tensor::<i32, Shape![4, 4]>::ones().mm(&Tensor::<i32, Shape![4, 200_000]>::ones());
        assert!(c.as_slice().iter().all(|&x| x == 4));
        let c = Tensor::<i32, Shape![4, 4]>::ones().mm(&Tensor::<i32, Shape![4, 8192]>::ones());
        assert!(c.as_slice().iter().all(|&x| x == 4));
        // below the vector loop's threshold: the plain row loop, 1 · 1 · 500 < 8³
        let c = Tensor::<i32, Shape![1, 1]>::ones().mm(&Tensor::<i32, Shape![1, 500]>::ones());
        assert!(c.as_slice().iter().all(|&x| x == 1));
    });
    in_small_stack(|| {
        let c = Tensor::<i64, Shape![4, 4]>::ones().mm(&Tensor::<i64, Shape![4, 600_000]>::ones());
        assert!(c.as_slice().iter().all(|&x| x == 4));
        let v = Tensor::<i64, Shape![4]>::ones().matmul(&Tensor::<i64, Shape![4, 600_000]>::ones());
        assert!(v.as_slice().iter().all(|&x| x == 4));
    });
    in_small_stack(|| {
        // a batched product: the same loop once per matrix
        let a = Tensor::<i64, Shape![2, 3, 2]>::ones();
        let c = a.matmul(&Tensor::<i64, Shape![2, 100_000]>::ones());
        assert!(c.as_slice().iter().all(|&x| x == 2));
    });
    in_small_stack(|| {
        // a vocabulary-sized layer on a batch of 8
        let mut rng = StdRng::seed_from_u64(0);
        let layer = nn::Linear::<f32, Shape![64, 32000]>::new(&mut rng);
        let y = layer.forward(&Tensor::<f32, Shape![8, 64]>::ones());
        assert_eq!(y.shape(), [8, 32000]);
    });
}

/// Distribution parameters that PyTorch rejects are errors (and panics of the plain forms),
/// not hangs, infinities or NaN (item 2).
#[test]
fn random_parameters_are_checked() {
    use typed_tensor::error::DistributionError;
    let mut rng = StdRng::seed_from_u64(0);
    type V = Tensor<f64, Shape![4]>;
    assert_eq!(
        V::try_uniform(0.0, f64::INFINITY, &mut rng).unwrap_err(),
        DistributionError::UniformOverflow { low: 0.0, high: f64::INFINITY }
    );
    assert!(Tensor::<f32, Shape![4]>::try_uniform(0.0, f32::INFINITY, &mut rng).is_err());
    assert!(V::try_uniform(f64::MIN, f64::MAX, &mut rng).is_err());
    assert!(Tensor::<f32, Shape![4]>::try_uniform(f32::MIN, f32::MAX, &mut rng).is_err());
    assert!(V::try_uniform(f64::NEG_INFINITY, f64::INFINITY, &mut rng).is_err());
    assert_eq!(
        V::try_uniform(1.0, 0.0, &mut rng).unwrap_err().to_string(),
        "uniform expects to return a [low, high) range, but found low=1 > high=0"
    );
    assert!(V::try_uniform(f64::NAN, 1.0, &mut rng).is_err());
    assert_eq!(V::try_normal(0.0, -1.0, &mut rng).unwrap_err(), DistributionError::NegativeStd { std: -1.0 });
    assert!(V::try_normal(0.0, f64::NAN, &mut rng).is_err());
    // accepted as PyTorch accepts them
    assert_eq!(V::try_uniform(2.0, 2.0, &mut rng).unwrap(), Tensor::full(2.0));
    assert!(
        V::try_uniform(-f64::MAX / 2.0, f64::MAX / 2.0, &mut rng)
            .unwrap()
            .as_slice()
            .iter()
            .all(|x| x.is_finite())
    );
    assert!(V::try_normal(f64::NAN, 1.0, &mut rng).unwrap().as_slice().iter().all(|x| x.is_nan()));
    assert_eq!(V::try_normal(3.0, 0.0, &mut rng).unwrap(), Tensor::full(3.0));
    let panic = std::panic::catch_unwind(|| V::uniform(1.0, 0.0, &mut StdRng::seed_from_u64(0))).unwrap_err();
    assert_eq!(
        panic.downcast_ref::<String>().unwrap(),
        "uniform expects to return a [low, high) range, but found low=1 > high=0"
    );
}

/// Integer division by zero and `MIN / -1` have a form that reports the position instead of
/// panicking (item 3).
#[test]
fn integer_division_has_a_checked_form() {
    use typed_tensor::error::ArithmeticError;
    let err = tensor!([1, 2]).try_div(&tensor!([1, 0])).unwrap_err();
    assert_eq!(err, ArithmeticError::DivisionByZero { index: vec![1], lhs: 2 });
    let err = tensor!([[4], [i32::MIN]]).try_div(&tensor!([2, -1])).unwrap_err();
    assert_eq!(
        err,
        ArithmeticError::Overflow { index: vec![1, 1], op: '/', lhs: i32::MIN as i64, rhs: -1, dtype: "i32" }
    );
    assert_eq!(tensor!([6, 8]).try_div(&tensor!(2)), Ok(tensor!([3, 4])));
    assert_eq!(tensor!([6, 8]).checked_div(&tensor!([1, 0])), None);
    // floats follow IEEE 754, as PyTorch
    assert_eq!(tensor!([1.0, -1.0]).try_div(&tensor!(0.0)), Ok(tensor!([f64::INFINITY, f64::NEG_INFINITY])));
    assert!(std::panic::catch_unwind(|| tensor!([1, 2]) / tensor!([1, 0])).is_err());
}

/// Integer sums accumulate as PyTorch's (`i32` into `i64`); `+ - *` have checked and
/// wrapping forms (item 4).
#[test]
fn integer_sums_do_not_overflow() {
    let s = tensor!([i32::MAX, 1]).sum();
    let _: &Tensor<i64, Shape![]> = &s;
    assert_eq!(s.item(), 2_147_483_648);
    let big = Tensor::<i32, Shape![3, 2]>::full(i32::MAX);
    assert_eq!(big.sum_axis::<0>(), tensor!([3 * i32::MAX as i64, 3 * i32::MAX as i64]));
    assert_eq!(
        big.sum_axis_keepdim::<1>(),
        tensor!([[2 * i32::MAX as i64], [2 * i32::MAX as i64], [2 * i32::MAX as i64]])
    );
    assert_eq!(big.sum_axes::<Axes![0, 1]>().item(), 6 * i32::MAX as i64);
    assert_eq!(tensor!([i32::MIN, i32::MIN]).norm_l1().item(), 2 * 2_147_483_648);
    // floats keep their type
    let _: Tensor<f32, Shape![]> = tensor!([1.0f32]).sum();
    assert_eq!(tensor!([i32::MAX]).wrapping_add(&tensor!(1)), tensor!([i32::MIN]));
    assert_eq!(tensor!([i32::MAX]).checked_add(&tensor!(1)), None);
    assert_eq!(
        tensor!([3, i64::MAX]).try_mul(&tensor!(2i64)).unwrap_err().to_string(),
        "integer overflow at index [1]: 9223372036854775807 * 2 does not fit in i64"
    );
    assert_eq!(tensor!([3, 4]).try_sub(&tensor!([1, 1])), Ok(tensor!([2, 3])));
}

/// A safetensors file built by hand: `header` (JSON) and `data`.
fn safetensors_file(name: &str, header: &str, data: &[u8]) -> std::path::PathBuf {
    let path =
        std::env::temp_dir().join(format!("typed_tensor_edge_{name}_{}.safetensors", std::process::id()));
    let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
    bytes.extend_from_slice(header.as_bytes());
    bytes.extend_from_slice(data);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// `nn::load` reads no further than the header says, and checks each declared size against
/// the file before reading it (item 6).
#[test]
fn load_reads_a_bounded_amount() {
    use typed_tensor::nn::LoadError;
    let mut net = nn::Linear::<f32, Shape![2, 1]>::new(&mut StdRng::seed_from_u64(0));
    #[cfg(unix)]
    {
        let err = nn::load(&mut net, "/dev/zero").unwrap_err();
        assert!(matches!(err, LoadError::Format { .. }), "{err}");
    }
    // a header that claims a terabyte of tensors
    let header = r#"{"weight":{"dtype":"F32","shape":[1,250000000000],"data_offsets":[0,1000000000000]}}"#;
    let path = safetensors_file("huge", header, &[0; 8]);
    let err = nn::load(&mut net, &path).unwrap_err();
    assert!(err.to_string().contains("the header lists 1000000000000 bytes of tensors"), "{err}");
    // a header length beyond the file
    let path2 =
        std::env::temp_dir().join(format!("typed_tensor_edge_len_{}.safetensors", std::process::id()));
    std::fs::write(&path2, 5_000_000u64.to_le_bytes()).unwrap();
    let err = nn::load(&mut net, &path2).unwrap_err();
    assert!(err.to_string().contains("does not fit in a file of 8 bytes"), "{err}");
    std::fs::remove_file(&path).ok();
    std::fs::remove_file(&path2).ok();
}

/// A file with a tensor the model lacks is an error by default, as PyTorch's
/// `load_state_dict` (item 12).
#[test]
fn load_is_strict_by_default() {
    use typed_tensor::nn::{LoadError, LoadOptions};
    let header = concat!(
        r#"{"weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},"#,
        r#""bias":{"dtype":"F32","shape":[1],"data_offsets":[8,12]},"#,
        r#""extra":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}}"#
    );
    let data: Vec<u8> = [1.0f32, 2.0, 3.0, 4.0].iter().flat_map(|x| x.to_le_bytes()).collect();
    let path = safetensors_file("extra", header, &data);
    let mut net = nn::Linear::<f32, Shape![2, 1]>::new(&mut StdRng::seed_from_u64(0));
    let before = net.weight.value.clone();
    let err = nn::load(&mut net, &path).unwrap_err();
    assert_eq!(err, LoadError::Unexpected { file: path.display().to_string(), names: vec!["extra".into()] });
    assert!(err.to_string().ends_with(r#"Unexpected key(s) in state_dict: "extra""#), "{err}");
    assert_eq!(net.weight.value, before);
    nn::load_with(&mut net, &path, &LoadOptions { strict: false }).unwrap();
    assert_eq!(net.weight.value, tensor!([[1.0f32], [2.0]]));
    assert_eq!(net.bias.value, tensor!([3.0f32]));
    std::fs::remove_file(&path).ok();
}

/// The CSV reader stops at a line longer than its limit, naming the line (item 6); a long
/// value is cut in error messages (item 14).
#[test]
fn csv_lines_and_messages_are_bounded() {
    use typed_tensor::data::{CsvOptions, DataError, read_csv, read_csv_from};
    #[cfg(unix)]
    {
        let err = read_csv("/dev/zero", &CsvOptions::default()).unwrap_err();
        assert!(matches!(err, DataError::LineTooLong { line: 1, .. }), "{err}");
    }
    let options = CsvOptions { max_line_bytes: 16, ..CsvOptions::default() };
    let text = "a,b\n1,2\n3,4444444444444444444\n";
    let err = read_csv_from(text.as_bytes(), "t.csv", &options).unwrap_err();
    assert!(matches!(err, DataError::LineTooLong { line: 3, limit: 16, .. }), "{err}");
    assert_eq!(
        err.to_string(),
        "t.csv: line 3 is longer than 16 bytes (`CsvOptions::max_line_bytes`); is this a CSV file?"
    );
    assert!(read_csv_from(text.as_bytes(), "t.csv", &CsvOptions::default()).is_ok());
    // the limit is on a line's own bytes, without its break
    let exact = CsvOptions { max_line_bytes: 3, ..CsvOptions::default() };
    assert!(read_csv_from("a,b\n1,2\n".as_bytes(), "t.csv", &exact).is_ok());
    assert!(read_csv_from("a,b\r\n1,2\r\n".as_bytes(), "t.csv", &exact).is_ok());
    assert!(read_csv_from("a,b\n1,2".as_bytes(), "t.csv", &exact).is_ok());
    let err = read_csv_from("a,b\n1,22\n".as_bytes(), "t.csv", &exact).unwrap_err();
    assert!(matches!(err, DataError::LineTooLong { line: 2, limit: 3, .. }), "{err}");

    let long = "x".repeat(1_000_000);
    let frame = read_csv_from(format!("a\n{long}\n").as_bytes(), "t.csv", &CsvOptions::default()).unwrap();
    let message = frame.to_tensor::<f32>(&["a"]).unwrap_err().to_string();
    assert_eq!(
        message,
        format!("t.csv: line 2, column `a`: `{}… (1000000 characters)` is not a number", "x".repeat(40))
    );
}

/// `solve` reports only an exactly zero pivot, as LAPACK; NaN passes through; `lstsq` does
/// not depend on the scale of the columns (item 7).
#[test]
fn linear_solvers_follow_lapack() {
    let a = tensor!([[1.0, 0.0], [0.0, 1e-20]]);
    assert_eq!(a.solve(&tensor!([1.0, 1.0])).unwrap(), tensor!([1.0, 1e20]));
    let x = tensor!([[1.0, f64::NAN], [0.0, 1.0]]).solve(&tensor!([1.0, 1.0])).unwrap();
    assert!(x.as_slice().iter().any(|v| v.is_nan()), "{x}");
    assert!(tensor!([[1.0, 2.0], [2.0, 4.0]]).inverse().is_err());
    let base = tensor!([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]]);
    let y = tensor!([1.0, 3.0, 5.0, 7.0]);
    for scale in [1e200, 1e-200, 1.0] {
        let w = (&base * scale).lstsq(&y).unwrap();
        let expected = tensor!([1.0, 2.0]) / scale;
        assert!(w.allclose(&expected, 1e-12, 0.0), "scale {scale}: {w}");
    }
    // one column large, one small
    let mixed = &base * &tensor!([1e150, 1e-150]);
    let w = mixed.lstsq(&y).unwrap();
    assert!(w.allclose(&tensor!([1e-150, 2e150]), 1e-12, 0.0), "{w}");
    assert!(tensor!([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]]).lstsq(&tensor!([1.0, 2.0, 3.0])).is_err());
}

// Item 13, `DataLoader` with `BatchSize::<0>`: a compile error, `tests/ui/build/fail/batch_size_zero.rs`.

/// `one_hot` refuses names that exist, compares numbers as numbers (item 11), and adds
/// `_nan` only where values are missing, as its documentation says (item 25).
#[test]
fn one_hot_names_and_numeric_categories() {
    use typed_tensor::data::{Column, CsvOptions, DataError, read_csv_from};
    let read = |text: &str| read_csv_from(text.as_bytes(), "t.csv", &CsvOptions::default()).unwrap();
    let mut f = read("c,c_x\nx,1\ny,2\n");
    let before = f.clone();
    let err = f.one_hot("c").unwrap_err();
    assert!(matches!(&err, DataError::NameCollision { name, .. } if name == "c_x"), "{err}");
    assert_eq!(f, before);
    let mut f = read("c\n0\n-0\n10\n2\nNA\n");
    f.one_hot("c").unwrap();
    assert_eq!(f.columns(), ["c_0", "c_2", "c_10", "c_nan"]);
    assert_eq!(f.column("c_0").unwrap(), &Column::Numeric(vec![1.0, 1.0, 0.0, 0.0, 0.0]));
    let mut f = read("c\na\nb\n");
    f.one_hot("c").unwrap();
    assert_eq!(f.columns(), ["c_a", "c_b"]);
}

/// The special inputs of `tests/data/special_values.csv`, in its order.
const SPECIAL: [f64; 14] = [
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    -2.5,
    1e-30,
    1e30,
    -1e30,
    100.0,
    800.0,
];

/// Whether `ours` is PyTorch's `theirs`: both NaN, or equal with the same sign of zero, or
/// within `ulps` units in the last place of the element type (`f32`: `single`).
fn agrees(ours: f64, theirs: f64, single: bool, ulps: u64) -> bool {
    if ours.is_nan() || theirs.is_nan() {
        return ours.is_nan() && theirs.is_nan();
    }
    if ours == theirs {
        return ours != 0.0 || ours.is_sign_negative() == theirs.is_sign_negative();
    }
    if ours.is_infinite() || theirs.is_infinite() || ours.signum() != theirs.signum() {
        return false;
    }
    let distance = if single {
        (ours as f32).to_bits().abs_diff((theirs as f32).to_bits()) as u64
    } else {
        ours.to_bits().abs_diff(theirs.to_bits())
    };
    distance <= ulps
}

/// Each elementwise function and its reverse rule at NaN, ±inf, ±0 and other special inputs,
/// against PyTorch's values and autograd gradients (item 8; the table is made by
/// `benches/reference/special_values.py`).
#[test]
fn elementwise_functions_at_special_values() {
    let table = include_str!("data/special_values.csv");
    // the rows of each function and type are the inputs in `SPECIAL`'s order
    let mut expected = std::collections::HashMap::new();
    let mut position = std::collections::HashMap::new();
    for line in table.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let at = position.entry((f[0], f[1])).or_insert(0usize);
        let x: f64 = f[2].parse().unwrap();
        assert!(
            x.to_bits() == (SPECIAL[*at] as f32 as f64).to_bits()
                || x.to_bits() == SPECIAL[*at].to_bits()
                || x.is_nan()
        );
        expected.insert(
            (f[0].to_string(), f[1].to_string(), *at),
            (f[3].parse::<f64>().unwrap(), f[4].parse::<f64>().unwrap()),
        );
        *at += 1;
    }
    let mut wrong = Vec::new();
    let mut checked = 0;
    macro_rules! for_type {
        ($e:ty, $label:literal) => {{
            type T = Tensor<$e, Shape![14]>;
            let x = T::from_vec(SPECIAL.iter().map(|&v| v as $e).collect()).unwrap();
            macro_rules! case {
                ($name:literal, |$v:ident| $body:expr) => {{
                    let y = {
                        let $v = x.clone();
                        $body
                    };
                    let (_, dx) = grad!(|$v: T| ($body).sum())(x.clone());
                    case!(@compare $name, y, Some(dx));
                }};
                (forward $name:literal, |$v:ident| $body:expr) => {{
                    let y = {
                        let $v = x.clone();
                        $body
                    };
                    case!(@compare $name, y, None::<T>);
                }};
                (@compare $name:literal, $y:ident, $dx:expr) => {{
                    let (y, dx) = ($y, $dx);
                    for i in 0..14 {
                        let (want_y, want_dx) = expected[&($name.to_string(), $label.to_string(), i)];
                        let got_y = y.as_slice()[i] as f64;
                        let single = $label == "f32";
                        if !agrees(got_y, want_y, single, 4) {
                            wrong.push(format!("{}({}) {}: {got_y:?}, PyTorch {want_y:?}", $name, SPECIAL[i], $label));
                        }
                        checked += 1;
                        // functions without a derivative rule are checked forward only
                        if let Some(dx) = &dx {
                            let got_dx = dx.as_slice()[i] as f64;
                            if !agrees(got_dx, want_dx, single, 4) {
                                wrong.push(format!("d {}({}) {}: {got_dx:?}, PyTorch {want_dx:?}", $name, SPECIAL[i], $label));
                            }
                            checked += 1;
                        }
                    }
                }};
            }
            case!("exp", |x| x.exp());
            case!("ln", |x| x.ln());
            case!("log1p", |x| x.log1p());
            case!("sqrt", |x| x.sqrt());
            case!("abs", |x| x.abs());
            case!("sin", |x| x.sin());
            case!("cos", |x| x.cos());
            case!("tanh", |x| x.tanh());
            case!("sigmoid", |x| x.sigmoid());
            case!("relu", |x| x.relu());
            case!("square", |x| x.square());
            case!("neg", |x| -x);
            case!(forward "recip", |x| x.recip());
            case!(forward "signum", |x| x.signum());
            case!("powi2", |x| x.powi(2));
            case!("powi3", |x| x.powi(3));
            case!("powi0", |x| x.powi(0));
            case!("powi-1", |x| x.powi(-1));
            case!("powf0.5", |x| x.powf(0.5));
            case!("powf2.5", |x| x.powf(2.5));
        }};
    }
    for_type!(f32, "f32");
    for_type!(f64, "f64");
    // two values per row, one for the two functions without a rule
    assert_eq!(checked, 2 * (table.lines().count() - 1) - 2 * 2 * 14, "every row of the table is checked");
    assert!(
        wrong.is_empty(),
        "{} of {checked} values differ from PyTorch:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// Long `f32` sums are summed in blocks and a tree of partial sums, as numpy's pairwise
/// summation: the mean of 10⁷ values of 0.1 was 0.09985 (item 10).
#[test]
fn long_sums_keep_their_precision() {
    let x = Tensor::<f32, Shape![10_000_000]>::full(0.1);
    let mean = x.mean().item();
    // PyTorch: 0.09999996, numpy: 0.10000001
    assert!((mean - 0.1).abs() < 1e-6, "{mean}");
    let sum = x.sum().item();
    assert!((sum as f64 - 1e6).abs() / 1e6 < 1e-6, "{sum}");
    // so are long dot products (`dot`, `norm`)
    let ones = Tensor::<f32, Shape![10_000_000]>::ones();
    let dot = x.dot(&ones).item();
    assert!((dot as f64 - 1e6).abs() / 1e6 < 1e-6, "{dot}");
    let norm = x.norm().item();
    assert!((norm as f64 - 1e5f64.sqrt()).abs() / 1e5f64.sqrt() < 1e-6, "{norm}");
    // along an axis, a long row is summed the same way
    let rows = x.reshape::<Shape![2, 5_000_000]>().sum_axis::<1>();
    assert!(rows.as_slice().iter().all(|s| (*s as f64 - 5e5).abs() / 5e5 < 1e-6), "{rows}");
}

/// `from_fn` inside a function generic over the sizes (item 19): `|[i, j]|` needed an
/// annotation, and with one, release builds of rustc 1.95 were reported to crash
/// (`SignatureMismatch … <(Dim<N>, Dim<N>) as Shape>::Index`, the class of
/// rust-lang/rust#146965). The closure now takes `[usize; R]`, no associated type.
fn hilbert<const N: usize>() -> Tensor<f64, Shape![N, N]> {
    Tensor::from_fn(|[i, j]| 1.0 / (i + j + 1) as f64)
}

/// Called from a generic function, as in the report.
fn hilbert_trace<E: Float, const N: usize>() -> E {
    let h = hilbert::<N>();
    E::from_f64((0..N).map(|i| h.as_slice()[i * N + i]).sum())
}

#[test]
fn from_fn_in_generic_code() {
    assert_eq!(hilbert::<3>().at(s![2, 1]), 0.25);
    assert_eq!(hilbert_trace::<f32, 2>(), 1.0 + 1.0 / 3.0);
}

/// The release build of this file, which is where rustc crashed (minutes: it builds the library
/// in release, so CI leaves it out; run with `cargo test --test edge_cases -- --ignored`).
#[test]
#[ignore = "builds the library in release"]
fn from_fn_in_generic_code_builds_in_release() {
    let status = std::process::Command::new(env!("CARGO"))
        .args(["build", "--release", "--test", "edge_cases"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .unwrap();
    assert!(status.success());
}

/// `cumsum` and `cumprod` along any axis, as d2l §2.3's `A.cumsum(axis=0)` (item 20), with
/// `cumsum`'s gradient against finite differences.
#[test]
fn cumulative_sums_and_products() {
    use typed_tensor::autodiff::check::{max_relative_error, numeric_grad};
    // d2l: A = torch.arange(20, dtype=torch.float32).reshape(5, 4); A.cumsum(axis=0)
    let a = Tensor::<f32, Shape![20]>::arange().reshape::<Shape![5, 4]>();
    let c = a.cumsum::<0>();
    assert_eq!(c.slice(s![4..5, ..]), tensor!([[40.0f32, 45.0, 50.0, 55.0]]));
    assert_eq!(c.slice(s![1..2, ..]), tensor!([[4.0f32, 6.0, 8.0, 10.0]]));
    let x: Tensor<i32, Shape![2, 3, 2]> = Tensor::arange();
    let along1 = x.cumsum::<1>();
    assert_eq!(along1.as_slice()[..6], [0i64, 1, 2, 4, 6, 9]);
    assert_eq!(x.cumprod::<2>().as_slice()[..4], [0i64, 0, 2, 6]);
    assert_eq!(tensor!([i32::MAX, i32::MAX]).cumsum::<0>(), tensor!([i32::MAX as i64, 2 * i32::MAX as i64]));
    // from zero, in f64, as PyTorch's CPU kernel
    assert!(tensor!([-0.0f32]).cumsum::<0>().at(s![0]).is_sign_positive());
    let long = Tensor::<f32, Shape![1_000_000]>::full(0.1).cumsum::<0>();
    assert_eq!(long.at(s![-1]), (1e6f64 * 0.1f32 as f64) as f32);
    let f = grad!(|w: Tensor<f64, Shape![3, 4]>| (w.cumsum::<1>() * w.cumsum::<0>()).sum());
    let w = Tensor::<f64, Shape![3, 4]>::from_fn(|[i, j]| (i as f64 - 1.2) * (j as f64 + 0.3));
    let (_, dw) = f(w.clone());
    let numeric = numeric_grad(|w| (w.cumsum::<1>() * w.cumsum::<0>()).sum().item(), &w, 1e-6);
    assert!(max_relative_error(&dw, &numeric) < 1e-6);
}

/// `as` casts of values that are not differentiated, inside `grad!` and `#[differentiable]`
/// bodies (item 22): constants computed from local constants are constants.
#[test]
fn casts_of_constants_in_differentiated_code() {
    let f = grad!(|x: Tensor<f32, Shape![4]>| {
        let n = 4usize;
        let scale = 2.0 / n as f32;
        let m = Tensor::<f32, Shape![4]>::ones() * (n as f32);
        // names in ranges and closures keep their meaning
        let zero = (0..n).map(|n| n as f32).sum::<f32>() - 6.0;
        (x.square() * scale).sum() + x.dot(&m) + zero
    });
    let (y, dx) = f(tensor!([1.0f32, 2.0, 3.0, 4.0]));
    assert_eq!(y.item(), 15.0 + 40.0);
    assert_eq!(dx, tensor!([5.0f32, 6.0, 7.0, 8.0]));
    let (_, dx) = mean_by_count::<3>(tensor!([1.0, 2.0, 3.0]));
    assert_eq!(dx, tensor!([1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0]));
}

#[differentiable]
fn mean_by_count_value<const N: usize>(x: &Tensor<f64, Shape![N]>) -> Tensor<f64, Shape![]> {
    let count = N;
    x.sum() / count as f64
}

fn mean_by_count<const N: usize>(
    x: Tensor<f64, Shape![N]>,
) -> (Tensor<f64, Shape![]>, Tensor<f64, Shape![N]>) {
    grad!(|x: Tensor<f64, Shape![N]>| mean_by_count_value::<N>(&x))(x)
}

/// A same-shape update in code generic over the shape (item 23): it needs the bound
/// `S: BroadcastTo<S>`, which the error now says
/// (`tests/ui/check/broadcast.rs`, `mod assign_broadcast`).
fn sgd_step<S: BroadcastTo<S>>(param: &mut Tensor<f32, S>, grad: &Tensor<f32, S>, lr: f32) {
    let update = grad * lr;
    *param -= &update;
}

#[test]
fn generic_in_place_updates() {
    let mut w = tensor!([1.0f32, 2.0]);
    sgd_step(&mut w, &tensor!([10.0, 10.0]), 0.1);
    assert_eq!(w, tensor!([0.0, 1.0]));
}

/// Negative literal indices and bounds count from the end, as PyTorch's `X[-1]` (item 21).
#[test]
fn negative_indices_count_from_the_end() {
    let x = Tensor::<i32, Shape![4, 4]>::arange();
    assert_eq!(x.at(s![-1, 0]), 12);
    assert_eq!(x.at(s![-1, -1]), 15);
    let last: Tensor<i32, Shape![4]> = x.slice(s![-1, ..]);
    assert_eq!(last, x.slice(s![3, ..]));
    let tail: Tensor<i32, Shape![2, 4]> = x.slice(s![-2.., ..]);
    assert_eq!(tail, x.slice(s![2..4, ..]));
    let head: Tensor<i32, Shape![3, 4]> = x.slice(s![..-1, ..]);
    assert_eq!(head, x.slice(s![0..3, ..]));
    let middle: Tensor<i32, Shape![2, 2]> = x.slice(s![1..-1, 1..-1]);
    assert_eq!(middle, x.slice(s![1..3, 1..3]));
    assert_eq!(x.slice(s![-3..-1, 1]), x.slice(s![1..3, 1]));
    assert_eq!(x.slice(s![..=-1, ..=-2]), x.slice(s![.., 0..3]));
    let stepped: Tensor<i32, Shape![2, 4]> = x.slice(s![-4..;2, ..]);
    assert_eq!(stepped, x.slice(s![0..4;2, ..]));
    assert_eq!(x.slice(s![1..-1;2, ..]), x.slice(s![1..2, ..]));
    // `-0` is `0`
    assert_eq!(x.at(s![-0, 0]), 0);
}
