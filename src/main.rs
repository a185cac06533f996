//! The `hindsight` binary: the command line, and with no command the workbench window.

use std::process::ExitCode;

fn main() -> ExitCode {
    hindsight::cli::main_with(|path| {
        println!(
            "The workbench window is not part of this build yet. Workspace: {}\n\
             Try: hindsight list decisions | hindsight trace ADR-3 | hindsight search polling | hindsight --help",
            path.display()
        );
        Ok(())
    })
}
