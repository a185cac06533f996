//! The `hindsight` binary: the command line, and with no command the workbench window.

use std::process::ExitCode;

fn main() -> ExitCode {
    hindsight::cli::main_with(|launch| hindsight::ui::run(&launch))
}
