//! Seed §1.2.5: data from CSV files, its errors, and the boundary to static shapes.

use rand::{RngExt, SeedableRng, rngs::StdRng};
use typed_tensor::data::{
    Batches, Column, CsvOptions, DataError, DynTensor, Frame, Missing, Remainder, read_csv, read_csv_from,
};
use typed_tensor::prelude::*;

fn strict() -> CsvOptions {
    CsvOptions { missing: Missing::Error, ..CsvOptions::default() }
}

#[test]
fn a_row_with_the_wrong_number_of_fields() {
    let err = read_csv("tests/data/short_row.csv", &CsvOptions::default()).unwrap_err();
    assert!(
        matches!(err, DataError::FieldCount { line: 3, column: 2, expected: 2, found: 1, .. }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "tests/data/short_row.csv: line 3, column 2: expected 2 fields (as in the header), found 1"
    );
    // a field the header has no name for
    let err = read_csv("tests/data/long_row.csv", &CsvOptions::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "tests/data/long_row.csv: line 3, column 3: expected 2 fields (as in the header), found 3"
    );
}

#[test]
fn a_column_name_used_twice() {
    // only one of the two could be asked for by name, so this is an error, not a guess
    let err = read_csv("tests/data/duplicate_header.csv", &CsvOptions::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "tests/data/duplicate_header.csv: line 1, column 3: the column name `id` is used twice (first in column 1)"
    );
}

/// A header of 160 000 columns (issue 26: the duplicate check compared each name with every
/// earlier one, 124 s for this header): the duplicate at the end is found, and named by both
/// of its columns.
#[test]
fn a_duplicate_among_many_columns() {
    let n = 160_000;
    let mut text: String = (0..n).map(|i| format!("c{i},")).collect();
    text.push_str("c7\n");
    text.push_str(&"1,".repeat(n));
    text.push_str("1\n");
    let err = read_csv_from(text.as_bytes(), "wide", &CsvOptions::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "wide: line 1, column 160001: the column name `c7` is used twice (first in column 8)"
    );
}

#[test]
fn a_text_column_keeps_its_values_as_written() {
    // the first three fields parse as numbers; the fourth makes the column text, and the
    // numbers read before it come back spelled as in the file (not `2134`, `1.5`)
    let mut frame = read_csv("tests/data/text_after_numbers.csv", &CsvOptions::default()).unwrap();
    let Column::Text { values, first_text } = frame.column("zip").unwrap() else { panic!("a text column") };
    let written: Vec<&str> = values.iter().map(|v| v.as_deref().unwrap()).collect();
    assert_eq!(written, ["02134", "10001", "1.50", "SW1A"]);
    assert_eq!(first_text, &(5, "SW1A".to_string()));
    let mut out = Vec::new();
    frame.write_csv(&mut out).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        std::fs::read_to_string("tests/data/text_after_numbers.csv").unwrap()
    );
    frame.one_hot("zip").unwrap();
    assert_eq!(frame.columns(), ["count", "zip_02134", "zip_1.50", "zip_10001", "zip_SW1A"]);
}

#[test]
fn a_non_numeric_value_in_a_numeric_column() {
    let frame = read_csv("tests/data/not_numeric.csv", &CsvOptions::default()).unwrap();
    let err = frame.to_tensor::<f32>(&["a", "b"]).unwrap_err();
    assert_eq!(err.to_string(), "tests/data/not_numeric.csv: line 3, column `b`: `x` is not a number");
    // the numeric column alone converts
    assert_eq!(frame.to_tensor::<f32>(&["a"]).unwrap().as_slice(), &[1.0, 3.0]);
}

#[test]
fn an_unknown_column() {
    let frame = read_csv("tests/data/not_numeric.csv", &CsvOptions::default()).unwrap();
    let err = frame.to_tensor::<f32>(&["a", "c"]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "tests/data/not_numeric.csv: the header has no column named `c` (the columns are `a`, `b`)"
    );
}

#[test]
fn invalid_utf8() {
    let err = read_csv("tests/data/bad_utf8.csv", &CsvOptions::default()).unwrap_err();
    assert_eq!(err.to_string(), "tests/data/bad_utf8.csv: line 3, column 2: invalid UTF-8");
}

#[test]
fn an_empty_file() {
    let err = read_csv("tests/data/empty.csv", &CsvOptions::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "tests/data/empty.csv: line 1: the file is empty (expected a header row naming the columns)"
    );
}

#[test]
fn a_file_that_does_not_exist() {
    let err = read_csv("tests/data/no_such_file.csv", &CsvOptions::default()).unwrap_err();
    assert!(matches!(err, DataError::Io { .. }));
    assert!(err.to_string().starts_with("tests/data/no_such_file.csv: cannot read the file: "), "{err}");
}

#[test]
fn missing_values_as_nan_or_as_errors() {
    let frame = read_csv("tests/data/missing.csv", &CsvOptions::default()).unwrap();
    let t = frame.to_tensor::<f64>(&["x", "y"]).unwrap();
    assert_eq!(t.shape(), &[3, 2]);
    assert!(t.get(&[0, 1]).unwrap().is_nan() && t.get(&[1, 1]).unwrap().is_nan());
    assert_eq!(t.get(&[2, 1]), Some(&6.0));
    let err = read_csv("tests/data/missing.csv", &strict()).unwrap_err();
    assert_eq!(err.to_string(), "tests/data/missing.csv: line 2, column `y`: missing value `NA`");
    let mut filled = frame.clone();
    filled.fill_missing_with_mean();
    assert_eq!(filled.column("y").unwrap(), &Column::Numeric(vec![6.0, 6.0, 6.0]));
}

#[test]
fn house_tiny_as_in_d2l() {
    let mut data = read_csv("examples/data/house_tiny.csv", &CsvOptions::default()).unwrap();
    assert_eq!(data.columns(), ["NumRooms", "RoofType", "Price"]);
    assert_eq!(data.len(), 6);
    let inputs = data.select(&["NumRooms", "RoofType"]).unwrap();
    assert_eq!(inputs.columns(), ["NumRooms", "RoofType"]);
    data.fill_missing_with_mean();
    data.one_hot("RoofType").unwrap();
    assert_eq!(data.columns(), ["NumRooms", "Price", "RoofType_Slate", "RoofType_Tile", "RoofType_nan"]);
    let x = data.to_tensor::<f32>(&["NumRooms", "RoofType_Slate", "RoofType_Tile", "RoofType_nan"]).unwrap();
    // the mean of 2, 4 and 3 fills the missing room counts
    assert_eq!(x.row(0), Some(&[3.0f32, 0.0, 0.0, 1.0][..]));
    assert_eq!(x.row(2), Some(&[4.0f32, 1.0, 0.0, 0.0][..]));
    let y = data.to_tensor::<f32>(&["Price"]).unwrap();
    let x = Tensor::<f32, Shape![6, 4]>::try_from(x).unwrap();
    let y = Tensor::<f32, Shape![6, 1]>::try_from(y).unwrap();
    assert_eq!(x.shape(), [6, 4]);
    assert_eq!(y.sum().item(), 127500.0 + 106000.0 + 178100.0 + 140000.0 + 152000.0 + 165300.0);
}

#[test]
fn static_shapes_are_checked_once() {
    let d = DynTensor::new(vec![3, 2], vec![1.0f32; 6]).unwrap();
    let err = Tensor::<f32, Shape![1000, 2]>::try_from(d.clone()).unwrap_err();
    assert_eq!(err, ShapeError::Mismatch { expected: vec![1000, 2], found: vec![3, 2] });
    assert_eq!(err.to_string(), "expected a tensor of shape [1000, 2], found shape [3, 2]");
    let t = Tensor::<f32, Shape![3, 2]>::try_from(d).unwrap();
    // static to dynamic always works
    let back = DynTensor::from(t);
    assert_eq!(back.shape(), &[3, 2]);
}

#[test]
fn round_trip_tensor_csv_tensor() {
    let t = Tensor::<f64, Shape![4, 3]>::from_fn(|[i, j]| i as f64 * 0.1 - j as f64 / 3.0);
    let frame = Frame::from_tensor(&["a", "b", "c"], &DynTensor::from(t.clone())).unwrap();
    let mut bytes = Vec::new();
    frame.write_csv(&mut bytes).unwrap();
    let back = read_csv_from(bytes.as_slice(), "round trip", &CsvOptions::default()).unwrap();
    let again =
        Tensor::<f64, Shape![4, 3]>::try_from(back.to_tensor::<f64>(&["a", "b", "c"]).unwrap()).unwrap();
    assert_eq!(again, t, "shortest round-trip formatting loses nothing");
    let file = std::env::temp_dir().join(format!("typed_tensor_round_trip_{}.csv", std::process::id()));
    frame.write_csv(std::fs::File::create(&file).unwrap()).unwrap();
    let from_file = read_csv(&file, &CsvOptions::default()).unwrap();
    std::fs::remove_file(&file).ok();
    assert_eq!(from_file.to_tensor::<f64>(&["a", "b", "c"]).unwrap().as_slice(), t.as_slice());
}

fn examples(n: usize) -> (DynTensor<f32>, DynTensor<f32>) {
    let x = DynTensor::new(vec![n, 2], (0..2 * n).map(|v| v as f32).collect()).unwrap();
    let y = DynTensor::new(vec![n], (0..n).map(|v| v as f32).collect()).unwrap();
    (x, y)
}

#[test]
fn batches_have_static_shapes_and_cover_every_example_once() {
    let (x, y) = examples(10);
    let mut seen = Vec::new();
    for (xb, yb) in Batches::<f32, 5, Dim<2>>::new(&x, &y, Remainder::Error)
        .unwrap()
        .shuffle(&mut StdRng::seed_from_u64(3))
    {
        let xb: Tensor<f32, Shape![5, 2]> = xb;
        let yb: Tensor<f32, Shape![5, 1]> = yb;
        for (row, label) in xb.as_slice().chunks(2).zip(yb.as_slice()) {
            assert_eq!(row, [2.0 * label, 2.0 * label + 1.0], "features stay with their label");
            seen.push(*label as usize);
        }
    }
    seen.sort();
    assert_eq!(seen, (0..10).collect::<Vec<_>>());
}

#[test]
fn shuffling_is_reproducible_from_the_seed() {
    let (x, y) = examples(20);
    let order = |seed: u64| -> Vec<f32> {
        Batches::<f32, 4, Dim<2>>::new(&x, &y, Remainder::Error)
            .unwrap()
            .shuffle(&mut StdRng::seed_from_u64(seed))
            .flat_map(|(_, yb)| yb.to_vec())
            .collect()
    };
    assert_eq!(order(1), order(1), "the same seed gives the same order");
    assert_ne!(order(1), order(2), "another seed gives another order");
    let unshuffled: Vec<f32> = Batches::<f32, 4, Dim<2>>::new(&x, &y, Remainder::Error)
        .unwrap()
        .flat_map(|(_, yb)| yb.to_vec())
        .collect();
    assert_eq!(unshuffled, (0..20).map(|v| v as f32).collect::<Vec<_>>(), "without shuffling, in order");
    assert_ne!(order(1), unshuffled);
}

#[test]
fn a_single_feature_gives_batches_of_shape_b_by_1() {
    use typed_tensor::data::{BatchSize, DataLoader};
    // one feature: the batches are Shape![B, 1], whose 1 broadcasts as usual
    let x: Tensor<f32, Shape![6, 1]> = Tensor::arange();
    let y = &x * 2.0;
    let loader = DataLoader::new(&x, &y, BatchSize::<3>, Remainder::Error, false).unwrap();
    let (xb, yb): (Tensor<f32, Shape![3, 1]>, Tensor<f32, Shape![3, 1]>) =
        loader.epoch(&mut StdRng::seed_from_u64(0)).next().unwrap();
    assert_eq!(xb, tensor!([[0.0f32], [1.0], [2.0]]));
    assert_eq!(yb, tensor!([[0.0f32], [2.0], [4.0]]));
    let row = &xb + &tensor!([10.0f32, 20.0]); // [3, 1] + [2] broadcasts to [3, 2]
    assert_eq!(row.shape(), [3, 2]);
    let d = DynTensor::from(x);
    let labels = DynTensor::from(y);
    assert_eq!(Batches::<f32, 2, One>::new(&d, &labels, Remainder::Error).unwrap().count(), 3);
}

#[test]
fn the_final_partial_batch_is_an_explicit_choice() {
    let (x, y) = examples(7);
    // fail
    let err = Batches::<f32, 3, Dim<2>>::new(&x, &y, Remainder::Error).err().unwrap();
    assert_eq!(err.to_string(), "7 examples do not divide into batches of 3: 1 would be left over");
    // drop
    let dropped = Batches::<f32, 3, Dim<2>>::new(&x, &y, Remainder::Drop).unwrap();
    assert!(dropped.remainder().is_none());
    assert_eq!(dropped.count(), 2);
    // separate
    let separate = Batches::<f32, 3, Dim<2>>::new(&x, &y, Remainder::Separate).unwrap();
    let (rx, ry) = separate.remainder().unwrap();
    assert_eq!((rx.as_slice(), ry.as_slice()), (&[12.0f32, 13.0][..], &[6.0f32][..]));
    assert_eq!(separate.count(), 2);
}

#[test]
fn the_number_of_features_is_checked_when_the_batches_are_made() {
    let (x, y) = examples(6);
    let err = Batches::<f32, 3, Dim<5>>::new(&x, &y, Remainder::Drop).err().unwrap();
    assert_eq!(
        err.to_string(),
        "features for batches of 5 features: expected a tensor of shape [6, 5], found shape [6, 2]"
    );
    let short = DynTensor::new(vec![5], vec![0.0f32; 5]).unwrap();
    let err = Batches::<f32, 3, Dim<2>>::new(&x, &short, Remainder::Drop).err().unwrap();
    assert_eq!(err.to_string(), "labels for 6 examples: expected a tensor of shape [6, 1], found shape [5]");
}

#[test]
fn frames_print_like_pandas() {
    let frame = read_csv("examples/data/house_tiny.csv", &CsvOptions::default()).unwrap();
    let text = frame.to_string();
    assert_eq!(text.lines().next().unwrap(), "   NumRooms  RoofType   Price");
    assert_eq!(text.lines().nth(1).unwrap(), "0       NaN       NaN  127500");
}

/// Sizes whose product overflows are rejected even when another size is 0 (issue 26: `row`,
/// `get` and printing computed strides that overflowed).
#[test]
fn a_dyn_tensor_whose_strides_would_overflow() {
    let err = DynTensor::<f32>::new(vec![usize::MAX, 2, 0], vec![]).unwrap_err();
    assert!(matches!(err, ShapeError::TooLarge { .. }), "{err}");
    let empty = DynTensor::<f32>::new(vec![3, 0, 4], vec![]).unwrap();
    assert!(!format!("{empty}").is_empty());
}

/// A header after blank lines: its byte-order mark is dropped and its errors name its line;
/// an empty name becomes pandas' `Unnamed: i` (issue 26, item 15).
#[test]
fn headers_after_blank_lines_and_empty_names() {
    let f = read_csv_from("\n\u{feff}a,b\n1,2\n".as_bytes(), "bom", &CsvOptions::default()).unwrap();
    assert_eq!(f.columns(), ["a", "b"]);
    let err = read_csv_from("\n\na,a\n".as_bytes(), "dup", &CsvOptions::default()).unwrap_err();
    assert!(err.to_string().starts_with("dup: line 3, column 2:"), "{err}");
    let f = read_csv_from("  ,b\n1,2\n".as_bytes(), "blank", &CsvOptions::default()).unwrap();
    assert_eq!(f.columns(), ["Unnamed: 0", "b"]);
    // a name that is a byte-order mark alone, found by fuzzing: written first, it was stripped
    let f = read_csv_from(",\u{feff}\n".as_bytes(), "bom", &CsvOptions::default()).unwrap();
    assert_eq!(f.columns(), ["Unnamed: 0", "Unnamed: 1"]);
    // and a BOM that ends a category, found by fuzzing: one_hot's name must read back as it is
    let mut f = read_csv_from("1\n (\u{feff}\n".as_bytes(), "bom", &CsvOptions::default()).unwrap();
    f.one_hot("1").unwrap();
    assert_eq!(round_trip(&f).columns(), ["1_(\u{feff}"]);
    let f = read_csv_from(" \n1\n".as_bytes(), "blank", &CsvOptions::default()).unwrap();
    assert_eq!(f.columns(), ["Unnamed: 0"]);
    assert_eq!(round_trip(&f).columns(), ["Unnamed: 0"]);
}

/// `frame` written as CSV and read back.
fn round_trip(frame: &Frame) -> Frame {
    let mut text = Vec::new();
    frame.write_csv(&mut text).unwrap();
    read_csv_from(text.as_slice(), "written", &CsvOptions::default())
        .unwrap_or_else(|e| panic!("{e}\n{}", String::from_utf8_lossy(&text)))
}

/// The names and values of a frame, without where they came from (file name, lines).
fn contents(frame: &Frame) -> Vec<(String, Vec<Option<String>>)> {
    frame
        .columns()
        .iter()
        .map(|name| {
            let values = match frame.column(name).unwrap() {
                Column::Numeric(v) => {
                    v.iter().map(|x| (!x.is_nan()).then(|| x.to_bits().to_string())).collect()
                }
                Column::Text { values, .. } => {
                    values.iter().map(|v| v.as_ref().map(|s| format!("'{s}"))).collect()
                }
            };
            (name.clone(), values)
        })
        .collect()
}

/// Property test: every frame the reader accepts, from random text over an alphabet of the
/// characters that matter to CSV (separators, quotes, line breaks, spaces, a byte-order mark,
/// signs, digits, missing markers), is written and read back unchanged; and a tensor written
/// through a frame comes back bit for bit (issue 26, item 15).
#[test]
fn csv_round_trips() {
    let alphabet: Vec<char> = "ab,,\"\n\n\r 7-0.e\u{feff}éNAnainf".chars().collect();
    let mut rng = StdRng::seed_from_u64(15);
    let (mut accepted, mut tried) = (0, 0);
    while accepted < 400 {
        tried += 1;
        let len = rng.random_range(1..40);
        let text: String = (0..len).map(|_| alphabet[rng.random_range(0..alphabet.len())]).collect();
        let Ok(frame) = read_csv_from(text.as_bytes(), "random", &CsvOptions::default()) else { continue };
        accepted += 1;
        let back = round_trip(&frame);
        assert_eq!(contents(&back), contents(&frame), "{text:?}");
        assert_eq!(contents(&round_trip(&back)), contents(&frame), "{text:?}");
        // and after the frame operations, whose new names must read back as they are
        let mut changed = frame.clone();
        changed.fill_missing_with_mean();
        let first = changed.columns()[0].clone();
        if changed.one_hot(&first).is_ok() && !changed.columns().is_empty() {
            assert_eq!(contents(&round_trip(&changed)), contents(&changed), "{text:?}");
        }
    }
    assert!(tried < 40 * accepted, "the alphabet gives few valid files: {accepted} of {tried}");

    let special =
        [0.0, -0.0, 1.5, -2.25e-300, 1e300, f64::INFINITY, f64::NEG_INFINITY, f64::MIN_POSITIVE, 0.1];
    let values: Vec<f64> =
        (0..60).map(|_| special[rng.random_range(0..special.len())] * rng.random_range(-3.0..3.0)).collect();
    let t = DynTensor::new(vec![20, 3], values).unwrap();
    // names as a header gives them, so that the frame reads back as written; no name twice
    let named = Frame::from_tensor(&["\u{feff} x", "", "z "], &t).unwrap();
    assert_eq!(named.columns(), ["x", "Unnamed: 1", "z"]);
    assert_eq!(contents(&round_trip(&named)), contents(&named));
    assert!(matches!(
        Frame::from_tensor(&["x", "x", "z"], &t),
        Err(DataError::DuplicateColumn { column: 2, .. })
    ));
    let back = round_trip(&Frame::from_tensor(&["x", "y", "z"], &t).unwrap())
        .to_tensor::<f64>(&["x", "y", "z"])
        .unwrap();
    let bits = |t: &DynTensor<f64>| t.as_slice().iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&back), bits(&t));
}
