//! Connecting to a PostgreSQL server the way libpq users expect, over rustls (no OpenSSL).
//!
//! `postgres::Config` knows three `sslmode`s (disable, prefer, require) and never checks
//! a certificate. libpq's five are read here, before the rest of the URL reaches it:
//!
//! | sslmode            | TLS                       | certificate checked                     |
//! |--------------------|---------------------------|-----------------------------------------|
//! | `disable`          | never                     | —                                       |
//! | `allow`, `prefer`  | when the server offers it | only if `sslrootcert` is given (chain)  |
//! | `require`          | always, or no connection  | only if `sslrootcert` is given (chain)  |
//! | `verify-ca`        | always                    | chain                                   |
//! | `verify-full`      | always                    | chain and host name                     |
//!
//! `prefer` is the default, as in libpq. `allow` (libpq: plain first, TLS only if the
//! server insists) is taken as `prefer`, which the client here can do and which is never
//! less private. A chain is checked against `sslrootcert=FILE` (PEM), or without one
//! against the operating system's trust store (`rustls-native-certs`, also what
//! `sslrootcert=system` names): that is the store an organisation's administrator adds
//! its own CA to and the OS keeps up to date, where `webpki-roots` would freeze Mozilla's
//! list into the binary and know no private CA. libpq's other default,
//! `~/.postgresql/root.crt`, is not read: give it as `sslrootcert` to use it.
//!
//! Even unchecked, TLS is worth having: the traffic is private from onlookers, and SCRAM
//! authentication binds itself to the server's certificate (channel binding), so a
//! man in the middle cannot log in with the desk's password exchange.

use super::location::Param;
use percent_encoding::percent_decode_str;
use postgres::config::SslMode as WireMode;
use postgres::{Client, NoTls};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::{verify_server_cert_signed_by_trust_anchor, verify_server_name};
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::server::ParsedCertificate;
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio_postgres_rustls::MakeRustlsConnect;

/// How long to wait for a server to answer a connection when the URL does not say
/// (`connect_timeout`): a desk must learn soon that the server is out of reach, and
/// libpq's default is to wait forever. tokio-postgres applies it to each address's TCP
/// (or socket) connection, not to the TLS and login exchange after it.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// How long data sent to the server may stay unacknowledged before the connection is
/// given up (`tcp_user_timeout`), and how soon an idle connection is probed
/// (`keepalives_idle`), unless the URL says: a desk whose network vanished mid-check-in
/// must hear "server unreachable" in seconds, not after the kernel's quarter of an hour
/// of retransmissions.
pub const TCP_USER_TIMEOUT: Duration = Duration::from_secs(5);
pub const KEEPALIVES_IDLE: Duration = Duration::from_secs(10);

/// What the server sees as the client's name (`pg_stat_activity.application_name`)
/// when the URL does not give `application_name`.
pub const APPLICATION_NAME: &str = "rollcall";

/// Why a server could not be reached. Its text names the server by its redacted URL
/// and never holds the password (the tests prove it for a wrong password and a stopped
/// server).
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("cannot connect to {url}: cannot read the root certificates {} (sslrootcert): {reason}", path.display())]
    RootCert {
        url: String,
        path: PathBuf,
        reason: String,
    },
    #[error(
        "cannot connect to {url}: this system has no trusted root certificates to check the server's certificate with; name the CA's certificate with sslrootcert=FILE"
    )]
    NoSystemRoots { url: String },
    #[error("cannot connect to {url}: cannot set up TLS: {reason}")]
    Tls { url: String, reason: String },
    #[error("cannot connect to {url}: {}", with_causes(error))]
    Server { url: String, error: postgres::Error },
}

/// libpq's `sslmode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SslMode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    fn parse(value: &str) -> Result<SslMode, String> {
        Ok(match value {
            "disable" => SslMode::Disable,
            // See the module comment: `allow` is served by `prefer`.
            "allow" | "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            other => {
                return Err(format!(
                    "sslmode `{other}` is not one of disable, allow, prefer, require, verify-ca, verify-full"
                ));
            }
        })
    }

    /// What postgres::Config is told: whether TLS may, or must, be used. Checking the
    /// certificate is the verifier's part, not its.
    fn on_the_wire(self) -> WireMode {
        match self {
            SslMode::Disable => WireMode::Disable,
            SslMode::Prefer => WireMode::Prefer,
            SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => WireMode::Require,
        }
    }
}

/// Whom a server certificate must chain to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Roots {
    /// `sslrootcert=FILE`: the CA certificates (PEM) in that file.
    File(PathBuf),
    /// The operating system's trust store.
    System,
}

/// How much of the server's certificate is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Check {
    /// No TLS at all.
    NoTls,
    /// TLS, whatever certificate the server shows (its handshake signature still has to
    /// match it).
    Nothing,
    /// The certificate must chain to these roots, for any host name.
    Chain(Roots),
    /// The certificate must chain to these roots and name the host connected to.
    ChainAndName(Roots),
}

/// A server to connect to: the settings postgres::Config understands, plus how TLS is
/// to be checked.
#[derive(Clone)]
pub(super) struct Target {
    config: postgres::Config,
    check: Check,
}

impl Target {
    /// The target of a URL split by `location`: `base` is its text up to the `?`,
    /// `params` its parameters. `sslmode` and `sslrootcert` are taken out here; the
    /// rest goes to postgres::Config, whose own errors name a bad option or value
    /// without echoing it. The reason for a refusal never holds the password.
    pub(super) fn new(base: &str, params: &[Param<'_>]) -> Result<Target, String> {
        let mut sslmode = None;
        let mut root_cert = None;
        let mut rest = Vec::new();
        // The last of a repeated parameter wins, as in postgres::Config and libpq.
        for param in params {
            match param.key.as_str() {
                "sslmode" => sslmode = Some(SslMode::parse(&decoded(param)?)?),
                "sslrootcert" => root_cert = Some(root_cert_value(param)?),
                _ => rest.push(format!("{}={}", param.raw_key, param.raw_value)),
            }
        }
        let given = |key: &str| params.iter().any(|p| p.key == key);

        let url = if rest.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{}", rest.join("&"))
        };
        let mut config: postgres::Config = url.parse().map_err(|e| with_causes(&e))?;
        if config.get_hosts().is_empty() && config.get_hostaddrs().is_empty() {
            return Err(
                "it names no server: write its host, as in postgresql://user@host:5432/registry"
                    .into(),
            );
        }
        // Checked on presence, not value: `connect_timeout=0` is a deliberate "wait forever".
        if !given("connect_timeout") {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        if !given("application_name") {
            config.application_name(APPLICATION_NAME);
        }
        if !given("tcp_user_timeout") {
            config.tcp_user_timeout(TCP_USER_TIMEOUT);
        }
        if !given("keepalives_idle") {
            config.keepalives_idle(KEEPALIVES_IDLE);
        }

        let mode = match (sslmode, &root_cert) {
            (Some(mode), _) => mode,
            // libpq: naming the system store without a mode asks for the full check.
            (None, Some(Roots::System)) => SslMode::VerifyFull,
            (None, _) => SslMode::Prefer,
        };
        config.ssl_mode(mode.on_the_wire());
        Ok(Target {
            config,
            check: check_for(mode, root_cert)?,
        })
    }

    /// The settings a connection is made with (for the tests of the defaults).
    #[cfg(test)]
    pub(super) fn config(&self) -> &postgres::Config {
        &self.config
    }

    #[cfg(test)]
    pub(super) fn check(&self) -> &Check {
        &self.check
    }

    /// The database named in the URL (PostgreSQL takes the user's name when none is).
    pub(super) fn database(&self) -> Option<&str> {
        self.config.get_dbname()
    }

    /// A connection, or why not; `shown` is the redacted URL that names the server in
    /// the error. The root certificates are read at each connection, so a renewed CA
    /// file is picked up by the next reconnection.
    pub(super) fn connect(&self, shown: &str) -> Result<Client, ConnectError> {
        // As libpq: a URL without a password takes PGPASSWORD's, which keeps it out of
        // the command line (other users see that in `ps`).
        let from_env = std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty());
        let config = match (self.config.get_password(), from_env) {
            (None, Some(password)) => {
                let mut config = self.config.clone();
                config.password(password);
                std::borrow::Cow::Owned(config)
            }
            _ => std::borrow::Cow::Borrowed(&self.config),
        };
        let connected = match &self.check {
            Check::NoTls => config.connect(NoTls),
            check => config.connect(MakeRustlsConnect::new(client_config(check, shown)?)),
        };
        connected.map_err(|error| ConnectError::Server {
            url: shown.to_string(),
            error,
        })
    }
}

/// An error and the causes under it, joined by ": ". postgres::Error's own text is only
/// its kind ("db error", "error connecting to server"); what went wrong — the server's
/// message, the refused connection, the rejected certificate — is in its causes.
fn with_causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        cause = inner.source();
    }
    text
}

/// A parameter's value, percent-decoded.
fn decoded(param: &Param<'_>) -> Result<String, String> {
    percent_decode_str(param.raw_value)
        .decode_utf8()
        .map(|v| v.into_owned())
        .map_err(|_| format!("the value of {} is not UTF-8 once decoded", param.key))
}

/// `sslrootcert`: `system` or a file, kept byte for byte (a path need not be UTF-8).
fn root_cert_value(param: &Param<'_>) -> Result<Roots, String> {
    use std::os::unix::ffi::OsStrExt;
    let bytes: Vec<u8> = percent_decode_str(param.raw_value).collect();
    match bytes.as_slice() {
        b"" => Err("sslrootcert is empty: name a file of CA certificates, or `system`".into()),
        b"system" => Ok(Roots::System),
        path => Ok(Roots::File(PathBuf::from(std::ffi::OsStr::from_bytes(
            path,
        )))),
    }
}

/// What a mode asks of the certificate (see the table in the module comment).
fn check_for(mode: SslMode, roots: Option<Roots>) -> Result<Check, String> {
    Ok(match (mode, roots) {
        (SslMode::Disable, _) => Check::NoTls,
        // As libpq: the system store is only worth naming for a full check, since any
        // public CA signs certificates for anyone's host.
        (SslMode::Prefer | SslMode::Require, Some(Roots::System)) => {
            return Err(
                "sslrootcert=system needs sslmode=verify-full (or verify-ca): with a weaker mode any publicly trusted certificate would pass"
                    .into(),
            );
        }
        // libpq: a root certificate given makes `require` (and `prefer`) check the chain.
        (SslMode::Prefer | SslMode::Require, Some(file)) => Check::Chain(file),
        (SslMode::Prefer | SslMode::Require, None) => Check::Nothing,
        (SslMode::VerifyCa, roots) => Check::Chain(roots.unwrap_or(Roots::System)),
        (SslMode::VerifyFull, roots) => Check::ChainAndName(roots.unwrap_or(Roots::System)),
    })
}

/// rustls with the `ring` provider (chosen here rather than installed process-wide, so
/// nothing depends on which provider another crate may have set as the default).
fn client_config(check: &Check, shown: &str) -> Result<ClientConfig, ConnectError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = Verifier {
        roots: match check {
            Check::Chain(roots) | Check::ChainAndName(roots) => {
                Some(Arc::new(root_store(roots, shown)?))
            }
            Check::NoTls | Check::Nothing => None,
        },
        check_name: matches!(check, Check::ChainAndName(_)),
        algorithms: provider.signature_verification_algorithms,
    };
    let mut config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| ConnectError::Tls {
            url: shown.to_string(),
            reason: e.to_string(),
        })?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    // What PostgreSQL 17 expects of a client that speaks TLS first (sslnegotiation=
    // direct); servers before it ignore it.
    config.alpn_protocols = vec![b"postgresql".to_vec()];
    Ok(config)
}

fn root_store(roots: &Roots, shown: &str) -> Result<RootCertStore, ConnectError> {
    let mut store = RootCertStore::empty();
    match roots {
        Roots::File(path) => {
            let unreadable = |reason: String| ConnectError::RootCert {
                url: shown.to_string(),
                path: path.clone(),
                reason,
            };
            for cert in read_pem_certificates(path).map_err(unreadable)? {
                store
                    .add(cert)
                    .map_err(|e| unreadable(format!("not a usable CA certificate: {e}")))?;
            }
        }
        Roots::System => {
            // Unreadable entries in the store are skipped, as other TLS clients do; only
            // a store with nothing usable is an error.
            let found = rustls_native_certs::load_native_certs();
            store.add_parsable_certificates(found.certs);
            if store.is_empty() {
                return Err(ConnectError::NoSystemRoots {
                    url: shown.to_string(),
                });
            }
        }
    }
    Ok(store)
}

/// Every certificate in a PEM file; an empty or unreadable file is an error, since a
/// check against no root would refuse every server with a misleading reason.
fn read_pem_certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let certs = CertificateDer::pem_slice_iter(&bytes)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("not PEM: {e}"))?;
    if certs.is_empty() {
        return Err("no certificate in it (expected PEM: -----BEGIN CERTIFICATE-----)".into());
    }
    Ok(certs)
}

/// One verifier for every mode, built from rustls's own public checks: without roots it
/// accepts any certificate (prefer/require); with roots it checks the chain (verify-ca),
/// and the host name too when `check_name` (verify-full). The handshake signature is
/// always checked against the certificate shown, so the server must hold its key.
#[derive(Debug)]
struct Verifier {
    roots: Option<Arc<RootCertStore>>,
    check_name: bool,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Some(roots) = &self.roots {
            let cert = ParsedCertificate::try_from(end_entity)?;
            verify_server_cert_signed_by_trust_anchor(
                &cert,
                roots,
                intermediates,
                now,
                self.algorithms.all,
            )?;
            if self.check_name {
                verify_server_name(&cert, server_name)?;
            }
        }
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}
