//! CakePHP-shaped validation error trees: `{"field": {"rule": "message"}}`, nested for
//! associations, hasMany associations as arrays (`secrets.0.data.isValidOpenPGPMessage`).

use crate::envelope::ApiError;
use serde_json::{Map, Value};

/// An error tree being built.
#[derive(Debug, Default, Clone)]
pub struct Errors {
    root: Map<String, Value>,
}

impl Errors {
    /// An empty tree.
    pub fn new() -> Errors {
        Errors::default()
    }

    /// Adds `rule: message` under a dotted field path such as `secrets.0.data`.
    pub fn add(&mut self, path: &str, rule: &str, message: &str) {
        let mut node = &mut self.root;
        for seg in path.split('.') {
            let entry = node
                .entry(seg.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if !entry.is_object() {
                *entry = Value::Object(Map::new());
            }
            node = entry.as_object_mut().expect("object");
        }
        node.entry(rule.to_string())
            .or_insert_with(|| Value::String(message.to_string()));
    }

    /// Whether `path` already has an error.
    pub fn has(&self, path: &str) -> bool {
        let mut node = &self.root;
        for seg in path.split('.') {
            match node.get(seg).and_then(Value::as_object) {
                Some(n) => node = n,
                None => return false,
            }
        }
        true
    }

    /// No error so far.
    pub fn is_empty(&self) -> bool {
        self.root.is_empty()
    }

    /// The tree, with `{"0": .., "1": ..}` objects turned into arrays as PHP's json_encode does.
    pub fn tree(&self) -> Value {
        arrays(Value::Object(self.root.clone()))
    }

    /// `Ok(())` when empty, else a 400 with `message` and the tree.
    pub fn check(&self, message: &str) -> Result<(), ApiError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(ApiError::validation(message, self.tree()))
        }
    }
}

fn arrays(v: Value) -> Value {
    match v {
        Value::Object(m) => {
            let sequential = !m.is_empty() && (0..m.len()).all(|i| m.contains_key(&i.to_string()));
            if sequential {
                let mut items: Vec<(usize, Value)> = m
                    .into_iter()
                    .map(|(k, v)| (k.parse().unwrap_or(0), arrays(v)))
                    .collect();
                items.sort_by_key(|(i, _)| *i);
                Value::Array(items.into_iter().map(|(_, v)| v).collect())
            } else {
                Value::Object(m.into_iter().map(|(k, v)| (k, arrays(v))).collect())
            }
        }
        other => other,
    }
}

/// A string field: `Ok(None)` when absent or null.
pub fn opt_str<'a>(data: &'a Value, field: &str) -> Option<&'a str> {
    data.get(field).and_then(Value::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn has_many_becomes_an_array_only_when_sequential() {
        let mut e = Errors::new();
        e.add("name", "_empty", "The name should not be empty.");
        e.add("secrets.0.data", "isValidOpenPGPMessage", "bad");
        assert_eq!(
            e.tree(),
            json!({"name": {"_empty": "The name should not be empty."}, "secrets": [{"data": {"isValidOpenPGPMessage": "bad"}}]})
        );
        let mut e = Errors::new();
        e.add("secrets.1.data", "isValidOpenPGPMessage", "bad");
        assert_eq!(
            e.tree(),
            json!({"secrets": {"1": {"data": {"isValidOpenPGPMessage": "bad"}}}})
        );
    }
}
