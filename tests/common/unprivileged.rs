//! The binary run without root's power over permissions: as `nobody` (setpriv or
//! runuser) when the tests run as root, as the test's own user otherwise, on a registry
//! in a folder of its own.

use super::{BIN, set_mode};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub fn current_uid() -> u32 {
    let out = Command::new("id").arg("-u").output().unwrap();
    super::text(&out.stdout).trim().parse().unwrap()
}

/// How to run the binary without root's power over permissions: the command prefix
/// (empty when the tests already run unprivileged), or `None` when there is no way.
pub fn unprivileged() -> Option<Vec<String>> {
    if current_uid() != 0 {
        return Some(Vec::new());
    }
    let candidates: [&[&str]; 2] = [
        &[
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
        ],
        &["runuser", "-u", "nobody", "--"],
    ];
    candidates
        .into_iter()
        .find(|prefix| {
            Command::new(prefix[0])
                .args(&prefix[1..])
                .args([BIN, "--version"])
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .map(|prefix| prefix.iter().map(|s| s.to_string()).collect())
}

/// `program` run through `prefix` (say `setpriv --reuid=…`), or directly when it is empty.
pub fn command_as(prefix: &[String], program: &str) -> Command {
    match prefix.split_first() {
        Some((first, rest)) => {
            let mut cmd = Command::new(first);
            cmd.args(rest).arg(program);
            cmd
        }
        None => Command::new(program),
    }
}

/// A folder the unprivileged user can reach (`root/registry`), with a registry in it
/// (`registry.db`), and how to run the binary as that user. The folder is made
/// writable again when dropped, so that the temporary folder can be removed.
pub struct Sandbox {
    pub root: tempfile::TempDir,
    pub dir: PathBuf,
    pub db: PathBuf,
    /// What runs the binary as the unprivileged user; empty when the tests are that.
    pub prefix: Vec<String>,
    /// The registry's bytes as `write` left them.
    pub original: Vec<u8>,
}

impl Sandbox {
    /// `write` puts `registry.db` in the folder it is given. `None` (after a note naming
    /// `test`) when the binary cannot run unprivileged here.
    pub fn new(test: &str, write: impl FnOnce(&Path, &str) -> PathBuf) -> Option<Sandbox> {
        let Some(prefix) = unprivileged() else {
            eprintln!("{test}: skipped: running as root and neither setpriv nor runuser works");
            return None;
        };
        let root = tempfile::tempdir().unwrap();
        set_mode(root.path(), 0o755);
        let dir = root.path().join("registry");
        std::fs::create_dir(&dir).unwrap();
        let db = write(&dir, "registry.db");
        let original = std::fs::read(&db).unwrap();
        Some(Sandbox {
            root,
            dir,
            db,
            prefix,
            original,
        })
    }

    /// Give `path` to the unprivileged user (when root).
    pub fn give_away(&self, path: &Path) {
        if !self.prefix.is_empty() {
            std::os::unix::fs::chown(path, Some(65534), Some(65534)).unwrap();
        }
    }

    /// The shell words that run the binary as the unprivileged user.
    pub fn command(&self) -> String {
        let mut words = self.prefix.clone();
        words.push(BIN.to_string());
        words.join(" ")
    }

    /// `rollcall ARGS` as the unprivileged user, without colour, nothing on stdin.
    pub fn run(&self, args: &[&str]) -> Output {
        let mut cmd = command_as(&self.prefix, BIN);
        cmd.args(args)
            .env("NO_COLOR", "1")
            .env("ROLLCALL_CONFIG", super::NO_CONFIG)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }

    /// `args` followed by `--db` and the registry.
    pub fn with_db<'a>(&'a self, args: &[&'a str]) -> Vec<&'a str> {
        let mut all = args.to_vec();
        all.extend(["--db", self.db.to_str().unwrap()]);
        all
    }

    /// Whether the registry holds the bytes it was written with.
    pub fn unchanged(&self) -> bool {
        std::fs::read(&self.db).unwrap() == self.original
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if self.dir.exists() {
            set_mode(&self.dir, 0o755);
        }
    }
}
