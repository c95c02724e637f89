//! Where the registry is: a file on this machine, or a database on a PostgreSQL server.
//!
//! `--db` and `ROLLCALL_DB` take either. A server is named by a URL, and such a URL
//! usually carries a password; the URL as given is kept only to connect with. What
//! people see — messages, logs, `{}` and `{:?}` — is the redacted form, built once here
//! with the password replaced by `***`, so no caller has to remember to hide it.

use super::connect::{ConnectError, Target};
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

/// What stands in for a password in everything shown.
const HIDDEN: &str = "***";

/// The URL schemes of a server, as libpq spells them (matched in any case).
const SCHEMES: [&str; 2] = ["postgresql://", "postgres://"];

/// Where the registry is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// An SQLite file, the path exactly as given.
    File(PathBuf),
    /// A database on a PostgreSQL server.
    Server(ServerUrl),
}

impl Location {
    /// A server when `text` starts with `postgres://` or `postgresql://` (in any case);
    /// anything else is a path, kept exactly as given (not trimmed, not expanded). A
    /// server URL that cannot be used is an error rather than a path: a mistyped URL
    /// must not become a new file of that name.
    pub fn parse(text: &str) -> Result<Location, UrlError> {
        if scheme_of(text).is_some() {
            ServerUrl::parse(text).map(Location::Server)
        } else {
            Ok(Location::File(PathBuf::from(text)))
        }
    }
}

impl FromStr for Location {
    type Err = UrlError;

    fn from_str(text: &str) -> Result<Location, UrlError> {
        Location::parse(text)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File(path) => write!(f, "{}", path.display()),
            Location::Server(url) => write!(f, "{url}"),
        }
    }
}

/// Why a server URL cannot be used. It names the problem but never echoes the URL's
/// text, since the part in question may be the password.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a usable PostgreSQL URL: {reason}")]
pub struct UrlError {
    reason: String,
}

/// A PostgreSQL server URL (`postgresql://user:password@host:port/database?params`,
/// libpq's form), checked when parsed, with the redacted form people see.
#[derive(Clone)]
pub struct ServerUrl {
    /// The URL as given, password included: compared, never shown.
    given: String,
    /// The URL with the password replaced by `***`.
    redacted: String,
    /// Boxed: postgres::Config is large, and a Location is mostly a path.
    target: Box<Target>,
}

impl ServerUrl {
    /// The URL in `text`, which must start with `postgres://` or `postgresql://`;
    /// its settings are checked now (an unknown parameter, a bad port or `sslmode`, a
    /// password with an unencoded `@` …) so that a bad URL is refused before anything
    /// tries to connect.
    pub fn parse(text: &str) -> Result<ServerUrl, UrlError> {
        let refuse = |reason: String| UrlError { reason };
        let pieces = split(text).map_err(refuse)?;
        let target = Target::new(&pieces.base(), &pieces.params).map_err(refuse)?;
        Ok(ServerUrl {
            given: text.to_string(),
            redacted: pieces.redacted(),
            target: Box::new(target),
        })
    }

    /// The URL with its password replaced by `***`: what messages and logs show.
    pub fn redacted(&self) -> &str {
        &self.redacted
    }

    /// The database the URL names, if it names one.
    pub fn database(&self) -> Option<&str> {
        self.target.database()
    }

    /// A new connection to the server, with TLS as `sslmode` says (see
    /// [`super::connect`]), a connect timeout and `application_name=rollcall` unless the
    /// URL sets them.
    pub fn connect(&self) -> Result<postgres::Client, ConnectError> {
        self.target.connect(&self.redacted)
    }
}

impl FromStr for ServerUrl {
    type Err = UrlError;

    fn from_str(text: &str) -> Result<ServerUrl, UrlError> {
        ServerUrl::parse(text)
    }
}

impl PartialEq for ServerUrl {
    fn eq(&self, other: &ServerUrl) -> bool {
        self.given == other.given
    }
}

impl Eq for ServerUrl {}

impl fmt::Display for ServerUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted)
    }
}

/// Written by hand: a derived Debug would print `given`, password and all.
impl fmt::Debug for ServerUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ServerUrl").field(&self.redacted).finish()
    }
}

/// One `key=value` of a URL's query, as written, with its key decoded.
pub(super) struct Param<'a> {
    pub key: String,
    pub raw_key: &'a str,
    pub raw_value: &'a str,
}

/// A URL cut into the parts that matter for redaction, all as written.
struct Pieces<'a> {
    /// The scheme in lower case (postgres::Config knows only that spelling).
    scheme: String,
    /// The user name, when there is an `@`.
    user: Option<&'a str>,
    /// Everything before the `@`, password included: only for `base`.
    credentials: Option<&'a str>,
    has_password: bool,
    /// Hosts, ports and database: between the `@` (or the scheme) and the `?`.
    server: &'a str,
    params: Vec<Param<'a>>,
}

impl Pieces<'_> {
    /// The URL without its query, password included: what connecting starts from.
    fn base(&self) -> String {
        match self.credentials {
            Some(credentials) => format!("{}{credentials}@{}", self.scheme, self.server),
            None => format!("{}{}", self.scheme, self.server),
        }
    }

    /// The URL with the password (given before the `@` or as a parameter) hidden.
    fn redacted(&self) -> String {
        let mut shown = self.scheme.clone();
        if let Some(user) = self.user {
            shown.push_str(user);
            if self.has_password {
                shown.push(':');
                shown.push_str(HIDDEN);
            }
            shown.push('@');
        }
        shown.push_str(self.server);
        let params: Vec<String> = self
            .params
            .iter()
            .map(|p| match p.key.as_str() {
                "password" => format!("{}={HIDDEN}", p.raw_key),
                _ => format!("{}={}", p.raw_key, p.raw_value),
            })
            .collect();
        if !params.is_empty() {
            shown.push('?');
            shown.push_str(&params.join("&"));
        }
        shown
    }
}

/// The scheme `text` starts with, if it is a server's.
fn scheme_of(text: &str) -> Option<&'static str> {
    SCHEMES.into_iter().find(|scheme| {
        text.get(..scheme.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
    })
}

/// Cut a URL where postgres::Config will, and refuse what it would read differently
/// from what was meant. postgres::Config ends the credentials at the first `@`
/// anywhere; a password holding an unencoded `@`, `/` or `?` would then be cut in two
/// and its tail taken (and shown) as the host. Such URLs are refused, without showing
/// them.
fn split(text: &str) -> Result<Pieces<'_>, String> {
    let scheme = scheme_of(text).ok_or("it does not start with postgresql:// or postgres://")?;
    let rest = &text[scheme.len()..];
    let (credentials, after) = match rest.find('@') {
        Some(at) => (Some(&rest[..at]), &rest[at + 1..]),
        None => (None, rest),
    };
    if credentials.is_some_and(|c| c.contains(['/', '?'])) {
        return Err(
            "a '/' or '?' comes before the '@' that ends the user name and password: \
             inside a user name, password or parameter, write '/', '?' and '@' as %2F, %3F and %40"
                .into(),
        );
    }
    let (server, query) = match after.find('?') {
        Some(q) => (&after[..q], Some(&after[q + 1..])),
        None => (after, None),
    };
    if server.contains('@') {
        return Err(
            "there is more than one '@' before the host: write an '@' inside a user name or password as %40"
                .into(),
        );
    }
    let (user, has_password) = match credentials {
        Some(c) => match c.split_once(':') {
            Some((user, _password)) => (Some(user), true),
            None => (Some(c), false),
        },
        None => (None, false),
    };
    Ok(Pieces {
        scheme: scheme.to_ascii_lowercase(),
        user,
        credentials,
        has_password,
        server,
        params: query.map(params).transpose()?.unwrap_or_default(),
    })
}

/// The `key=value` pairs of a query; empty pieces (`&&`, a trailing `&`) are skipped.
fn params(query: &str) -> Result<Vec<Param<'_>>, String> {
    query
        .split('&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| {
            // Not echoed: a piece without '=' may be a pasted secret.
            let (raw_key, raw_value) = piece
                .split_once('=')
                .ok_or("a parameter has no '=' (parameters are key=value, joined by &)")?;
            let key = percent_encoding::percent_decode_str(raw_key)
                .decode_utf8()
                .map_err(|_| "a parameter's name is not UTF-8 once decoded")?
                .into_owned();
            Ok(Param {
                key,
                raw_key,
                raw_value,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::connect::{APPLICATION_NAME, CONNECT_TIMEOUT, Check, Roots};
    use super::*;
    use postgres::config::{Host, SslMode as WireMode};
    use std::time::Duration;

    const SECRET: &str = "s3cr3t-Pw";

    fn server(text: &str) -> ServerUrl {
        match Location::parse(text) {
            Ok(Location::Server(url)) => url,
            other => panic!("{text}: expected a server, got {other:?}"),
        }
    }

    fn refusal(text: &str) -> String {
        let error = ServerUrl::parse(text).expect_err(text).to_string();
        assert!(
            !error.contains(SECRET) && !error.contains("s3cr3t"),
            "{text}: the refusal shows the password: {error}"
        );
        error
    }

    #[test]
    fn anything_but_a_server_url_is_a_path_kept_exactly_as_given() {
        for text in [
            "registry.db",
            "/var/lib/rollcall/ulaanbaatar 2017.db",
            " spaced.db ",
            "~/rollcall.db",
            "./postgresql://host/db",
            "postgresql:/host/db",
            "postgres:registry.db",
            "sqlite://registry.db",
            "",
        ] {
            assert_eq!(
                Location::parse(text),
                Ok(Location::File(PathBuf::from(text))),
                "{text:?}"
            );
            assert_eq!(Location::parse(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn either_scheme_in_any_case_names_a_server() {
        for text in [
            "postgresql://desk@db.example/registry",
            "postgres://desk@db.example/registry",
            "PostgreSQL://desk@db.example/registry",
            "POSTGRES://desk@db.example/registry",
        ] {
            let url = server(text);
            assert_eq!(url.database(), Some("registry"), "{text}");
            assert_eq!(
                url.target.config().get_hosts(),
                [Host::Tcp("db.example".into())],
                "{text}"
            );
            // postgres::Config reads only the lower-case scheme.
            assert!(url.redacted().starts_with("postgres"), "{text}");
        }
    }

    #[test]
    fn the_password_is_hidden_in_display_debug_and_redacted() {
        let cases = [
            (
                format!("postgresql://desk:{SECRET}@host:5432/db"),
                "postgresql://desk:***@host:5432/db",
            ),
            // Percent-encoded characters in it, and an empty one, are hidden alike.
            (
                "postgresql://desk:p%40ss%2Fs3cr3t@host/db".to_string(),
                "postgresql://desk:***@host/db",
            ),
            (
                "postgresql://desk:@host/db".to_string(),
                "postgresql://desk:***@host/db",
            ),
            // As a parameter, whatever its position or spelling.
            (
                format!("postgresql://desk@host/db?sslmode=require&password={SECRET}"),
                "postgresql://desk@host/db?sslmode=require&password=***",
            ),
            (
                format!("postgresql://host/db?pass%77ord={SECRET}&application_name=desk-3"),
                "postgresql://host/db?pass%77ord=***&application_name=desk-3",
            ),
            (
                format!("POSTGRES://desk:{SECRET}@[::1]:5433,host2/db"),
                "postgres://desk:***@[::1]:5433,host2/db",
            ),
        ];
        for (text, redacted) in cases {
            let url = server(&text);
            assert_eq!(url.redacted(), redacted);
            assert_eq!(url.to_string(), redacted);
            assert_eq!(format!("{url:?}"), format!("ServerUrl({redacted:?})"));
            let location = Location::Server(url.clone());
            assert_eq!(location.to_string(), redacted);
            let debug = format!("{location:?} {:#?}", location);
            assert!(!debug.contains("s3cr3t"), "{debug}");
        }
    }

    #[test]
    fn the_password_reaches_the_connection_settings_decoded() {
        let url = server("postgresql://desk:p%40ss@host/db");
        assert_eq!(url.target.config().get_password(), Some(&b"p@ss"[..]));
        assert_eq!(url.target.config().get_user(), Some("desk"));
    }

    #[test]
    fn urls_are_equal_when_their_text_is() {
        let a = server(&format!("postgresql://desk:{SECRET}@host/db"));
        assert_eq!(a, server(&format!("postgresql://desk:{SECRET}@host/db")));
        assert_ne!(a, server("postgresql://desk:other@host/db"));
    }

    #[test]
    fn unusable_urls_say_why_without_showing_the_password() {
        let cases = [
            (
                format!("postgresql://desk:p@{SECRET}@host/db"),
                "more than one '@'",
            ),
            (
                format!("postgresql://desk:p/{SECRET}@host/db"),
                "'/' or '?' comes before the '@'",
            ),
            (
                format!("postgresql://desk:{SECRET}@host/db?{SECRET}"),
                "has no '='",
            ),
            (format!("postgresql://desk:{SECRET}@host:port/db"), "`port`"),
            (
                format!("postgresql://desk:{SECRET}@host/db?colour=blue"),
                "unknown option `colour`",
            ),
            (
                format!("postgresql://desk:{SECRET}@host/db?sslmode=strict"),
                "sslmode `strict` is not one of",
            ),
            (
                format!("postgresql://desk:{SECRET}@host/db?connect_timeout=soon"),
                "`connect_timeout`",
            ),
            (format!("postgresql://desk:{SECRET}@/db"), "names no server"),
            (
                format!("postgresql://desk:{SECRET}@host/db?sslrootcert="),
                "sslrootcert is empty",
            ),
            (
                format!("postgresql://desk:{SECRET}@host/db?sslmode=require&sslrootcert=system"),
                "needs sslmode=verify-full",
            ),
        ];
        for (text, expected) in cases {
            let error = refusal(&text);
            assert!(
                error.starts_with("not a usable PostgreSQL URL: "),
                "{error}"
            );
            assert!(error.contains(expected), "{text}: {error}");
            // And a location of that text is refused too, never taken as a path.
            assert!(Location::parse(&text).is_err(), "{text}");
        }
    }

    #[test]
    fn a_connect_timeout_and_the_application_name_are_set_unless_given() {
        let url = server("postgresql://desk@host/db");
        assert_eq!(
            url.target.config().get_connect_timeout(),
            Some(&CONNECT_TIMEOUT)
        );
        assert_eq!(
            url.target.config().get_application_name(),
            Some(APPLICATION_NAME)
        );

        let url = server("postgresql://desk@host/db?connect_timeout=12&application_name=desk%203");
        assert_eq!(
            url.target.config().get_connect_timeout(),
            Some(&Duration::from_secs(12))
        );
        assert_eq!(url.target.config().get_application_name(), Some("desk 3"));

        // libpq's 0 means "wait as long as it takes", and is what the URL asked for.
        let url = server("postgresql://desk@host/db?connect_timeout=0");
        assert_eq!(url.target.config().get_connect_timeout(), None);
    }

    #[test]
    fn sslmode_sets_what_tls_is_used_and_what_is_checked() {
        let ca = PathBuf::from("/etc/rollcall/ca.pem");
        let file = || Roots::File(ca.clone());
        let cases = [
            ("", WireMode::Prefer, Check::Nothing),
            ("?sslmode=disable", WireMode::Disable, Check::NoTls),
            (
                "?sslmode=disable&sslrootcert=/etc/rollcall/ca.pem",
                WireMode::Disable,
                Check::NoTls,
            ),
            ("?sslmode=allow", WireMode::Prefer, Check::Nothing),
            ("?sslmode=prefer", WireMode::Prefer, Check::Nothing),
            ("?sslmode=require", WireMode::Require, Check::Nothing),
            // libpq: a root certificate makes require check the chain.
            (
                "?sslmode=require&sslrootcert=/etc/rollcall/ca.pem",
                WireMode::Require,
                Check::Chain(file()),
            ),
            (
                "?sslrootcert=/etc/rollcall/ca.pem",
                WireMode::Prefer,
                Check::Chain(file()),
            ),
            (
                "?sslmode=verify-ca",
                WireMode::Require,
                Check::Chain(Roots::System),
            ),
            (
                "?sslmode=verify-ca&sslrootcert=%2Fetc%2Frollcall%2Fca.pem",
                WireMode::Require,
                Check::Chain(file()),
            ),
            (
                "?sslmode=verify-full",
                WireMode::Require,
                Check::ChainAndName(Roots::System),
            ),
            (
                "?sslrootcert=system",
                WireMode::Require,
                Check::ChainAndName(Roots::System),
            ),
            (
                "?sslmode=verify-full&sslrootcert=/etc/rollcall/ca.pem",
                WireMode::Require,
                Check::ChainAndName(file()),
            ),
            // The last of a repeated parameter counts, as in libpq.
            (
                "?sslmode=disable&sslmode=verify-full",
                WireMode::Require,
                Check::ChainAndName(Roots::System),
            ),
        ];
        for (query, wire, check) in cases {
            let url = server(&format!("postgresql://desk@host/db{query}"));
            assert_eq!(url.target.config().get_ssl_mode(), wire, "{query}");
            assert_eq!(url.target.check(), &check, "{query}");
            // The TLS parameters stay in what people see.
            assert!(
                url.redacted().ends_with(query),
                "{query}: {}",
                url.redacted()
            );
        }
    }
}
