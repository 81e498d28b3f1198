//! Anonymisation operators: what replaces a detected span.

use super::entity::EntityKind;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::collections::HashMap;

/// How a detected span is anonymised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "operator", rename_all = "lowercase", deny_unknown_fields)]
pub enum Operator {
    /// A type tag such as `[EMAIL]`.
    Replace,
    /// A numbered tag such as `[PERSON_3]`, the same number for the same value everywhere in a run.
    Pseudonym,
    /// Masking characters for all but the last `keep` letters or digits (`************1111`).
    Mask {
        #[serde(default = "default_keep")]
        keep: usize,
    },
    /// Deleted outright.
    Remove,
}

fn default_keep() -> usize {
    4
}

/// An operator as written in TOML: a bare name (`"pseudonym"`) or a table
/// (`{ operator = "mask", keep = 4 }`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OperatorSpec {
    Name(OperatorName),
    Full(Operator),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OperatorName {
    Replace,
    Pseudonym,
    Mask,
    Remove,
}

impl OperatorSpec {
    pub fn operator(&self) -> Operator {
        match self {
            OperatorSpec::Full(op) => op.clone(),
            OperatorSpec::Name(OperatorName::Replace) => Operator::Replace,
            OperatorSpec::Name(OperatorName::Pseudonym) => Operator::Pseudonym,
            OperatorSpec::Name(OperatorName::Mask) => Operator::Mask {
                keep: default_keep(),
            },
            OperatorSpec::Name(OperatorName::Remove) => Operator::Remove,
        }
    }
}

/// Numbers pseudonyms in order of first appearance. Values are keyed by an HMAC with a
/// secret drawn fresh for every run, so the table in memory cannot be reversed with a
/// dictionary, and nothing derived from a value (not even a hash) is ever written out.
pub struct Pseudonyms {
    secret: [u8; 32],
    numbers: HashMap<(EntityKind, [u8; 32]), usize>,
    next: HashMap<EntityKind, usize>,
}

impl Pseudonyms {
    pub fn new() -> Pseudonyms {
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret).expect("the operating system provides random bytes");
        Pseudonyms {
            secret,
            numbers: HashMap::new(),
            next: HashMap::new(),
        }
    }

    /// The number of `value` among values of `kind`; case and inner spacing do not count.
    pub fn number(&mut self, kind: EntityKind, value: &str) -> usize {
        let normalised: String = value
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.secret).expect("any key length");
        mac.update(normalised.as_bytes());
        let key: [u8; 32] = mac.finalize().into_bytes().into();
        let next = self.next.entry(kind).or_insert(0);
        *self.numbers.entry((kind, key)).or_insert_with(|| {
            *next += 1;
            *next
        })
    }
}

impl Default for Pseudonyms {
    fn default() -> Self {
        Pseudonyms::new()
    }
}

/// Masks all but the last `keep` alphanumeric characters; separators stay for readability.
pub fn mask(value: &str, keep: usize) -> String {
    let total = value.chars().filter(|c| c.is_alphanumeric()).count();
    let mut seen = 0;
    value
        .chars()
        .map(|c| {
            if !c.is_alphanumeric() {
                return c;
            }
            seen += 1;
            if seen + keep > total {
                c
            } else {
                '*'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mask_keeps_last_characters_and_separators() {
        assert_eq!(mask("4111 1111 1111 1111", 4), "**** **** **** 1111");
        assert_eq!(mask("abc", 4), "abc");
        assert_eq!(mask("07700 900123", 0), "***** ******");
    }

    #[test]
    fn pseudonyms_are_consistent_per_value_and_kind() {
        let mut p = Pseudonyms::new();
        assert_eq!(p.number(EntityKind::Person, "Sarah Jones"), 1);
        assert_eq!(p.number(EntityKind::Person, "Tom"), 2);
        assert_eq!(p.number(EntityKind::Person, "sarah  JONES"), 1);
        assert_eq!(p.number(EntityKind::Email, "tom@example.com"), 1);
    }

    #[test]
    fn operators_parse_from_short_and_table_forms() {
        #[derive(Deserialize)]
        struct T {
            a: OperatorSpec,
            b: OperatorSpec,
        }
        let t: T =
            toml::from_str("a = \"pseudonym\"\nb = { operator = \"mask\", keep = 2 }").unwrap();
        assert_eq!(t.a.operator(), Operator::Pseudonym);
        assert_eq!(t.b.operator(), Operator::Mask { keep: 2 });
    }
}
