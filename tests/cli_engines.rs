//! The real binary on both engines: `--db` (or `ROLLCALL_DB`) a file's path or a
//! server's URL, and every command behaving the same — the same lines printed, the same
//! exports byte for byte — with the server's password never printed, also when
//! something fails.
//!
//! One body per behaviour, run on each engine by `on_both_engines!` (see
//! tests/common/engines.rs); the tests at the end run the same commands on both and
//! compare what they printed and wrote.

mod common;

use common::engines::{Engine, Registry};
use common::postgres::PASSWORD;
use common::{BIN, EVENT, NO_CONFIG, assert_ok, rollcall_cmd, text};
use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Barrier};

/// The sample seminar's first day (check-ins name it: the tests do not depend on the
/// day they run).
const DAY_ONE: &str = "2017-07-05";

/// The European Excel fixture: six people, one new delegation, a column ignored.
const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/import/european_excel.csv"
);

/// `rollcall --db <registry> ARGS`, run in the registry's scratch folder.
fn run(reg: &Registry, args: &[&str]) -> Output {
    run_on(&reg.url_or_path, reg.scratch(), args)
}

/// `rollcall --db DB ARGS`, run in `cwd`.
fn run_on(db: &str, cwd: &Path, args: &[&str]) -> Output {
    let mut all = vec!["--db", db];
    all.extend_from_slice(args);
    rollcall_cmd(&all)
        .current_dir(cwd)
        .output()
        .expect("the binary runs")
}

/// [`run`], which must succeed; its stdout.
#[track_caller]
fn run_ok(reg: &Registry, args: &[&str]) -> String {
    let out = run(reg, args);
    assert_ok(&out);
    assert_no_password(&out, &args.join(" "));
    text(&out.stdout)
}

/// Neither stdout nor stderr holds the cluster's password (or `also`, another one a
/// test put into a URL).
#[track_caller]
fn assert_no_secret(out: &Output, what: &str, secret: &str) {
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let shown = text(bytes);
        assert!(
            !shown.contains(secret),
            "{what}: the password is on {stream}:\n{shown}"
        );
    }
}

#[track_caller]
fn assert_no_password(out: &Output, what: &str) {
    assert_no_secret(out, what, PASSWORD);
}

/// What a file and a server registry built by the same commands must print and write
/// alike.
#[derive(Debug, PartialEq, Eq)]
struct Seen {
    demo: String,
    import: String,
    first_check_in: String,
    second_check_in: String,
    stats_json: String,
    stats_text: String,
    csv: Vec<u8>,
    json: Vec<u8>,
    csv_all_columns: Vec<u8>,
}

/// The commands of a morning at the desk: the sample seminar, the fixture imported,
/// Batjargal checked in twice, the statistics, the roster exported. Every output is
/// checked for the password on the way.
fn a_morning(reg: &Registry) -> Seen {
    let demo = run_ok(reg, &["demo"]);
    let import = run_ok(reg, &["import", "--event", EVENT, FIXTURE]);
    let check_in = |desk: &str| {
        run_ok(
            reg,
            &[
                "check-in", "--event", EVENT, "--badge", "26", "--day", DAY_ONE, "--desk", desk,
            ],
        )
    };
    let first_check_in = check_in("desk-1");
    let second_check_in = check_in("desk-2");
    run_ok(
        reg,
        &[
            "check-in", "--event", EVENT, "--badge", "77", "--day", DAY_ONE, "--desk", "desk-2",
        ],
    );
    let stats_json = run_ok(reg, &["stats", "--event", EVENT, "--json"]);
    let stats_text = run_ok(reg, &["stats", "--event", EVENT]);
    let csv = run(reg, &["export", "--event", EVENT, "--format", "csv"]);
    assert_ok(&csv);
    assert_no_password(&csv, "export csv");
    let json_file = reg.scratch().join("roster.json");
    run_ok(
        reg,
        &[
            "export",
            "--event",
            EVENT,
            "--format",
            "json",
            "--status",
            "all",
            "-o",
            json_file.to_str().unwrap(),
        ],
    );
    let all = run(
        reg,
        &[
            "export",
            "--event",
            EVENT,
            "--format",
            "csv",
            "--status",
            "all",
            "--columns",
            "all",
        ],
    );
    assert_ok(&all);
    Seen {
        demo,
        import,
        first_check_in,
        second_check_in,
        stats_json,
        stats_text,
        csv: csv.stdout,
        json: std::fs::read(&json_file).unwrap(),
        csv_all_columns: all.stdout,
    }
}

/// "at HH:MM" is the time the check-in ran: the same only within one minute.
fn without_time(line: &str) -> String {
    match line.find(" at ") {
        Some(i) => format!("{} at HH:MM{}", &line[..i], &line[i + 9..]),
        None => line.to_string(),
    }
}

on_both_engines! {
    /// The morning's commands say what they did, on either engine.
    fn the_commands_of_a_morning_say_what_they_did(engine: Engine) {
        let Some(reg) = engine.registry(module_path!()) else {
            return;
        };
        let seen = a_morning(&reg);
        assert!(
            seen.demo.starts_with("wrote ulaanbaatar-2017 (")
                && seen.demo.contains("): 12 delegations, 71 people to "),
            "{}",
            seen.demo
        );
        if engine == Engine::Server {
            assert!(
                seen.demo
                    .trim_end()
                    .ends_with(&reg.url_or_path.replace(PASSWORD, "***")),
                "names the registry by its URL without the password: {}",
                seen.demo
            );
        }
        assert_eq!(
            seen.import,
            "imported 6 people into ulaanbaatar-2017, created 1 delegation; \
             ignored columns: Shoe size\n"
        );
        assert!(
            seen.first_check_in.starts_with("checked in: ")
                && seen.first_check_in.contains("badge 26, day 1 (2017-07-05)"),
            "{}",
            seen.first_check_in
        );
        assert!(
            seen.second_check_in.starts_with("already checked in: ")
                && seen.second_check_in.trim_end().ends_with("by desk-1"),
            "told who: {}",
            seen.second_check_in
        );
        let stats: serde_json::Value = serde_json::from_str(&seen.stats_json).unwrap();
        let text = seen.stats_json.clone();
        assert!(text.contains("\"ulaanbaatar-2017\""), "{text}");
        assert!(stats.is_object(), "{text}");
        let csv = String::from_utf8(seen.csv.clone()).unwrap();
        // Attended by default once there are check-ins: Batjargal and Zoë.
        assert_eq!(csv.lines().count(), 3, "a header and two people:\n{csv}");
        assert!(
            csv.contains("Batjargal") && csv.contains("Ľubomírová"),
            "{csv}"
        );
        let json: serde_json::Value = serde_json::from_slice(&seen.json).unwrap();
        assert!(
            json.to_string().contains("Сейткали"),
            "everyone, the imported too"
        );
    }

    /// `ROLLCALL_DB` names the registry as `--db` does.
    fn rollcall_db_in_the_environment_is_the_same_as_db(engine: Engine) {
        let Some(reg) = engine.registry(module_path!()) else {
            return;
        };
        run_ok(&reg, &["demo"]);
        let by_flag = run_ok(&reg, &["stats", "--event", EVENT, "--json"]);
        let by_env = rollcall_cmd(&["stats", "--event", EVENT, "--json"])
            .env("ROLLCALL_DB", &reg.url_or_path)
            .current_dir(reg.scratch())
            .output()
            .unwrap();
        assert_ok(&by_env);
        assert_no_password(&by_env, "stats by ROLLCALL_DB");
        assert_eq!(text(&by_env.stdout), by_flag);
        let checked = rollcall_cmd(&[
            "check-in", "--event", EVENT, "--badge", "1", "--day", DAY_ONE, "--desk", "env-desk",
        ])
        .env("ROLLCALL_DB", &reg.url_or_path)
        .output()
        .unwrap();
        assert_ok(&checked);
        assert!(
            text(&checked.stdout).starts_with("checked in: "),
            "{}",
            text(&checked.stdout)
        );
        let again = run_ok(
            &reg,
            &[
                "check-in",
                "--event",
                EVENT,
                "--badge",
                "1",
                "--day",
                DAY_ONE,
                "--desk",
                "flag-desk",
            ],
        );
        assert!(
            again.trim_end().ends_with("by env-desk"),
            "the same registry: {again}"
        );
    }

    /// A refusal is one line on stderr, without the password: an unknown event, an
    /// unknown badge, a cancelled registration.
    fn refusals_are_one_line_without_the_password(engine: Engine) {
        let Some(reg) = engine.registry(module_path!()) else {
            return;
        };
        run_ok(&reg, &["demo"]);
        for (args, says) in [
            (
                vec!["stats", "--event", "no-such-seminar"],
                "no-such-seminar",
            ),
            (
                vec![
                    "check-in", "--event", EVENT, "--badge", "9999", "--day", DAY_ONE,
                ],
                "9999",
            ),
            (
                vec![
                    "check-in", "--event", EVENT, "--badge", "28", "--day", DAY_ONE,
                ],
                "cancelled",
            ),
            (
                vec!["export", "--event", "no-such-seminar", "--format", "csv"],
                "no-such-seminar",
            ),
        ] {
            let out = run(&reg, &args);
            let line = common::one_line_failure(&out, &args.join(" "));
            assert!(line.contains(says), "{args:?}: {line}");
            assert_no_password(&out, &args.join(" "));
        }
    }

    /// Eight processes check the same badge in at the same instant: one is told
    /// "checked in", the seven others "already checked in … by" the winner's desk.
    fn eight_processes_check_one_badge_in_once(engine: Engine) {
        let Some(reg) = engine.registry(module_path!()) else {
            return;
        };
        run_ok(&reg, &["demo"]);
        const DESKS: usize = 8;
        let barrier = Arc::new(Barrier::new(DESKS));
        let threads: Vec<_> = (0..DESKS)
            .map(|i| {
                let (db, barrier) = (reg.url_or_path.clone(), barrier.clone());
                std::thread::spawn(move || {
                    let desk = format!("desk-{i}");
                    let mut cmd = Command::new(BIN);
                    cmd.args([
                        "check-in", "--db", &db, "--event", EVENT, "--badge", "26", "--day",
                        DAY_ONE, "--desk", &desk,
                    ])
                    .env("ROLLCALL_CONFIG", NO_CONFIG);
                    barrier.wait();
                    (desk, cmd.output().unwrap())
                })
            })
            .collect();
        let outputs: Vec<(String, Output)> =
            threads.into_iter().map(|t| t.join().unwrap()).collect();
        let mut winners = Vec::new();
        for (desk, out) in &outputs {
            assert_ok(out);
            assert!(out.stderr.is_empty(), "{desk}: {}", text(&out.stderr));
            assert_no_password(out, desk);
            if text(&out.stdout).starts_with("checked in: ") {
                winners.push(desk.clone());
            }
        }
        assert_eq!(
            winners.len(),
            1,
            "exactly one process checks him in: {outputs:?}"
        );
        let winner = &winners[0];
        for (desk, out) in outputs.iter().filter(|(desk, _)| desk != winner) {
            let said = text(&out.stdout);
            assert!(
                said.starts_with("already checked in: ")
                    && said.trim_end().ends_with(&format!("by {winner}")),
                "{desk} is told the winner: {said}"
            );
        }
    }

    /// `rollcall backup` writes a copy that opens as a registry with everyone in it.
    fn backup_writes_a_copy_that_opens(engine: Engine) {
        let Some(reg) = engine.registry(module_path!()) else {
            return;
        };
        run_ok(&reg, &["demo"]);
        let copy = reg.scratch().join("copy.db");
        let said = run_ok(&reg, &["backup", "-o", copy.to_str().unwrap()]);
        assert!(said.starts_with("backed up "), "{said}");
        let stats = |db: &str| {
            let out = run_on(db, reg.scratch(), &["stats", "--event", EVENT, "--json"]);
            assert_ok(&out);
            text(&out.stdout)
        };
        assert_eq!(stats(copy.to_str().unwrap()), stats(&reg.url_or_path));
    }
}

/// The same commands on a file and on a server registry print the same lines (the
/// registry's name and the minute of a check-in aside) and write the same exports, byte
/// for byte (no export format carries a timestamp, so nothing is masked).
#[test]
fn the_same_commands_give_the_same_output_and_exports_on_both_engines() {
    let Some(server) = Engine::Server.registry("same_commands") else {
        return;
    };
    let file = Engine::File.registry("same_commands").unwrap();
    let (on_file, on_server) = (a_morning(&file), a_morning(&server));
    let demo_line = |s: &str| s.split(" to ").next().unwrap().to_string();
    assert_eq!(demo_line(&on_file.demo), demo_line(&on_server.demo));
    assert_eq!(on_file.import, on_server.import);
    assert_eq!(
        without_time(&on_file.first_check_in),
        without_time(&on_server.first_check_in)
    );
    assert_eq!(
        without_time(&on_file.second_check_in),
        without_time(&on_server.second_check_in)
    );
    assert_eq!(on_file.stats_json, on_server.stats_json, "stats --json");
    assert_eq!(on_file.stats_text, on_server.stats_text, "stats");
    for (what, a, b) in [
        ("csv", &on_file.csv, &on_server.csv),
        ("json", &on_file.json, &on_server.json),
        (
            "csv, all columns",
            &on_file.csv_all_columns,
            &on_server.csv_all_columns,
        ),
    ] {
        assert!(
            a == b,
            "{what} export differs: file (left), server (right)\n{}\n---\n{}",
            text(a),
            text(b)
        );
    }
}

/// A server that cannot be used is refused in one line that names it without its
/// password: a database that does not exist, a wrong password (which is not shown
/// either), an empty database opened by a command other than `demo`.
#[test]
fn a_server_that_cannot_be_used_is_named_without_the_password() {
    let Some(reg) = Engine::Server.registry("server_refusals") else {
        return;
    };
    let cluster = reg.cluster().unwrap();
    let unknown = cluster.url_for("no_such_database");
    let wrong = unknown
        .replace(PASSWORD, "wrong-secret-4711")
        .replace("no_such_database", "postgres");
    for (db, secret, says) in [
        (unknown.as_str(), PASSWORD, "no_such_database"),
        (wrong.as_str(), "wrong-secret-4711", "127.0.0.1"),
        (reg.url_or_path.as_str(), PASSWORD, "no registry"),
    ] {
        let out = rollcall_cmd(&["stats", "--db", db, "--event", EVENT])
            .current_dir(reg.scratch())
            .output()
            .unwrap();
        let line = common::one_line_failure(&out, db);
        assert!(line.contains(says), "{line}");
        assert!(line.contains("***") || !line.contains('@'), "{line}");
        // The reason once: not the message and then its own source again.
        assert_eq!(
            line.matches("cannot connect").count().max(1),
            1,
            "said twice: {line}"
        );
        assert_no_secret(&out, &line, secret);
        assert_no_password(&out, &line);
    }
    // And nothing was made in the empty database.
    let mut client = reg.client().unwrap();
    let tables: i64 = client
        .query_one(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(tables, 0);
}

/// The scratch folder of a test holds nothing but what it put there: the binary never
/// drops a file beside a server registry.
#[test]
fn a_server_registry_leaves_no_file_behind() {
    let Some(reg) = Engine::Server.registry("no_file_behind") else {
        return;
    };
    run_ok(&reg, &["demo"]);
    run_ok(
        &reg,
        &[
            "check-in", "--event", EVENT, "--badge", "1", "--day", DAY_ONE, "--desk", "d",
        ],
    );
    run_ok(&reg, &["stats", "--event", EVENT]);
    let left: Vec<_> = std::fs::read_dir(reg.scratch())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        left.is_empty(),
        "{left:?} in {}",
        Path::display(reg.scratch())
    );
}
