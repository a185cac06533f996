//! Files and the team in the window: workspaces, imports, exports, reports, sync.

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use hindsight::domain::Decision;

use crate::common::corpus;
use crate::fixture::*;

#[test]
fn new_and_open_workspace_switch_the_window_and_remember_it() {
    let mut f = open(true);
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("team.db");
    f.harness.state_mut().new_workspace(&fresh);
    f.harness.run();
    assert!(f.harness.query_by_label_contains("Decisions  0").is_some());
    assert!(
        f.harness.query_by_label_contains("Checklists  8").is_some(),
        "templates come along"
    );
    f.press(Modifiers::COMMAND, Key::N);
    f.type_into("Title", "Our first decision");

    let demo = f._dir.path().join("ws.db");
    f.harness.state_mut().open_workspace(&demo);
    f.harness.run();
    assert!(f.harness.query_by_label_contains("Decisions  10").is_some());
    f.harness.state_mut().open_workspace(&fresh);
    f.harness.run();
    assert!(
        f.harness.query_by_label("Our first decision").is_some(),
        "the edit was saved"
    );
    f.click("Workspace");
    assert!(
        f.harness.query_by_label("Open workspace… Ctrl+O").is_some(),
        "in the Workspace menu"
    );
    f.harness.key_press(Key::Escape);
    f.harness.run();
    let recent = f.app().recent().to_vec();
    assert_eq!(recent[0], fresh.display().to_string());
    assert_eq!(recent[1], demo.display().to_string());

    f.harness
        .state_mut()
        .open_workspace(&dir.path().join("missing.db"));
    f.harness.run();
    assert!(
        f.harness.query_by_label_contains("Decisions  1").is_some(),
        "a bad path changes nothing"
    );
}

#[test]
fn dropping_a_folder_imports_it_in_the_background() {
    let mut f = open(false);
    f.harness.input_mut().hovered_files.push(egui::HoveredFile {
        path: Some(corpus("adr-tools")),
        ..Default::default()
    });
    // Hovering files keeps egui repainting: step instead of waiting to settle.
    f.harness.run_steps(2);
    assert!(
        f.harness
            .query_by_label_contains("Drop files or folders to import")
            .is_some()
    );
    f.harness.input_mut().hovered_files.clear();
    f.harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(corpus("adr-tools"))));
    f.harness.step();
    assert!(f.app().is_busy(), "the import runs off the UI thread");
    f.wait_for_job();
    assert!(f.harness.query_by_label_contains("Decisions  9").is_some());
    assert!(f.harness.query_by_label("Help scripts").is_some());
    let report = f.app().last_import().unwrap();
    assert_eq!(report.created(), 9);
    assert_eq!(report.skipped(), 2);
    // Opening an imported record shows what the file said.
    f.click("Help scripts");
    let decision: Decision = f.selected();
    assert_eq!(decision.number, Some(9));
}

#[test]
fn a_failed_file_opens_the_import_report_and_export_writes_the_tree() {
    let mut f = open(true);
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("incoming");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(
        corpus("postmortems-dfds").join("PM2021-011 - Log4Shell.md"),
        folder.join("PM2021-011 - Log4Shell.md"),
    )
    .unwrap();
    std::fs::write(folder.join("broken.md"), b"# Broken\n\xff\xfe").unwrap();
    let ctx = f.harness.ctx.clone();
    f.harness
        .state_mut()
        .start_import(&ctx, vec![folder.clone()]);
    f.wait_for_job();
    assert!(f.harness.query_by_label("Import report").is_some());
    assert!(
        f.harness
            .query_by_label_contains("broken.md: not UTF-8 text")
            .is_some(),
        "the report names the file and the reason"
    );
    assert!(f.harness.query_by_label_contains("Incidents  33").is_some());
    // A section with no field of its own is kept, and editable under its heading.
    let (_, id) = f.app().session().store().resolve("PM2021-011").unwrap();
    f.harness.state_mut().select(Some(id));
    f.harness.run();
    f.harness.get_by_label("Attendees");

    f.click("Workspace");
    assert!(
        f.harness
            .query_by_label("Import Markdown files… Ctrl+I")
            .is_some()
    );
    assert!(f.harness.query_by_label("Export for git… Ctrl+E").is_some());
    f.harness.key_press(Key::Escape);
    f.harness.run();

    let out = dir.path().join("tree");
    f.harness.state_mut().start_export(&ctx, out.clone(), false);
    f.wait_for_job();
    assert!(out.join("index.md").exists());
    assert_eq!(
        std::fs::read_dir(out.join("decisions")).unwrap().count(),
        10
    );
    assert_eq!(
        std::fs::read_dir(out.join("postmortems")).unwrap().count(),
        33
    );
}

#[test]
fn the_report_is_written_from_the_window_in_the_background() {
    let mut f = open(true);
    let out = f._dir.path().join("report.html");
    let ctx = f.harness.ctx.clone();
    f.harness
        .state_mut()
        .start_report(&ctx, out.clone(), hindsight::report::Format::Html, None);
    f.wait_for_job();
    let page = std::fs::read_to_string(&out).unwrap();
    assert_eq!(page.matches("<section class=\"decision\"").count(), 10);
}

#[test]
fn without_a_file_dialog_the_window_asks_for_the_path_and_names_what_it_wrote() {
    let mut f = open(true);
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("for-the-board.html");
    // No dialog service here: Ctrl+R opens a path field instead of failing silently.
    f.press(Modifiers::COMMAND, Key::R);
    assert!(
        f.harness
            .query_by_label_contains("No file dialog is available here")
            .is_some()
    );
    f.type_into("File", target.to_str().unwrap());
    f.click("OK");
    f.wait_for_job();
    assert!(target.exists(), "the report was written");
    assert!(
        f.harness
            .query_by_label_contains(&format!("Report written to {}", target.display()))
            .is_some()
    );
    assert!(f.harness.query_by_label("Open").is_some());
    assert!(f.harness.query_by_label("Show in folder").is_some());
    // The next time, the field starts in that folder.
    f.press(Modifiers::COMMAND, Key::R);
    f.harness.run();
    let again = f.app().files_prompt_path().unwrap();
    assert!(again.starts_with(out.path().to_str().unwrap()), "{again}");
}

#[test]
fn a_field_changed_on_both_sides_shows_both_values_and_a_choice() {
    let decision = Decision {
        status: hindsight::domain::DecisionStatus::Deprecated,
        ..Decision::new("Queue refunds")
    };
    let id = decision.id.clone();
    let mut f = open_with(|store| {
        store
            .write("a sync found a clash", |w| {
                w.put(&decision)?;
                w.add_conflict(&hindsight::store::Conflict {
                    id: decision.id.clone(),
                    field: "status".into(),
                    mine: "deprecated".into(),
                    theirs: "rejected".into(),
                })
            })
            .unwrap();
    });
    f.select(&id);
    assert!(f.harness.query_by_label("Changed on both sides").is_some());
    assert!(
        f.harness.query_by_label("rejected").is_some(),
        "their value is shown"
    );
    f.click("Take theirs (status)");
    let now: Decision = f.selected();
    assert_eq!(now.status.as_str(), "rejected");
    assert!(f.harness.query_by_label("Changed on both sides").is_none());
    assert!(f.app().session().store().conflicts().unwrap().is_empty());
}

#[test]
fn your_name_is_set_once_and_carried_by_every_change() {
    let mut f = open(true);
    f.click("Workspace");
    f.harness.get_by_label_contains("Your name…").click();
    f.harness.run();
    f.type_into("Name on your changes", "Grace Kim");
    f.click("Save name");
    assert_eq!(f.app().prefs().author.as_deref(), Some("Grace Kim"));
    // The next change carries it.
    let id = f
        .app()
        .session()
        .store()
        .list::<Decision>()
        .unwrap()
        .remove(0)
        .id;
    f.select(&id);
    f.type_into("Plain-language summary", "Said plainly.");
    let history = f.app().session().store().history(&id).unwrap();
    assert_eq!(history[0].author, "Grace Kim", "the newest revision");
}

/// Runs git in `repo` as a teammate would, and returns what it printed.
fn git(repo: &std::path::Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(["-c", "user.name=Team", "-c", "user.email=team@example.com"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// A team's repository with the Markdown files of the `corpus` in `doc/adr`, committed, no
/// remote.
fn adr_repo(corpus_name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let repo = tempfile::tempdir().unwrap();
    let adr = repo.path().join("doc/adr");
    std::fs::create_dir_all(&adr).unwrap();
    for entry in std::fs::read_dir(corpus(corpus_name)).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            std::fs::copy(&path, adr.join(path.file_name().unwrap())).unwrap();
        }
    }
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-q", "-m", "ADRs"]);
    (repo, adr)
}

#[test]
fn sync_runs_in_the_background_and_writes_changes_into_the_teams_files() {
    let (repo, adr) = adr_repo("adr-tools");
    let git = |args: &[&str]| git(repo.path(), args);
    let mut f = open(false);
    let ctx = f.harness.ctx.clone();
    f.harness.state_mut().start_sync(&ctx, Some(adr.clone()));
    f.wait_for_job();
    assert!(f.harness.query_by_label_contains("Decisions  9").is_some());
    // An edit in the window goes into the file and a commit at the next sync.
    let id = f
        .app()
        .session()
        .store()
        .list::<Decision>()
        .unwrap()
        .into_iter()
        .find(|d| d.number == Some(2))
        .unwrap()
        .id;
    f.select(&id);
    f.type_into(
        "Plain-language summary",
        "Shell scripts keep adr-tools small.",
    );
    f.harness.state_mut().start_sync(&ctx, None);
    f.wait_for_job();
    let text = std::fs::read_to_string(adr.join("0002-implement-as-shell-scripts.md")).unwrap();
    assert!(
        text.contains("## Summary\n\nShell scripts keep adr-tools small.\n"),
        "{text}"
    );
    assert!(git(&["log", "--format=%s"]).contains("Hindsight: ADR-2: Implement as shell scripts"));
    assert_eq!(git(&["status", "--short"]), "");
}

#[test]
fn the_path_field_takes_the_keyboard_when_it_opens() {
    let mut f = open(true);
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("typed-without-a-click.html");
    // No dialog service: the path field opens, and typing goes straight into it, no click.
    f.press(Modifiers::COMMAND, Key::R);
    let offered = f.app().files_prompt_path().expect("the path field is open");
    f.harness
        .input_mut()
        .events
        .push(egui::Event::Text("board.html".into()));
    f.harness.run();
    let typed = f.app().files_prompt_path().unwrap();
    // The file name was selected: typing replaced it and kept the folder.
    assert_eq!(
        typed,
        offered.replace("report.html", "board.html"),
        "typing reached the field"
    );
    // The whole path, from the keyboard only, and Enter writes the report there.
    f.press(Modifiers::COMMAND, Key::A);
    f.harness
        .input_mut()
        .events
        .push(egui::Event::Text(target.display().to_string()));
    f.harness.run();
    assert_eq!(
        f.app().files_prompt_path(),
        Some(target.display().to_string())
    );
    f.press(Modifiers::NONE, Key::Enter);
    f.wait_for_job();
    assert!(target.exists(), "the report was written where typed");
}

#[test]
fn sync_says_what_it_read_created_changed_and_skipped_with_the_import_report_a_click_away() {
    let (_repo, adr) = adr_repo("madr");
    let mut f = open(false);
    let ctx = f.harness.ctx.clone();
    f.harness.state_mut().start_sync(&ctx, Some(adr.clone()));
    f.wait_for_job();
    let store = f.app().session().store();
    let decisions = store.list::<Decision>().unwrap().len();
    let tradeoffs = store.list::<hindsight::domain::TradeOff>().unwrap().len();
    assert!(decisions > 0 && tradeoffs > 0);
    // The team's files: not the .hindsight/ folder the sync wrote beside them.
    let files = std::fs::read_dir(&adr)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_file())
        .count();
    let skipped = files - decisions;
    // Not "0 files committed, 0 pulled": what was read, what it became, what was skipped.
    let said = format!(
        "read {decisions} decisions and {tradeoffs} trade-offs from {files} files ({} new, 0 changed, {skipped} files skipped)",
        decisions + tradeoffs
    );
    assert!(
        f.harness.query_by_label_contains(&said).is_some(),
        "the bar says {said:?}"
    );
    let created = "Created Decision “Use Markdown Architectural Decision Records”";
    assert!(f.harness.query_by_label_contains(created).is_none());
    f.click("Show the import report");
    assert!(
        f.harness.query_by_label_contains(created).is_some(),
        "the report names every file and what it became"
    );

    // A file changed by hand is read as changed at the next sync.
    let file = adr.join("0005-use-dashes-in-filenames.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("# Use Dashes in Filenames", "# Use Dashes in File Names"),
    )
    .unwrap();
    f.harness.state_mut().start_sync(&ctx, None);
    f.wait_for_job();
    assert!(
        f.harness
            .query_by_label_contains("(0 new, 1 changed")
            .is_some(),
        "one record changed, none new"
    );
}

#[test]
fn an_empty_workspace_offers_to_import_a_folder_or_sync_with_a_repository() {
    let mut f = open(false);
    assert!(
        f.harness
            .query_by_label("Sync with a repository…")
            .is_some()
    );
    // No dialog service here: the button asks for the folder in the window, and imports it.
    f.click("Import a folder…");
    assert!(
        f.harness
            .query_by_label("Import a folder of ADRs or postmortems")
            .is_some()
    );
    f.type_into("Folder", corpus("adr-tools").to_str().unwrap());
    f.click("OK");
    f.wait_for_job();
    assert!(f.harness.query_by_label_contains("Decisions  9").is_some());
    assert!(
        f.harness.query_by_label("Import a folder…").is_none(),
        "a list with records offers no import"
    );
}

#[test]
fn a_workspace_made_in_a_git_work_tree_is_offered_to_its_gitignore() {
    let repo = tempfile::tempdir().unwrap();
    git(repo.path(), &["init", "-q"]);
    let gitignore = repo.path().join(".gitignore");
    std::fs::write(&gitignore, "target/\n*.log").unwrap();
    let mut f = open(true);
    let workspace = repo.path().join("docs/hindsight.db");
    std::fs::create_dir_all(workspace.parent().unwrap()).unwrap();
    f.harness.state_mut().new_workspace(&workspace);
    let start = std::time::Instant::now();
    while f.app().is_asking_git() {
        assert!(start.elapsed().as_secs() < 30, "git did not answer");
        std::thread::sleep(std::time::Duration::from_millis(10));
        f.harness.step();
    }
    f.harness.run();
    assert!(f.harness.query_by_label("Untracked in git").is_some());
    let untracked = git(
        repo.path(),
        &["status", "--porcelain", "--untracked-files=all"],
    );
    assert!(untracked.contains("docs/hindsight.db"), "{untracked}");
    // One click, and git no longer sees the workspace nor its journal; the old lines stay.
    f.click("Add them to .gitignore");
    assert!(f.harness.query_by_label("Untracked in git").is_none());
    let text = std::fs::read_to_string(&gitignore).unwrap();
    assert!(text.starts_with("target/\n*.log\n"), "{text}");
    assert!(
        text.ends_with("\n/docs/hindsight.db\n/docs/hindsight.db-wal\n/docs/hindsight.db-shm\n"),
        "{text}"
    );
    let untracked = git(
        repo.path(),
        &["status", "--porcelain", "--untracked-files=all"],
    );
    assert!(!untracked.contains("hindsight.db"), "{untracked}");

    // A workspace outside any repository is not warned about.
    let demo = f._dir.path().join("ws.db");
    f.harness.state_mut().open_workspace(&demo);
    while f.app().is_asking_git() {
        std::thread::sleep(std::time::Duration::from_millis(10));
        f.harness.step();
    }
    f.harness.run();
    assert!(f.harness.query_by_label("Untracked in git").is_none());
}
