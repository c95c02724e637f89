//! `rollcall copy` between a file and a real PostgreSQL server, and `backup` of a
//! server registry: the round trip file → server → file gives byte-identical exports,
//! a target that holds a registry is refused (and kept) unless --replace, the server
//! goes on numbering after the copied ids, and no password is ever printed.

mod common;

use common::postgres::{Cluster, PASSWORD};
use common::*;
use std::path::Path;

const FORMATS: [&str; 4] = ["csv", "json", "html", "badges"];

fn export(db: &str, format: &str, out: &Path) {
    let o = rollcall(&[
        "export",
        "--db",
        db,
        "--event",
        EVENT,
        "--format",
        format,
        "-o",
        arg(out),
    ]);
    assert_ok(&o);
}

fn no_password(o: &std::process::Output) {
    let all = format!("{}{}", text(&o.stdout), text(&o.stderr));
    assert!(!all.contains(PASSWORD), "the password was printed: {all}");
}

#[test]
fn a_registry_copied_file_to_server_to_file_exports_the_same() {
    let Some(cluster) = Cluster::start_or_skip("copy round trip") else {
        return;
    };
    let server = cluster.create_database("copied").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let original = demo_registry(dir.path(), "original.db");
    for badge in ["1", "2", "7"] {
        assert_ok(&rollcall(&[
            "check-in",
            "--db",
            arg(&original),
            "--event",
            EVENT,
            "--badge",
            badge,
        ]));
    }
    let there = rollcall(&["copy", "--from", arg(&original), "--to", &server]);
    assert_ok(&there);
    no_password(&there);
    assert!(
        text(&there.stdout).contains("71 people, 3 check-ins"),
        "{}",
        text(&there.stdout)
    );
    let back = dir.path().join("back.db");
    assert_ok(&rollcall(&["copy", "--from", &server, "--to", arg(&back)]));
    for format in FORMATS {
        let (a, b) = (
            dir.path().join(format!("a.{format}")),
            dir.path().join(format!("b.{format}")),
        );
        export(arg(&original), format, &a);
        export(arg(&back), format, &b);
        assert_eq!(
            std::fs::read(&a).unwrap(),
            std::fs::read(&b).unwrap(),
            "{format} differs after file → server → file"
        );
    }
}

#[test]
fn a_target_holding_a_registry_is_refused_unless_replace() {
    let Some(cluster) = Cluster::start_or_skip("copy refusal") else {
        return;
    };
    let server = cluster.create_database("held").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let first = demo_registry(dir.path(), "first.db");
    assert_ok(&rollcall(&["copy", "--from", arg(&first), "--to", &server]));
    assert_ok(&rollcall(&[
        "check-in", "--db", &server, "--event", EVENT, "--badge", "3",
    ]));

    // A second copy onto the server is refused, and what the server holds stays.
    let again = rollcall(&["copy", "--from", arg(&first), "--to", &server]);
    assert!(!again.status.success());
    let said = one_line_failure(&again, "copy onto a registry");
    assert!(said.contains("already holds a registry"), "{said}");
    no_password(&again);
    let stats = rollcall(&["stats", "--db", &server, "--event", EVENT, "--json"]);
    assert!(
        text(&stats.stdout).contains("\"attended\": 1"),
        "{}",
        text(&stats.stdout)
    );

    // --replace: the server now holds the file's registry, and numbers on after it.
    assert_ok(&rollcall(&[
        "copy",
        "--from",
        arg(&first),
        "--to",
        &server,
        "--replace",
    ]));
    let stats = rollcall(&["stats", "--db", &server, "--event", EVENT, "--json"]);
    assert!(
        text(&stats.stdout).contains("\"attended\": 0"),
        "{}",
        text(&stats.stdout)
    );
    let import = rollcall(&[
        "import",
        "--db",
        &server,
        "--event",
        EVENT,
        "tests/fixtures/import/european_excel.csv",
    ]);
    assert_ok(&import);

    // The same registry on both sides is refused before anything is opened.
    let same = rollcall(&["copy", "--from", arg(&first), "--to", arg(&first)]);
    assert!(!same.status.success());
}

#[test]
fn a_backup_of_a_server_registry_is_a_registry_file() {
    let Some(cluster) = Cluster::start_or_skip("server backup") else {
        return;
    };
    let server = cluster.create_database("backed").unwrap();
    assert_ok(&rollcall(&["demo", "--db", &server]));
    assert_ok(&rollcall(&[
        "check-in", "--db", &server, "--event", EVENT, "--badge", "4",
    ]));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.db");
    let backup = rollcall(&["backup", "--db", &server, "-o", arg(&file)]);
    assert_ok(&backup);
    no_password(&backup);
    assert!(
        text(&backup.stdout).contains("***"),
        "{}",
        text(&backup.stdout)
    );
    // A self-contained file (no -wal beside it) that opens as a registry.
    assert!(!dir.path().join("backup.db-wal").exists());
    let stats = rollcall(&["stats", "--db", arg(&file), "--event", EVENT, "--json"]);
    assert_ok(&stats);
    assert!(
        text(&stats.stdout).contains("\"attended\": 1"),
        "{}",
        text(&stats.stdout)
    );
    assert_eq!(listing(dir.path()), vec!["backup.db".to_string()]);
}

/// A URL's password never reaches the terminal: not from clap's own messages about a
/// bad value, not from `--help` showing the environment, not from a refused connection.
#[test]
fn the_command_line_never_echoes_a_password() {
    let secret = "sekrit-in-url";
    let bad_port = format!("postgresql://desk:{secret}@127.0.0.1:99999/db");
    let refused = format!("postgresql://desk:{secret}@127.0.0.1:1/db");
    let cases: Vec<(Vec<String>, Option<&str>)> = vec![
        (
            vec![
                "stats".into(),
                "--db".into(),
                bad_port.clone(),
                "--event".into(),
                "x".into(),
            ],
            None,
        ),
        (
            vec![
                "stats".into(),
                "--db".into(),
                refused.clone(),
                "--event".into(),
                "x".into(),
            ],
            None,
        ),
        (
            vec![
                "copy".into(),
                "--from".into(),
                refused.clone(),
                "--to".into(),
                bad_port,
            ],
            None,
        ),
        (
            vec!["stats".into(), "--event".into(), "x".into()],
            Some(refused.as_str()),
        ),
        (
            vec!["stats".into(), "--help".into()],
            Some(refused.as_str()),
        ),
    ];
    for (args, env) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut cmd = rollcall_cmd(&args);
        if let Some(url) = env {
            cmd.env("ROLLCALL_DB", url);
        }
        let out = cmd.output().unwrap();
        let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert!(
            !all.contains(secret),
            "{args:?} printed the password: {all}"
        );
        if args[1] != "--help" {
            assert!(!out.status.success(), "{args:?}");
            assert!(
                all.contains("***") || all.contains("not a usable"),
                "{args:?}: {all}"
            );
        }
    }
}
