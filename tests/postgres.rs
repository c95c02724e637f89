//! The throwaway PostgreSQL cluster the server-engine tests will stand on, proved with
//! a real client: data survives a stop and a start, a stopped server is an error a
//! client sees, clusters run side by side (tests run in parallel), and nothing is left
//! behind, also when a test panics.

mod common;

use common::postgres::{Cluster, bindir, skip_or_fail};
use postgres::{Client, NoTls};
use std::time::Instant;

fn connect(cluster: &Cluster) -> Client {
    Client::connect(&cluster.url(), NoTls)
        .unwrap_or_else(|e| panic!("connect: {e}\nserver log:\n{}", cluster.log()))
}

#[test]
fn a_row_written_before_an_outage_is_read_back_after_it() {
    let began = Instant::now();
    let Some(mut cluster) = Cluster::start_or_skip("outage") else {
        return;
    };
    eprintln!("initdb and start: {:?}", began.elapsed());
    let mut desk = connect(&cluster);
    desk.batch_execute("CREATE TABLE checkins (badge integer PRIMARY KEY, day date NOT NULL)")
        .unwrap();
    desk.execute(
        "INSERT INTO checkins (badge, day) VALUES ($1, '2017-07-05')",
        &[&1001_i32],
    )
    .unwrap();

    cluster.stop().unwrap();
    // The open connection learns the server is gone, and so does a new one.
    let cut = desk.query("SELECT count(*) FROM checkins", &[]);
    assert!(cut.is_err(), "a query on a stopped server fails");
    assert!(desk.is_closed(), "the client knows its connection is gone");
    let refused = Client::connect(&cluster.url(), NoTls)
        .err()
        .expect("no connection to a stopped server");
    assert!(
        refused.to_string().contains("error connecting"),
        "a connection error, not something else: {refused}"
    );

    let restarted = Instant::now();
    cluster.start_again().unwrap();
    eprintln!("start again: {:?}", restarted.elapsed());
    let mut desk = connect(&cluster);
    let badges: Vec<i32> = desk
        .query("SELECT badge FROM checkins", &[])
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(badges, [1001]);
}

#[test]
fn two_clusters_run_at_once_each_with_its_own_data() {
    let Some(first) = Cluster::start_or_skip("two clusters, first") else {
        return;
    };
    let Some(second) = Cluster::start_or_skip("two clusters, second") else {
        return;
    };
    assert_ne!(first.port(), second.port());
    for (cluster, seminar) in [(&first, "ulaanbaatar-2017"), (&second, "geneva-2018")] {
        let mut client = connect(cluster);
        client
            .batch_execute("CREATE TABLE events (code text PRIMARY KEY)")
            .unwrap();
        client
            .execute("INSERT INTO events VALUES ($1)", &[&seminar])
            .unwrap();
    }
    for (cluster, seminar) in [(&first, "ulaanbaatar-2017"), (&second, "geneva-2018")] {
        let codes: Vec<String> = connect(cluster)
            .query("SELECT code FROM events", &[])
            .unwrap()
            .iter()
            .map(|row| row.get(0))
            .collect();
        assert_eq!(codes, [seminar]);
    }
}

#[test]
fn a_new_database_is_reached_by_its_url_with_the_password_and_over_the_socket() {
    let Some(cluster) = Cluster::start_or_skip("new database") else {
        return;
    };
    let url = cluster.create_database("registry").unwrap();
    assert!(url.ends_with("/registry"), "{url}");
    let mut client = Client::connect(&url, NoTls).unwrap();
    let name: String = client
        .query_one("SELECT current_database()", &[])
        .unwrap()
        .get(0);
    assert_eq!(name, "registry");

    // TCP asks for the password: a wrong one is refused.
    let wrong = url.replace(common::postgres::PASSWORD, "wrong");
    let refused = Client::connect(&wrong, NoTls).err().expect("refused");
    assert_eq!(
        refused.code(),
        Some(&postgres::error::SqlState::INVALID_PASSWORD),
        "refused for the password: {refused:?}"
    );

    // The Unix socket in the cluster's folder reaches the same server.
    let mut local = postgres::Config::new();
    local
        .host_path(cluster.socket_dir())
        .port(cluster.port())
        .user(common::postgres::USER)
        .dbname("registry");
    let mut client = local.connect(NoTls).unwrap();
    let one: i32 = client.query_one("SELECT 1", &[]).unwrap().get(0);
    assert_eq!(one, 1);
}

#[test]
fn a_dropped_cluster_is_stopped_and_its_folder_removed_also_after_a_panic() {
    if bindir().is_err() {
        // Say why through the same door as every other test here.
        let _ = Cluster::start_or_skip("dropped cluster");
        return;
    }
    let (sender, receiver) = std::sync::mpsc::channel();
    let test = std::thread::spawn(move || {
        let cluster = Cluster::start().expect("PostgreSQL starts");
        sender
            .send((cluster.folder().to_path_buf(), cluster.url()))
            .unwrap();
        panic!("a test failing with its cluster running");
    });
    assert!(test.join().is_err(), "the thread panicked");
    let (folder, url) = receiver.recv().unwrap();
    assert!(!folder.exists(), "{} is removed", folder.display());
    assert!(
        Client::connect(&url, NoTls).is_err(),
        "nothing answers on the port any more"
    );
}

#[test]
fn without_postgresql_the_harness_says_why() {
    let nowhere = std::path::Path::new("/nonexistent/postgresql/bin");
    let reason = Cluster::start_with(nowhere).err().expect("cannot start");
    assert!(
        reason.contains("/nonexistent/postgresql/bin/initdb"),
        "names what it could not run: {reason}"
    );
    // Outside CI that is a skip (a printed reason, no failure)…
    skip_or_fail("without postgresql", &reason, false);
}

#[test]
#[should_panic(expected = "CI=true")]
fn under_ci_a_cluster_that_cannot_start_fails_the_test() {
    skip_or_fail("under ci", "initdb is missing", true);
}
