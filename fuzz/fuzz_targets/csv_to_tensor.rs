//! Arbitrary bytes through the CSV → frame → tensor path: it must return `Ok` or `Err`, never
//! panic, and a tensor it returns must have the frame's row count and the columns asked for. A
//! frame written back as CSV reads back with the same names and values.
//!
//! Run: `cargo +nightly fuzz run csv_to_tensor` (from the repository root).
#![no_main]

use libfuzzer_sys::fuzz_target;
use typed_tensor::Dim;
use typed_tensor::data::{Batches, Column, CsvOptions, Frame, Missing, Remainder, read_csv_from};

/// The names and values of a frame (numbers by their bits, NaN as one value).
fn contents(frame: &Frame) -> Vec<(String, Vec<Option<String>>)> {
    let names = frame.columns().to_vec();
    names
        .into_iter()
        .map(|name| {
            let values = match frame.column(&name).unwrap() {
                Column::Numeric(v) => v.iter().map(|x| (!x.is_nan()).then(|| x.to_bits().to_string())).collect(),
                Column::Text { values, .. } => values.iter().map(|v| v.as_ref().map(|s| format!("'{s}"))).collect(),
            };
            (name, values)
        })
        .collect()
}

fuzz_target!(|data: &[u8]| {
    for missing in [Missing::Nan, Missing::Error] {
        let options = CsvOptions { missing, ..CsvOptions::default() };
        let Ok(mut frame) = read_csv_from(data, "fuzz", &options) else { continue };
        let names: Vec<String> = frame.columns().to_vec();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        if let Ok(t) = frame.to_tensor::<f32>(&names) {
            assert_eq!(t.shape(), &[frame.len(), names.len()]);
            if names.len() >= 2 {
                let x = frame.to_tensor::<f32>(&names[..2]).unwrap();
                let y = frame.to_tensor::<f32>(&names[..1]).unwrap();
                let batches = Batches::<f32, 3, Dim<2>>::new(&x, &y, Remainder::Separate).unwrap();
                let full = batches.full_batches();
                let rest = batches.remainder().map_or(0, |(r, _)| r.shape()[0]);
                assert_eq!(full * 3 + rest, frame.len());
                assert_eq!(batches.count(), full);
            }
        }
        frame.fill_missing_with_mean();
        if let Some(first) = names.first() {
            let _ = frame.one_hot(first);
        }
        let mut out = Vec::new();
        frame.write_csv(&mut out).unwrap();
        let again = read_csv_from(out.as_slice(), "fuzz round trip", &CsvOptions::default());
        if !frame.columns().is_empty() {
            let again = again.unwrap();
            assert_eq!(contents(&again), contents(&frame));
        }
    }
});
