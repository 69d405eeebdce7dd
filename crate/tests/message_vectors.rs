//! Every message of `tests/vectors/messages` (made by GnuPG 2.2.40 and OpenPGP.js 6.3.2,
//! cross-checked between them) decrypts with its key, password or session key to its
//! plaintext, gives its session key, and verifies its signer. The wasm suites run the same
//! check on the embedded copy (`common/message_files.rs`), which must list every file.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::files::vector_path;
use common::message_files::FILES;
use common::message_vectors::{check_all, check_all_signatures};

fn root() -> std::path::PathBuf {
    vector_path("messages")
}

#[test]
fn every_message_vector_decrypts_to_its_plaintext_session_key_and_signer() {
    let (checked, failures) = check_all(&|path| std::fs::read(root().join(path)).ok());
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked >= 80, "only {checked} vectors checked");
}

#[test]
fn every_signature_vector_verifies_or_is_refused_as_its_producer_says() {
    let (checked, failures) = check_all_signatures(&|path| std::fs::read(root().join(path)).ok());
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked >= 25, "only {checked} signature vectors checked");
}

#[test]
fn the_embedded_copy_for_wasm_matches_the_files() {
    for (path, bytes) in FILES {
        let on_disk = std::fs::read(root().join(path)).unwrap_or_default();
        assert_eq!(
            on_disk.as_slice(),
            *bytes,
            "{path}: run node tests/vectors/messages/to-rust.mjs"
        );
    }
    let manifests = FILES
        .iter()
        .filter(|(p, _)| p.ends_with("manifest.json"))
        .count();
    assert_eq!(manifests, 2);
}
