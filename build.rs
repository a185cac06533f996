//! Build script: records the git commit the binary is built from, so `hindsight --version`
//! can say it ("unknown" when git or the repository is absent, as in a source tarball).

use std::path::PathBuf;
use std::process::Command;

/// `git ARGS` in the crate's folder, its first line when it succeeded.
fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let line = text.lines().next()?.trim().to_string();
    (out.status.success() && !line.is_empty()).then_some(line)
}

fn main() {
    let commit = git(&["rev-parse", "--short=10", "HEAD"]).unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=HINDSIGHT_COMMIT={commit}");
    // Built again when HEAD moves: HEAD itself (a checkout), the branch it points to (a
    // commit) and packed-refs (a ref packed away). Paths come from git, which knows where a
    // worktree keeps them.
    let mut watched = vec!["HEAD".to_string(), "packed-refs".to_string()];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.push(branch);
    }
    for name in watched {
        if let Some(path) = git(&["rev-parse", "--git-path", &name]) {
            let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
            if path.exists() {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}
