//! Detection quality on the labelled synthetic sets (fixtures/pii/eval.jsonl and
//! holdout.jsonl, written by benches/pii/generate_pii_eval.py with two seeds). Prints per-type precision/recall/F1 and holds the
//! targets: validated identifiers recall ≥ 0.98 and precision ≥ 0.95; person names ≥ 0.85 both.
//!
//! A predicted span matches a gold span when both have the same type and they overlap.

use std::collections::BTreeMap;
use verbatim::redact::config::RedactConfig;
use verbatim::redact::Redactor;

struct Gold {
    text: String,
    group: String,
    spans: Vec<(usize, usize, String)>,
}

fn load(file: &str) -> Vec<Gold> {
    let path = format!("{}/fixtures/pii/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let text = v["text"].as_str().unwrap().to_owned();
            // Code-point offsets → byte offsets.
            let bytes: Vec<usize> = text
                .char_indices()
                .map(|(b, _)| b)
                .chain(std::iter::once(text.len()))
                .collect();
            let spans = v["spans"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| {
                    let start = bytes[s["start"].as_u64().unwrap() as usize];
                    let end = bytes[s["end"].as_u64().unwrap() as usize];
                    (start, end, s["type"].as_str().unwrap().to_owned())
                })
                .collect();
            Gold {
                text,
                group: v["group"].as_str().unwrap().to_owned(),
                spans,
            }
        })
        .collect()
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp_gold: usize,
    gold: usize,
    tp_pred: usize,
    pred: usize,
}

impl Counts {
    fn recall(&self) -> f64 {
        ratio(self.tp_gold, self.gold)
    }
    fn precision(&self) -> f64 {
        ratio(self.tp_pred, self.pred)
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// The set detectors were tuned on.
#[test]
fn dev_set_meets_targets() {
    evaluate("eval.jsonl");
}

/// The same generator with another seed, never looked at while tuning.
#[test]
fn holdout_set_meets_targets() {
    evaluate("holdout.jsonl");
}

fn evaluate(file: &str) {
    let set = load(file);
    assert!(set.len() >= 2000);
    let redactor = Redactor::new(&RedactConfig::default()).unwrap();
    let mut by_type: BTreeMap<String, Counts> = BTreeMap::new();
    let mut by_group: BTreeMap<String, Counts> = BTreeMap::new();
    let (mut any_gold, mut any_found) = (0, 0);
    // VERBATIM_EVAL_SHOW=person lists that type's misses and false alarms.
    let show = std::env::var("VERBATIM_EVAL_SHOW").ok();
    for item in &set {
        let pred: Vec<(usize, usize, String)> = redactor
            .detect(&item.text)
            .into_iter()
            .map(|d| (d.start, d.end, redactor.kind_name(d.kind)))
            .collect();
        for (s, e, t) in &item.spans {
            let hit = pred
                .iter()
                .any(|(ps, pe, pt)| pt == t && overlaps((*s, *e), (*ps, *pe)));
            if !hit && show.as_deref() == Some(t.as_str()) {
                println!("MISS {t} {:?} in {:?}", &item.text[*s..*e], item.text);
            }
            for c in [
                by_type.entry(t.clone()).or_default(),
                by_group.entry(item.group.clone()).or_default(),
            ] {
                c.gold += 1;
                c.tp_gold += usize::from(hit);
            }
            any_gold += 1;
            any_found += usize::from(
                pred.iter()
                    .any(|(ps, pe, _)| overlaps((*s, *e), (*ps, *pe))),
            );
        }
        for (s, e, t) in &pred {
            let hit = item
                .spans
                .iter()
                .any(|(gs, ge, gt)| gt == t && overlaps((*s, *e), (*gs, *ge)));
            if !hit && show.as_deref() == Some(t.as_str()) {
                println!("FALSE {t} {:?} in {:?}", &item.text[*s..*e], item.text);
            }
            for c in [
                by_type.entry(t.clone()).or_default(),
                by_group.entry(item.group.clone()).or_default(),
            ] {
                c.pred += 1;
                c.tp_pred += usize::from(hit);
            }
        }
    }
    println!(
        "{:<16} {:>6} {:>6} {:>9} {:>7} {:>6}",
        "type", "gold", "pred", "precision", "recall", "F1"
    );
    for (t, c) in &by_type {
        println!(
            "{t:<16} {:>6} {:>6} {:>9.3} {:>7.3} {:>6.3}",
            c.gold,
            c.pred,
            c.precision(),
            c.recall(),
            c.f1()
        );
    }
    println!(
        "{:<16} {:>6} {:>6} {:>9} {:>7}",
        "group", "gold", "pred", "precision", "recall"
    );
    for (g, c) in &by_group {
        println!(
            "{g:<16} {:>6} {:>6} {:>9.3} {:>7.3}",
            c.gold,
            c.pred,
            c.precision(),
            c.recall()
        );
    }
    println!(
        "any-PII span recall (any type): {:.3}",
        ratio(any_found, any_gold)
    );

    let mut failures = Vec::new();
    for t in [
        "email",
        "phone",
        "credit_card",
        "iban",
        "uk_nino",
        "nhs_number",
        "uk_postcode",
        "ip_address",
    ] {
        let c = by_type[t];
        if c.recall() < 0.98 || c.precision() < 0.95 {
            failures.push(format!(
                "{t}: precision {:.3} recall {:.3}",
                c.precision(),
                c.recall()
            ));
        }
    }
    let person = by_type["person"];
    if person.recall() < 0.85 || person.precision() < 0.85 {
        failures.push(format!(
            "person: precision {:.3} recall {:.3}",
            person.precision(),
            person.recall()
        ));
    }
    assert!(failures.is_empty(), "{file}: targets missed: {failures:?}");
}
