//! A Passbolt-API-compatible server for tests and the demo. Its OpenPGP work is done by GnuPG
//! (`gpg`), as the real server's is by PHP's gnupg, so every login against it is an interop
//! check. State lives in memory, seeded from `seed/seed.json` (made by `make-seed`).
//!
//! ```no_run
//! let seed = passbolt_test_server::load_seed(&passbolt_test_server::default_seed_path()).unwrap();
//! let server = passbolt_test_server::RunningServer::start(passbolt_test_server::Config::new(seed)).unwrap();
//! println!("{}", server.url());
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod app;
pub mod clock;
pub mod envelope;
pub mod gpg;
pub mod http;
pub mod ids;
pub mod jwt;
pub mod key_rules;
pub mod message;
pub mod model;
pub mod query;
pub mod render;
pub mod resource_types;
pub mod router;
pub mod routes;
pub mod server;
pub mod state;
pub mod totp;
pub mod validation;

pub use server::{Config, RunningServer};

use std::path::{Path, PathBuf};

/// `tests/server/seed/seed.json` in this repository.
pub fn default_seed_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("seed")
        .join("seed.json")
}

/// Reads a seed file.
pub fn load_seed(path: &Path) -> Result<model::Seed, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{} is not a seed: {e}", path.display()))
}
