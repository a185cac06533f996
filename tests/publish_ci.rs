//! The CI recipes of `docs/ci` run as written: each YAML file is read, its `hindsight publish`
//! step taken with the variables the recipe defines (the Pages address a placeholder), and run
//! with the binary under test in a team's repository made here with real git and two commits
//! on known days. The site must have its home page, a page per decision, and the page of the
//! decision whose file has no date dated by its first commit. What installs Hindsight (apt,
//! curl) is left out: no network here.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::adr_repo::{
    FIRST_DAY, INCIDENT, SECOND_DAY, TITLES, UNDATED, adr_repo, between, pages,
};
use serde_yaml_ng::Value;

/// Where the recipes are.
fn recipe(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/ci")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    serde_yaml_ng::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Stands for the address Pages gives the site.
const BASE_URL: &str = "https://example.org/decisions";

/// `key` of a YAML mapping.
fn get<'a>(value: &'a Value, key: &str) -> &'a Value {
    value
        .get(key)
        .unwrap_or_else(|| panic!("no `{key}` in {value:?}"))
}

/// A mapping of names to strings (`env:`, `variables:`), numbers as their text.
fn variables(value: Option<&Value>) -> BTreeMap<String, String> {
    let Some(Value::Mapping(map)) = value else {
        return BTreeMap::new();
    };
    map.iter()
        .map(|(k, v)| {
            let v = match v {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                other => panic!("{k:?}: not a value: {other:?}"),
            };
            (k.as_str().unwrap().to_string(), v)
        })
        .collect()
}

/// GitHub's `${{ … }}` expressions replaced by what they are in the test: the one the recipe
/// may use is the Pages address; any other is a change to the recipe this test must learn.
fn expressions(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${{") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("}}").expect("an expression closes") + start;
        let expression = rest[start + 3..end].trim();
        assert_eq!(
            expression, "steps.pages.outputs.base_url",
            "an expression this test does not know in a step it runs"
        );
        out.push_str(BASE_URL);
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
}

/// Runs `script` with `shell` in `dir`, the binary under test first on the PATH and the
/// recipe's variables set; a home of its own, so nothing of the machine's (or to it) is used.
fn run(shell: &str, script: &str, dir: &Path, vars: &BTreeMap<String, String>, home: &Path) {
    let bin = Path::new(env!("CARGO_BIN_EXE_hindsight")).parent().unwrap();
    let path = std::env::join_paths(std::iter::once(bin.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    std::fs::create_dir_all(home).unwrap();
    let out = Command::new(shell)
        .args(["-e", "-c", script])
        .current_dir(dir)
        .envs(vars)
        .env("PATH", path)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_CONFIG_GLOBAL")
        .env_remove("HINDSIGHT_DB")
        .env_remove("HINDSIGHT_AUTHOR")
        .output()
        .expect("the shell runs");
    assert!(
        out.status.success(),
        "{script}\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // Every record read and every link found: no warning.
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("warning"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// What the site published from the fixture must hold.
fn check_site(out: &Path) {
    assert!(out.join("index.html").is_file(), "no index.html in {out:?}");
    let decisions = pages(out, "decisions");
    let titles: Vec<&str> = decisions.iter().map(|(t, _, _)| t.as_str()).collect();
    assert_eq!(titles, TITLES, "a page per decision");

    let dates = |html: &str| -> String {
        html.split("<p class=\"meta\">")
            .filter_map(|p| p.split("</p>").next())
            .find(|p| p.starts_with("First written "))
            .unwrap_or_default()
            .to_string()
    };
    let page = |title: &str| {
        decisions
            .iter()
            .find(|(t, _, _)| t == title)
            .map(|(_, name, html)| (name.as_str(), html.as_str()))
            .unwrap()
    };
    // No date in the file: the day git first saw it, and the day it last changed.
    let (_, undated) = page(UNDATED);
    assert_eq!(
        dates(undated),
        format!("First written {FIRST_DAY} · last changed {SECOND_DAY}"),
        "{undated}"
    );
    // A `Date:` line is the decision's own date, told with its status; git says when its file
    // was written.
    assert!(
        page(TITLES[0]).1.contains(" on 1 February 2023"),
        "{}",
        page(TITLES[0]).1
    );

    // Links: the superseded decision names its successor; the successor's text links to the
    // postmortem's page, which exists.
    let (successor, pushed) = page(TITLES[2]);
    assert!(
        undated.contains(&format!(">{}</a>”", TITLES[2])),
        "the successor, linked: {undated}"
    );
    let incidents = pages(out, "incidents");
    assert_eq!(incidents.len(), 1);
    assert!(incidents[0].0.contains(INCIDENT), "{}", incidents[0].0);
    assert!(
        pushed.contains(&format!("href=\"../incidents/{}\"", incidents[0].1)),
        "{pushed}"
    );
    // The Pages address: each page's canonical link.
    assert!(
        pushed.contains(&format!(
            "<link rel=\"canonical\" href=\"{BASE_URL}/decisions/{successor}\">"
        )),
        "{pushed}"
    );
}

/// A clone of the fixture as CI checks it out: `depth` commits, or all.
fn checkout(fixture: &Path, into: &Path, depth: Option<u32>) -> PathBuf {
    let url = format!("file://{}", fixture.display());
    let mut args = vec!["clone", "--quiet"];
    let depth = depth.map(|d| d.to_string());
    if let Some(d) = &depth {
        args.extend(["--depth", d]);
    }
    let out = Command::new("git")
        .args(&args)
        .arg(&url)
        .arg(into)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    into.to_path_buf()
}

#[test]
fn the_github_pages_workflow_publishes_the_repository() {
    let workflow = recipe("github-pages.yml");
    let jobs = get(&workflow, "jobs").as_mapping().unwrap();

    // On a push to main, with the permissions a Pages deployment needs.
    let push = get(get(&workflow, "on"), "push");
    assert!(
        get(push, "branches")
            .as_sequence()
            .unwrap()
            .iter()
            .any(|b| b.as_str() == Some("main"))
    );
    let permissions = variables(Some(get(&workflow, "permissions")));
    assert_eq!(permissions["pages"], "write");
    assert_eq!(permissions["id-token"], "write");
    assert_eq!(permissions["contents"], "read");

    let steps = |job: &Value| get(job, "steps").as_sequence().unwrap().clone();
    let uses = |step: &Value| {
        step.get("uses")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let (mut publish, mut artifact, mut deploy) = (None, None, false);
    for (_, job) in jobs {
        let job_env = variables(job.get("env"));
        for step in steps(job) {
            let action = uses(&step);
            if action.starts_with("actions/checkout@") {
                // The whole history, so git dates the pages.
                assert_eq!(get(get(&step, "with"), "fetch-depth").as_u64(), Some(0));
            }
            if action.starts_with("actions/upload-pages-artifact@") {
                artifact = Some(
                    get(get(&step, "with"), "path")
                        .as_str()
                        .unwrap()
                        .to_string(),
                );
            }
            if action.starts_with("actions/deploy-pages@") {
                assert_eq!(
                    get(get(job, "environment"), "name").as_str(),
                    Some("github-pages")
                );
                deploy = true;
            }
            let run = step.get("run").and_then(Value::as_str).unwrap_or("");
            if run.contains("hindsight publish") {
                let mut vars = variables(workflow.get("env"));
                vars.extend(job_env.clone());
                vars.extend(variables(step.get("env")));
                let vars = vars
                    .into_iter()
                    .map(|(k, v)| (k, expressions(&v)))
                    .collect::<BTreeMap<_, _>>();
                publish = Some((expressions(run), vars));
            }
        }
    }
    let (script, vars) = publish.expect("a step runs hindsight publish");
    let artifact = artifact.expect("the site is uploaded with upload-pages-artifact");
    assert!(deploy, "a job deploys with deploy-pages");
    assert_eq!(vars["HINDSIGHT_FROM"], "docs/adr", "{vars:?}");

    let dir = tempfile::tempdir().unwrap();
    let fixture = adr_repo(dir.path());
    let repo = checkout(&fixture, &dir.path().join("checkout"), None);
    // GitHub's default shell for `run`.
    run("bash", &script, &repo, &vars, &dir.path().join("home"));
    check_site(&repo.join(&artifact));
}

#[test]
fn the_gitlab_pages_job_publishes_the_repository() {
    let ci = recipe("gitlab-pages.yml");
    let job = get(&ci, "pages");
    let mut vars = variables(job.get("variables"));
    // The whole history, so git dates the pages.
    assert_eq!(vars["GIT_DEPTH"], "0");
    assert_eq!(vars["HINDSIGHT_FROM"], "docs/adr");
    let artifacts: Vec<&str> = get(get(job, "artifacts"), "paths")
        .as_sequence()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert_eq!(artifacts, ["public"], "GitLab Pages serves public/");

    // The script after Hindsight is installed (apt-get and curl need the network): unshallow,
    // then publish.
    let lines: Vec<&str> = get(job, "script")
        .as_sequence()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert!(lines.iter().any(|l| l.starts_with("hindsight publish ")));
    let script = lines
        .iter()
        .filter(|l| !l.starts_with("apt-get ") && !l.starts_with("curl "))
        .copied()
        .collect::<Vec<_>>()
        .join("\n");

    let dir = tempfile::tempdir().unwrap();
    let fixture = adr_repo(dir.path());
    // A runner that reused a shallow clone (the last commit only): the job must still date the
    // first decision by the first commit.
    let repo = checkout(&fixture, &dir.path().join("builds/team"), Some(1));
    vars.insert("CI_PROJECT_DIR".into(), repo.display().to_string());
    vars.insert("CI_PAGES_URL".into(), BASE_URL.into());
    run("sh", &script, &repo, &vars, &dir.path().join("home"));
    check_site(&repo.join("public"));
}

/// What the test above relies on: the fixture's undated decision, published from a shallow
/// clone, is dated by the one commit there — the reason for `fetch-depth: 0` and `GIT_DEPTH: 0`.
#[test]
fn a_shallow_clone_misdates_the_pages_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = adr_repo(dir.path());
    let repo = checkout(&fixture, &dir.path().join("shallow"), Some(1));
    let out = Command::new(env!("CARGO_BIN_EXE_hindsight"))
        .args(["publish", "site", "--from", "docs/adr"])
        .current_dir(&repo)
        .env_remove("HINDSIGHT_DB")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        stderr.contains("shallow clone") && stderr.contains("fetch-depth: 0"),
        "a shallow clone is named: {stderr}"
    );
    common::ok(out);
    let decisions = pages(&repo.join("site"), "decisions");
    let (_, _, html) = decisions.iter().find(|(t, _, _)| t == UNDATED).unwrap();
    let meta = between(html, "<p class=\"meta\">First written ", "</p>").unwrap();
    assert_eq!(meta, SECOND_DAY, "{html}");
}
