//! A throwaway PostgreSQL cluster of a test's own: `initdb` into a temporary folder,
//! a server on a free port of 127.0.0.1 (and a Unix socket in that folder), which a
//! test can stop and start again (the outage test), stopped and removed on drop, also
//! when the test panics.
//!
//! `initdb` refuses root, so when the tests run as root the cluster belongs to the
//! `postgres` user (or `nobody`) and every server program runs as that user.
//!
//! A cluster can also speak TLS (`Cluster::start_with_tls`): a CA of the test's own
//! (made with rcgen, so nothing but Rust is needed) signs a server certificate for
//! `localhost`, and the CA's certificate is there for clients to check it against.
//!
//! When PostgreSQL cannot start, `Cluster::start_or_skip` says why: under `CI=true` the
//! test fails (CI must run these tests), elsewhere it is skipped with the reason printed.

use super::unprivileged::{command_as, current_uid};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The superuser of every throwaway cluster, and its password (TCP connections must
/// give it, so that URLs in tests carry a password as real ones do).
pub const USER: &str = "rollcall";
pub const PASSWORD: &str = "throwaway-secret";

/// How many times a start is tried on a fresh port when another process took the
/// port between choosing it and the server binding it.
const PORT_ATTEMPTS: usize = 3;

/// Seconds `pg_ctl` waits for the server to be ready or gone before giving up.
const PG_CTL_WAIT_SECONDS: &str = "30";

pub struct Cluster {
    /// Removed on drop, after the server is stopped.
    root: tempfile::TempDir,
    /// The data directory `initdb` wrote.
    data: PathBuf,
    /// Where the server puts its Unix socket and its log.
    home: PathBuf,
    bindir: PathBuf,
    /// What runs a server program as the cluster's owner; empty when that is us.
    prefix: Vec<String>,
    port: u16,
    running: bool,
    /// The CA certificate (PEM file) that signed the server's, when it speaks TLS.
    ca_file: Option<PathBuf>,
    /// PostgreSQL's own durability settings (fsync, synchronous commits): for figures
    /// a real server would give. Tests run without them (throwaway data).
    durable: bool,
}

impl Cluster {
    /// A running cluster, or `None` after printing why PostgreSQL could not start here.
    /// Under `CI=true` that is a failure instead: CI must never skip these tests.
    pub fn start_or_skip(test: &str) -> Option<Cluster> {
        match Cluster::start() {
            Ok(cluster) => Some(cluster),
            Err(reason) => {
                skip_or_fail(test, &reason, std::env::var("CI").as_deref() == Ok("true"));
                None
            }
        }
    }

    /// Like `start_or_skip`, a cluster that also speaks TLS (see `start_with_tls`).
    pub fn start_with_tls_or_skip(test: &str) -> Option<Cluster> {
        match Cluster::start_with_tls() {
            Ok(cluster) => Some(cluster),
            Err(reason) => {
                skip_or_fail(test, &reason, std::env::var("CI").as_deref() == Ok("true"));
                None
            }
        }
    }

    /// A new cluster from the binaries `pg_config --bindir` names, started.
    pub fn start() -> Result<Cluster, String> {
        Cluster::start_with(&bindir()?)
    }

    /// A new cluster that accepts TLS as well as plain connections. Its certificate
    /// names `localhost` only — not 127.0.0.1, so that a test can connect to a name the
    /// certificate does not give — and is signed by a CA of its own, whose certificate
    /// is at `ca_file()`.
    pub fn start_with_tls() -> Result<Cluster, String> {
        Cluster::create(&bindir()?, Some(&TestCa::new("rollcall test CA")?), false)
    }

    /// A new cluster from the binaries in `bindir`, started.
    pub fn start_with(bindir: &Path) -> Result<Cluster, String> {
        Cluster::create(bindir, None, false)
    }

    /// A new cluster with PostgreSQL's default durability (every commit waits for its
    /// WAL on disk), for benchmarks; `None` after saying why it could not start (a
    /// failure under `CI=true`).
    pub fn start_durable_or_skip(what: &str) -> Option<Cluster> {
        let started = bindir().and_then(|dir| Cluster::create(&dir, None, true));
        match started {
            Ok(cluster) => Some(cluster),
            Err(reason) => {
                skip_or_fail(what, &reason, std::env::var("CI").as_deref() == Ok("true"));
                None
            }
        }
    }

    /// A new cluster, started; speaking TLS with a certificate from `ca` if given.
    fn create(bindir: &Path, ca: Option<&TestCa>, durable: bool) -> Result<Cluster, String> {
        let prefix = owner_prefix()?;
        let root = tempfile::Builder::new()
            .prefix("rollcall-pg-")
            .tempdir()
            .map_err(|e| format!("cannot make a temporary folder: {e}"))?;
        // The owner must reach `home` through the folder root made.
        super::set_mode(root.path(), 0o755);
        let home = root.path().join("cluster");
        std::fs::create_dir(&home).map_err(|e| format!("cannot make {}: {e}", home.display()))?;
        let password_file = home.join("password");
        std::fs::write(&password_file, PASSWORD).map_err(|e| e.to_string())?;
        let mut cluster = Cluster {
            data: home.join("data"),
            home,
            root,
            bindir: bindir.to_path_buf(),
            prefix,
            port: 0,
            running: false,
            ca_file: None,
            durable,
        };
        cluster.give_to_owner(&cluster.home)?;
        cluster.give_to_owner(&password_file)?;
        cluster.init(&password_file)?;
        std::fs::remove_file(&password_file).map_err(|e| e.to_string())?;
        if let Some(ca) = ca {
            cluster.install_certificate(ca)?;
        }
        cluster.start_on_a_free_port()?;
        Ok(cluster)
    }

    /// The TCP port the server listens on (the same after a restart).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The folder holding the cluster; gone once the cluster is dropped.
    pub fn folder(&self) -> &Path {
        self.root.path()
    }

    /// The CA certificate (a PEM file) the server's certificate chains to; `None` for a
    /// cluster without TLS.
    pub fn ca_file(&self) -> Option<&Path> {
        self.ca_file.as_deref()
    }

    /// The folder of the server's Unix socket (a `host=` for libpq-style settings).
    pub fn socket_dir(&self) -> &Path {
        &self.home
    }

    /// A URL for database `database` over TCP, with the superuser's password in it.
    pub fn url_for(&self, database: &str) -> String {
        format!(
            "postgresql://{USER}:{PASSWORD}@127.0.0.1:{}/{database}",
            self.port
        )
    }

    /// A URL for the `postgres` database every cluster has.
    pub fn url(&self) -> String {
        self.url_for("postgres")
    }

    /// A new empty database `name`; its URL.
    pub fn create_database(&self, name: &str) -> Result<String, postgres::Error> {
        let mut admin = postgres::Client::connect(&self.url(), postgres::NoTls)?;
        // A name cannot be a bind parameter; quote it as an identifier.
        admin.batch_execute(&format!(
            "CREATE DATABASE \"{}\"",
            name.replace('"', "\"\"")
        ))?;
        Ok(self.url_for(name))
    }

    /// The server's log so far (what a failure should show).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.log_path()).unwrap_or_default()
    }

    /// Take the server away (fast shutdown: clients are cut off, nothing is lost).
    pub fn stop(&mut self) -> Result<(), String> {
        self.pg_ctl(&["stop", "-m", "fast"])?;
        self.running = false;
        Ok(())
    }

    /// Bring the server back on the same port, with the same data.
    pub fn start_again(&mut self) -> Result<(), String> {
        let log = self.log_path().display().to_string();
        self.pg_ctl(&["start", "-l", &log, "-o", &self.server_options()])?;
        self.running = true;
        Ok(())
    }

    fn log_path(&self) -> PathBuf {
        self.home.join("server.log")
    }

    fn init(&self, password_file: &Path) -> Result<(), String> {
        let out = self.run(
            "initdb",
            &[
                "-D",
                &self.data.display().to_string(),
                "-U",
                USER,
                &format!("--pwfile={}", password_file.display()),
                // The socket is reachable only by whoever can enter our folder; TCP asks
                // for the password, as a real server would.
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "--encoding=UTF8",
                "--locale=C",
                // A throwaway cluster need not survive a power cut: skip the syncs.
                "--no-sync",
            ],
        )?;
        check("initdb", &out)
    }

    /// A server certificate for `localhost` signed by `ca`, with its key, where the
    /// server reads them (`server_options`), and the CA's certificate where clients can.
    fn install_certificate(&mut self, ca: &TestCa) -> Result<(), String> {
        let (cert, key) = ca.server_certificate(&["localhost"])?;
        let write = |path: &Path, text: &str| {
            std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
        };
        let (cert_file, key_file) = (self.server_cert_file(), self.server_key_file());
        write(&cert_file, &cert)?;
        write(&key_file, &key)?;
        // The server refuses a key that others may read.
        std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| format!("cannot make {} private: {e}", key_file.display()))?;
        self.give_to_owner(&cert_file)?;
        self.give_to_owner(&key_file)?;
        let ca_file = self.root.path().join("ca.crt");
        write(&ca_file, &ca.pem)?;
        self.ca_file = Some(ca_file);
        Ok(())
    }

    fn server_cert_file(&self) -> PathBuf {
        self.home.join("server.crt")
    }

    fn server_key_file(&self) -> PathBuf {
        self.home.join("server.key")
    }

    /// Chooses a free port and starts the server there; on another port when the
    /// chosen one was taken between choosing and binding.
    fn start_on_a_free_port(&mut self) -> Result<(), String> {
        let mut last = String::new();
        for _ in 0..PORT_ATTEMPTS {
            self.port = free_port()?;
            match self.start_again() {
                Ok(()) => return Ok(()),
                Err(reason) if self.log().contains("already in use") => last = reason,
                Err(reason) => return Err(reason),
            }
        }
        Err(format!(
            "no free port after {PORT_ATTEMPTS} attempts: {last}"
        ))
    }

    /// The server's settings, given on every start so that `start_again` reuses them.
    fn server_options(&self) -> String {
        let tls = match self.ca_file {
            Some(_) => vec![
                "-c ssl=on".to_string(),
                format!("-c ssl_cert_file={}", self.server_cert_file().display()),
                format!("-c ssl_key_file={}", self.server_key_file().display()),
            ],
            None => Vec::new(),
        };
        // Throwaway data: durability only costs time here (unless asked for).
        let throwaway = match self.durable {
            true => Vec::new(),
            false => vec![
                "-c fsync=off".to_string(),
                "-c synchronous_commit=off".to_string(),
                "-c full_page_writes=off".to_string(),
                "-c shared_buffers=16MB".to_string(),
            ],
        };
        [
            format!("-p {}", self.port),
            "-c listen_addresses=127.0.0.1".to_string(),
            format!("-k {}", self.home.display()),
        ]
        .into_iter()
        .chain(throwaway)
        .chain(tls)
        .collect::<Vec<_>>()
        .join(" ")
    }

    fn pg_ctl(&self, args: &[&str]) -> Result<(), String> {
        let data = self.data.display().to_string();
        let mut all = vec!["-D", &data, "-w", "-t", PG_CTL_WAIT_SECONDS];
        all.extend_from_slice(args);
        let out = self.run("pg_ctl", &all)?;
        check(&format!("pg_ctl {}", args[0]), &out)
            .map_err(|e| format!("{e}\nserver log:\n{}", self.log()))
    }

    /// `program` from the bindir with `args`, as the cluster's owner, in our folder (the
    /// owner may not be able to enter the test's working directory).
    fn run(&self, program: &str, args: &[&str]) -> Result<Output, String> {
        let path = self.bindir.join(program);
        let mut cmd = self.as_owner(&path.display().to_string());
        cmd.args(args);
        cmd.output()
            .map_err(|e| format!("cannot run {}: {e}", path.display()))
    }

    fn as_owner(&self, program: &str) -> Command {
        let mut cmd = command_as(&self.prefix, program);
        // Settings from the developer's shell must not reach the server programs.
        cmd.current_dir(&self.home)
            .env_remove("PGDATA")
            .env_remove("PGPORT")
            .env_remove("PGHOST")
            .env("LC_ALL", "C");
        cmd
    }

    fn give_to_owner(&self, path: &Path) -> Result<(), String> {
        let Some(owner) = self.owner_ids() else {
            return Ok(());
        };
        std::os::unix::fs::chown(path, Some(owner.0), Some(owner.1))
            .map_err(|e| format!("cannot give {} to the cluster's owner: {e}", path.display()))
    }

    /// The owner's uid and gid when it is not us (read back from the prefix).
    fn owner_ids(&self) -> Option<(u32, u32)> {
        let id = |flag: &str| {
            self.prefix
                .iter()
                .find_map(|w| w.strip_prefix(flag))
                .and_then(|n| n.parse().ok())
        };
        Some((id("--reuid=")?, id("--regid=")?))
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if self.running {
            // Immediate: nothing in a throwaway cluster is worth a checkpoint.
            if let Err(e) = self.pg_ctl(&["stop", "-m", "immediate"]) {
                eprintln!("the throwaway PostgreSQL did not stop: {e}");
            }
        }
        // `root` is removed after this, as root or as the owner of its contents.
    }
}

/// A certificate authority of a test's own: its certificate (PEM) and its signing key.
pub struct TestCa {
    pub pem: String,
    issuer: rcgen::Issuer<'static, rcgen::KeyPair>,
}

impl TestCa {
    /// A new CA named `name`, with a key nobody else has.
    pub fn new(name: &str) -> Result<TestCa, String> {
        let failed = |e: rcgen::Error| format!("cannot make the test CA: {e}");
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).map_err(failed)?;
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, name);
        params.key_usages = vec![
            rcgen::KeyUsagePurpose::KeyCertSign,
            rcgen::KeyUsagePurpose::DigitalSignature,
        ];
        let key = rcgen::KeyPair::generate().map_err(failed)?;
        let cert = params.self_signed(&key).map_err(failed)?;
        Ok(TestCa {
            pem: cert.pem(),
            issuer: rcgen::Issuer::new(params, key),
        })
    }

    /// A server certificate for the host names `names` signed by this CA, and its
    /// private key: both PEM, as PostgreSQL reads them.
    pub fn server_certificate(&self, names: &[&str]) -> Result<(String, String), String> {
        let failed = |e: rcgen::Error| format!("cannot make a server certificate: {e}");
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let mut params = rcgen::CertificateParams::new(names).map_err(failed)?;
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "rollcall test server");
        params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
        let key = rcgen::KeyPair::generate().map_err(failed)?;
        let cert = params.signed_by(&key, &self.issuer).map_err(failed)?;
        Ok((cert.pem(), key.serialize_pem()))
    }
}

/// What a test does when PostgreSQL cannot start: fail under CI, skip elsewhere.
pub fn skip_or_fail(test: &str, reason: &str, ci: bool) {
    if ci {
        panic!("{test}: PostgreSQL cannot start and CI=true, so this fails: {reason}");
    }
    eprintln!("{test}: skipped: PostgreSQL cannot start here: {reason}");
}

/// The folder of `initdb` and `pg_ctl`, from `pg_config --bindir`.
pub fn bindir() -> Result<PathBuf, String> {
    let out = Command::new("pg_config")
        .arg("--bindir")
        .output()
        .map_err(|e| format!("pg_config is not there ({e}); install PostgreSQL 15"))?;
    check("pg_config --bindir", &out)?;
    let dir = PathBuf::from(super::text(&out.stdout).trim());
    if !dir.join("initdb").exists() || !dir.join("pg_ctl").exists() {
        return Err(format!(
            "no initdb or pg_ctl in {} (pg_config --bindir); install the server package",
            dir.display()
        ));
    }
    Ok(dir)
}

/// What runs the server programs as an unprivileged user: empty when the tests are
/// not root; as root, `setpriv` into the `postgres` user, or `nobody` without one.
fn owner_prefix() -> Result<Vec<String>, String> {
    if current_uid() != 0 {
        return Ok(Vec::new());
    }
    let (uid, gid) = ids_of("postgres").unwrap_or((65534, 65534));
    let prefix = vec![
        "setpriv".to_string(),
        format!("--reuid={uid}"),
        format!("--regid={gid}"),
        "--clear-groups".to_string(),
    ];
    let works = Command::new(&prefix[0])
        .args(&prefix[1..])
        .arg("true")
        .output()
        .is_ok_and(|o| o.status.success());
    if works {
        Ok(prefix)
    } else {
        Err("running as root and setpriv cannot switch to an unprivileged user".into())
    }
}

/// A user's uid and gid, from `id`.
fn ids_of(user: &str) -> Option<(u32, u32)> {
    let id = |flag: &str| -> Option<u32> {
        let out = Command::new("id").args([flag, user]).output().ok()?;
        out.status.success().then_some(())?;
        super::text(&out.stdout).trim().parse().ok()
    };
    Some((id("-u")?, id("-g")?))
}

/// A port nobody listens on right now (the kernel's choice for port 0).
fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")
        .map_err(|e| format!("cannot bind a port on 127.0.0.1: {e}"))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    Ok(port)
}

/// `Ok` when `out` succeeded; otherwise why, with what the program said.
fn check(what: &str, out: &Output) -> Result<(), String> {
    if out.status.success() {
        return Ok(());
    }
    Err(format!(
        "{what} failed ({}): {}{}",
        out.status,
        super::text(&out.stderr).trim(),
        super::text(&out.stdout).trim()
    ))
}
