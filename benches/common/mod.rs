//! What the benchmarks share: the user's `git`, as a bench identity.

use std::path::Path;
use std::process::Command;

/// `git -C dir ARGS` as "bench", which must succeed.
pub fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=bench",
            "-c",
            "user.email=bench@example.com",
        ])
        .args(args)
        .status()
        .expect("git runs")
        .success();
    assert!(ok, "git {args:?}");
}
