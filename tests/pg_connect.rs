//! Connecting to a real PostgreSQL server by URL: in the clear, over TLS as each
//! `sslmode` says (the server's own `pg_stat_ssl` tells whether a connection is
//! encrypted), with the certificate checked against a CA or refused, and with the
//! password never shown in an error.

mod common;

use common::postgres::{Cluster, PASSWORD, TestCa, USER};
use postgres::Client;
use rollcall::store::{ConnectError, Location, ServerUrl};
use std::path::Path;

/// A password that is not the cluster's, to log in with and look for in errors.
const WRONG_PASSWORD: &str = "Wrong-Horse-Battery-42";

/// A URL for the `postgres` database of `cluster`, reached as `host`, with `query`
/// (empty, or starting with `?`).
fn url_via(cluster: &Cluster, host: &str, query: &str) -> String {
    format!(
        "postgresql://{USER}:{PASSWORD}@{host}:{}/postgres{query}",
        cluster.port()
    )
}

/// A server URL, parsed as `--db` will parse it.
fn server(text: &str) -> ServerUrl {
    match Location::parse(text) {
        Ok(Location::Server(url)) => url,
        other => panic!("{text}: not a server URL: {other:?}"),
    }
}

#[track_caller]
fn connect(cluster: &Cluster, text: &str) -> Client {
    server(text)
        .connect()
        .unwrap_or_else(|e| panic!("{text}: {e}\nserver log:\n{}", cluster.log()))
}

/// Why connecting to `text` failed, checked to show neither the cluster's password nor
/// the wrong one (in `{}`, `{:?}` and `{:#?}`); it names the server by its redacted URL.
#[track_caller]
fn refusal(text: &str) -> ConnectError {
    let url = server(text);
    let error = match url.connect() {
        Ok(_) => panic!("{text}: connected, but should not have"),
        Err(error) => error,
    };
    for shown in [
        error.to_string(),
        format!("{error:?}"),
        format!("{error:#?}"),
    ] {
        for secret in [PASSWORD, WRONG_PASSWORD] {
            assert!(
                !shown.contains(secret),
                "{text}: the error shows a password: {shown}"
            );
        }
    }
    assert!(
        error.to_string().contains(url.redacted()),
        "the error names the server: {error}"
    );
    error
}

/// Whether the server sees this connection as encrypted.
fn encrypted(client: &mut Client) -> bool {
    client
        .query_one(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .unwrap()
        .get(0)
}

fn application_name(client: &mut Client) -> String {
    client
        .query_one("SELECT current_setting('application_name')", &[])
        .unwrap()
        .get(0)
}

/// A PEM file of `pem` in a scratch folder.
fn pem_file(dir: &Path, name: &str, pem: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, pem).unwrap();
    path.display().to_string()
}

#[test]
fn a_server_without_tls_is_reached_in_the_clear_unless_tls_is_required() {
    let Some(cluster) = Cluster::start_or_skip("pg_connect, no TLS") else {
        return;
    };
    for query in ["", "?sslmode=prefer", "?sslmode=allow", "?sslmode=disable"] {
        let mut client = connect(&cluster, &url_via(&cluster, "127.0.0.1", query));
        assert!(!encrypted(&mut client), "{query}: the server has no TLS");
        assert_eq!(application_name(&mut client), "rollcall", "{query}");
    }
    let mut client = connect(
        &cluster,
        &url_via(&cluster, "127.0.0.1", "?application_name=desk-3"),
    );
    assert_eq!(application_name(&mut client), "desk-3");

    for mode in ["require", "verify-ca", "verify-full"] {
        let error = refusal(&url_via(&cluster, "127.0.0.1", &format!("?sslmode={mode}")));
        assert!(
            error.to_string().contains("server does not support TLS"),
            "sslmode={mode}: says why: {error}"
        );
    }
}

#[test]
fn a_wrong_password_and_a_stopped_server_are_errors_that_never_show_the_password() {
    let Some(mut cluster) = Cluster::start_or_skip("pg_connect, errors") else {
        return;
    };
    let wrong = format!(
        "postgresql://{USER}:{WRONG_PASSWORD}@127.0.0.1:{}/postgres",
        cluster.port()
    );
    let error = refusal(&wrong);
    assert!(
        error.to_string().contains(&format!(
            "password authentication failed for user \"{USER}\""
        )),
        "the server's reason is in the error: {error}"
    );
    assert!(matches!(error, ConnectError::Server { .. }), "{error:?}");
    // Given as a parameter instead, and percent-encoded.
    let wrong_param = format!(
        "postgresql://{USER}@127.0.0.1:{}/postgres?password={}",
        cluster.port(),
        WRONG_PASSWORD.replace('-', "%2D")
    );
    refusal(&wrong_param);
    refusal(&format!(
        "postgresql://{USER}@127.0.0.1:{}/postgres?password={WRONG_PASSWORD}",
        cluster.port()
    ));

    cluster.stop().unwrap();
    for text in [url_via(&cluster, "127.0.0.1", ""), wrong] {
        let error = refusal(&text);
        assert!(
            error.to_string().contains("Connection refused"),
            "a stopped server refuses: {error}"
        );
    }
}

#[test]
fn with_a_tls_server_prefer_and_require_encrypt_and_disable_does_not() {
    let Some(cluster) = Cluster::start_with_tls_or_skip("pg_connect, TLS modes") else {
        return;
    };
    for (query, tls) in [
        ("", true),
        ("?sslmode=prefer", true),
        ("?sslmode=require", true),
        ("?sslmode=disable", false),
    ] {
        // The certificate names localhost, not 127.0.0.1: these modes do not check it.
        let mut client = connect(&cluster, &url_via(&cluster, "127.0.0.1", query));
        assert_eq!(encrypted(&mut client), tls, "{query}");
    }
}

#[test]
fn verify_full_accepts_the_host_the_certificate_names_and_verify_ca_any_host() {
    let Some(cluster) = Cluster::start_with_tls_or_skip("pg_connect, verify") else {
        return;
    };
    let ca = cluster.ca_file().unwrap().display().to_string();
    let verify = |mode: &str| format!("?sslmode={mode}&sslrootcert={ca}");

    let mut client = connect(
        &cluster,
        &url_via(&cluster, "localhost", &verify("verify-full")),
    );
    assert!(encrypted(&mut client));
    // A root certificate makes require check the chain (libpq's rule).
    let mut client = connect(
        &cluster,
        &url_via(&cluster, "127.0.0.1", &verify("require")),
    );
    assert!(encrypted(&mut client));
    // verify-ca checks the chain only, so the name need not match.
    let mut client = connect(
        &cluster,
        &url_via(&cluster, "127.0.0.1", &verify("verify-ca")),
    );
    assert!(encrypted(&mut client));

    let error = refusal(&url_via(&cluster, "127.0.0.1", &verify("verify-full")));
    let text = error.to_string();
    assert!(
        text.contains("not valid for name") && text.contains("127.0.0.1"),
        "names the mismatch: {text}"
    );
}

#[test]
fn a_certificate_is_refused_when_it_does_not_chain_to_the_root_given() {
    let Some(cluster) = Cluster::start_with_tls_or_skip("pg_connect, wrong root") else {
        return;
    };
    let scratch = tempfile::tempdir().unwrap();
    let stranger = TestCa::new("some other CA").unwrap();
    let wrong_root = pem_file(scratch.path(), "other-ca.crt", &stranger.pem);
    for mode in ["require", "verify-ca", "verify-full"] {
        let error = refusal(&url_via(
            &cluster,
            "localhost",
            &format!("?sslmode={mode}&sslrootcert={wrong_root}"),
        ));
        assert!(
            error.to_string().contains("UnknownIssuer"),
            "sslmode={mode}: the certificate's issuer is not trusted: {error}"
        );
    }

    // Without a root file the system's store is asked, which knows nothing of the test CA.
    let error = refusal(&url_via(&cluster, "localhost", "?sslmode=verify-full"));
    assert!(
        error.to_string().contains("UnknownIssuer")
            || matches!(error, ConnectError::NoSystemRoots { .. }),
        "{error}"
    );

    // A root file that is not there, or holds no certificate, is named as the problem.
    let missing = scratch.path().join("missing.crt").display().to_string();
    let empty = pem_file(scratch.path(), "empty.crt", "");
    for (file, why) in [(&missing, "No such file"), (&empty, "no certificate")] {
        let error = refusal(&url_via(
            &cluster,
            "localhost",
            &format!("?sslmode=verify-full&sslrootcert={file}"),
        ));
        assert!(matches!(error, ConnectError::RootCert { .. }), "{error:?}");
        let text = error.to_string();
        assert!(text.contains(file.as_str()) && text.contains(why), "{text}");
    }
}

/// The environment variable that hands the child test its URL.
const CHILD_URL: &str = "ROLLCALL_TEST_SYSTEM_STORE_URL";

#[test]
fn verify_full_without_a_root_file_trusts_the_system_store() {
    let Some(cluster) = Cluster::start_with_tls_or_skip("pg_connect, system store") else {
        return;
    };
    // The system store is read from SSL_CERT_FILE when it is set (rustls-native-certs,
    // like OpenSSL). Setting it here would change it for every test of this process,
    // so the check runs in a child: this test binary, running only the test below.
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "system_store_child", "--ignored", "--nocapture"])
        .env("SSL_CERT_FILE", cluster.ca_file().unwrap())
        .env(
            CHILD_URL,
            url_via(&cluster, "localhost", "?sslmode=verify-full"),
        )
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "the child failed:\n{said}");
    assert!(said.contains("1 passed"), "the child ran its test:\n{said}");
}

#[test]
#[ignore = "run by verify_full_without_a_root_file_trusts_the_system_store, with its settings"]
fn system_store_child() {
    let Ok(text) = std::env::var(CHILD_URL) else {
        return;
    };
    let mut client = server(&text).connect().unwrap_or_else(|e| panic!("{e}"));
    assert!(encrypted(&mut client));
}
