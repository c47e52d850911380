//! Saving and loading parameters in the safetensors format, which PyTorch
//! (`safetensors.torch.load_file`) and numpy read.
//!
//! Names and layouts follow PyTorch's `state_dict`: a `Linear` saves `weight` as `OUT × IN` and
//! `bias`, so `torch.nn.Linear(IN, OUT).load_state_dict(load_file(path))` accepts the file.

use std::path::Path;

use thiserror::Error;

use super::{ParamPath, ParamRef, Parameters};
use crate::element::Float;

/// Why parameters could not be loaded (or saved).
#[derive(Debug, Error, PartialEq)]
pub enum LoadError {
    /// The file cannot be read or written.
    #[error("{file}: {message}")]
    Io {
        /// The file.
        file: String,
        /// The explanation.
        message: String,
    },
    /// The file is not in the safetensors format.
    #[error("{file}: not a safetensors file: {message}")]
    Format {
        /// The file.
        file: String,
        /// The explanation.
        message: String,
    },
    /// A parameter of the model is not in the file.
    #[error("{file}: no tensor named `{name}`")]
    Missing {
        /// The file.
        file: String,
        /// The parameter's name.
        name: String,
    },
    /// A tensor in the file has another shape than the model's parameter.
    #[error(
        "{file}: tensor `{name}` has shape {found:?} in the file, but the model's has shape {expected:?}"
    )]
    Shape {
        /// The file.
        file: String,
        /// The parameter's name.
        name: String,
        /// The model's shape (as files store it).
        expected: Vec<usize>,
        /// The file's shape.
        found: Vec<usize>,
    },
    /// The file holds tensors that the model has no parameter for (with
    /// [`LoadOptions::strict`], the default, as PyTorch's `load_state_dict`).
    #[error("{file}: Unexpected key(s) in state_dict: {}", names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", "))]
    Unexpected {
        /// The file.
        file: String,
        /// The names of the tensors the model does not have, in the file's order.
        names: Vec<String>,
    },
    /// A tensor in the file has another element type.
    #[error("{file}: tensor `{name}` holds {found}, but the model's holds {expected}")]
    Dtype {
        /// The file.
        file: String,
        /// The parameter's name.
        name: String,
        /// The model's element type.
        expected: String,
        /// The file's element type.
        found: String,
    },
}

/// The bytes of a safetensors file, read no further than its header says (see [`load`]).
fn read_bounded(path: &Path, file: &str) -> Result<Vec<u8>, LoadError> {
    use std::io::Read;
    let io = |e: std::io::Error| LoadError::Io { file: file.to_string(), message: e.to_string() };
    let format = |message: String| LoadError::Format { file: file.to_string(), message };
    let mut f = std::fs::File::open(path).map_err(io)?;
    // a regular file's length bounds every declared size; a pipe or device has none
    let meta = f.metadata().map_err(io)?;
    let length = meta.is_file().then_some(meta.len());
    let mut read_exactly = |buf: &mut Vec<u8>, n: u64, what: &str| -> Result<(), LoadError> {
        let got = (&mut f).take(n).read_to_end(buf).map_err(io)? as u64;
        if got < n {
            return Err(format(format!("the file ends after {got} of the {n} bytes of its {what}")));
        }
        Ok(())
    };
    let mut bytes = Vec::with_capacity(8);
    read_exactly(&mut bytes, 8, "header length")?;
    let n = u64::from_le_bytes(bytes[..8].try_into().unwrap_or([0; 8]));
    if n > MAX_HEADER {
        return Err(format(format!(
            "a header of {n} bytes is longer than the format's limit of {MAX_HEADER}"
        )));
    }
    if let Some(len) = length.filter(|&len| 8 + n > len) {
        return Err(format(format!("a header of {n} bytes does not fit in a file of {len} bytes")));
    }
    read_exactly(&mut bytes, n, "header")?;
    let metadata: safetensors::tensor::Metadata =
        serde_json::from_slice(&bytes[8..]).map_err(|e| format(format!("invalid header: {e}")))?;
    let data = metadata.data_len() as u64;
    // a header can list up to `usize::MAX` bytes: the sum is checked
    if let Some(len) = length.filter(|&len| (8 + n).checked_add(data) != Some(len)) {
        return Err(format(format!(
            "the header lists {data} bytes of tensors, but the file holds {} after the header",
            len - 8 - n
        )));
    }
    read_exactly(&mut bytes, data, "tensor data")?;
    Ok(bytes)
}

fn dtype<E: Float>() -> safetensors::Dtype {
    if E::DTYPE == "f64" { safetensors::Dtype::F64 } else { safetensors::Dtype::F32 }
}

fn file_shape(p: &ParamRef<'_, impl Float>) -> Vec<usize> {
    if p.transposed_in_files && p.shape.len() == 2 { vec![p.shape[1], p.shape[0]] } else { p.shape.to_vec() }
}

/// The order in which a parameter's elements are written: row-major in the file's layout.
fn file_order(p: &ParamRef<'_, impl Float>) -> Vec<usize> {
    if p.transposed_in_files && p.shape.len() == 2 {
        let (r, c) = (p.shape[0], p.shape[1]);
        (0..c).flat_map(|j| (0..r).map(move |i| i * c + j)).collect()
    } else {
        (0..p.value.len()).collect()
    }
}

/// Writes every parameter of `model` to a safetensors file.
///
/// ```
/// use rand::{SeedableRng, rngs::StdRng};
/// use typed_tensor::nn::{self, Linear};
/// use typed_tensor::prelude::*;
/// let mut net = Linear::<f32, Shape![2, 1]>::new(&mut StdRng::seed_from_u64(0));
/// let path = std::env::temp_dir().join(format!("doc_linear_{}.safetensors", std::process::id()));
/// nn::save(&mut net, &path)?;
/// let mut other = Linear::<f32, Shape![2, 1]>::new(&mut StdRng::seed_from_u64(1));
/// nn::load(&mut other, &path)?;
/// assert_eq!(other.weight.value, net.weight.value);
/// # std::fs::remove_file(&path).ok();
/// # Ok::<(), nn::LoadError>(())
/// ```
pub fn save<E: Float>(model: &mut impl Parameters<E>, path: impl AsRef<Path>) -> Result<(), LoadError> {
    let file = path.as_ref().display().to_string();
    let mut tensors: Vec<(String, Vec<usize>, Vec<u8>)> = Vec::new();
    model.visit(ParamPath::root(), &mut |p| {
        let mut bytes = Vec::with_capacity(core::mem::size_of_val(p.value));
        for i in file_order(&p) {
            let v = p.value[i].to_f64();
            if E::DTYPE == "f64" {
                bytes.extend_from_slice(&v.to_le_bytes());
            } else {
                bytes.extend_from_slice(&(v as f32).to_le_bytes());
            }
        }
        tensors.push((p.path.name(), file_shape(&p), bytes));
    });
    let views = tensors
        .iter()
        .map(|(name, shape, bytes)| {
            safetensors::tensor::TensorView::new(dtype::<E>(), shape.clone(), bytes)
                .map(|v| (name.clone(), v))
                .map_err(|e| LoadError::Format { file: file.clone(), message: e.to_string() })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let data = safetensors::serialize(views, None)
        .map_err(|e| LoadError::Format { file: file.clone(), message: e.to_string() })?;
    std::fs::write(path.as_ref(), data).map_err(|e| LoadError::Io { file, message: e.to_string() })
}

/// How [`load_with`] treats a file.
///
/// ```
/// use typed_tensor::nn::LoadOptions;
/// assert!(LoadOptions::default().strict);
/// let lenient = LoadOptions { strict: false };
/// # let _ = lenient;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadOptions {
    /// Whether a tensor in the file that the model has no parameter for is an error
    /// ([`LoadError::Unexpected`]), as in PyTorch's `load_state_dict(strict=True)`. Default
    /// `true`.
    pub strict: bool,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions { strict: true }
    }
}

/// The largest header [`load`] reads: the safetensors format's own limit.
const MAX_HEADER: u64 = 100_000_000;

/// Reads every parameter of `model` from a safetensors file. A missing tensor, one whose
/// shape or element type differs from the model's, or a tensor the model has no parameter
/// for, is an error naming the tensor (and both shapes); the model is then left unchanged.
/// [`load_with`] can accept the extra tensors.
///
/// The file is read in order, and no further than its header says: the 8-byte length, the
/// header, then only the bytes of the tensors it lists, each size checked against the file's
/// length first. A file that is not safetensors (`/dev/zero`, a CSV) is an error after at most
/// the header's declared length.
///
/// ```
/// use rand::{SeedableRng, rngs::StdRng};
/// use typed_tensor::nn::{self, Linear, LoadError};
/// use typed_tensor::prelude::*;
/// let mut net = Linear::<f32, Shape![2, 1]>::new(&mut StdRng::seed_from_u64(0));
/// let err = nn::load(&mut net, "/no/such/file.safetensors").unwrap_err();
/// assert!(matches!(err, LoadError::Io { .. }));
/// ```
pub fn load<E: Float>(model: &mut impl Parameters<E>, path: impl AsRef<Path>) -> Result<(), LoadError> {
    load_with(model, path, &LoadOptions::default())
}

/// [`load`] with options: `LoadOptions { strict: false }` ignores tensors that the model has
/// no parameter for (PyTorch's `load_state_dict(strict=False)`, which still fails on a
/// parameter the file lacks; so does this).
///
/// ```
/// use rand::{SeedableRng, rngs::StdRng};
/// use typed_tensor::nn::{self, Linear, LoadOptions, Sequential};
/// use typed_tensor::prelude::*;
/// let mut two = Sequential(
///     Linear::<f32, Shape![2, 2]>::new(&mut StdRng::seed_from_u64(0)),
///     Linear::<f32, Shape![2, 1]>::new(&mut StdRng::seed_from_u64(1)),
/// );
/// let path = std::env::temp_dir().join(format!("doc_load_with_{}.safetensors", std::process::id()));
/// nn::save(&mut two, &path)?;
/// // the file has `0.weight`, `0.bias`, `1.weight`, `1.bias`: a one-layer model finds
/// // none of its own names
/// let mut one = Linear::<f32, Shape![2, 2]>::new(&mut StdRng::seed_from_u64(2));
/// assert!(nn::load_with(&mut one, &path, &LoadOptions { strict: false }).is_err());
/// # std::fs::remove_file(&path).ok();
/// # Ok::<(), nn::LoadError>(())
/// ```
pub fn load_with<E: Float>(
    model: &mut impl Parameters<E>,
    path: impl AsRef<Path>,
    options: &LoadOptions,
) -> Result<(), LoadError> {
    let file = path.as_ref().display().to_string();
    let bytes = read_bounded(path.as_ref(), &file)?;
    let st = safetensors::SafeTensors::deserialize(&bytes)
        .map_err(|e| LoadError::Format { file: file.clone(), message: e.to_string() })?;
    // check everything first, so that a bad file changes nothing
    let mut problem = None;
    let mut values: Vec<Vec<E>> = Vec::new();
    // the model's names, for the strict check of the file's other tensors
    let mut known = std::collections::HashSet::new();
    model.visit(ParamPath::root(), &mut |p| {
        if problem.is_some() {
            return;
        }
        let name = p.path.name();
        known.insert(name.clone());
        let t = match st.tensor(&name) {
            Ok(t) => t,
            Err(_) => {
                problem = Some(LoadError::Missing { file: file.clone(), name: name.clone() });
                return;
            }
        };
        let expected = file_shape(&p);
        if t.shape() != expected.as_slice() {
            problem = Some(LoadError::Shape {
                file: file.clone(),
                name: name.clone(),
                expected,
                found: t.shape().to_vec(),
            });
            return;
        }
        if t.dtype() != dtype::<E>() {
            problem = Some(LoadError::Dtype {
                file: file.clone(),
                name: name.clone(),
                expected: E::DTYPE.to_string(),
                found: format!("{:?}", t.dtype()).to_lowercase(),
            });
            return;
        }
        let size = core::mem::size_of::<E>();
        let data: Vec<E> = t
            .data()
            .chunks_exact(size)
            .map(|c| match c.try_into() {
                Ok(b8) if size == 8 => E::from_f64(f64::from_le_bytes(b8)),
                _ => E::from_f64(f32::from_le_bytes([c[0], c[1], c[2], c[3]]) as f64),
            })
            .collect();
        let mut ordered = vec![E::zero(); data.len()];
        for (k, i) in file_order(&p).into_iter().enumerate() {
            ordered[i] = data[k];
        }
        values.push(ordered);
    });
    if let Some(p) = problem {
        return Err(p);
    }
    if options.strict {
        let mut names: Vec<(usize, String)> = st
            .iter()
            .filter(|(name, _)| !known.contains(*name))
            .map(|(name, t)| (t.data().as_ptr() as usize, name.to_string()))
            .collect();
        if !names.is_empty() {
            names.sort();
            return Err(LoadError::Unexpected { file, names: names.into_iter().map(|(_, n)| n).collect() });
        }
    }
    let mut next = values.into_iter();
    model.visit(ParamPath::root(), &mut |p| {
        if let Some(v) = next.next() {
            p.value.copy_from_slice(&v);
        }
    });
    Ok(())
}
