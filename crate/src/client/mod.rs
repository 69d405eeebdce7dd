//! Async flows over the network (fetch through gloo-net). Only built for wasm32, where
//! `fetch` exists (browsers and Node 18+).

pub mod fetch;
