//! The real binary in a real terminal: tmux on a socket of the test's own, keys sent
//! as a person (or a badge scanner) types them, the screen read back.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Whether tmux is here (CI installs it; elsewhere the test says it skipped).
pub fn available() -> bool {
    let found = Command::new("tmux").arg("-V").output().is_ok();
    if !found {
        eprintln!("tmux is not installed: skipped (CI installs it)");
    }
    found
}

/// A tmux server of one test, killed when dropped.
pub struct Tmux {
    socket: PathBuf,
}

impl Tmux {
    pub fn new(dir: &Path) -> Tmux {
        Tmux {
            socket: dir.join("tmux.sock"),
        }
    }

    pub fn run(&self, args: &[&str]) -> String {
        // The server started here hands this to every session: the default keys.
        let out = Command::new("tmux")
            .env("ROLLCALL_CONFIG", super::NO_CONFIG)
            .arg("-S")
            .arg(&self.socket)
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Start `command` (run by `sh -c`) in a new session of `width`×`height`.
    pub fn start(&self, session: &str, width: u16, height: u16, command: &str) {
        let (w, h) = (width.to_string(), height.to_string());
        self.run(&[
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            &w,
            "-y",
            &h,
            "sh",
            "-c",
            command,
        ]);
    }

    /// Send keys in tmux's notation ("Enter", "F10", "C-z", or literal text).
    pub fn keys(&self, session: &str, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", session];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    pub fn screen(&self, session: &str) -> String {
        self.run(&["capture-pane", "-p", "-t", session])
    }

    /// Wait until the screen of `session` shows `text`, and return it.
    pub fn wait_for(&self, session: &str, text: &str) -> String {
        let mut screen = String::new();
        wait_until(&format!("{text:?} on the screen"), || {
            screen = self.screen(session);
            screen.contains(text)
        });
        screen
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}

/// Poll `ready` until it holds; fail after 20 s naming `what`.
pub fn wait_until(what: &str, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
