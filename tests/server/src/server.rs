//! The HTTP listener: tiny_http on 127.0.0.1, a few worker threads, clean stop.

use crate::app::{App, Options};
use crate::clock::Clock;
use crate::http::{Request, Response};
use crate::model::Seed;
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// How to start a server.
#[derive(Debug, Clone)]
pub struct Config {
    /// The organisation to load.
    pub seed: Seed,
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Base URL override (default `http://127.0.0.1:<port>`).
    pub base_url: Option<String>,
    /// Origin allowed by CORS with credentials.
    pub cors_origin: Option<String>,
    /// Worker threads.
    pub threads: usize,
}

impl Config {
    /// Defaults for `seed`: a free port, no CORS, 4 workers.
    pub fn new(seed: Seed) -> Config {
        Config {
            seed,
            port: 0,
            base_url: None,
            cors_origin: None,
            threads: 4,
        }
    }
}

/// A running server; stops when dropped.
pub struct RunningServer {
    port: u16,
    app: Arc<App>,
    stop: Arc<AtomicBool>,
    workers: Vec<JoinHandle<()>>,
}

impl RunningServer {
    /// Binds, loads the seed into a fresh GnuPG home, and starts serving.
    pub fn start(config: Config) -> Result<RunningServer, String> {
        let server = tiny_http::Server::http(("127.0.0.1", config.port))
            .map_err(|e| format!("cannot bind 127.0.0.1:{}: {e}", config.port))?;
        let port = server
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .ok_or("no IP address")?;
        let base_url = config
            .base_url
            .unwrap_or_else(|| format!("http://127.0.0.1:{port}"));
        let options = Options {
            base_url: base_url.trim_end_matches('/').to_string(),
            cors_origin: config.cors_origin,
        };
        let app = Arc::new(App::new(config.seed, options, Clock::default())?);
        let server = Arc::new(server);
        let stop = Arc::new(AtomicBool::new(false));
        let workers = (0..config.threads.max(1))
            .map(|_| {
                let (server, app, stop) = (server.clone(), app.clone(), stop.clone());
                std::thread::spawn(move || serve(&server, &app, &stop))
            })
            .collect();
        Ok(RunningServer {
            port,
            app,
            stop,
            workers,
        })
    }

    /// The bound port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The base URL clients use.
    pub fn url(&self) -> &str {
        &self.app.options.base_url
    }

    /// The server's clock (tests move it forward to expire tokens).
    pub fn clock(&self) -> &Clock {
        &self.app.clock
    }

    /// The instance, for tests that look inside.
    pub fn app(&self) -> &App {
        &self.app
    }

    /// Stops accepting and waits for the workers.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        for w in self.workers.drain(..) {
            let _ = w.join();
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn serve(server: &tiny_http::Server, app: &App, stop: &AtomicBool) {
    while !stop.load(Ordering::SeqCst) {
        let Ok(Some(mut request)) = server.recv_timeout(Duration::from_millis(100)) else {
            continue;
        };
        let mut body = Vec::new();
        let _ = request
            .as_reader()
            .take(32 * 1024 * 1024)
            .read_to_end(&mut body);
        let headers = request
            .headers()
            .iter()
            .map(|h| (h.field.as_str().to_string(), h.value.as_str().to_string()))
            .collect();
        let req = Request::new(request.method().as_str(), request.url(), headers, body);
        let response = app.handle(&req);
        let _ = request.respond(to_tiny(response));
    }
}

fn to_tiny(r: Response) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut out = tiny_http::Response::from_data(r.body).with_status_code(r.status);
    for (k, v) in r.headers {
        if let Ok(h) = tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()) {
            out.add_header(h);
        }
    }
    out
}
