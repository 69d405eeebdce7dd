//! Native driving of the client: a blocking HTTP transport (ureq), a `block_on` for its
//! always-ready futures, the test server started in-process, and the seeded users.
#![allow(dead_code)]

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::path::PathBuf;
use std::pin::pin;
use std::rc::Rc;
use std::sync::OnceLock;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use passbolt_core::client::{Client, ClientError, ClientOptions, Transport};
use passbolt_core::pgp::UnlockedKey;
use passbolt_core::protocol::http::{Method, Request, Response};
use passbolt_test_server::model::Seed;
use passbolt_test_server::{load_seed, Config, RunningServer};
use serde_json::Value;

/// Runs a future whose transport answers synchronously (every poll makes progress).
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(value) = future.as_mut().poll(&mut cx) {
            return value;
        }
    }
}

/// ureq without redirects (the client reads the MFA redirect itself), its own clock offset.
#[derive(Clone)]
pub struct UreqTransport {
    agent: ureq::Agent,
    /// Seconds added to the real clock (to test token refresh).
    pub skew: Rc<Cell<i64>>,
    /// `(from, to)`: URLs starting with `from` are sent to `to` instead (a client of
    /// `https://passbolt.test` talking to the test server on 127.0.0.1).
    pub rewrite: Option<(String, String)>,
    /// Every request sent: `METHOD path?query` (the URL without the base).
    pub sent: Rc<RefCell<Vec<String>>>,
}

impl UreqTransport {
    pub fn new() -> Self {
        let agent = ureq::AgentBuilder::new()
            .redirects(0)
            .timeout(Duration::from_secs(20))
            .build();
        UreqTransport {
            agent,
            skew: Rc::new(Cell::new(0)),
            rewrite: None,
            sent: Rc::new(RefCell::new(Vec::new())),
        }
    }

    fn blocking(&self, url: &str, request: &Request) -> Result<Response, ClientError> {
        let method = match request.method {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        };
        let url = match &self.rewrite {
            Some((from, to)) if url.starts_with(from.as_str()) => {
                format!("{to}{}", &url[from.len()..])
            }
            _ => url.to_owned(),
        };
        self.sent
            .borrow_mut()
            .push(format!("{method} {}", request.path_and_query()));
        let mut call = self
            .agent
            .request(method, &url)
            .set("Accept", "application/json");
        for (name, value) in &request.headers {
            call = call.set(name, value);
        }
        let result = match &request.body {
            Some(body) => call
                .set("Content-Type", "application/json")
                .send_string(body),
            None => call.call(),
        };
        let response = match result {
            Ok(r) | Err(ureq::Error::Status(_, r)) => r,
            Err(e) => return Err(ClientError::Network(e.to_string())),
        };
        let status = response.status();
        let mut headers = Vec::new();
        for name in response.headers_names() {
            for value in response.all(&name) {
                headers.push((name.to_ascii_lowercase(), value.to_owned()));
            }
        }
        let body = response
            .into_string()
            .map_err(|e| ClientError::Network(e.to_string()))?;
        Ok(Response {
            status,
            headers,
            body,
        })
    }
}

impl Transport for UreqTransport {
    fn send(
        &self,
        url: &str,
        request: &Request,
    ) -> impl Future<Output = Result<Response, ClientError>> {
        std::future::ready(self.blocking(url, request))
    }

    fn runtime_cookies(&self) -> bool {
        false
    }

    fn now(&self) -> i64 {
        chrono::Utc::now().timestamp() + self.skew.get()
    }
}

pub fn seed_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/server/seed")
}

fn seed() -> Seed {
    static SEED: OnceLock<Seed> = OnceLock::new();
    SEED.get_or_init(|| load_seed(&seed_dir().join("seed.json")).expect("seed"))
        .clone()
}

/// A fresh server on a free port.
pub fn start_server() -> RunningServer {
    RunningServer::start(Config::new(seed())).expect("the test server starts")
}

fn keys_json() -> &'static Value {
    static KEYS: OnceLock<Value> = OnceLock::new();
    KEYS.get_or_init(|| {
        let text = std::fs::read_to_string(seed_dir().join("keys.json")).expect("keys.json");
        serde_json::from_str(&text).expect("keys.json is JSON")
    })
}

/// A seeded person: id, fingerprint and unlocked key.
pub struct Person {
    pub user_id: String,
    pub fingerprint: String,
    pub key: UnlockedKey,
    pub totp_secret: Option<String>,
}

/// `ada` (Ed25519), `betty` (RSA-3072), `carol` (RSA-4096), `dame` (TOTP).
pub fn person(name: &str) -> Person {
    let entry = &keys_json()[name];
    let text = |field: &str| entry[field].as_str().expect(field).to_owned();
    let armored = std::fs::read_to_string(seed_dir().join(text("private"))).expect("private key");
    Person {
        user_id: text("user_id"),
        fingerprint: text("fingerprint"),
        key: UnlockedKey::unlock(&armored, &text("passphrase")).expect("the seeded key unlocks"),
        totp_secret: entry["totp_secret"].as_str().map(str::to_owned),
    }
}

pub fn server_fingerprint() -> String {
    keys_json()["server"]["fingerprint"]
        .as_str()
        .expect("server fingerprint")
        .to_owned()
}

/// A client of `server` with no pin.
pub fn client(server: &RunningServer) -> Client<UreqTransport> {
    Client::new(server.url(), UreqTransport::new(), ClientOptions::default()).expect("client")
}

/// The seed's domain: the metadata private-key payloads name it.
pub const DOMAIN: &str = "https://passbolt.test";

/// A fresh server that believes it is `https://passbolt.test` (the seed's domain).
pub fn start_domain_server() -> RunningServer {
    let mut config = Config::new(seed());
    config.base_url = Some(DOMAIN.to_owned());
    RunningServer::start(config).expect("the test server starts")
}

/// A client of `https://passbolt.test` whose requests go to `server`, and its request log.
pub fn domain_client(server: &RunningServer) -> (Client<UreqTransport>, Rc<RefCell<Vec<String>>>) {
    let mut transport = UreqTransport::new();
    transport.rewrite = Some((
        DOMAIN.to_owned(),
        format!("http://127.0.0.1:{}", server.port()),
    ));
    let sent = transport.sent.clone();
    let client = Client::new(DOMAIN, transport, ClientOptions::default()).expect("client");
    (client, sent)
}

/// A client of `server` logged in (GPGAuth) as a seeded person.
pub fn logged_in(
    server: &RunningServer,
    name: &str,
) -> (Client<UreqTransport>, Person, Rc<RefCell<Vec<String>>>) {
    let who = person(name);
    let (client, sent) = domain_client(server);
    block_on(client.login(&who.key)).unwrap_or_else(|e| panic!("{name} logs in: {e}"));
    (client, who, sent)
}

/// The seeded resources (`seed/contents.json`).
pub fn contents() -> Vec<Value> {
    let text = std::fs::read_to_string(seed_dir().join("contents.json")).expect("contents.json");
    serde_json::from_str(&text).expect("contents.json is JSON")
}

/// The seeded resources a person can read: `(id, name)`.
pub fn readable_by(name: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = contents()
        .iter()
        .filter(|r| r["readers"].as_array().unwrap().iter().any(|n| n == name))
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_owned(),
                r["metadata"]["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    out.sort();
    out
}
