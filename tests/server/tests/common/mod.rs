//! Test client side: an HTTP client (ureq, cookies by hand) and GnuPG with the seeded users'
//! private keys. Nothing here uses passbolt-core.
#![allow(dead_code)]

use passbolt_test_server::gpg::Gpg;
use passbolt_test_server::model::Seed;
use passbolt_test_server::{load_seed, Config, RunningServer};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

pub fn seed_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seed")
}

fn read_json(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(seed_dir().join(name)).expect("seed file"))
        .expect("json")
}

pub fn seed() -> Seed {
    static SEED: OnceLock<Seed> = OnceLock::new();
    SEED.get_or_init(|| load_seed(&seed_dir().join("seed.json")).expect("seed"))
        .clone()
}

/// A fresh server on a free port.
pub fn start() -> RunningServer {
    RunningServer::start(Config::new(seed())).expect("server starts")
}

/// A fresh server with a CORS origin.
pub fn start_with(f: impl FnOnce(&mut Config)) -> RunningServer {
    let mut c = Config::new(seed());
    f(&mut c);
    RunningServer::start(c).expect("server starts")
}

/// A seeded person (keys.json).
#[derive(Clone, Debug)]
pub struct Person {
    pub name: String,
    pub id: String,
    pub username: String,
    pub fingerprint: String,
    pub passphrase: String,
    pub totp_secret: Option<String>,
}

pub fn person(name: &str) -> Person {
    let keys = read_json("keys.json");
    let p = &keys[name];
    Person {
        name: name.into(),
        id: p["user_id"].as_str().unwrap_or_default().into(),
        username: p["username"].as_str().unwrap_or_default().into(),
        fingerprint: p["fingerprint"].as_str().unwrap_or_default().into(),
        passphrase: p["passphrase"].as_str().unwrap_or_default().into(),
        totp_secret: p["totp_secret"].as_str().map(str::to_string),
    }
}

pub fn server_fingerprint() -> String {
    read_json("keys.json")["server"]["fingerprint"]
        .as_str()
        .unwrap_or_default()
        .into()
}

pub fn metadata_key() -> (String, String) {
    let k = read_json("keys.json");
    (
        k["metadata"]["metadata_key_id"]
            .as_str()
            .unwrap_or_default()
            .into(),
        k["metadata"]["fingerprint"]
            .as_str()
            .unwrap_or_default()
            .into(),
    )
}

/// The cleartexts of the seeded resources, by key (contents.json).
pub fn contents() -> BTreeMap<String, Value> {
    read_json("contents.json")
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|c| (c["key"].as_str().unwrap_or_default().to_string(), c))
        .collect()
}

/// The client side's GnuPG: every seeded private key, the server's public key. The metadata
/// private key is NOT imported: tests get it by decrypting their copy from the server.
/// One home per test thread, dropped (agent stopped, directory removed) when the test ends.
pub fn with_gpg<R>(f: impl FnOnce(&Gpg) -> R) -> R {
    thread_local! {
        static CLIENT: Gpg = client_gpg();
    }
    CLIENT.with(f)
}

fn client_gpg() -> Gpg {
    let g = Gpg::temporary("cli").expect("client gpg");
    for name in ["ada", "betty", "carol", "dame", "frances"] {
        let armored = std::fs::read_to_string(seed_dir().join(format!("keys/{name}_private.asc")))
            .expect("key");
        g.import(&armored).expect("import");
    }
    g.import(&std::fs::read_to_string(seed_dir().join("keys/server_public.asc")).expect("key"))
        .expect("import");
    g
}

/// Encrypts for `recipient`, signed by `signer` (a seeded person).
pub fn encrypt(text: &str, recipient: &str, signer: Option<&Person>) -> String {
    let signers: Vec<&str> = signer
        .map(|s| vec![s.fingerprint.as_str()])
        .unwrap_or_default();
    with_gpg(|g| {
        g.encrypt(
            text.as_bytes(),
            recipient,
            &signers,
            signer.map(|s| s.passphrase.as_str()),
            true,
        )
    })
    .expect("encrypt")
}

/// Decrypts as `who`.
pub fn decrypt(armored: &str, who: &Person) -> passbolt_test_server::gpg::Decrypted {
    with_gpg(|g| g.decrypt(armored, Some(&who.passphrase))).expect("decrypt")
}

pub fn decrypt_text(armored: &str, who: &Person) -> String {
    String::from_utf8(decrypt(armored, who).plaintext).expect("utf8")
}

/// Imports the shared metadata private key obtained from `who`'s copy on the server.
pub fn import_metadata_key_from(client: &mut Client, who: &Person) -> String {
    let keys = client.get("/metadata/keys.json?contain[metadata_private_keys]=1");
    assert_eq!(keys.status, 200, "{:?}", keys.json);
    let copy = keys.json["body"][0]["metadata_private_keys"][0]["data"]
        .as_str()
        .expect("private copy")
        .to_string();
    let payload: Value = serde_json::from_str(&decrypt_text(&copy, who)).expect("payload");
    assert_eq!(payload["object_type"], "PASSBOLT_METADATA_PRIVATE_KEY");
    with_gpg(|g| g.import(payload["armored_key"].as_str().expect("armored key"))).expect("import");
    payload["fingerprint"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// An HTTP response, read.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub text: String,
    pub json: Value,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn body(&self) -> &Value {
        &self.json["body"]
    }
    pub fn message(&self) -> &str {
        self.json["header"]["message"].as_str().unwrap_or_default()
    }
}

/// A cookie-keeping client that sends the CSRF header like the extension.
pub struct Client {
    pub base: String,
    agent: ureq::Agent,
    pub cookies: BTreeMap<String, String>,
    pub bearer: Option<String>,
    pub send_csrf: bool,
}

impl Client {
    pub fn new(server: &RunningServer) -> Client {
        Client::for_url(server.url())
    }

    pub fn for_url(base: &str) -> Client {
        Client {
            base: base.to_string(),
            agent: ureq::AgentBuilder::new().redirects(0).build(),
            cookies: BTreeMap::new(),
            bearer: None,
            send_csrf: true,
        }
    }

    pub fn request(
        &mut self,
        method: &str,
        path: &str,
        body: Option<(&str, Vec<u8>)>,
        extra: &[(&str, &str)],
    ) -> Resp {
        let mut req = self
            .agent
            .request(method, &format!("{}{path}", self.base))
            .set("Accept", "application/json");
        if !self.cookies.is_empty() {
            let c: Vec<String> = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            req = req.set("Cookie", &c.join("; "));
        }
        if self.send_csrf {
            if let Some(t) = self.cookies.get("csrfToken") {
                req = req.set("X-CSRF-Token", t);
            }
        }
        if let Some(b) = &self.bearer {
            req = req.set("Authorization", &format!("Bearer {b}"));
        }
        for (k, v) in extra {
            req = req.set(k, v);
        }
        let result = match body {
            Some((ctype, bytes)) => req.set("Content-Type", ctype).send_bytes(&bytes),
            None => req.call(),
        };
        let resp = match result {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("transport error: {e}"),
        };
        let status = resp.status();
        let mut headers = Vec::new();
        for name in resp.headers_names() {
            for v in resp.all(&name) {
                headers.push((name.clone(), v.to_string()));
            }
        }
        for (k, v) in &headers {
            if k.eq_ignore_ascii_case("set-cookie") {
                let first = v.split(';').next().unwrap_or("");
                if let Some((name, value)) = first.split_once('=') {
                    if value == "deleted" || v.contains("Max-Age=0") {
                        self.cookies.remove(name);
                    } else {
                        self.cookies.insert(name.to_string(), value.to_string());
                    }
                }
            }
        }
        let text = resp.into_string().unwrap_or_default();
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Resp {
            status,
            headers,
            text,
            json,
        }
    }

    pub fn get(&mut self, path: &str) -> Resp {
        self.request("GET", path, None, &[])
    }
    pub fn post(&mut self, path: &str, body: &Value) -> Resp {
        self.request(
            "POST",
            path,
            Some(("application/json", body.to_string().into_bytes())),
            &[],
        )
    }
    pub fn put(&mut self, path: &str, body: &Value) -> Resp {
        self.request(
            "PUT",
            path,
            Some(("application/json", body.to_string().into_bytes())),
            &[],
        )
    }
    pub fn delete(&mut self, path: &str) -> Resp {
        self.request("DELETE", path, None, &[])
    }
    /// A multipart/form-data POST, as the extension sends GPGAuth forms.
    pub fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> Resp {
        let boundary = "----PassboltTestBoundary7MA4YWxk";
        let mut body = String::new();
        for (k, v) in fields {
            body.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
            ));
        }
        body.push_str(&format!("--{boundary}--\r\n"));
        self.request(
            "POST",
            path,
            Some((
                &format!("multipart/form-data; boundary={boundary}"),
                body.into_bytes(),
            )),
            &[],
        )
    }
}

/// The extension's decoding of `X-GPGAuth-User-Auth-Token`: url-decode (`+` is a space), then
/// strip the backslashes `quotemeta` added.
pub fn decode_auth_token(value: &str) -> String {
    let bytes = value.replace('+', " ");
    let mut out = Vec::new();
    let b = bytes.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&bytes[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    let s = String::from_utf8(out).expect("utf8");
    let mut clean = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                clean.push(n);
            }
        } else {
            clean.push(c);
        }
    }
    clean
}

/// GPGAuth stages 1 and 2 (multipart, like the extension), then a GET that sets the CSRF
/// cookie. Returns the logged-in client.
pub fn login(server: &RunningServer, who: &Person) -> Client {
    let mut c = Client::new(server);
    login_with(&mut c, who);
    c
}

pub fn login_with(c: &mut Client, who: &Person) {
    let token = stage1(c, who);
    let r = c.post_form(
        "/auth/login.json",
        &[
            ("data[gpg_auth][keyid]", &who.fingerprint),
            ("data[gpg_auth][user_token_result]", &token),
        ],
    );
    assert_eq!(r.status, 200, "stage 2: {:?} {:?}", r.headers, r.json);
    assert_eq!(r.header("X-GPGAuth-Authenticated"), Some("true"));
    let r = c.get("/users/csrf-token.json");
    assert_eq!(r.status, 200);
    if let Some(secret) = &who.totp_secret {
        let code = passbolt_test_server::totp::code(secret, chrono_now()).expect("totp");
        let r = c.post(
            "/mfa/verify/totp.json",
            &json!({"totp": code, "remember": false}),
        );
        assert_eq!(r.status, 200, "totp: {:?}", r.json);
    }
}

/// Imports the shared metadata public key the server lists (to encrypt shared metadata).
pub fn import_metadata_public(c: &mut Client) {
    let keys = c.get("/metadata/keys.json");
    with_gpg(|g| {
        g.import(
            keys.body()[0]["armored_key"]
                .as_str()
                .expect("metadata key"),
        )
    })
    .expect("import");
}

/// Stage 1: returns the decrypted token.
pub fn stage1(c: &mut Client, who: &Person) -> String {
    let r = c.post_form(
        "/auth/login.json",
        &[("data[gpg_auth][keyid]", &who.fingerprint)],
    );
    assert_eq!(r.status, 200, "stage 1: {:?}", r.json);
    assert_eq!(r.header("X-GPGAuth-Progress"), Some("stage1"));
    let armored = decode_auth_token(r.header("X-GPGAuth-User-Auth-Token").expect("token header"));
    decrypt_text(&armored, who)
}

/// JWT login; returns (access token, refresh token).
pub fn jwt_login(c: &mut Client, who: &Person) -> (String, String) {
    let verify = passbolt_test_server::ids::uuid4();
    let now = chrono_now();
    let challenge = json!({"version": "1.0.0", "domain": c.base, "verify_token": verify, "verify_token_expiry": now + 300});
    let armored = encrypt(&challenge.to_string(), &server_fingerprint(), Some(who));
    let r = c.post(
        "/auth/jwt/login.json",
        &json!({"user_id": who.id, "challenge": armored}),
    );
    assert_eq!(r.status, 200, "{:?}", r.json);
    let reply = decrypt(r.body()["challenge"].as_str().expect("challenge"), who);
    assert!(
        reply.signers.contains(&server_fingerprint()),
        "reply signed by the server"
    );
    let reply: Value = serde_json::from_slice(&reply.plaintext).expect("json");
    assert_eq!(reply["verify_token"], verify.as_str());
    (
        reply["access_token"].as_str().unwrap_or_default().into(),
        reply["refresh_token"].as_str().unwrap_or_default().into(),
    )
}

pub fn chrono_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
