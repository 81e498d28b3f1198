//! Detection quality on labelled sets, per kind (precision, recall, F1), per group, and false
//! alarms on texts without personal data. A predicted span matches a gold span when they
//! overlap and the kinds agree (a gold `postal_code` is matched by `postal_code` or
//! `uk_postcode`).
//!
//! | set | written by | use |
//! |---|---|---|
//! | `eval.jsonl` | `benches/pii/generate_pii_eval.py` (seed 1) | development: tuned on |
//! | `holdout.jsonl` | the same generator, seed 2 | same templates, other values |
//! | `intl_dev.jsonl` | `benches/pii/intl/` by someone who had not read `src/redact` | development: misses may be read (`VERBATIM_EVAL_SHOW=kind`, or `clean` for false alarms on clean texts) |
//! | `unseen.jsonl`, `unseen_handwritten.jsonl` | `benches/pii/unseen/` by another such author | held out: scores only, never tuned on, misses never shown |

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
                    // The sets written by others name the kind `label`.
                    let kind = s.get("type").or_else(|| s.get("label")).unwrap();
                    (start, end, kind.as_str().unwrap().to_owned())
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

fn same_kind(gold: &str, pred: &str) -> bool {
    gold == pred || gold == "postal_code" && pred == "uk_postcode"
}

struct Report {
    by_type: BTreeMap<String, Counts>,
    /// Texts without personal data, and those with any detection.
    clean: usize,
    clean_flagged: usize,
}

impl Report {
    fn kind(&self, t: &str) -> Counts {
        self.by_type.get(t).copied().unwrap_or_default()
    }

    /// Targets missed: `(kind, min precision, min recall)`.
    fn shortfalls(&self, targets: &[(&str, f64, f64)]) -> Vec<String> {
        targets
            .iter()
            .filter_map(|&(t, p, r)| {
                let c = self.kind(t);
                (c.precision() < p || c.recall() < r).then(|| {
                    format!(
                        "{t}: precision {:.3} (≥ {p}) recall {:.3} (≥ {r})",
                        c.precision(),
                        c.recall()
                    )
                })
            })
            .collect()
    }
}

/// Scores the redactor's default settings on a set; `show` lists one kind's misses and false
/// alarms (development sets only).
fn evaluate(file: &str, show: bool) -> Report {
    let set = load(file);
    let redactor = Redactor::new(&RedactConfig::default()).unwrap();
    let mut by_type: BTreeMap<String, Counts> = BTreeMap::new();
    let mut by_group: BTreeMap<String, Counts> = BTreeMap::new();
    let (mut any_gold, mut any_found) = (0, 0);
    let (mut clean, mut clean_flagged) = (0, 0);
    let show = std::env::var("VERBATIM_EVAL_SHOW").ok().filter(|_| show);
    for item in &set {
        let pred: Vec<(usize, usize, String)> = redactor
            .detect(&item.text)
            .into_iter()
            .map(|d| (d.start, d.end, redactor.kind_name(d.kind)))
            .collect();
        if item.spans.is_empty() {
            clean += 1;
            clean_flagged += usize::from(!pred.is_empty());
            if show.as_deref() == Some("clean") {
                for (s, e, t) in &pred {
                    println!("FALSE {t} {:?} in {:?}", &item.text[*s..*e], item.text);
                }
            }
        }
        for (s, e, t) in &item.spans {
            let hit = pred
                .iter()
                .any(|(ps, pe, pt)| same_kind(t, pt) && overlaps((*s, *e), (*ps, *pe)));
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
                .any(|(gs, ge, gt)| same_kind(gt, t) && overlaps((*s, *e), (*gs, *ge)));
            if !hit && show.as_deref() == Some(t.as_str()) {
                println!("FALSE {t} {:?} in {:?}", &item.text[*s..*e], item.text);
            }
            // A uk_postcode found where the set says postal_code counts under postal_code.
            let t = match item.spans.iter().find(|(gs, ge, gt)| {
                gt == "postal_code" && t == "uk_postcode" && overlaps((*s, *e), (*gs, *ge))
            }) {
                Some(_) => "postal_code".to_owned(),
                None => t.clone(),
            };
            for c in [
                by_type.entry(t).or_default(),
                by_group.entry(item.group.clone()).or_default(),
            ] {
                c.pred += 1;
                c.tp_pred += usize::from(hit);
            }
        }
    }
    println!("{file}");
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
        "any-PII span recall (any type): {:.3}; texts without personal data flagged: {clean_flagged} of {clean} ({:.1} per 100)",
        ratio(any_found, any_gold),
        100.0 * ratio(clean_flagged, clean),
    );
    Report {
        by_type,
        clean,
        clean_flagged,
    }
}

/// Identifier kinds whose shape and check digits leave little doubt.
const IDENTIFIERS: [&str; 8] = [
    "email",
    "phone",
    "credit_card",
    "iban",
    "uk_nino",
    "nhs_number",
    "uk_postcode",
    "ip_address",
];

fn assert_targets(file: &str, report: &Report, targets: &[(&str, f64, f64)]) {
    let failures = report.shortfalls(targets);
    assert!(failures.is_empty(), "{file}: targets missed: {failures:?}");
}

/// The set the detectors were first tuned on, and its second seed.
#[test]
fn generated_sets_meet_targets() {
    for file in ["eval.jsonl", "holdout.jsonl"] {
        let report = evaluate(file, true);
        let mut targets: Vec<(&str, f64, f64)> =
            IDENTIFIERS.iter().map(|&t| (t, 0.95, 0.98)).collect();
        targets.push(("person", 0.85, 0.85));
        assert_targets(file, &report, &targets);
    }
}

/// The international development set written by someone who had not read the detectors.
/// Phones, addresses and postal codes meet the targets here; person names and false
/// alarms on clean texts do not yet, so those are floors under today's figures.
#[test]
fn international_dev_set_holds_its_floors() {
    let file = "intl_dev.jsonl";
    let report = evaluate(file, true);
    assert_targets(file, &report, INTERNATIONAL_FLOORS);
    assert!(
        report.clean_flagged * 100 <= 6 * report.clean,
        "{file}: {} of {} clean texts flagged",
        report.clean_flagged,
        report.clean
    );
}

/// The held-out sets: scores only. Their floors sit below the measured figures so that a
/// regression fails; nothing is ever tuned on a miss here.
#[test]
fn unseen_sets_hold_their_floors() {
    for file in ["unseen.jsonl", "unseen_handwritten.jsonl"] {
        let report = evaluate(file, false);
        assert_targets(file, &report, UNSEEN_FLOORS);
    }
}

const INTERNATIONAL_FLOORS: &[(&str, f64, f64)] = &[
    ("phone", 0.95, 0.95),
    ("street_address", 0.95, 0.93),
    ("postal_code", 0.95, 0.93),
    ("person", 0.9, 0.86),
    ("email", 0.99, 0.99),
    ("iban", 0.99, 0.99),
    ("credit_card", 0.99, 0.99),
];

/// Measured on both held-out files at commit time (README), less a margin.
const UNSEEN_FLOORS: &[(&str, f64, f64)] = &[
    ("phone", 0.93, 0.95),
    ("street_address", 0.95, 0.6),
    ("postal_code", 0.95, 0.45),
    ("person", 0.85, 0.7),
    ("email", 0.99, 0.99),
];
