//! `embed.model = "hf:owner/name"` resolves through the Hugging Face cache layout. Only the
//! resolver can be tested here (no hub is reachable): a cache is laid out as the hub client
//! leaves it, and the model loads from it offline. One test per file: it sets HF_HOME.

use verbatim::embed::config::{EmbedConfig, Precision};
use verbatim::embed::Embedder;
use verbatim::progress::Progress;

#[test]
fn hub_models_resolve_from_the_local_cache_offline() {
    let home = tempfile::tempdir().unwrap();
    let repo = home.path().join("hub/models--acme--minilm-onnx");
    let snapshot = repo.join("snapshots/0123abcd");
    std::fs::create_dir_all(snapshot.join("onnx")).unwrap();
    std::fs::create_dir_all(repo.join("refs")).unwrap();
    std::fs::write(repo.join("refs/main"), "0123abcd").unwrap();
    let bundled = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models/all-MiniLM-L6-v2");
    std::fs::copy(
        bundled.join("tokenizer.json"),
        snapshot.join("tokenizer.json"),
    )
    .unwrap();
    std::fs::copy(
        bundled.join("model_int8.onnx"),
        snapshot.join("onnx/model_quantized.onnx"),
    )
    .unwrap();
    std::env::set_var("HF_HOME", home.path());
    std::env::set_var("HF_HUB_OFFLINE", "1");

    let config = |model: &str, precision| EmbedConfig {
        model: Some(model.into()),
        precision,
        ..EmbedConfig::default()
    };
    let mut embedder =
        Embedder::load(&config("hf:acme/minilm-onnx", Precision::Int8), false).unwrap();
    assert_eq!(embedder.info().name, "acme/minilm-onnx");
    let out = embedder
        .embed(&["late delivery again"], &Progress::hidden())
        .unwrap();
    assert_eq!(out.vectors.dim(), 384);

    // fp32 weights are not in this cache: a clear error, not a download attempt.
    let err = Embedder::load(&config("hf:acme/minilm-onnx", Precision::Fp32), false)
        .err()
        .unwrap();
    assert!(err.to_string().contains("HF_HUB_OFFLINE"), "{err}");
    let err = Embedder::load(&config("hf:not a repo", Precision::Int8), false)
        .err()
        .unwrap();
    assert!(err.to_string().contains("hf:owner/name"), "{err}");
}
