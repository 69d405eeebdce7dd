//! Reading the test vectors of `tests/vectors` (native suites only).

use std::path::PathBuf;

/// The path of a file or folder below `tests/vectors`.
pub fn vector_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors")
        .join(relative)
}

/// The text of a file below `tests/vectors`; panics with the path when it cannot be read.
pub fn vector(relative: &str) -> String {
    let path = vector_path(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
