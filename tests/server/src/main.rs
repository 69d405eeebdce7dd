//! `passbolt-test-server [--seed FILE] [--port N] [--port-file FILE] [--cors-origin ORIGIN]
//! [--base-url URL] [--threads N]`: serves until SIGTERM or SIGINT, then exits 0.
#![forbid(unsafe_code)]

use passbolt_test_server::{default_seed_path, load_seed, Config, RunningServer};
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

const USAGE: &str = "usage: passbolt-test-server [--seed FILE] [--port N] [--port-file FILE] [--cors-origin ORIGIN] [--base-url URL] [--threads N]";

fn main() {
    if let Err(e) = run() {
        eprintln!("passbolt-test-server: {e}");
        std::process::exit(2);
    }
}

fn run() -> Result<(), String> {
    let mut seed = default_seed_path();
    let mut port = 0u16;
    let mut port_file: Option<PathBuf> = None;
    let mut cors = None;
    let mut base_url = None;
    let mut threads = 4usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| format!("{arg} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--seed" => seed = PathBuf::from(value()?),
            "--port" => {
                port = value()?
                    .parse()
                    .map_err(|_| "--port needs a number".to_string())?
            }
            "--port-file" => port_file = Some(PathBuf::from(value()?)),
            "--cors-origin" => cors = Some(value()?),
            "--base-url" => base_url = Some(value()?),
            "--threads" => {
                threads = value()?
                    .parse()
                    .map_err(|_| "--threads needs a number".to_string())?
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        signal_hook::flag::register(signal, stop.clone())
            .map_err(|e| format!("signal handler: {e}"))?;
    }
    let config = Config {
        seed: load_seed(&seed)?,
        port,
        base_url,
        cors_origin: cors,
        threads,
    };
    let server = RunningServer::start(config)?;
    if let Some(path) = &port_file {
        std::fs::write(path, format!("{}\n", server.port()))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    // Output errors (a closed pipe) must not stop the server: the harness may stop reading.
    let _ = writeln!(
        std::io::stdout(),
        "listening on http://127.0.0.1:{}",
        server.port()
    );
    let _ = std::io::stdout().flush();
    while !stop.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(50));
    }
    server.stop();
    if let Some(path) = &port_file {
        let _ = std::fs::remove_file(path);
    }
    let _ = writeln!(std::io::stdout(), "stopped");
    Ok(())
}
