//! The sans-IO Passbolt protocol: plain HTTP values in, typed results out. No network here;
//! the [`crate::client`] layer (or any other runtime) moves the bytes.

pub mod auth;
pub mod http;
pub mod metadata;
pub mod session_keys;
pub mod uuid;

// Resources, secrets, sharing, users, groups and keys (issue 4, parts 3, 4, 7 and 8).
pub mod api_error;
pub mod field_rules;
pub mod folders;
pub mod gpgkeys;
pub mod groups;
mod json_read;
pub mod metadata_schema;
pub mod query;
pub mod resource_type_ids;
pub mod resource_types;
pub mod resources;
pub mod secret_data;
pub mod secrets;
pub mod share;
pub mod users;
