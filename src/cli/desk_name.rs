//! The name a desk records with every check-in and audit line. Two desks on one host
//! never share one: by default it is the host name plus the terminal the desk runs in
//! ("venue-laptop-pts3"), or the process number where there is no terminal. `--desk
//! NAME` still wins.

/// This machine's host name ("desk" when it has none).
pub fn host() -> String {
    let host = gethostname::gethostname()
        .to_string_lossy()
        .trim()
        .to_string();
    if host.is_empty() {
        "desk".to_string()
    } else {
        host
    }
}

/// The default name of a desk started in this terminal.
pub fn for_this_terminal() -> String {
    let suffix = terminal().unwrap_or_else(|| format!("p{}", std::process::id()));
    format!("{}-{suffix}", host())
}

/// The terminal on standard input, as a short name: "/dev/pts/3" → "pts3".
fn terminal() -> Option<String> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return None;
    }
    let path = std::fs::read_link("/proc/self/fd/0").ok()?;
    let name: String = path
        .strip_prefix("/dev")
        .ok()?
        .to_string_lossy()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    (!name.is_empty()).then_some(name)
}
