//! ONNX Runtime backend for BERT-family sentence encoders (inputs `input_ids`,
//! `attention_mask`, optionally `token_type_ids`; output token states or a pooled embedding).

use super::{Encoded, Encoder};
use crate::embed::config::Device;
use crate::error::{Error, Result};
use ort::session::builder::GraphOptimizationLevel;
use ort::session::{Session, SessionInputValue};
use ort::value::Tensor;
use std::borrow::Cow;
use std::path::Path;

pub struct OnnxEncoder {
    session: Session,
    token_type_ids: bool,
    /// Output holding a ready pooled embedding (`sentence_embedding`), if the graph has one.
    pooled_output: Option<String>,
    output: String,
    /// `sentiment_logits` output of a combined embedding + sentiment graph.
    sentiment_output: Option<String>,
}

impl OnnxEncoder {
    pub fn load(path: &Path, threads: usize, device: Device) -> Result<OnnxEncoder> {
        let session = build_session(path, threads, device)?;
        let token_type_ids = check_bert_inputs(&session, path)?;
        let outputs: Vec<String> = session
            .outputs()
            .iter()
            .map(|o| o.name().to_owned())
            .collect();
        let pooled_output = outputs.iter().find(|n| *n == "sentence_embedding").cloned();
        let output = outputs
            .iter()
            .find(|n| *n == "last_hidden_state" || *n == "token_embeddings")
            .or(outputs.first())
            .cloned()
            .ok_or_else(|| Error::model(format!("{}: the model has no outputs", path.display())))?;
        let sentiment_output = outputs.iter().find(|n| *n == "sentiment_logits").cloned();
        Ok(OnnxEncoder {
            session,
            token_type_ids,
            pooled_output,
            output,
            sentiment_output,
        })
    }
}

/// An ONNX Runtime session on the shared environment: full graph optimisation, `threads`
/// intra-op threads, one inter-op thread, the CUDA provider when asked for.
pub(crate) fn build_session(path: &Path, threads: usize, device: Device) -> Result<Session> {
    let runtime = super::runtime::ensure_loaded()?;
    let fail = |e: ort::Error| Error::model(format!("{}: {e}", path.display()));
    let mut builder = Session::builder(&runtime.environment)
        .map_err(fail)?
        .with_optimization_level(GraphOptimizationLevel::Level3)
        .map_err(|e| fail(e.into()))?
        .with_intra_threads(threads)
        .map_err(|e| fail(e.into()))?
        .with_inter_threads(1)
        .map_err(|e| fail(e.into()))?;
    if device == Device::Cuda {
        builder =
            with_cuda(builder).map_err(|e| Error::model(format!("{}: {e}", path.display())))?;
    }
    builder.commit_from_file(path).map_err(fail)
}

/// Checks that a BERT-family graph takes `input_ids` and `attention_mask`; returns whether it
/// also takes `token_type_ids`.
pub(crate) fn check_bert_inputs(session: &Session, path: &Path) -> Result<bool> {
    let inputs: Vec<&str> = session.inputs().iter().map(|o| o.name()).collect();
    for required in ["input_ids", "attention_mask"] {
        if !inputs.contains(&required) {
            return Err(Error::model(format!(
                "{}: the model has no '{required}' input (inputs: {})",
                path.display(),
                inputs.join(", ")
            )));
        }
    }
    Ok(inputs.contains(&"token_type_ids"))
}

/// Session inputs for one padded `batch × seq` batch (`token_type_ids` all zeros when the
/// graph takes them).
pub(crate) fn bert_inputs(
    ids: &[i64],
    mask: &[i64],
    batch: usize,
    seq: usize,
    token_type_ids: bool,
) -> Result<Vec<(Cow<'static, str>, SessionInputValue<'static>)>> {
    let fail = |e: ort::Error| Error::model(format!("inference failed: {e}"));
    let shape = [batch, seq];
    let mut inputs = ort::inputs![
        "input_ids" => Tensor::from_array((shape, ids.to_vec())).map_err(fail)?,
        "attention_mask" => Tensor::from_array((shape, mask.to_vec())).map_err(fail)?,
    ];
    if token_type_ids {
        let zeros = vec![0i64; ids.len()];
        inputs.push((
            "token_type_ids".into(),
            Tensor::from_array((shape, zeros)).map_err(fail)?.into(),
        ));
    }
    Ok(inputs)
}

#[cfg(feature = "cuda")]
fn with_cuda(
    builder: ort::session::builder::SessionBuilder,
) -> std::result::Result<ort::session::builder::SessionBuilder, String> {
    builder
        .with_execution_providers([ort::ep::CUDA::default().build().error_on_failure()])
        .map_err(|e| e.to_string())
}

#[cfg(not(feature = "cuda"))]
fn with_cuda(
    _builder: ort::session::builder::SessionBuilder,
) -> std::result::Result<ort::session::builder::SessionBuilder, String> {
    Err("embed.device = \"cuda\" needs a build with `--features cuda` and a CUDA build of ONNX Runtime".into())
}

impl Encoder for OnnxEncoder {
    fn encode(&mut self, ids: &[i64], mask: &[i64], batch: usize, seq: usize) -> Result<Encoded> {
        let fail = |e: ort::Error| Error::model(format!("inference failed: {e}"));
        let inputs = bert_inputs(ids, mask, batch, seq, self.token_type_ids)?;
        let outputs = self.session.run(inputs).map_err(fail)?;
        let sentiment_logits = match &self.sentiment_output {
            Some(name) => {
                let (_, data) = outputs[name.as_str()]
                    .try_extract_tensor::<f32>()
                    .map_err(fail)?;
                if data.len() != batch * 3 {
                    return Err(Error::model(format!(
                        "sentiment_logits has {} values for a batch of {batch}; expected 3 per text",
                        data.len()
                    )));
                }
                Some(data.to_vec())
            }
            None => None,
        };
        if let Some(name) = &self.pooled_output {
            let (_, data) = outputs[name.as_str()]
                .try_extract_tensor::<f32>()
                .map_err(fail)?;
            let mut pooled = data.to_vec();
            let dim = pooled.len() / batch.max(1);
            for row in pooled.chunks_mut(dim) {
                super::normalise(row);
            }
            return Ok(Encoded {
                embeddings: pooled,
                sentiment_logits,
            });
        }
        let (out_shape, states) = outputs[self.output.as_str()]
            .try_extract_tensor::<f32>()
            .map_err(fail)?;
        if out_shape.len() != 3 || out_shape[0] as usize != batch || out_shape[1] as usize != seq {
            return Err(Error::model(format!(
                "unexpected output shape {out_shape:?} for a batch of {batch}×{seq}"
            )));
        }
        Ok(Encoded {
            embeddings: super::mean_pool(states, mask, batch, seq, out_shape[2] as usize),
            sentiment_logits,
        })
    }
}
