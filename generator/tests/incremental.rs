//! Regenerating the whole corpus: byte-identical runs, a run with nothing changed writes
//! nothing (mtimes unchanged), and changing one page rewrites only the files it feeds.

mod common;

use std::path::{Path, PathBuf};

use msgraph_codegen::emit::EmitOptions;
use msgraph_codegen::pipeline::{generate, DocsInput};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn only_what_changed_is_rewritten() {
    let shared = require_shared!();
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    copy_dir(&shared.join("graph-docs-2021"), &docs);
    let out = tmp.path().join("out");
    let input = DocsInput::new(vec![docs.clone()], "beta");
    let options = EmitOptions {
        docs_label: "docs".into(),
        hook: None,
    };

    let (first, report) = generate(&input, &out, &options).unwrap();
    assert_eq!(report.written.len(), first.emitted.files.len());
    let before = common::files_with_mtimes(&out);

    // Nothing changed: nothing written, not even touched.
    let (second, report) = generate(&input, &out, &options).unwrap();
    assert!(
        report.written.is_empty() && report.removed.is_empty(),
        "{report:?}"
    );
    assert_eq!(first.emitted.files, second.emitted.files, "two runs differ");
    assert_eq!(before, common::files_with_mtimes(&out));

    // One property description changes: only its area's file is rewritten.
    let page = docs.join("v1.0/resources/callrecords-session.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let changed = text.replacen(
        "|UTC time when the last user left the session.",
        "|UTC time when the last participant left the session.",
        1,
    );
    assert_ne!(text, changed);
    std::fs::write(&page, changed).unwrap();
    let (_, report) = generate(&input, &out, &options).unwrap();
    assert_eq!(
        report.written,
        [PathBuf::from("crates/v1_0/src/call_records.rs")]
    );
}
