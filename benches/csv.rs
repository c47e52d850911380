//! Reading a 100 MB numeric CSV: `read_csv` (and conversion to a tensor) against the `csv`
//! crate's own loop (byte records, `str::parse::<f64>` per field), in the same run. The file is
//! generated once in the system's temporary directory.
//!
//! Run: `cargo bench -p typed-tensor-benches --bench csv`.

use std::hint::black_box;
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use typed_tensor::data::{CsvOptions, read_csv};

const COLUMNS: usize = 10;

fn generate() -> PathBuf {
    let path = std::env::temp_dir().join("typed_tensor_bench_100mb.csv");
    if std::fs::metadata(&path).is_ok_and(|m| m.len() >= 100_000_000) {
        return path;
    }
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let names: Vec<String> = (0..COLUMNS).map(|c| format!("c{c}")).collect();
    writeln!(out, "{}", names.join(",")).unwrap();
    let mut state = 12345u64;
    let mut written = 0usize;
    while written < 100_000_000 {
        let row: Vec<String> = (0..COLUMNS)
            .map(|_| {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                format!("{:.4}", (state >> 11) as f64 / (1u64 << 53) as f64 * 200.0 - 100.0)
            })
            .collect();
        let line = row.join(",");
        written += line.len() + 1;
        writeln!(out, "{line}").unwrap();
    }
    path
}

/// The baseline: the `csv` crate's reader and `str::parse` into one vector.
fn csv_crate(path: &PathBuf) -> Vec<f64> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(true).from_path(path).unwrap();
    let mut record = csv::ByteRecord::new();
    let mut out = Vec::new();
    while rdr.read_byte_record(&mut record).unwrap() {
        for field in record.iter() {
            out.push(std::str::from_utf8(field).unwrap().trim().parse::<f64>().unwrap());
        }
    }
    out
}

fn reading(c: &mut Criterion) {
    let path = generate();
    let bytes = std::fs::metadata(&path).unwrap().len();
    let mut g = c.benchmark_group("read_csv_100mb");
    g.sample_size(10).measurement_time(Duration::from_secs(20)).warm_up_time(Duration::from_secs(2));
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("csv_crate_parse_f64", |b| b.iter(|| black_box(csv_crate(&path))));
    g.bench_function("typed_tensor_read_csv", |b| {
        b.iter(|| black_box(read_csv(&path, &CsvOptions::default()).unwrap()))
    });
    let names: Vec<String> = (0..COLUMNS).map(|c| format!("c{c}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    g.bench_function("typed_tensor_read_csv_to_tensor", |b| {
        b.iter(|| {
            black_box(read_csv(&path, &CsvOptions::default()).unwrap().to_tensor::<f32>(&names).unwrap())
        })
    });
    g.finish();
}

criterion_group!(benches, reading);
criterion_main!(benches);
