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

/// Reads every parameter of `model` from a safetensors file. A missing tensor, or one whose
/// shape or element type differs from the model's, is an error naming the tensor (and both
/// shapes); the model is then left unchanged.
pub fn load<E: Float>(model: &mut impl Parameters<E>, path: impl AsRef<Path>) -> Result<(), LoadError> {
    let file = path.as_ref().display().to_string();
    let bytes = std::fs::read(path.as_ref())
        .map_err(|e| LoadError::Io { file: file.clone(), message: e.to_string() })?;
    let st = safetensors::SafeTensors::deserialize(&bytes)
        .map_err(|e| LoadError::Format { file: file.clone(), message: e.to_string() })?;
    // check everything first, so that a bad file changes nothing
    let mut problem = None;
    let mut values: Vec<Vec<E>> = Vec::new();
    model.visit(ParamPath::root(), &mut |p| {
        if problem.is_some() {
            return;
        }
        let name = p.path.name();
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
    let mut next = values.into_iter();
    model.visit(ParamPath::root(), &mut |p| {
        if let Some(v) = next.next() {
            p.value.copy_from_slice(&v);
        }
    });
    Ok(())
}
