//! The bundled model must reproduce sentence-transformers: reference vectors were computed
//! once with the Python package (models/prepare_minilm.sh) and committed beside the model.

use verbatim::embed::config::{EmbedConfig, Precision};
use verbatim::embed::Embedder;
use verbatim::progress::Progress;

struct Reference {
    text: String,
    input_ids: Vec<u32>,
    embedding: Vec<f32>,
}

fn references() -> Vec<Reference> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/models/all-MiniLM-L6-v2/reference.json"
    );
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| Reference {
            text: item["text"].as_str().unwrap().to_owned(),
            input_ids: serde_json::from_value(item["input_ids"].clone()).unwrap(),
            embedding: serde_json::from_value(item["embedding"].clone()).unwrap(),
        })
        .collect()
}

fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    dot / (na * nb)
}

fn embed_all(precision: Precision, texts: &[&str]) -> verbatim::embed::Embeddings {
    let config = EmbedConfig {
        precision,
        ..EmbedConfig::default()
    };
    let mut embedder = Embedder::load(&config, false).expect("bundled model loads");
    assert_eq!(embedder.info().dim, 384);
    embedder.embed(texts, &Progress::hidden()).unwrap()
}

#[test]
fn fp32_matches_sentence_transformers() {
    let refs = references();
    assert!(refs.len() >= 5);
    let texts: Vec<&str> = refs.iter().map(|r| r.text.as_str()).collect();
    let got = embed_all(Precision::Fp32, &texts);
    for (i, r) in refs.iter().enumerate() {
        assert_eq!(
            got.tokens[i],
            r.input_ids.len(),
            "token count for {:?}",
            r.text
        );
        let cos = cosine(&got.vectors.row(i), &r.embedding);
        assert!(cos >= 0.999, "fp32 cosine {cos} for {:?}", r.text);
    }
}

#[test]
fn int8_stays_close_to_sentence_transformers() {
    let refs = references();
    let texts: Vec<&str> = refs.iter().map(|r| r.text.as_str()).collect();
    let got = embed_all(Precision::Int8, &texts);
    let cosines: Vec<f32> = refs
        .iter()
        .enumerate()
        .map(|(i, r)| cosine(&got.vectors.row(i), &r.embedding))
        .collect();
    let mean = cosines.iter().sum::<f32>() / cosines.len() as f32;
    let min = cosines.iter().cloned().fold(f32::INFINITY, f32::min);
    assert!(mean >= 0.98 && min >= 0.96, "int8 cosines {cosines:?}");
}

#[test]
fn batching_and_padding_do_not_change_embeddings() {
    let texts = [
        "Late again.",
        "The driver left the shopping at the wrong house and nobody answered the phone for an hour.",
        "App crashes at checkout",
    ];
    let together = embed_all(Precision::Fp32, &texts);
    for (i, text) in texts.iter().enumerate() {
        let alone = embed_all(Precision::Fp32, &[text]);
        let cos = cosine(&together.vectors.row(i), &alone.vectors.row(0));
        assert!(cos > 0.99999, "cosine {cos} for {text:?}");
    }
}

#[test]
fn long_inputs_are_truncated_and_reported() {
    let long = "the delivery was late again ".repeat(100);
    let config = EmbedConfig {
        max_tokens: 32,
        ..EmbedConfig::default()
    };
    let mut embedder = Embedder::load(&config, false).unwrap();
    let got = embedder
        .embed(&[long.as_str(), "short"], &Progress::hidden())
        .unwrap();
    assert_eq!(got.truncated, vec![true, false]);
    assert_eq!(got.tokens[0], 32);
}
