//! Serde defaults shared by the config sections, which live beside their components.

pub(crate) fn default_true() -> bool {
    true
}

pub(crate) fn is_true(value: &bool) -> bool {
    *value
}
