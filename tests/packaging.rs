//! The package's own files agree with the code and with each other, checked with no packaging
//! tool: the desktop entry opens workspaces, the MIME type matches a real workspace file by
//! its name and by the application id SQLite keeps at offset 68, every icon is the size its
//! name says, every file the package lists is there, and the release has its notes.
//! (`packaging/check` builds the `.deb` and runs dpkg-deb, lintian, desktop-file-validate and
//! xmllint on it.)

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hindsight::store::{APPLICATION_ID, Store};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `[package.metadata.packager]` of Cargo.toml: cargo-packager's one description of every
/// package.
fn packager() -> toml::Table {
    let manifest: toml::Table = toml::from_str(&read("Cargo.toml")).unwrap();
    manifest["package"]["metadata"]["packager"]
        .as_table()
        .expect("[package.metadata.packager]")
        .clone()
}

/// The desktop entry's keys, as the launcher reads them.
fn desktop_entry() -> BTreeMap<String, String> {
    let text = read("packaging/linux/hindsight.desktop");
    assert!(text.starts_with("[Desktop Entry]\n"));
    text.lines()
        .skip(1)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (key, value) = l.split_once('=').expect("key=value");
            (key.to_string(), value.to_string())
        })
        .collect()
}

#[test]
fn the_launcher_entry_opens_the_window_on_a_workspace() {
    let entry = desktop_entry();
    assert_eq!(entry["Type"], "Application");
    assert_eq!(entry["Name"], "Hindsight");
    assert_eq!(
        entry["Exec"], "hindsight %f",
        "%f: the file opened, as hindsight PATH"
    );
    assert_eq!(entry["Icon"], "hindsight");
    assert_eq!(entry["Terminal"], "false");
    assert_eq!(
        entry["StartupWMClass"], "hindsight",
        "the window's app id (src/ui/mod.rs)"
    );
    assert!(!entry["Comment"].is_empty());
    assert!(entry["Categories"].starts_with("Development;"));
    let association = &packager()["file-associations"][0];
    let mime = association["mime-type"].as_str().unwrap();
    assert_eq!(mime, "application/x-hindsight-workspace");
    assert_eq!(entry["MimeType"], format!("{mime};"));
    // The template is used as it is: what desktop-file-validate checks is what ships.
    assert!(!read("packaging/linux/hindsight.desktop").contains("{{"));
}

#[test]
fn the_mime_type_matches_a_real_workspace_by_name_and_by_application_id() {
    let xml = read("packaging/linux/hindsight.xml");
    assert!(xml.contains(r#"<mime-type type="application/x-hindsight-workspace">"#));
    let extension = packager()["file-associations"][0]["extensions"][0]
        .as_str()
        .unwrap()
        .to_string();
    assert!(xml.contains(&format!(r#"<glob pattern="*.{extension}"/>"#)));
    let magic = format!(r#"<match type="big32" value="{APPLICATION_ID:#010x}" offset="68"/>"#);
    assert!(xml.contains(&magic), "the magic is APPLICATION_ID: {magic}");
    assert!(xml.contains(r#"<match type="string" value="SQLite format 3" offset="0">"#));

    // A workspace on disk carries both, from the moment it is made: while it is still open
    // (its changes in the write-ahead log), and after.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("team.{extension}"));
    let store = Store::open(&path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"SQLite format 3\0"));
    assert_eq!(bytes[68..72], APPLICATION_ID.to_be_bytes(), "while open");
    drop(store);
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(bytes[68..72], APPLICATION_ID.to_be_bytes());
}

/// A PNG's width and height, from its header.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{path:?} is a PNG");
    let word = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (word(16), word(20))
}

#[test]
fn every_icon_is_the_size_its_name_says_from_48_to_512_and_the_svg_is_their_source() {
    let icons: Vec<String> = packager()["icons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    let mut sizes = Vec::new();
    for icon in icons.iter().filter(|i| i.ends_with(".png")) {
        let size: u32 = icon
            .trim_start_matches("assets/icon/hindsight-")
            .trim_end_matches(".png")
            .parse()
            .unwrap_or_else(|_| panic!("{icon}: named by its size"));
        assert_eq!(png_size(&root().join(icon)), (size, size), "{icon}");
        sizes.push(size);
    }
    assert_eq!(sizes, [48, 64, 128, 256, 512]);
    assert!(
        icons.iter().any(|i| i.ends_with(".ico")),
        "Windows needs an .ico"
    );
    let ico = std::fs::read(root().join("assets/icon/hindsight.ico")).unwrap();
    assert_eq!(ico[..4], [0, 0, 1, 0], "an icon directory");
    assert!(read("assets/icon/hindsight.svg").contains("<svg"));
}

#[test]
fn every_file_the_package_lists_is_there_or_made_by_build_deb() {
    let deb = packager()["deb"].as_table().unwrap().clone();
    let files = deb["files"].as_table().unwrap();
    let build_deb = read("packaging/build-deb");
    let destinations: Vec<&str> = files.values().map(|v| v.as_str().unwrap()).collect();
    for wanted in [
        "usr/share/bash-completion/completions/hindsight",
        "usr/share/zsh/vendor-completions/_hindsight",
        "usr/share/fish/vendor_completions.d/hindsight.fish",
        "usr/share/man/man1",
        "usr/share/doc/hindsight",
        "usr/share/mime/packages/hindsight.xml",
        "usr/share/icons/hicolor/scalable/apps/hindsight.svg",
    ] {
        assert!(
            destinations.contains(&wanted),
            "the package installs {wanted}"
        );
    }
    for source in files.keys() {
        if let Some(made) = source.strip_prefix("target/packaging/") {
            let name = made.rsplit('/').next().unwrap();
            assert!(build_deb.contains(name), "build-deb makes {source}");
        } else {
            assert!(
                root().join(source).exists(),
                "{source} is in the repository"
            );
        }
    }
    assert!(
        root()
            .join(deb["desktop-template"].as_str().unwrap())
            .exists()
    );
    assert!(
        root()
            .join(packager()["license-file"].as_str().unwrap())
            .exists()
    );
    assert!(build_deb.contains("packaging/linux/depends"));
    // macOS and Windows are described by the same configuration.
    for platform in ["macos", "dmg", "wix"] {
        assert!(
            packager().contains_key(platform),
            "[package.metadata.packager.{platform}]"
        );
    }
}

#[test]
fn this_version_has_its_release_notes() {
    let changelog = read("CHANGELOG.md");
    assert!(changelog.starts_with("# Changelog\n"));
    assert!(changelog.contains("## [Unreleased]"));
    let heading = format!("## [{}] - ", env!("CARGO_PKG_VERSION"));
    let at = changelog
        .find(&heading)
        .expect("a section for this version");
    let date = &changelog[at + heading.len()..][..10];
    assert!(
        chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok(),
        "dated YYYY-MM-DD: {date}"
    );
    assert!(changelog[at..].contains("### Added"));
}
