//! Client-side checks of the server's JSON-schema limits (`maxLength`, `required`, `enum`...),
//! reported as a list of broken rules, like the server's validation tree.
//!
//! Lengths count characters (Unicode scalar values), as JSON Schema's `maxLength` does.
//! Messages name the field and the limit, never the value: values may be secrets.

use serde::Serialize;

/// One broken rule of a resource type's schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldViolation {
    /// Dotted path of the field: `name`, `uris.3`, `custom_fields.0.id`, `totp.digits`.
    pub path: String,
    /// The JSON-schema keyword broken: `required`, `type`, `maxLength`, `minLength`,
    /// `maxItems`, `minimum`, `exclusiveMaximum`, `enum`, `pattern`, `format`; or
    /// `notInType` (a field the resource type does not have) and `matchesType` (an id that
    /// is not the resource type's).
    pub rule: &'static str,
    /// A human message naming the field and the limit, not the value.
    pub message: String,
}

pub use super::uuid::is_uuid;

/// Collects violations while walking a value.
#[derive(Debug, Default)]
pub(crate) struct Checker {
    pub(crate) violations: Vec<FieldViolation>,
}

impl Checker {
    pub(crate) fn push(&mut self, path: impl Into<String>, rule: &'static str, message: String) {
        self.violations.push(FieldViolation {
            path: path.into(),
            rule,
            message,
        });
    }

    pub(crate) fn required(&mut self, path: &str) {
        self.push(path, "required", format!("{path} is required"));
    }

    pub(crate) fn not_in_type(&mut self, path: &str, slug: &str) {
        self.push(
            path,
            "notInType",
            format!("{path} is not a field of the {slug} resource type"),
        );
    }

    pub(crate) fn wrong_type(&mut self, path: &str, expected: &str) {
        self.push(path, "type", format!("{path} must be {expected}"));
    }

    /// `maxLength` (and `minLength` when `min > 0`), in characters.
    pub(crate) fn length(&mut self, path: &str, value: &str, min: usize, max: usize) {
        let count = value.chars().count();
        if count > max {
            self.push(
                path,
                "maxLength",
                format!("{path} is longer than {max} characters"),
            );
        } else if count < min {
            self.push(
                path,
                "minLength",
                format!("{path} is shorter than {min} characters"),
            );
        }
    }

    pub(crate) fn max_items(&mut self, path: &str, count: usize, max: usize) {
        if count > max {
            self.push(
                path,
                "maxItems",
                format!("{path} has more than {max} items"),
            );
        }
    }

    pub(crate) fn uuid(&mut self, path: &str, value: &str) {
        if !is_uuid(value) {
            self.push(path, "format", format!("{path} must be a UUID"));
        }
    }

    pub(crate) fn finish(self) -> Result<(), Vec<FieldViolation>> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(self.violations)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_form_is_checked_in_either_case() {
        assert!(is_uuid("669f8c64-242a-59fb-92fc-81f660975fd3"));
        assert!(is_uuid("669F8C64-242A-59FB-92FC-81F660975FD3"));
        assert!(!is_uuid("669f8c64242a59fb92fc81f660975fd3"));
        assert!(!is_uuid("669f8c64-242a-59fb-92fc-81f660975fdg"));
        assert!(!is_uuid(""));
    }

    #[test]
    fn max_length_counts_characters_not_bytes() {
        let mut c = Checker::default();
        c.length("name", &"é".repeat(255), 0, 255);
        assert!(c.violations.is_empty());
        c.length("name", &"é".repeat(256), 0, 255);
        assert_eq!(c.violations[0].rule, "maxLength");
        assert_eq!(
            c.violations[0].message,
            "name is longer than 255 characters"
        );
    }
}
