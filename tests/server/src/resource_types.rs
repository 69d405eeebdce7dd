//! The eleven resource types, exactly as the real server renders them (`resource_types.json` is
//! its `/resource-types.json` body).

use serde_json::Value;
use std::sync::OnceLock;

fn all_types() -> &'static Vec<Value> {
    static TYPES: OnceLock<Vec<Value>> = OnceLock::new();
    TYPES.get_or_init(|| {
        serde_json::from_str(include_str!("resource_types.json")).unwrap_or_default()
    })
}

/// Every resource type.
pub fn all() -> Vec<Value> {
    all_types().clone()
}

/// A type by id.
pub fn by_id(id: &str) -> Option<Value> {
    all_types().iter().find(|t| t["id"] == id).cloned()
}

/// The slug of a type id.
pub fn slug(id: &str) -> Option<String> {
    by_id(id).and_then(|t| t["slug"].as_str().map(str::to_string))
}

/// The id of the default type for a version: `v5-default` or `password-and-description`.
pub fn default_id(v5: bool) -> String {
    crate::ids::uuid5(if v5 {
        "resource-types.id.v5-default"
    } else {
        "resource-types.id.password-and-description"
    })
}
