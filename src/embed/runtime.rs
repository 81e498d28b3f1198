//! Finds and loads the ONNX Runtime shared library once per process.
//!
//! Search order: `ORT_DYLIB_PATH`; next to the executable; the cache that
//! `scripts/fetch-onnxruntime.sh` fills (`.cache/onnxruntime/` in the source tree this binary
//! was built from); finally the system library path.

use crate::error::{Error, Result};
use ort::environment::Environment;
use std::path::PathBuf;
use std::sync::OnceLock;

const LIB_NAME: &str = "libonnxruntime.so";

/// The loaded runtime: where it came from and the process-wide environment sessions share.
pub struct Runtime {
    pub library: PathBuf,
    pub environment: Environment,
}

static LOADED: OnceLock<std::result::Result<Runtime, String>> = OnceLock::new();

/// Loads ONNX Runtime once per process.
pub fn ensure_loaded() -> Result<&'static Runtime> {
    LOADED
        .get_or_init(load)
        .as_ref()
        .map_err(|e| Error::model(e.clone()))
}

#[cfg(feature = "dynamic-ort")]
fn load() -> std::result::Result<Runtime, String> {
    let candidates = candidates();
    let mut tried = Vec::new();
    for path in &candidates {
        if path.components().count() > 1 && !path.exists() {
            tried.push(format!("{} (absent)", path.display()));
            continue;
        }
        match ort::init_from(path) {
            Ok(builder) => {
                let environment = builder
                    .with_name("verbatim")
                    .build()
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                return Ok(Runtime {
                    library: path.clone(),
                    environment,
                });
            }
            Err(e) => tried.push(format!("{}: {e}", path.display())),
        }
    }
    Err(format!(
        "cannot load the ONNX Runtime library. Run `make setup` (or scripts/fetch-onnxruntime.sh) \
         to fetch it from PyPI, or set ORT_DYLIB_PATH to a libonnxruntime.so (1.32 or newer). Tried: {}",
        tried.join("; ")
    ))
}

#[cfg(not(feature = "dynamic-ort"))]
fn load() -> std::result::Result<Runtime, String> {
    let environment = ort::init()
        .with_name("verbatim")
        .build()
        .map_err(|e| e.to_string())?;
    Ok(Runtime {
        library: PathBuf::from("(linked statically)"),
        environment,
    })
}

#[cfg(feature = "dynamic-ort")]
fn candidates() -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(path) = std::env::var_os("ORT_DYLIB_PATH") {
        out.push(PathBuf::from(path));
        // An explicit choice is final: falling back would hide a typo.
        return out;
    }
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(PathBuf::from))
    {
        out.push(dir.join(LIB_NAME));
    }
    out.push(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join(".cache/onnxruntime")
            .join(LIB_NAME),
    );
    out.push(PathBuf::from(LIB_NAME));
    out
}
