//! What installing Hindsight relies on, checked without installing it: the shell completions
//! and manual pages generated from the command-line definition name every command, `--version`
//! says the commit, `hindsight PATH` takes no command. (`packaging.rs` checks the package's own
//! files; `packaging/check` builds the `.deb` and runs Debian's tools on it.)

use std::process::{Command, Output};

use clap::CommandFactory;

fn hindsight(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hindsight"))
        .args(args)
        .env_remove("HINDSIGHT_DB")
        .output()
        .expect("the binary runs")
}

fn stdout(args: &[&str]) -> String {
    let out = hindsight(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// Every command a user can type, as clap knows them.
fn commands() -> Vec<String> {
    let names: Vec<String> = hindsight::cli::Cli::command()
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| c.get_name().to_string())
        .collect();
    assert!(names.len() >= 20, "{names:?}");
    names
}

#[test]
fn completions_of_bash_zsh_and_fish_name_every_command() {
    for shell in ["bash", "zsh", "fish"] {
        let script = stdout(&["completions", shell]);
        for command in commands() {
            let named = match shell {
                // fish: `__fish_use_subcommand" -f -a "import"`
                "fish" => script.contains(&format!("-a \"{command}\"")),
                // zsh: `'import:Import Markdown…'` in the commands list
                "zsh" => script.contains(&format!("'{command}:")),
                // bash: `hindsight,import)` in the case over the words typed
                _ => script.contains(&format!("hindsight,{command})")),
            };
            assert!(named, "{shell} completions lack `{command}`");
        }
        assert!(script.contains("--db"), "{shell}: the global flags too");
    }
    let refused = hindsight(&["completions", "tcsh"]);
    assert_eq!(refused.status.code(), Some(2));
}

#[test]
fn the_manual_page_names_every_command_and_each_has_its_own() {
    let page = stdout(&["manual"]);
    assert!(
        page.starts_with(".ie") || page.contains(".TH hindsight 1"),
        "roff: {page:.200}"
    );
    for command in commands() {
        assert!(
            // roff writes every hyphen as `\-`.
            page.contains(&format!("hindsight-{command}(1)").replace('-', "\\-")),
            "hindsight(1) lacks `{command}`"
        );
    }
    assert!(page.contains("HINDSIGHT_DB"), "the environment variable");
    assert!(page.contains(env!("CARGO_PKG_VERSION")));

    let dir = tempfile::tempdir().unwrap();
    let written = stdout(&["manual", "--dir", dir.path().to_str().unwrap()]);
    assert_eq!(written.lines().count(), commands().len() + 1);
    for command in commands() {
        let path = dir.path().join(format!("hindsight-{command}.1"));
        let sub = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{path:?}"));
        assert!(
            sub.contains(&format!("hindsight {command}").replace('-', "\\-")),
            "{path:?} gives the synopsis"
        );
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("hindsight.1")).unwrap(),
        page
    );
}

#[test]
fn version_says_the_release_and_the_commit() {
    let line = stdout(&["--version"]);
    let expected = format!("hindsight {} (commit ", env!("CARGO_PKG_VERSION"));
    assert!(line.starts_with(&expected), "{line}");
    let commit = line
        .trim()
        .trim_start_matches(&expected)
        .trim_end_matches(')');
    assert!(
        commit == "unknown" || (commit.len() >= 7 && commit.chars().all(|c| c.is_ascii_hexdigit())),
        "{line}"
    );
}

#[test]
fn a_path_opens_the_window_and_takes_no_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = hindsight(&[dir.path().to_str().unwrap(), "list", "decisions"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("takes no command"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1);
    // A command's own words are not taken for a path.
    let db = dir.path().join("ws.db");
    let out = hindsight(&["--db", db.to_str().unwrap(), "list", "decisions"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
