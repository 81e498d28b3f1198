//! The kinds of personal data the redactor knows.

use serde::{Deserialize, Serialize};

/// A built-in entity kind. Custom patterns from the config are `Custom(i)` (index into
/// `redact.patterns`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    Email,
    Phone,
    CreditCard,
    Iban,
    UkNino,
    NhsNumber,
    UsSsn,
    UkPostcode,
    IpAddress,
    Url,
    SocialHandle,
    DateOfBirth,
    Person,
    StreetAddress,
    /// A postal or ZIP code of any country beside an address, a city or a cue (UK postcodes
    /// anywhere are `UkPostcode`).
    PostalCode,
    /// An age ("79 years old", "aged 79").
    Age,
    /// Identifiers found only after their cue word.
    DriverLicence,
    Passport,
    AccountNumber,
    /// A phrase from the config's deny list.
    Denied,
    Custom(usize),
}

/// Config names of the built-in kinds, in the order they are documented.
pub const BUILTIN: &[(EntityKind, &str)] = &[
    (EntityKind::Email, "email"),
    (EntityKind::Phone, "phone"),
    (EntityKind::CreditCard, "credit_card"),
    (EntityKind::Iban, "iban"),
    (EntityKind::UkNino, "uk_nino"),
    (EntityKind::NhsNumber, "nhs_number"),
    (EntityKind::UsSsn, "us_ssn"),
    (EntityKind::UkPostcode, "uk_postcode"),
    (EntityKind::IpAddress, "ip_address"),
    (EntityKind::Url, "url"),
    (EntityKind::SocialHandle, "social_handle"),
    (EntityKind::DateOfBirth, "date_of_birth"),
    (EntityKind::Person, "person"),
    (EntityKind::StreetAddress, "street_address"),
    (EntityKind::PostalCode, "postal_code"),
    (EntityKind::Age, "age"),
    (EntityKind::DriverLicence, "driver_licence"),
    (EntityKind::Passport, "passport"),
    (EntityKind::AccountNumber, "account_number"),
];

impl EntityKind {
    /// The config name of a built-in kind (`None` for custom kinds, named by their pattern).
    pub fn builtin_name(self) -> Option<&'static str> {
        BUILTIN.iter().find(|(k, _)| *k == self).map(|(_, n)| *n)
    }

    pub fn from_name(name: &str) -> Option<EntityKind> {
        BUILTIN.iter().find(|(_, n)| *n == name).map(|(k, _)| *k)
    }
}

/// One detected span of personal data in a text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Detection {
    /// Byte range in the text (on char boundaries).
    pub start: usize,
    pub end: usize,
    pub kind: EntityKind,
    /// Confidence in [0, 1]; validated identifiers score high, context-free guesses low.
    pub score: f32,
}

/// Serialisable entity name for configs (`"email"`, `"person"`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EntityName(pub String);
