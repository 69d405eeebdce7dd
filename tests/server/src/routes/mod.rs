//! The routes, one module per area of the API.

pub mod auth;
pub mod folders;
pub mod gpgkeys;
pub mod groups;
pub mod jwt;
pub mod metadata;
pub mod mfa;
pub mod permissions;
pub mod resource_rules;
pub mod resource_types;
pub mod resources;
pub mod secrets;
pub mod settings;
pub mod setup;
pub mod share;
pub mod users;
