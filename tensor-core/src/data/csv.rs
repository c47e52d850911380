//! Reading CSV files into columns, and columns into tensors (pandas' `read_csv`, seed §1.2.5).
//!
//! Parsing is done by the `csv` crate; each field is parsed as a number once, while reading.
//! A column whose fields are all numbers (or missing) is numeric; a column with any other text
//! is a text column, which can be one-hot encoded (`pd.get_dummies`) or is reported, with the
//! line and the value, when it is asked for as numbers.

use std::fmt;
use std::io;
use std::path::Path;

use super::dyn_tensor::DynTensor;
use super::error::DataError;
use crate::element::Float;

/// What a missing value (an empty field, `NA`, ...) becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Missing {
    /// NaN in numeric columns, an empty category in text columns (pandas' behaviour).
    #[default]
    Nan,
    /// An error naming the file, line and column.
    Error,
}

/// How to read a CSV file.
///
/// ```
/// use typed_tensor::data::{CsvOptions, Missing};
/// let strict = CsvOptions { missing: Missing::Error, ..CsvOptions::default() };
/// assert_eq!(strict.delimiter, b',');
/// ```
#[derive(Clone, Debug)]
pub struct CsvOptions {
    /// What missing values become.
    pub missing: Missing,
    /// The field separator.
    pub delimiter: u8,
    /// Field values that mean "missing" (compared after trimming spaces).
    pub na_values: Vec<String>,
    /// The longest line read, in bytes (default 64 MiB): a longer one is an error
    /// ([`DataError::LineTooLong`]), so that a file without line breaks (`/dev/zero`) is
    /// reported rather than read into memory without end.
    pub max_line_bytes: usize,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            missing: Missing::Nan,
            delimiter: b',',
            na_values: ["", "NA", "N/A", "NaN", "nan", "null", "NULL", "None"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            max_line_bytes: 64 << 20,
        }
    }
}

/// One column of a [`Frame`].
#[derive(Clone, Debug, PartialEq)]
pub enum Column {
    /// Numbers, NaN where a value is missing.
    Numeric(Vec<f64>),
    /// Text, `None` where a value is missing; `first_text` is the line and value of the first
    /// field that is not a number, for error messages.
    Text {
        /// The values.
        values: Vec<Option<String>>,
        /// The line and value of the first non-numeric field.
        first_text: (u64, String),
    },
}

impl Column {
    fn len(&self) -> usize {
        match self {
            Column::Numeric(v) => v.len(),
            Column::Text { values, .. } => values.len(),
        }
    }
}

/// A table read from a CSV file: named columns of equal length.
///
/// ```
/// use typed_tensor::data::{CsvOptions, read_csv_from};
/// let csv = "NumRooms,RoofType,Price\nNA,NA,127500\n2,NA,106000\n4,Slate,178100\nNA,NA,140000\n";
/// let mut frame = read_csv_from(csv.as_bytes(), "house_tiny.csv", &CsvOptions::default())?;
/// frame.fill_missing_with_mean();
/// frame.one_hot("RoofType")?;
/// assert_eq!(frame.columns(), ["NumRooms", "Price", "RoofType_Slate", "RoofType_nan"]);
/// let x = frame.to_tensor::<f32>(&["NumRooms", "RoofType_Slate", "RoofType_nan"])?;
/// assert_eq!(x.shape(), &[4, 3]);
/// assert_eq!(x.row(0), Some(&[3.0f32, 0.0, 1.0][..]));
/// # Ok::<(), typed_tensor::data::DataError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    source: String,
    names: Vec<String>,
    columns: Vec<Column>,
    rows: usize,
}

/// Reads a CSV file with a header row (pandas' `pd.read_csv(path)`).
///
/// ```no_run
/// use typed_tensor::data::{CsvOptions, read_csv};
/// let frame = read_csv("examples/data/house_tiny.csv", &CsvOptions::default())?;
/// println!("{frame}");
/// # Ok::<(), typed_tensor::data::DataError>(())
/// ```
pub fn read_csv(path: impl AsRef<Path>, options: &CsvOptions) -> Result<Frame, DataError> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let file = std::fs::File::open(path)
        .map_err(|e| DataError::Io { file: name.clone(), message: e.to_string() })?;
    read_csv_from(io::BufReader::with_capacity(1 << 16, file), &name, options)
}

/// Reads CSV text with a header row from any reader; `name` is used in error messages.
///
/// ```
/// use typed_tensor::data::{CsvOptions, read_csv_from};
/// let frame = read_csv_from("x,y\n1,2\n3,4\n".as_bytes(), "inline", &CsvOptions::default())?;
/// assert_eq!(frame.len(), 2);
/// # Ok::<(), typed_tensor::data::DataError>(())
/// ```
pub fn read_csv_from(reader: impl io::Read, name: &str, options: &CsvOptions) -> Result<Frame, DataError> {
    let file = name.to_string();
    let reader =
        LineLimit { inner: reader, limit: options.max_line_bytes, since_break: 0, line: 1, first: None };
    let mut rdr =
        ::csv::ReaderBuilder::new().delimiter(options.delimiter).has_headers(true).from_reader(reader);
    let convert = |e: ::csv::Error| convert_error(e, &file);
    let headers = rdr.byte_headers().map_err(convert)?.clone();
    if headers.is_empty() || (headers.len() == 1 && headers[0].is_empty()) {
        return Err(DataError::Empty { file });
    }
    // the header's own line: the reader skips blank lines before it, and counts from the start
    let line = rdr.get_ref().first.unwrap_or(1);
    let mut names = Vec::with_capacity(headers.len());
    for (i, h) in headers.iter().enumerate() {
        let h = std::str::from_utf8(h).map_err(|_| DataError::Utf8 {
            file: file.clone(),
            line,
            column: i + 1,
        })?;
        names.push(column_name(h, i));
    }
    check_unique(&names, &file, line)?;
    let mut columns: Vec<Column> = names.iter().map(|_| Column::Numeric(Vec::new())).collect();
    // per numeric column, the fields whose spelling a number does not keep (`007`, `1.50`),
    // by row: should the column turn out to be text, they are restored as written
    let mut spelled: Vec<Spelled> = names.iter().map(|_| Spelled::default()).collect();
    let mut record = ::csv::ByteRecord::new();
    let mut rows = 0;
    while rdr.read_byte_record(&mut record).map_err(convert)? {
        let line = record.position().map_or(0, |p| p.line());
        // one UTF-8 check per record, not per field; fields split at an ASCII delimiter, so
        // each field is a slice of whole characters
        let all = std::str::from_utf8(record.as_slice()).map_err(|_| {
            let column = record.iter().position(|f| std::str::from_utf8(f).is_err()).unwrap_or(0);
            DataError::Utf8 { file: file.clone(), line, column: column + 1 }
        })?;
        for c in 0..record.len() {
            let text = record.range(c).and_then(|r| all.get(r)).unwrap_or_default();
            let text = trim(text);
            // the common case first: a number in a numeric column
            if let Column::Numeric(values) = &mut columns[c]
                && let Ok(v) = text.parse::<f64>()
                && !v.is_nan()
            {
                values.push(v);
                if !prints_as_written(text) {
                    spelled[c].push(rows, text);
                }
                continue;
            }
            let missing =
                options.na_values.iter().any(|na| na == text) || text.parse::<f64>().is_ok_and(f64::is_nan);
            if missing && options.missing == Missing::Error {
                return Err(DataError::MissingValue {
                    file: file.clone(),
                    line,
                    column: names[c].clone(),
                    value: text.to_string(),
                });
            }
            push(&mut columns[c], &mut spelled[c], text, missing, line);
        }
        rows += 1;
    }
    Ok(Frame { source: file, names, columns, rows })
}

/// `str::trim`, without its Unicode scan for the common field that starts and ends in a
/// visible ASCII character.
#[inline]
fn trim(text: &str) -> &str {
    let b = text.as_bytes();
    match (b.first(), b.last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

/// Appends one field to a column, turning it into a text column at its first non-number; the
/// numbers read until then become text again as they were written (`spelled` holds those whose
/// spelling `f64::to_string` would not reproduce).
#[inline]
fn push(column: &mut Column, spelled: &mut Spelled, text: &str, missing: bool, line: u64) {
    match column {
        Column::Numeric(values) => {
            if missing {
                values.push(f64::NAN);
            } else if let Ok(v) = text.parse::<f64>() {
                if !prints_as_written(text) {
                    spelled.push(values.len(), text);
                }
                values.push(v);
            } else {
                let taken = core::mem::take(spelled);
                let mut written = taken.iter().peekable();
                let mut converted: Vec<Option<String>> = Vec::with_capacity(values.len() + 1);
                for (row, v) in values.iter().enumerate() {
                    converted.push(match written.next_if(|(r, _)| *r == row) {
                        Some((_, text)) => Some(text.to_string()),
                        None if v.is_nan() => None,
                        None => Some(v.to_string()),
                    });
                }
                converted.push(Some(text.to_string()));
                *column = Column::Text { values: converted, first_text: (line, text.to_string()) };
            }
        }
        Column::Text { values, .. } => values.push(if missing { None } else { Some(text.to_string()) }),
    }
}

/// The fields of a numeric column spelled otherwise than `f64::to_string` prints them, by row,
/// in one buffer (no allocation per field: in a file written with `{:.4}` that is one field
/// in ten).
#[derive(Default)]
struct Spelled {
    rows: Vec<usize>,
    ends: Vec<usize>,
    text: String,
}

impl Spelled {
    fn push(&mut self, row: usize, text: &str) {
        self.text.push_str(text);
        self.rows.push(row);
        self.ends.push(self.text.len());
    }

    /// `(row, text)` in the order pushed.
    fn iter(&self) -> impl Iterator<Item = (usize, &str)> {
        let starts = core::iter::once(0).chain(self.ends.iter().copied());
        self.rows.iter().zip(starts.zip(&self.ends)).map(|(&r, (a, &b))| (r, &self.text[a..b]))
    }
}

/// Whether a field that parsed as a number is spelled exactly as `f64::to_string` prints that
/// number, judged from the spelling alone (cheap enough for every field): an optional `-`, then
/// at most 15 characters of digits with at most one point, no leading zero and, after a point,
/// no trailing zero. At most 15 significant digits is what any `f64` keeps, so its shortest
/// form is these digits. Anything else (`+1`, `007`, `1.50`, `1e3`, `inf`, long numbers)
/// answers `false`, which only costs keeping the text.
#[inline]
fn prints_as_written(text: &str) -> bool {
    let b = text.as_bytes();
    let b = b.strip_prefix(b"-").unwrap_or(b);
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else { return false };
    if b.len() > 15 {
        return false;
    }
    // no branches in the loop: this runs on every numeric field of every file
    let (mut points, mut others) = (0u32, 0u32);
    for &d in b {
        points += u32::from(d == b'.');
        others += u32::from(!d.is_ascii_digit() && d != b'.');
    }
    others == 0
        && points <= 1
        && first != b'.'
        && last != b'.'
        && (first != b'0' || b.len() == 1 || b[1] == b'.')
        && (points == 0 || last != b'0')
}

/// Column `i`'s name as written in a header: without spaces around it or leading byte-order
/// marks (the reader strips one only at the very start of a file, so a name written first must
/// not begin with one); an empty name is pandas' `Unnamed: i` (0-based), so that it can be asked
/// for and written back.
fn column_name(written: &str, i: usize) -> String {
    match written.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}').trim_end() {
        "" => format!("Unnamed: {i}"),
        name => name.to_string(),
    }
}

/// A [`DataError::DuplicateColumn`] for the first name used twice (a map, as a header may have
/// many columns).
fn check_unique(names: &[String], file: &str, line: u64) -> Result<(), DataError> {
    let mut seen: std::collections::HashMap<&str, usize> =
        std::collections::HashMap::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        if let Some(&first) = seen.get(name.as_str()) {
            let (file, name) = (file.to_string(), name.clone());
            return Err(DataError::DuplicateColumn { file, line, name, first: first + 1, column: i + 1 });
        }
        seen.insert(name, i);
    }
    Ok(())
}

/// A reader that fails once a line grows longer than `limit` bytes.
struct LineLimit<R> {
    inner: R,
    limit: usize,
    /// Bytes read since the last line break.
    since_break: usize,
    /// The line being read (1-based).
    line: u64,
    /// The first line with anything but line breaks (and a byte-order mark): the header's.
    first: Option<u64>,
}

/// The error [`LineLimit`] gives, carried inside an `io::Error` through the `csv` crate.
#[derive(Debug)]
struct TooLong {
    line: u64,
    limit: usize,
}
impl fmt::Display for TooLong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {} is longer than {} bytes", self.line, self.limit)
    }
}
impl std::error::Error for TooLong {}

impl<R: io::Read> io::Read for LineLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        for chunk in buf[..n].split_inclusive(|&b| b == b'\n') {
            // a byte-order mark on line 1 is not content, however the reads split it
            if self.first.is_none()
                && chunk
                    .iter()
                    .any(|&b| !(b"\r\n".contains(&b) || self.line == 1 && b"\xEF\xBB\xBF".contains(&b)))
            {
                self.first = Some(self.line);
            }
            let ends_line = chunk.last() == Some(&b'\n');
            // the line's own bytes, without its break (`\n` or `\r\n`)
            self.since_break += chunk.len();
            let text = if ends_line {
                self.since_break - 1 - usize::from(chunk.ends_with(b"\r\n"))
            } else {
                self.since_break
            };
            if text > self.limit {
                return Err(io::Error::other(TooLong { line: self.line, limit: self.limit }));
            }
            if ends_line {
                self.since_break = 0;
                self.line += 1;
            }
        }
        Ok(n)
    }
}

fn convert_error(e: ::csv::Error, file: &str) -> DataError {
    let file = file.to_string();
    let line = e.position().map_or(0, |p| p.line());
    let message = e.to_string();
    match e.into_kind() {
        ::csv::ErrorKind::Io(io) => match io.get_ref().and_then(|inner| inner.downcast_ref::<TooLong>()) {
            Some(&TooLong { line, limit }) => DataError::LineTooLong { file, line, limit },
            None => DataError::Io { file, message: io.to_string() },
        },
        ::csv::ErrorKind::UnequalLengths { pos, expected_len, len } => DataError::FieldCount {
            file,
            line: pos.map_or(line, |p| p.line()),
            column: expected_len.min(len) as usize + 1,
            expected: expected_len as usize,
            found: len as usize,
        },
        ::csv::ErrorKind::Utf8 { pos, err } => {
            DataError::Utf8 { file, line: pos.map_or(line, |p| p.line()), column: err.field() + 1 }
        }
        _ => DataError::Csv { file, line, message },
    }
}

impl Frame {
    /// A frame from named columns of numbers (for writing tensors out as CSV). The names are
    /// taken as a header would give them (trimmed; an empty one is `Unnamed: i`), so that the
    /// frame reads back as it is written; a name used twice is an error.
    ///
    /// ```
    /// use typed_tensor::data::{DynTensor, Frame};
    /// let t = DynTensor::new(vec![2, 2], vec![1.0, 2.0, 3.0, 4.0]).unwrap();
    /// let frame = Frame::from_tensor(&["a", " b "], &t).unwrap();
    /// assert_eq!(frame.columns(), ["a", "b"]);
    /// assert!(Frame::from_tensor(&["a", "a"], &t).is_err());
    /// ```
    pub fn from_tensor<E: Float>(names: &[&str], t: &DynTensor<E>) -> Result<Frame, DataError> {
        let (rows, cols) = match t.shape() {
            [r, c] => (*r, *c),
            [r] => (*r, 1),
            other => {
                return Err(DataError::Shape {
                    context: "a frame is built from a vector or a matrix".into(),
                    source: crate::error::ShapeError::Mismatch {
                        expected: vec![other.first().copied().unwrap_or(0), names.len()],
                        found: other.to_vec(),
                    },
                });
            }
        };
        if cols != names.len() {
            return Err(DataError::Shape {
                context: format!("{} column names for a matrix", names.len()),
                source: crate::error::ShapeError::Mismatch {
                    expected: vec![rows, names.len()],
                    found: t.shape().to_vec(),
                },
            });
        }
        // the names as a header would give them, so that the frame reads back as it is written
        let names: Vec<String> = names.iter().enumerate().map(|(i, n)| column_name(n, i)).collect();
        check_unique(&names, "tensor", 1)?;
        let data = t.as_slice();
        let columns = (0..cols)
            .map(|c| Column::Numeric((0..rows).map(|r| data[r * cols + c].to_f64()).collect()))
            .collect();
        Ok(Frame { source: "tensor".into(), names, columns, rows })
    }

    /// Where the frame came from (the file name given when reading).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The column names, in order.
    pub fn columns(&self) -> &[String] {
        &self.names
    }

    /// The number of rows (not counting the header).
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    fn index(&self, name: &str) -> Result<usize, DataError> {
        self.names.iter().position(|n| n == name).ok_or_else(|| DataError::UnknownColumn {
            file: self.source.clone(),
            column: name.to_string(),
            available: self.names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "),
        })
    }

    /// A column by name.
    ///
    /// ```
    /// use typed_tensor::data::{Column, CsvOptions, read_csv_from};
    /// let f = read_csv_from("x\n1\n".as_bytes(), "inline", &CsvOptions::default()).unwrap();
    /// assert_eq!(f.column("x").unwrap(), &Column::Numeric(vec![1.0]));
    /// assert!(f.column("y").is_err());
    /// ```
    pub fn column(&self, name: &str) -> Result<&Column, DataError> {
        Ok(&self.columns[self.index(name)?])
    }

    /// A frame of the named columns, in the order given (`data[["a", "c"]]`).
    ///
    /// ```
    /// use typed_tensor::data::{CsvOptions, read_csv_from};
    /// let f = read_csv_from("a,b,c\n1,2,3\n".as_bytes(), "inline", &CsvOptions::default()).unwrap();
    /// assert_eq!(f.select(&["c", "a"]).unwrap().columns(), ["c", "a"]);
    /// ```
    pub fn select(&self, names: &[&str]) -> Result<Frame, DataError> {
        let idx = names.iter().map(|n| self.index(n)).collect::<Result<Vec<_>, _>>()?;
        Ok(Frame {
            source: self.source.clone(),
            names: idx.iter().map(|&i| self.names[i].clone()).collect(),
            columns: idx.iter().map(|&i| self.columns[i].clone()).collect(),
            rows: self.rows,
        })
    }

    /// Replaces missing values in every numeric column by the mean of the column's other
    /// values (pandas' `data.fillna(data.mean(numeric_only=True))`). A column with no values keeps its NaNs.
    ///
    /// ```
    /// use typed_tensor::data::{Column, CsvOptions, read_csv_from};
    /// let mut f = read_csv_from("x\n1\nNA\n3\n".as_bytes(), "inline", &CsvOptions::default()).unwrap();
    /// f.fill_missing_with_mean();
    /// assert_eq!(f.column("x").unwrap(), &Column::Numeric(vec![1.0, 2.0, 3.0]));
    /// ```
    pub fn fill_missing_with_mean(&mut self) {
        for column in &mut self.columns {
            if let Column::Numeric(values) = column {
                let (sum, count) =
                    values.iter().filter(|v| !v.is_nan()).fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
                if count > 0 {
                    let mean = sum / count as f64;
                    values.iter_mut().filter(|v| v.is_nan()).for_each(|v| *v = mean);
                }
            }
        }
    }

    /// Replaces a column by one indicator column per distinct value, named `column_value` and in
    /// sorted order, plus `column_nan` for missing values if there are any. The new columns go
    /// to the end. This is pandas' `pd.get_dummies(data, dummy_na=True)`, except that pandas
    /// adds `column_nan` (all zeros) even where no value is missing.
    ///
    /// The values of a numeric column are compared as numbers (`0` and `-0` are one category,
    /// `2` sorts before `10`); those of a text column as text. A new name that the frame has
    /// already (a column `c_x` beside the category `x` of `c`) is an error, and the frame is
    /// then unchanged. Each category becomes a column of `f64`: `k` categories over `n` rows
    /// take `8·k·n` bytes.
    ///
    /// ```
    /// use typed_tensor::data::{Column, CsvOptions, read_csv_from};
    /// let mut f = read_csv_from("c\nb\nNA\na\n".as_bytes(), "inline", &CsvOptions::default()).unwrap();
    /// f.one_hot("c").unwrap();
    /// assert_eq!(f.columns(), ["c_a", "c_b", "c_nan"]);
    /// assert_eq!(f.column("c_b").unwrap(), &Column::Numeric(vec![1.0, 0.0, 0.0]));
    /// ```
    pub fn one_hot(&mut self, name: &str) -> Result<(), DataError> {
        let i = self.index(name)?;
        // the category labels in order, and each row's category (`None`: missing)
        let (labels, codes): (Vec<String>, Vec<Option<usize>>) = match &self.columns[i] {
            Column::Text { values, .. } => {
                let mut cats: Vec<&str> = values.iter().flatten().map(String::as_str).collect();
                cats.sort_unstable();
                cats.dedup();
                let code = |v: &str| cats.binary_search(&v).unwrap_or(0);
                let codes = values.iter().map(|v| v.as_deref().map(code)).collect();
                (cats.iter().map(|c| c.to_string()).collect(), codes)
            }
            Column::Numeric(values) => {
                // `+ 0.0` turns -0 into 0, so that the two are one category
                let mut cats: Vec<f64> = values.iter().filter(|x| !x.is_nan()).map(|x| x + 0.0).collect();
                cats.sort_unstable_by(f64::total_cmp);
                cats.dedup();
                let code = |x: f64| cats.binary_search_by(|c| c.total_cmp(&(x + 0.0))).unwrap_or(0);
                let codes = values.iter().map(|&x| (!x.is_nan()).then(|| code(x))).collect();
                (cats.iter().map(|c| c.to_string()).collect(), codes)
            }
        };
        let mut new_names: Vec<String> = labels.iter().map(|l| format!("{name}_{l}")).collect();
        if codes.iter().any(Option::is_none) {
            new_names.push(format!("{name}_nan"));
        }
        let mut taken: std::collections::HashSet<&str> =
            self.names.iter().enumerate().filter(|&(j, _)| j != i).map(|(_, n)| n.as_str()).collect();
        if let Some(clash) = new_names.iter().find(|n| !taken.insert(n.as_str())) {
            return Err(DataError::NameCollision {
                file: self.source.clone(),
                column: name.to_string(),
                name: clash.clone(),
            });
        }
        let mut indicators = vec![vec![0.0; codes.len()]; new_names.len()];
        for (row, code) in codes.iter().enumerate() {
            indicators[code.unwrap_or(labels.len())][row] = 1.0;
        }
        self.columns.remove(i);
        self.names.remove(i);
        self.names.extend(new_names);
        self.columns.extend(indicators.into_iter().map(Column::Numeric));
        Ok(())
    }

    /// The named columns, in the order given, as a `rows × columns` tensor. A text column is an
    /// error naming its first non-numeric value and its line.
    ///
    /// ```
    /// use typed_tensor::data::{CsvOptions, read_csv_from};
    /// let f = read_csv_from("a,b\n1,2\n3,4\n".as_bytes(), "inline", &CsvOptions::default()).unwrap();
    /// let t = f.to_tensor::<f64>(&["b", "a"]).unwrap();
    /// assert_eq!(t.as_slice(), &[2.0, 1.0, 4.0, 3.0]);
    /// ```
    pub fn to_tensor<E: Float>(&self, names: &[&str]) -> Result<DynTensor<E>, DataError> {
        let mut cols = Vec::with_capacity(names.len());
        for name in names {
            match &self.columns[self.index(name)?] {
                Column::Numeric(v) => cols.push(v),
                Column::Text { first_text: (line, value), .. } => {
                    return Err(DataError::NotNumeric {
                        file: self.source.clone(),
                        line: *line,
                        column: name.to_string(),
                        value: value.clone(),
                    });
                }
            }
        }
        let mut data = Vec::with_capacity(self.rows * cols.len());
        for r in 0..self.rows {
            data.extend(cols.iter().map(|c| E::from_f64(c[r])));
        }
        DynTensor::new(vec![self.rows, cols.len()], data)
            .map_err(|source| DataError::Shape { context: self.source.clone(), source })
    }

    /// Writes the frame as CSV with a header row (missing values as `NA`).
    ///
    /// ```
    /// use typed_tensor::data::{CsvOptions, read_csv_from};
    /// let f = read_csv_from("a,b\n1,NA\n".as_bytes(), "inline", &CsvOptions::default()).unwrap();
    /// let mut out = Vec::new();
    /// f.write_csv(&mut out).unwrap();
    /// assert_eq!(String::from_utf8(out).unwrap(), "a,b\n1,NA\n");
    /// ```
    pub fn write_csv(&self, writer: impl io::Write) -> Result<(), DataError> {
        let io_err = |e: ::csv::Error| DataError::Io { file: self.source.clone(), message: e.to_string() };
        let mut w = ::csv::Writer::from_writer(writer);
        w.write_record(&self.names).map_err(io_err)?;
        let mut row: Vec<String> = Vec::with_capacity(self.names.len());
        for r in 0..self.rows {
            row.clear();
            row.extend(self.columns.iter().map(|c| cell(c, r)));
            w.write_record(&row).map_err(io_err)?;
        }
        w.flush().map_err(|e| DataError::Io { file: self.source.clone(), message: e.to_string() })
    }
}

/// A cell as text: numbers in Rust's shortest round-trip form, missing values as `NA`.
fn cell(column: &Column, row: usize) -> String {
    match column {
        Column::Numeric(v) if v[row].is_nan() => "NA".to_string(),
        Column::Numeric(v) => v[row].to_string(),
        Column::Text { values, .. } => values[row].clone().unwrap_or_else(|| "NA".to_string()),
    }
}

impl fmt::Display for Frame {
    /// A table in pandas' layout: the row number, then each column right-aligned, `NaN` for
    /// missing values.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |c: &Column, r: usize| match c {
            Column::Numeric(v) if v[r].is_nan() => "NaN".to_string(),
            Column::Numeric(v) => v[r].to_string(),
            Column::Text { values, .. } => values[r].clone().unwrap_or_else(|| "NaN".to_string()),
        };
        let index_width = self.rows.saturating_sub(1).to_string().len();
        let widths: Vec<usize> = self
            .columns
            .iter()
            .zip(&self.names)
            .map(|(c, n)| (0..c.len()).map(|r| shown(c, r).len()).max().unwrap_or(0).max(n.len()))
            .collect();
        write!(f, "{:index_width$}", "")?;
        for (n, w) in self.names.iter().zip(&widths) {
            write!(f, "  {n:>w$}")?;
        }
        for r in 0..self.rows {
            write!(f, "\n{r:<index_width$}")?;
            for (c, w) in self.columns.iter().zip(&widths) {
                write!(f, "  {:>w$}", shown(c, r))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::prints_as_written;

    #[test]
    fn spellings_that_numbers_keep() {
        for text in ["0", "7", "-3", "-0", "1.5", "0.25", "127500", "0.000001", "123456789012345"] {
            assert!(prints_as_written(text), "{text}");
            assert_eq!(text.parse::<f64>().unwrap().to_string(), text);
        }
        for text in ["007", "+1", "1.50", "1.", ".5", "1e3", "inf", "1234567890123456", "-0.0", "0x1"] {
            assert!(!prints_as_written(text), "{text}");
        }
    }

    /// The check never claims a spelling that `f64::to_string` would change, over many
    /// spellings of many numbers, and accepts what `to_string` prints for short numbers.
    #[test]
    fn never_claims_a_spelling_a_number_changes() {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut accepted = 0;
        for i in 0..20_000 {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let unit = (state >> 11) as f64 / (1u64 << 53) as f64;
            let v = (unit - 0.5) * 10f64.powi(i % 12 - 4);
            let spellings = [
                format!("{v:.0}"),
                format!("{v:.1}"),
                format!("{v:.4}"),
                format!("{v:.9}"),
                format!("{v:.17}"),
                format!("{v:e}"),
                format!("{v}"),
                format!("0{v:.2}"),
                format!("{:.3}", v.abs()).trim_start_matches('0').to_string(),
            ];
            for text in spellings {
                if prints_as_written(&text) {
                    accepted += 1;
                    assert_eq!(text.parse::<f64>().unwrap().to_string(), text);
                }
            }
            let short = format!("{v:.3}").parse::<f64>().unwrap().to_string();
            assert!(prints_as_written(&short) || short.len() > 16, "{short}");
        }
        assert!(accepted > 40_000, "{accepted}");
    }
}
