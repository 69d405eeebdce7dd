//! Every hostile or malformed message and signature of `tests/vectors/hostile` gives its
//! typed error code (or an unverified signature) through the public `pgp` API, none panics,
//! and the process's peak memory stays bounded. The wasm suites run the same table from the
//! embedded copy (`common/hostile_rows.rs`), which must match `cases.json`.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use common::files::vector_path;
use common::hostile::{run, Expect, Input, Keys, Operation};
use common::hostile_rows::{CONTROL, ROWS};
use serde_json::Value;

/// How much the peak resident memory may grow while the whole table runs: the 64 MiB
/// plaintext limit, its buffer's growth, and the decompressors' state.
const MEMORY_GROWTH_LIMIT: u64 = 300 * 1024 * 1024;

/// Generous for a debug build on a busy machine; a hang or a multi-GiB S2K would exceed it.
const SLOWEST_CASE_LIMIT: Duration = Duration::from_secs(30);

/// The process's peak resident set size (`VmHWM`), in bytes.
fn peak_memory() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let kib = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .expect("a VmHWM line");
    kib * 1024
}

#[test]
fn every_hostile_input_gives_its_typed_outcome_in_bounded_memory() {
    assert!(ROWS.len() >= 36, "the table has only {} cases", ROWS.len());
    let before = peak_memory();
    let mut keys = Keys::default();
    let mut failures = Vec::new();
    let mut slowest = (Duration::ZERO, "");
    for row in ROWS {
        let start = Instant::now();
        match catch_unwind(AssertUnwindSafe(|| run(row, &mut keys))) {
            Err(_) => failures.push(format!("{}: PANICKED", row.id)),
            Ok(Err(why)) => failures.push(format!("{}: {why}", row.id)),
            Ok(Ok(())) => {}
        }
        let took = start.elapsed();
        if took > slowest.0 {
            slowest = (took, row.id);
        }
    }
    let growth = peak_memory().saturating_sub(before);
    eprintln!(
        "{} cases; peak memory grew by {} MiB; slowest case {} ({:?})",
        ROWS.len(),
        growth >> 20,
        slowest.1,
        slowest.0
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        ROWS.len(),
        failures.join("\n")
    );
    assert!(
        growth < MEMORY_GROWTH_LIMIT,
        "peak memory grew by {} MiB (limit {} MiB)",
        growth >> 20,
        MEMORY_GROWTH_LIMIT >> 20
    );
    assert!(
        slowest.0 < SLOWEST_CASE_LIMIT,
        "{} took {:?}",
        slowest.1,
        slowest.0
    );
}

fn manifest() -> Value {
    let text = std::fs::read_to_string(vector_path("hostile/cases.json")).expect("cases.json");
    serde_json::from_str(&text).expect("cases.json is JSON")
}

fn read(relative: &str) -> Vec<u8> {
    let path = vector_path(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A file of the manifest: key paths are relative to tests/vectors, others to hostile/.
fn field_file(case: &Value, field: &str, under_hostile: bool) -> Option<Vec<u8>> {
    let path = case[field].as_str()?;
    Some(if under_hostile {
        read(&format!("hostile/{path}"))
    } else {
        read(path)
    })
}

#[test]
fn the_embedded_rows_match_the_manifest_and_its_files() {
    let manifest = manifest();
    let cases = manifest["cases"].as_array().expect("a list of cases");
    let ids: Vec<&str> = cases.iter().filter_map(|c| c["id"].as_str()).collect();
    let rows: Vec<&str> = ROWS.iter().map(|r| r.id).collect();
    let stale = "run node tests/vectors/hostile/to-rust.mjs";
    assert_eq!(ids, rows, "{stale}");
    assert_eq!(
        read(
            manifest["control"]["file"]
                .as_str()
                .map(|f| format!("hostile/{f}"))
                .as_deref()
                .expect("control file")
        ),
        CONTROL.message.as_bytes(),
        "{stale}"
    );
    for (case, row) in cases.iter().zip(ROWS) {
        let id = row.id;
        match (&row.input, field_file(case, "file", true)) {
            (Input::File(bytes), Some(on_disk)) => {
                assert_eq!(*bytes, on_disk.as_slice(), "{id}: {stale}")
            }
            (Input::ArmoredRandom { bytes, seed, armor }, None) => {
                let g = &case["generate"];
                assert_eq!(g["bytes"].as_u64(), Some(*bytes as u64), "{id}");
                assert_eq!(g["seed"].as_u64(), Some(u64::from(*seed)), "{id}");
                assert_eq!(g["armor"].as_str(), Some(*armor), "{id}");
            }
            _ => panic!("{id}: file or generator differs from cases.json; {stale}"),
        }
        let expected = match row.expect {
            Expect::Error(code) => serde_json::json!({ "error": code }),
            Expect::Unverified => serde_json::json!({ "verified": false }),
            Expect::Verified => serde_json::json!({ "verified": true }),
        };
        assert_eq!(case["expect"], expected, "{id}: {stale}");
        let (name, key, data): (&str, Option<&str>, Option<&[u8]>) = match row.operation {
            Operation::DecryptKey { key, passphrase } => {
                assert_eq!(case["passphrase"].as_str(), Some(passphrase), "{id}");
                ("decrypt_key", Some(key), None)
            }
            Operation::DecryptSessionKey { session_key } => {
                assert_eq!(case["session_key"].as_str(), Some(session_key), "{id}");
                ("decrypt_session_key", None, None)
            }
            Operation::DecryptPassword { password } => {
                assert_eq!(case["password"].as_str(), Some(password), "{id}");
                ("decrypt_password", None, None)
            }
            Operation::VerifyDetached { key, data } => ("verify_detached", Some(key), Some(data)),
            Operation::VerifyInline { key } => ("verify_inline", Some(key), None),
            Operation::VerifyCleartext { key } => ("verify_cleartext", Some(key), None),
            Operation::DecryptMany {
                key,
                passphrase,
                session_key,
            } => {
                assert_eq!(case["passphrase"].as_str(), Some(passphrase), "{id}");
                assert_eq!(case["session_key"].as_str(), Some(session_key), "{id}");
                ("decrypt_many", Some(key), None)
            }
        };
        assert_eq!(case["operation"].as_str(), Some(name), "{id}: {stale}");
        if let Some(key) = key {
            let on_disk =
                field_file(case, "key", false).or_else(|| field_file(case, "verify_key", false));
            assert_eq!(
                on_disk.as_deref(),
                Some(key.as_bytes()),
                "{id}: key; {stale}"
            );
        }
        assert_eq!(
            field_file(case, "data", true).as_deref(),
            data,
            "{id}: data; {stale}"
        );
    }
}

#[test]
fn every_file_of_the_table_is_used_by_a_case_and_every_case_is_in_the_readme() {
    let manifest = manifest();
    let mut listed = BTreeSet::new();
    listed.insert(
        manifest["control"]["file"]
            .as_str()
            .expect("control")
            .to_owned(),
    );
    for case in manifest["cases"].as_array().expect("cases") {
        for field in ["file", "data"] {
            if let Some(path) = case[field].as_str() {
                listed.insert(path.to_owned());
            }
        }
        for field in ["key", "verify_key"] {
            if let Some(path) = case[field]
                .as_str()
                .and_then(|p| p.strip_prefix("hostile/"))
            {
                listed.insert(path.to_owned());
            }
        }
    }
    let mut on_disk = BTreeSet::new();
    for folder in ["cases", "keys"] {
        let dir = vector_path(&format!("hostile/{folder}"));
        for entry in std::fs::read_dir(&dir).expect("a folder of the table") {
            let name = entry.expect("an entry").file_name();
            on_disk.insert(format!("{folder}/{}", name.to_string_lossy()));
        }
    }
    let readme = String::from_utf8(read("hostile/README.md")).expect("README.md is UTF-8");
    for case in manifest["cases"].as_array().expect("cases") {
        let id = case["id"].as_str().expect("an id");
        assert!(
            readme.contains(&format!("| `{id}` |")),
            "README.md does not list {id}: run node tests/vectors/hostile/generate.mjs"
        );
    }
    let orphans: Vec<_> = on_disk.difference(&listed).collect();
    let missing: Vec<_> = listed.difference(&on_disk).collect();
    assert!(orphans.is_empty(), "files no case uses: {orphans:?}");
    assert!(
        missing.is_empty(),
        "files the manifest names but do not exist: {missing:?}"
    );
}
