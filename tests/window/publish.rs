//! Workspace → Publish site… in the window: the folder chosen (the path field here, as no
//! file dialog appears headless), the site written in the background, then the bar with Open;
//! and a folder Hindsight did not write refused in one line, nothing written.

use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT, Queryable};

use crate::fixture::*;

#[test]
fn publish_site_from_the_workspace_menu_writes_the_site_and_offers_to_open_it() {
    let mut f = open(true);
    f.click("Workspace");
    f.harness.get_by_label_contains("Publish site…").click();
    f.harness.run();
    // Offered first: `site` beside the workspace file.
    let offered = f.app().files_prompt_path().expect("the path field is open");
    assert_eq!(offered, f._dir.path().join("site").display().to_string());

    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("for-the-board");
    f.type_into("Folder", site.to_str().unwrap());
    f.click("OK");
    f.wait_for_job();

    assert!(site.join("index.html").is_file(), "the site's home page");
    let line = format!("files to {} (", site.display());
    let text = text_of(f.harness.get_by_label_contains(&line));
    assert!(text.starts_with("Published "), "{text}");
    assert!(f.harness.query_by_label("Open").is_some());
    assert!(f.harness.query_by_label("Show in folder").is_some());

    // The next time, the folder just published to is offered again; publishing there again
    // writes nothing new.
    f.click("Dismiss");
    f.click("Workspace");
    f.harness.get_by_label_contains("Publish site…").click();
    f.harness.run();
    assert_eq!(
        f.app().files_prompt_path(),
        Some(site.display().to_string())
    );
    f.click("OK");
    f.wait_for_job();
    assert!(
        f.harness
            .query_by_label_contains(&format!("{} (0 written)", site.display()))
            .is_some(),
        "an unchanged workspace rewrites no page"
    );
}

#[test]
fn a_folder_hindsight_did_not_write_is_refused_in_one_line_and_left_as_it_was() {
    let mut f = open(true);
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("notes.txt"), "mine").unwrap();
    // From Ctrl+K this time.
    f.press(Modifiers::COMMAND, Key::K);
    f.harness
        .get_by_label("Search everything")
        .type_text("publish site");
    f.harness.run();
    f.press(Modifiers::NONE, Key::Enter);
    f.type_into("Folder", out.path().to_str().unwrap());
    f.click("OK");
    f.wait_for_job();

    let text = text_of(
        f.harness
            .get_by_label_contains("holds files Hindsight did not write (notes.txt)"),
    );
    assert!(text.starts_with("The site was not published: "), "{text}");
    assert!(!text.contains('\n'), "one line: {text}");
    assert!(
        f.harness.query_by_label("Open").is_none(),
        "nothing to open"
    );
    let left: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["notes.txt"], "nothing written");
    // The folder refused is not offered again.
    f.click("Dismiss");
    f.click("Workspace");
    f.harness.get_by_label_contains("Publish site…").click();
    f.harness.run();
    assert_eq!(
        f.app().files_prompt_path(),
        Some(f._dir.path().join("site").display().to_string())
    );
}

/// What a label says, as a screen reader reads it.
fn text_of(node: egui_kittest::Node<'_>) -> String {
    let node = node.accesskit_node();
    node.label().or_else(|| node.value()).unwrap_or_default()
}

#[test]
fn a_page_changed_by_hand_is_kept_and_named_under_the_bar() {
    let mut f = open(true);
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let ctx = f.harness.ctx.clone();
    f.harness.state_mut().start_publish(&ctx, site.clone());
    f.wait_for_job();
    let page = site.join("decisions/dec-simple-cache.html");
    let mut html = std::fs::read_to_string(&page).unwrap();
    html.push_str("<!-- our note -->");
    std::fs::write(&page, &html).unwrap();

    // The decision goes; its page, changed since, stays and is named.
    f.select("dec-simple-cache");
    f.press(Modifiers::COMMAND, Key::Delete);
    f.click("Delete");
    f.harness.state_mut().start_publish(&ctx, site.clone());
    f.wait_for_job();
    assert_eq!(std::fs::read_to_string(&page).unwrap(), html);
    f.click("1 warning");
    assert!(
        f.harness
            .query_by_label(
                "Kept decisions/dec-simple-cache.html: changed since Hindsight wrote it."
            )
            .is_some()
    );
}
