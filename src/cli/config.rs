//! `rollcall config`: the configuration in force (keys, theme) as TOML, ready to save
//! as a starting file; `--path` says where the file is looked for.

use crate::ui::config::{self, Config};

#[derive(Debug, clap::Args)]
pub struct ConfigArgs {
    /// Print where the config file is looked for, and nothing else.
    #[arg(long)]
    pub path: bool,
}

/// The config file over the defaults, each problem in it warned about on stderr: a
/// bad config never stops a command.
pub fn load() -> Config {
    let config = Config::from_env();
    for problem in &config.problems {
        eprintln!("rollcall: warning: {}", crate::inert(&problem.to_string()));
    }
    config
}

pub fn run(config: &Config, args: &ConfigArgs) -> anyhow::Result<()> {
    if args.path {
        let path = config::location().ok_or_else(|| {
            anyhow::anyhow!(
                "no home folder to look for a config file in; set {}",
                config::PATH_VARIABLE
            )
        })?;
        println!("{}", path.display());
    } else {
        print!("{}", config::to_toml(config));
    }
    Ok(())
}
