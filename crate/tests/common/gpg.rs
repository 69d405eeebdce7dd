//! A throwaway GnuPG home for interop tests (GnuPG is installed by scripts/setup.sh).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A private GNUPGHOME, removed (and its agent stopped) on drop.
pub struct GnuPg {
    home: PathBuf,
}

/// What a gpg run printed.
pub struct GpgOutput {
    pub success: bool,
    pub stdout: Vec<u8>,
    pub status: String,
}

impl GnuPg {
    pub fn new() -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let home = std::env::temp_dir().join(format!(
            "passbolt-core-gpg-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&home).expect("GNUPGHOME");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o700)).expect("chmod");
        }
        GnuPg { home }
    }

    pub fn home(&self) -> &Path {
        &self.home
    }

    /// Runs gpg with `args`, `stdin` as input, machine-readable status on fd 2's side channel.
    pub fn run(&self, args: &[&str], stdin: &[u8]) -> GpgOutput {
        let status_file = self.home.join("status.txt");
        let mut child = Command::new("gpg")
            .arg("--homedir")
            .arg(&self.home)
            .args([
                "--batch",
                "--yes",
                "--pinentry-mode",
                "loopback",
                "--no-tty",
            ])
            .arg("--status-file")
            .arg(&status_file)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("cannot run gpg: GnuPG 2.2+ is required (scripts/setup.sh installs it)");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(stdin)
            .expect("write to gpg");
        let output = child.wait_with_output().expect("gpg output");
        GpgOutput {
            success: output.status.success(),
            stdout: output.stdout,
            status: std::fs::read_to_string(status_file).unwrap_or_default(),
        }
    }

    pub fn import(&self, armored: &str) {
        let out = self.run(&["--import"], armored.as_bytes());
        assert!(out.success, "gpg --import failed: {}", out.status);
    }
}

impl Drop for GnuPg {
    fn drop(&mut self) {
        let _ = Command::new("gpgconf")
            .arg("--homedir")
            .arg(&self.home)
            .args(["--kill", "gpg-agent"])
            .output();
        let _ = std::fs::remove_dir_all(&self.home);
    }
}
