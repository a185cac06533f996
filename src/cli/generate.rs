//! Shell completions and manual pages, generated from the command-line definition itself
//! (clap_complete, clap_mangen), so they never fall behind a new command or flag. Packages
//! install what these print (`packaging/build-deb`); a user of `cargo install` can ask for them.

use std::io::Write;
use std::path::Path;

use clap::CommandFactory;

use super::{Cli, CliError, ExitStatus};

/// The command as the generators see it: named `hindsight` however the binary was called.
/// Built, so each command knows its page's name (`hindsight-import`) and its synopsis'
/// (`hindsight import`); `help` is no command of its own in a manual.
fn command() -> clap::Command {
    let mut cmd = Cli::command()
        .bin_name("hindsight")
        .disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// `hindsight completions SHELL`: the completion script of that shell.
pub fn completions(
    shell: clap_complete::Shell,
    out: &mut dyn Write,
) -> Result<ExitStatus, CliError> {
    let mut cmd = command();
    // clap_complete writes with `write_all`; a broken pipe surfaces as the error below.
    let mut buffer = Vec::new();
    clap_complete::generate(shell, &mut cmd, "hindsight", &mut buffer);
    out.write_all(&buffer)?;
    Ok(ExitStatus::Ok)
}

/// The roff source of the manual page `hindsight(1)`.
pub fn manual_page() -> Result<Vec<u8>, CliError> {
    let mut page = Vec::new();
    man(command()).render(&mut page)?;
    Ok(page)
}

/// `hindsight manual`: the page on `out`, or with `dir` the page and one per command
/// (`hindsight-import.1`, …) written into `dir`, each path printed.
pub fn manual(dir: Option<&Path>, out: &mut dyn Write) -> Result<ExitStatus, CliError> {
    let Some(dir) = dir else {
        out.write_all(&manual_page()?)?;
        return Ok(ExitStatus::Ok);
    };
    std::fs::create_dir_all(dir)?;
    let root = command();
    let mut pages = vec![("hindsight.1".to_string(), manual_page()?)];
    for sub in root.get_subcommands().filter(|s| !s.is_hide_set()) {
        // Named as `man hindsight-import` finds it, with the version of the whole.
        let page_of = man(sub.clone().version(super::args::VERSION));
        let mut page = Vec::new();
        page_of.render(&mut page)?;
        pages.push((page_of.get_filename(), page));
    }
    let mut written = Vec::new();
    for (name, page) in pages {
        let path = dir.join(&name);
        crate::atomic::write(&path, &page)?;
        written.push(path);
    }
    for path in written {
        writeln!(out, "{}", path.display())?;
    }
    Ok(ExitStatus::Ok)
}

/// A manual page in section 1 of the manual, dated by the release rather than the build, so
/// two builds of one version give the same page.
fn man(cmd: clap::Command) -> clap_mangen::Man {
    clap_mangen::Man::new(cmd)
        .section("1")
        .source(format!("Hindsight {}", env!("CARGO_PKG_VERSION")))
        .manual("Hindsight Manual")
}
