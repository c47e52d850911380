//! What can go wrong with data from outside.

use thiserror::Error;

use crate::error::ShapeError;

/// A problem with run-time data, naming where it is: the file (or stream name), the line
/// (1-based, the header is line 1) and the column.
///
/// ```
/// use typed_tensor::data::{CsvOptions, read_csv_from};
/// let err = read_csv_from("a,b\n1,x\n".as_bytes(), "inline.csv", &CsvOptions::default())
///     .unwrap()
///     .to_tensor::<f32>(&["a", "b"])
///     .unwrap_err();
/// assert_eq!(err.to_string(), "inline.csv: line 2, column `b`: `x` is not a number");
/// ```
#[derive(Debug, Error)]
pub enum DataError {
    /// The file cannot be opened or read.
    #[error("{file}: cannot read the file: {message}")]
    Io {
        /// The file.
        file: String,
        /// The operating system's explanation.
        message: String,
    },
    /// The file has no header row.
    #[error("{file}: line 1: the file is empty (expected a header row naming the columns)")]
    Empty {
        /// The file.
        file: String,
    },
    /// Two columns of the header have the same name, so one of them could not be asked for.
    #[error(
        "{file}: line {line}, column {column}: the column name `{name}` is used twice (first in column {first})"
    )]
    DuplicateColumn {
        /// The file.
        file: String,
        /// The header's line (after any blank lines).
        line: u64,
        /// The repeated name.
        name: String,
        /// Its first position (1-based).
        first: usize,
        /// Its second position (1-based).
        column: usize,
    },
    /// `one_hot` would create a column whose name the frame has already.
    #[error("{file}: one_hot(`{column}`) would create the column `{name}`, which the frame has already")]
    NameCollision {
        /// The file.
        file: String,
        /// The column being encoded.
        column: String,
        /// The name that exists already.
        name: String,
    },
    /// A row has a different number of fields than the header.
    #[error(
        "{file}: line {line}, column {column}: expected {expected} fields (as in the header), found {found}"
    )]
    FieldCount {
        /// The file.
        file: String,
        /// The line of the row.
        line: u64,
        /// The first column (1-based) that is missing from the row, or that the header does not
        /// have.
        column: usize,
        /// The number of columns in the header.
        expected: usize,
        /// The number of fields in the row.
        found: usize,
    },
    /// A line longer than [`CsvOptions::max_line_bytes`](super::CsvOptions): a file that is
    /// not text (`/dev/zero`), or whose lines are not what the limit expects.
    #[error(
        "{file}: line {line} is longer than {limit} bytes (`CsvOptions::max_line_bytes`); is this a CSV file?"
    )]
    LineTooLong {
        /// The file.
        file: String,
        /// The line.
        line: u64,
        /// The limit.
        limit: usize,
    },
    /// A field is not valid UTF-8.
    #[error("{file}: line {line}, column {column}: invalid UTF-8")]
    Utf8 {
        /// The file.
        file: String,
        /// The line.
        line: u64,
        /// The column (1-based position, since the name may itself be unreadable).
        column: usize,
    },
    /// A value in a column that should be numeric is not a number.
    #[error("{file}: line {line}, column `{column}`: `{}` is not a number", shorten(value))]
    NotNumeric {
        /// The file.
        file: String,
        /// The line.
        line: u64,
        /// The column's name.
        column: String,
        /// The value found.
        value: String,
    },
    /// A missing value where missing values are errors ([`Missing::Error`](super::Missing)).
    #[error("{file}: line {line}, column `{column}`: missing value `{}`", shorten(value))]
    MissingValue {
        /// The file.
        file: String,
        /// The line.
        line: u64,
        /// The column's name.
        column: String,
        /// The field as written (empty, `NA`, ...).
        value: String,
    },
    /// A column name that the file does not have.
    #[error("{file}: the header has no column named `{column}` (the columns are {available})")]
    UnknownColumn {
        /// The file.
        file: String,
        /// The name asked for.
        column: String,
        /// The names there are, quoted and comma-separated.
        available: String,
    },
    /// Another problem reported by the CSV reader.
    #[error("{file}: line {line}: {message}")]
    Csv {
        /// The file.
        file: String,
        /// The line.
        line: u64,
        /// The reader's explanation.
        message: String,
    },
    /// The data does not have the static shape asked for.
    #[error("{context}: {source}")]
    Shape {
        /// What was being converted.
        context: String,
        /// The shapes involved.
        source: ShapeError,
    },
    /// The number of examples is not a multiple of the batch size, and the final partial batch
    /// was declared an error ([`Remainder::Error`](super::Remainder)).
    #[error("{examples} examples do not divide into batches of {batch}: {left} would be left over")]
    PartialBatch {
        /// The number of examples.
        examples: usize,
        /// The batch size.
        batch: usize,
        /// The size of the last, partial batch.
        left: usize,
    },
}

impl From<ShapeError> for DataError {
    /// A shape error in run-time data, without a file to name.
    fn from(source: ShapeError) -> Self {
        DataError::Shape { context: "run-time data".into(), source }
    }
}

/// A value as error messages show it: at most 40 characters, then `…` and the total length, so
/// that a 20 MB field does not become a 20 MB message.
fn shorten(value: &str) -> String {
    const SHOWN: usize = 40;
    match value.char_indices().nth(SHOWN) {
        Some((end, _)) => format!("{}… ({} characters)", &value[..end], value.chars().count()),
        None => value.to_string(),
    }
}
