//! The binary: port file, listening line, SIGTERM.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn the_binary_writes_its_port_serves_and_stops_on_sigterm() {
    let dir = std::env::temp_dir().join(format!("pts-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let port_file = dir.join("port");
    let mut child = Command::new(env!("CARGO_BIN_EXE_passbolt-test-server"))
        .args([
            "--port",
            "0",
            "--port-file",
            port_file.to_str().unwrap(),
            "--cors-origin",
            "http://127.0.0.1:1",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port: u16 = std::fs::read_to_string(&port_file)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert_eq!(line.trim(), format!("listening on http://127.0.0.1:{port}"));
    let mut c = common::Client::for_url(&format!("http://127.0.0.1:{port}"));
    let r = c.get("/auth/verify.json");
    assert_eq!(
        r.body()["fingerprint"],
        common::server_fingerprint().as_str()
    );
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let start = Instant::now();
    let code = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "did not stop");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(code.success(), "{code:?}");
    assert!(!port_file.exists(), "port file removed");
    let _ = std::fs::remove_dir_all(dir);
}
