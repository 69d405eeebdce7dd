//! The server's clock: real time plus an offset that tests can move forward (token expiry).

use chrono::{DateTime, Utc};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

/// A shareable clock. `advance` moves every holder's time forward.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    offset: Arc<AtomicI64>,
}

impl Clock {
    /// Unix time in seconds, offset applied.
    pub fn now(&self) -> i64 {
        Utc::now().timestamp() + self.offset.load(Ordering::SeqCst)
    }

    /// Move this clock forward by `seconds`.
    pub fn advance(&self, seconds: i64) {
        self.offset.fetch_add(seconds, Ordering::SeqCst);
    }

    /// Now, as the server writes dates: ISO 8601 with a `+00:00` offset.
    pub fn now_iso(&self) -> String {
        iso(self.now())
    }
}

/// A Unix time as `2026-01-01T10:00:00+00:00`.
pub fn iso(ts: i64) -> String {
    DateTime::<Utc>::from_timestamp(ts, 0)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%S+00:00")
        .to_string()
}

/// Parses an ISO 8601 date as the server writes it; `None` when it is not one.
pub fn parse_iso(s: &str) -> Option<i64> {
    DateTime::parse_from_rfc3339(s).ok().map(|d| d.timestamp())
}
