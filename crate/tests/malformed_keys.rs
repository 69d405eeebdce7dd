//! Every malformed or hostile input of `tests/vectors/malformed` gives its typed error
//! code from `key_info`, and none panics.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};

use common::malformed_rows::ROWS;

#[test]
fn every_malformed_input_gives_its_typed_error_and_none_panics() {
    assert!(ROWS.len() >= 30, "the table has only {} cases", ROWS.len());
    let mut failures = Vec::new();
    for row in ROWS {
        let input = row.input();
        match catch_unwind(AssertUnwindSafe(|| passbolt_core::pgp::key_info(&input))) {
            Err(_) => failures.push(format!("{}: PANICKED", row.name)),
            Ok(Ok(_)) => failures.push(format!("{}: accepted as a key", row.name)),
            Ok(Err(e)) if e.code() != row.expect => failures.push(format!(
                "{}: expected {}, got {} ({e})",
                row.name,
                row.expect,
                e.code()
            )),
            Ok(Err(e)) => assert!(!e.to_string().is_empty()),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
