//! The envelope header.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `header.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HeaderStatus {
    /// `"success"`
    Success,
    /// `"error"`
    Error,
}

/// The pagination block of index endpoints (`count`, `page`, `limit`; `limit` may be null).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pagination {
    /// Number of items matching the query.
    pub count: u64,
    /// Page number, from 1.
    pub page: u64,
    /// Page size, `None` when the server sends `null` (no limit).
    pub limit: Option<u64>,
}

/// The envelope header, with every field the server sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// UUID of this user action instance.
    #[serde(default)]
    pub id: String,
    /// `success` or `error`.
    pub status: HeaderStatus,
    /// Unix time when the response was built (the keyring sync cursor).
    pub servertime: i64,
    /// UUID of the controller action.
    #[serde(default)]
    pub action: String,
    /// Human message ("The operation was successful.", "The authentication failed.", ...).
    pub message: String,
    /// Request path and query.
    #[serde(default)]
    pub url: String,
    /// HTTP status code as the server saw it.
    pub code: u16,
    /// Present on paginated index endpoints only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
}

impl Header {
    /// Reads a header from JSON, naming the field at fault on error.
    pub(crate) fn from_json(value: Value) -> Result<Self, String> {
        if !value.is_object() {
            return Err("its \"header\" is not an object".into());
        }
        serde_json::from_value(value).map_err(|e| format!("its header is not valid: {e}"))
    }
}
