//! The `{header, body}` envelope of every JSON response, and the API errors routes return.

use crate::http::Response;
use crate::ids::{uuid4, uuid5};
use serde::Serialize;
use serde_json::Value;

/// The default success message.
pub const SUCCESS: &str = "The operation was successful.";

/// `header.pagination` of index endpoints.
#[derive(Serialize, Debug, Clone)]
pub struct Pagination {
    /// Number of items.
    pub count: usize,
    /// Page number (always 1 here).
    pub page: u32,
    /// Page size (null: no limit).
    pub limit: Option<u32>,
}

#[derive(Serialize)]
struct Header<'a> {
    id: String,
    status: &'a str,
    servertime: i64,
    action: String,
    message: &'a str,
    url: &'a str,
    code: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pagination: Option<Pagination>,
}

/// What an envelope says about itself besides its body.
pub struct Meta<'a> {
    /// Request path and query.
    pub url: &'a str,
    /// Controller action name (its UUIDv5 becomes `header.action`).
    pub action: &'a str,
    /// Server time.
    pub servertime: i64,
}

/// Builds an envelope response; `ok` decides `header.status` ("success" or "error").
pub fn envelope(
    meta: &Meta,
    code: u16,
    ok: bool,
    message: &str,
    body: Value,
    pagination: Option<Pagination>,
) -> Response {
    let header = Header {
        id: uuid4(),
        status: if ok { "success" } else { "error" },
        servertime: meta.servertime,
        action: uuid5(meta.action),
        message,
        url: meta.url,
        code,
        pagination,
    };
    let value = serde_json::json!({"header": header, "body": body});
    Response::json(code, &value)
}

/// An error a route answers with: status, message and body (a validation tree, `""` or null).
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// HTTP status.
    pub code: u16,
    /// `header.message`.
    pub message: String,
    /// `body`.
    pub body: Value,
}

impl ApiError {
    /// Any status with an empty-string body (the ErrorController's shape).
    pub fn new(code: u16, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
            body: Value::String(String::new()),
        }
    }
    /// 400 with an empty body.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(400, message)
    }
    /// 400 with an error tree.
    pub fn validation(message: impl Into<String>, tree: Value) -> ApiError {
        ApiError {
            code: 400,
            message: message.into(),
            body: tree,
        }
    }
    /// 403.
    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(403, message)
    }
    /// 404.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(404, message)
    }
    /// 403 "You need to login to access this location."
    pub fn not_logged_in() -> ApiError {
        ApiError::forbidden("You need to login to access this location.")
    }
    /// 500.
    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(500, message)
    }
}

impl From<crate::gpg::GpgError> for ApiError {
    fn from(e: crate::gpg::GpgError) -> ApiError {
        ApiError::internal(e.message)
    }
}
