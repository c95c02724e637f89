//! When something goes wrong in spite of everything: give the terminal back first,
//! then say where it happened, on stderr and in a private log — never what was being
//! typed or shown, which may be someone's personal data.

use std::io::Write;
use std::panic::PanicHookInfo;
use std::path::PathBuf;

/// Replace the panic hook: restore the terminal, log, report in one line.
pub fn install_panic_hook(restore: fn()) {
    std::panic::set_hook(Box::new(move |info| {
        restore();
        let location = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_else(|| "an unknown place".into());
        let logged = log_panic(info, &location);
        let mut stderr = std::io::stderr();
        let _ = writeln!(
            stderr,
            "rollcall stopped unexpectedly at {location}. Everything saved before is in the registry.{}",
            logged
                .map(|p| format!(" Details: {}", p.display()))
                .unwrap_or_default()
        );
    }));
}

/// Only messages written in the code are logged; a formatted message could carry a
/// name or an email, so it is withheld.
fn code_message(info: &PanicHookInfo<'_>) -> &'static str {
    info.payload()
        .downcast_ref::<&'static str>()
        .copied()
        .unwrap_or("(message withheld: it may contain personal data)")
}

fn log_panic(info: &PanicHookInfo<'_>, location: &str) -> Option<PathBuf> {
    let path = log_path()?;
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&path).ok()?;
    writeln!(
        file,
        "{} rollcall {} panicked at {location}: {}",
        chrono::Local::now().format("%Y-%m-%d %H:%M:%S"),
        env!("CARGO_PKG_VERSION"),
        code_message(info)
    )
    .ok()?;
    Some(path)
}

/// `rollcall.log` beside the default registry (`ROLLCALL_LOG` overrides it).
fn log_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("ROLLCALL_LOG") {
        return Some(PathBuf::from(path));
    }
    let dirs = directories::ProjectDirs::from("", "", "rollcall")?;
    let mut folder = std::fs::DirBuilder::new();
    folder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut folder, 0o700);
    folder.create(dirs.data_dir()).ok()?;
    Some(dirs.data_dir().join("rollcall.log"))
}
