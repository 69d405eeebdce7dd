//! The server's validation error tree, flattened.
//!
//! CakePHP sends `{ "<field>": { "<rule>": "<message>" } }`, nested for associations, with
//! `hasMany` associations as JSON lists: `{"secrets": [{"data": {"isValidOpenPGPMessage": ".."}}]}`.

use serde::Serialize;
use serde_json::Value;

/// One failed validation rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValidationError {
    /// Dotted path of the field, list indexes included: `secrets.0.data`.
    pub path: String,
    /// The rule's name: `isValidOpenPGPMessage`, `_empty`, `hasAtMost`, ...
    pub rule: String,
    /// The server's message for it.
    pub message: String,
}

/// Flattens a validation tree into `(path, rule, message)` items, in document order.
/// A body that is not an object or list (`null`, `""`) gives no items.
pub fn flatten_validation_errors(body: &Value) -> Vec<ValidationError> {
    let mut out = Vec::new();
    let mut path = Vec::new();
    walk(body, &mut path, &mut out);
    out
}

fn walk(value: &Value, path: &mut Vec<String>, out: &mut Vec<ValidationError>) {
    let children: Box<dyn Iterator<Item = (String, &Value)>> = match value {
        Value::Object(map) => Box::new(map.iter().map(|(k, v)| (k.clone(), v))),
        Value::Array(items) => Box::new(items.iter().enumerate().map(|(i, v)| (i.to_string(), v))),
        _ => return,
    };
    for (key, child) in children {
        match child {
            Value::Object(_) | Value::Array(_) => {
                path.push(key);
                walk(child, path, out);
                path.pop();
            }
            leaf if !path.is_empty() => out.push(ValidationError {
                path: path.join("."),
                rule: key,
                message: leaf_text(leaf),
            }),
            // A top-level scalar is not a rule of any field.
            _ => {}
        }
    }
}

fn leaf_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
