//! README's "Several desks" set-up, run as written: the `psql` block that makes the
//! database and its two roles is read from README.md and executed on a throwaway
//! server, then the owner makes the registry with `rollcall copy` and a desk — with
//! only the rights that block grants — works the event: check-ins, an import, exports,
//! statistics, an erasure. What it must not do (drop or create tables) is refused.

mod common;

use common::postgres::Cluster;
use common::*;

/// The ```sql block of README's "Several desks" section.
fn readme_sql() -> String {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let section = &readme[readme.find("## Several desks").expect("the section")..];
    let start = section.find("```sql\n").expect("a psql block") + "```sql\n".len();
    let end = start + section[start..].find("```").unwrap();
    section[start..end].to_string()
}

fn url(cluster: &Cluster, role: &str, password: &str) -> String {
    format!(
        "postgresql://{role}:{password}@127.0.0.1:{}/rollcall",
        cluster.port()
    )
}

#[test]
fn the_readme_roles_let_a_desk_work_and_nothing_more() {
    let Some(cluster) = Cluster::start_or_skip("README roles") else {
        return;
    };
    // As the administrator: the statements before `\connect` on the server's own
    // database, the rest on the new one (psql's meta-command, done by hand here).
    // psql reads `--` comments as comments; so do we, before splitting on `;`.
    let sql: String = readme_sql()
        .lines()
        .filter(|l| !l.trim_start().starts_with("--"))
        .map(|l| format!("{l}\n"))
        .collect();
    let (before, after) = sql
        .split_once("\\connect rollcall")
        .expect("\\connect in the block");
    let mut admin = ::postgres::Client::connect(&cluster.url(), ::postgres::NoTls).unwrap();
    for statement in before.split(';').filter(|s| !s.trim().is_empty()) {
        admin.batch_execute(statement).unwrap();
    }
    let admin_url = cluster.url_for("rollcall");
    let mut admin = ::postgres::Client::connect(&admin_url, ::postgres::NoTls).unwrap();
    admin.batch_execute(after).unwrap();

    let owner = url(&cluster, "rollcall_owner", "owner-secret");
    let desk = url(&cluster, "rollcall_desk", "desk-secret");
    let dir = tempfile::tempdir().unwrap();
    let file = demo_registry(dir.path(), "vienna.db");
    assert_ok(&rollcall(&["copy", "--from", arg(&file), "--to", &owner]));

    // The desk works the event through ROLLCALL_DB.
    let as_desk = |args: &[&str]| {
        let mut cmd = rollcall_cmd(args);
        cmd.env("ROLLCALL_DB", &desk);
        cmd.output().unwrap()
    };
    let checked = as_desk(&["check-in", "--event", EVENT, "--badge", "12"]);
    assert_ok(&checked);
    assert!(
        text(&checked.stdout).starts_with("checked in:"),
        "{}",
        text(&checked.stdout)
    );
    assert_ok(&as_desk(&[
        "import",
        "--event",
        EVENT,
        "tests/fixtures/import/european_excel.csv",
    ]));
    let out = dir.path().join("list.html");
    assert_ok(&as_desk(&[
        "export",
        "--event",
        EVENT,
        "--format",
        "html",
        "-o",
        arg(&out),
    ]));
    assert_ok(&as_desk(&["stats", "--event", EVENT]));
    assert_ok(&as_desk(&["erase", "--event", EVENT, "--badge", "12"]));

    // …and only that.
    let mut client = ::postgres::Client::connect(&desk, ::postgres::NoTls).unwrap();
    for refused in [
        "DROP TABLE attendees",
        "CREATE TABLE mine (x integer)",
        "ALTER TABLE attendees ADD COLUMN x integer",
        "TRUNCATE audit",
    ] {
        let e = client.batch_execute(refused).unwrap_err();
        assert!(
            e.code() == Some(&::postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
            "{refused}: {e:?}"
        );
    }
}
