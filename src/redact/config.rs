//! The `[redact]` section: which personal data to find and how to anonymise it.

use super::entity::EntityKind;
use super::operator::{OperatorName, OperatorSpec};
use crate::defaults::default_true;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Which personal data to find and how to anonymise it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedactConfig {
    /// Entity kinds to detect (see README); every built-in kind when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entities: Option<Vec<String>>,
    /// Operator for kinds without their own entry in `operators`.
    #[serde(default = "default_operator")]
    pub default_operator: OperatorSpec,
    /// Operator per entity kind or custom pattern name.
    #[serde(default)]
    pub operators: BTreeMap<String, OperatorSpec>,
    /// Words and phrases never redacted (the organisation's and its products' names).
    #[serde(default)]
    pub allow: Vec<String>,
    /// Words and phrases always redacted, wherever they appear (e.g. known staff names).
    #[serde(default)]
    pub deny: Vec<String>,
    /// Organisation-specific identifiers (order, account, ticket numbers).
    #[serde(default)]
    pub patterns: Vec<PatternConfig>,
    /// Region (ISO 3166 alpha-2) whose national phone formats are read first: "GB", "DE", "US".
    #[serde(default = "default_region")]
    pub default_region: String,
    /// Detections scoring below this are left alone.
    #[serde(default = "default_min_score")]
    pub min_score: f32,
    /// Redact carried metadata columns too, not only the text.
    #[serde(default = "default_true")]
    pub metadata: bool,
}

/// A custom identifier pattern.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternConfig {
    /// Names the entity kind: the tag is its upper-case form (`order_number` → `[ORDER_NUMBER]`).
    pub name: String,
    /// Regular expression (Rust `regex` syntax) matching the identifier.
    pub regex: String,
    /// Check digits a match must pass: `luhn`, `iban`, `nhs` or `none`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validator: Option<String>,
    #[serde(default = "default_pattern_score")]
    pub score: f32,
}

fn default_operator() -> OperatorSpec {
    OperatorSpec::Name(OperatorName::Replace)
}

fn default_region() -> String {
    "GB".into()
}

fn default_min_score() -> f32 {
    0.5
}

fn default_pattern_score() -> f32 {
    0.9
}

impl Default for RedactConfig {
    fn default() -> Self {
        RedactConfig {
            entities: None,
            default_operator: default_operator(),
            operators: BTreeMap::new(),
            allow: Vec::new(),
            deny: Vec::new(),
            patterns: Vec::new(),
            default_region: default_region(),
            min_score: default_min_score(),
            metadata: true,
        }
    }
}

impl RedactConfig {
    /// Problems with names and values (`redact.key: why`); regexes are compiled (and
    /// checked) when the redactor is built.
    pub fn validate(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut bad = |key: &str, why: String| problems.push(format!("redact.{key}: {why}"));
        let known = |name: &str| {
            EntityKind::from_name(name).is_some() || self.patterns.iter().any(|p| p.name == name)
        };
        for name in self.entities.iter().flatten() {
            if !known(name) {
                bad("entities", format!("unknown entity kind '{name}'"));
            }
        }
        for name in self.operators.keys() {
            if !known(name) && name != "deny" {
                bad("operators", format!("unknown entity kind '{name}'"));
            }
        }
        for p in &self.patterns {
            let ok = !p.name.is_empty()
                && p.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !ok || EntityKind::from_name(&p.name).is_some() || p.name == "deny" {
                bad(
                    "patterns",
                    format!(
                        "name '{}' must be new, lower_snake_case and not a built-in kind",
                        p.name
                    ),
                );
            }
        }
        if crate::redact::detect::patterns::phone::Home::new(&self.default_region).is_none() {
            bad(
                "default_region",
                format!(
                    "'{}' is not a region with a numbering plan (use an ISO 3166 code such as \"GB\" or \"DE\")",
                    self.default_region
                ),
            );
        }
        if !(0.0..=1.0).contains(&self.min_score) {
            bad("min_score", "must be in [0, 1]".into());
        }
        problems
    }
}
