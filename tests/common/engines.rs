//! One test body, both engines: [`on_both_engines!`] turns `fn name(engine: Engine)`
//! into the tests `name::file` and `name::server`, and [`Engine::registry`] gives each
//! run a fresh place for a registry of its own — a path in a new temporary folder, or a
//! new empty database on the cluster the tests of this binary share.
//!
//! The cluster is started by the first server test that needs it and stopped with the
//! last one holding it (a `Weak` in a static, as tests/pg_schema.rs does), so nothing
//! outlives the test binary. When PostgreSQL cannot start, a server test is skipped
//! with the reason printed — under `CI=true` it fails instead (see
//! [`Cluster::start_or_skip`]).

use super::postgres::Cluster;
use rollcall::store::{Location, Store};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError, Weak};

/// Where a registry lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// An SQLite file.
    File,
    /// A database on a PostgreSQL server.
    Server,
}

/// The cluster of the server tests running now.
static SHARED: Mutex<Weak<Cluster>> = Mutex::new(Weak::new());

/// Gives every server registry of this binary a database name of its own.
static NEXT_DATABASE: AtomicUsize = AtomicUsize::new(0);

/// PostgreSQL's limit on an identifier, in bytes.
const MAX_IDENTIFIER: usize = 63;

/// The shared cluster, started if no test holds it now; `None` (after printing why)
/// when PostgreSQL cannot start here and this is not CI.
pub fn shared_cluster(test: &str) -> Option<Arc<Cluster>> {
    let mut shared = SHARED.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(cluster) = shared.upgrade() {
        return Some(cluster);
    }
    let cluster = Arc::new(Cluster::start_or_skip(test)?);
    *shared = Arc::downgrade(&cluster);
    Some(cluster)
}

/// A fresh place for one test's registry, and what must live as long as it does.
pub struct Registry {
    pub engine: Engine,
    /// What `Store::open_at` takes.
    pub location: Location,
    /// What `--db` and `ROLLCALL_DB` take: the path, or the URL with its password.
    pub url_or_path: String,
    /// A folder of the test's own for the files it writes (CSV to import, exports):
    /// beside the registry file, or alone for a server registry.
    scratch: tempfile::TempDir,
    /// Keeps the shared cluster running while this registry is used.
    cluster: Option<Arc<Cluster>>,
}

impl Engine {
    /// A place where no registry is yet: a path with no file in a new folder, or a new
    /// empty database. `None` when a server test is skipped (PostgreSQL cannot start and
    /// this is not CI). `test` names the test in the skip message and in the database's
    /// name (which a failure's server log then shows).
    pub fn registry(self, test: &str) -> Option<Registry> {
        let scratch = tempfile::Builder::new()
            .prefix("rollcall-engines-")
            .tempdir()
            .unwrap();
        match self {
            Engine::File => {
                let path = scratch.path().join("registry.db");
                let url_or_path = path.to_str().expect("temp paths are UTF-8").to_string();
                Some(Registry {
                    engine: self,
                    location: Location::File(path),
                    url_or_path,
                    scratch,
                    cluster: None,
                })
            }
            Engine::Server => {
                let cluster = shared_cluster(test)?;
                let url = cluster
                    .create_database(&database_name(test))
                    .unwrap_or_else(|e| panic!("create database: {e}\n{}", cluster.log()));
                Some(Registry {
                    engine: self,
                    location: Location::parse(&url).expect("the cluster's URLs parse"),
                    url_or_path: url,
                    scratch,
                    cluster: Some(cluster),
                })
            }
        }
    }

    /// A fresh registry holding the sample seminar, and a store open on it.
    pub fn demo(self, test: &str) -> Option<(Registry, Store)> {
        let registry = self.registry(test)?;
        let mut store = registry.create();
        rollcall::demo::write_sample(&mut store).unwrap();
        Some((registry, store))
    }
}

impl Registry {
    /// `Store::open_at` (the registry must exist), with the server's log on failure.
    #[track_caller]
    pub fn open(&self) -> Store {
        Store::open_at(&self.location)
            .unwrap_or_else(|e| panic!("open {}: {e}{}", self.location, self.server_log()))
    }

    /// `Store::create_or_open_at`, with the server's log on failure.
    #[track_caller]
    pub fn create(&self) -> Store {
        Store::create_or_open_at(&self.location)
            .unwrap_or_else(|e| panic!("create {}: {e}{}", self.location, self.server_log()))
    }

    /// The test's folder for files of its own (never the registry's data).
    pub fn scratch(&self) -> &Path {
        self.scratch.path()
    }

    /// The cluster a server registry is on.
    pub fn cluster(&self) -> Option<&Cluster> {
        self.cluster.as_deref()
    }

    /// A plain client on the server registry's database (to plant what the store would
    /// never write); `None` for a file.
    pub fn client(&self) -> Option<postgres::Client> {
        self.cluster.as_ref()?;
        Some(
            postgres::Client::connect(&self.url_or_path, postgres::NoTls)
                .unwrap_or_else(|e| panic!("connect: {e}{}", self.server_log())),
        )
    }

    /// The registry's file; `None` on a server.
    pub fn file(&self) -> Option<&Path> {
        match &self.location {
            Location::File(path) => Some(path),
            Location::Server(_) => None,
        }
    }

    /// The server's log, to append to a failure message (empty for a file).
    pub fn server_log(&self) -> String {
        self.cluster
            .as_ref()
            .map(|c| format!("\nserver log:\n{}", c.log()))
            .unwrap_or_default()
    }
}

/// A database name of `test`'s own: letters, digits and `_` only, unique in this binary,
/// within PostgreSQL's limit.
fn database_name(test: &str) -> String {
    let n = NEXT_DATABASE.fetch_add(1, Ordering::Relaxed);
    let mut name = format!("t{n}_");
    name.extend(
        test.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }),
    );
    name.truncate(MAX_IDENTIFIER);
    name.to_ascii_lowercase()
}

/// `fn name(engine: Engine) { … }` becomes the module `name` with the tests `file`
/// and `server`: one body, run once on each engine. The body gets its registry from
/// `engine.registry(module_path!())` (or `engine.demo(…)`) and returns early when that
/// is `None` (a server test skipped outside CI). Attributes and doc comments before
/// `fn` go onto the module.
#[macro_export]
macro_rules! on_both_engines {
    ($( $(#[$meta:meta])* fn $name:ident($engine:ident : Engine) $body:block )*) => {
        $(
            $(#[$meta])*
            mod $name {
                #[allow(unused_imports)]
                use super::*;
                use $crate::common::engines::Engine;

                fn body($engine: Engine) $body

                #[test]
                fn file() {
                    body(Engine::File)
                }

                #[test]
                fn server() {
                    body(Engine::Server)
                }
            }
        )*
    };
}
