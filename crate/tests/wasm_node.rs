//! The wasm suite (`common/wasm_suite.rs`) in Node, through wasm-bindgen-test-runner.
#![cfg(target_arch = "wasm32")]

mod common;
