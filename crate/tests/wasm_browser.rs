//! The wasm suite (`common/wasm_suite.rs`) in headless Chromium, through chromedriver
//! (capabilities from `webdriver/webdriver.json`).
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;
