//! The `msgraph-codegen` binary as a docs maintainer runs it.

mod common;

use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_msgraph-codegen"))
}

#[test]
fn model_prints_rustc_style_diagnostics_and_a_summary() {
    let shared = require_shared!();
    let out = bin()
        .args(["model", "--docs"])
        .arg(shared.join("doc-stubs"))
        .output()
        .unwrap();
    assert!(out.status.success(), "warnings alone do not fail");
    let model: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(model["types"].as_array().unwrap().len() >= 5);
    let err = String::from_utf8_lossy(&out.stderr);
    let err = strip_ansi(&err);
    assert!(
        err.contains("warning[missing-uri]: request line has no URI"),
        "{err}"
    );
    assert!(
        err.contains("--> beta/api/industrydata-incomingflowrun-update.md:33:7"),
        "{err}"
    );
    assert!(
        err.contains(
            "33 | PATCH ** Entity URI for microsoft.graph.industryData.incomingFlowRun not found"
        ),
        "{err}"
    );
    assert!(err.contains("help: replace the placeholder"), "{err}");
    // The defect itself is underlined: the whole placeholder, not its first word.
    let placeholder = "** Entity URI for microsoft.graph.industryData.incomingFlowRun not found";
    assert_eq!(
        underline_below(&err, &format!("33 | PATCH {placeholder}")),
        placeholder.len()
    );
    assert_eq!(
        underline_below(&err, "80 |   \"blockingError\": \"<Unknown None>\","),
        "<Unknown None>".len()
    );
    let summary = err.lines().last().unwrap();
    assert!(
        summary.starts_with("summary: 5 pages, 8 types, 1 operation: 0 errors,"),
        "{summary}"
    );
}

/// The number of `^` under the first rendering of a source line.
fn underline_below(rendered: &str, source_line: &str) -> usize {
    let mut lines = rendered.lines();
    lines
        .find(|l| l.trim_end() == source_line)
        .unwrap_or_else(|| panic!("no `{source_line}` in {rendered}"));
    let marks = lines.next().unwrap_or_default();
    marks.chars().filter(|c| *c == '^').count()
}

#[test]
fn strict_fails_on_warnings() {
    let shared = require_shared!();
    let status = bin()
        .args(["model", "--strict", "--out"])
        .arg(std::env::temp_dir().join("msgraph-strict-model.json"))
        .arg("--docs")
        .arg(shared.join("doc-stubs"))
        .output()
        .unwrap()
        .status;
    assert_eq!(status.code(), Some(1));
}

#[test]
fn json_diagnostics_are_one_object_per_line() {
    let shared = require_shared!();
    let out = bin()
        .args(["model", "--message-format", "json", "--out"])
        .arg(std::env::temp_dir().join("msgraph-json-model.json"))
        .arg("--docs")
        .arg(shared.join("doc-stubs"))
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<serde_json::Value> = err
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let last = lines.last().unwrap();
    assert_eq!(last["summary"]["pages"], 5);
    let uri = lines
        .iter()
        .find(|l| l["code"] == "missing-uri" && l["line"] == 33)
        .unwrap();
    assert_eq!(
        (&uri["column"], &uri["end_column"]),
        (&7.into(), &79.into()),
        "{uri}"
    );
    let todo = lines.iter().find(|l| l["code"] == "todo").unwrap();
    for key in ["severity", "file", "line", "column", "message", "help"] {
        assert!(!todo[key].is_null(), "{key} in {todo}");
    }
}

#[test]
fn verify_prints_the_four_figures() {
    let shared = require_shared!();
    let out = bin()
        .args(["verify", "--limit", "3", "--docs"])
        .arg(shared.join("graph-docs-2021/v1.0"))
        .arg("--csdl")
        .arg(shared.join("csdl-2021/v1.0_metadata.xml"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for figure in [
        "types found:",
        "CSDL properties found:",
        "with exactly the CSDL type:",
        "type agreement",
        "base types right:",
        "enum member lists right:",
    ] {
        assert!(text.contains(figure), "{figure} in {text}");
    }
    assert!(
        text.contains("v1.0/resources/"),
        "mismatches name the doc file: {text}"
    );
}

#[test]
fn a_folder_that_is_not_a_docs_root_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = bin()
        .args(["model", "--docs"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a docs root"));
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn io_errors_name_the_path_they_concern() {
    // Needs no corpus: the docs are an empty `resources/` + `api/` folder.
    let dir = std::env::temp_dir().join(format!("msgraph-cli-errors-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("docs/resources")).unwrap();
    std::fs::create_dir_all(dir.join("docs/api")).unwrap();
    std::fs::write(dir.join("a-file"), "").unwrap();
    let stderr_of = |args: &[&std::ffi::OsStr]| {
        let out = bin().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        String::from_utf8(out.stderr).unwrap()
    };
    let docs = dir.join("docs");
    let missing = dir.join("missing.xml");
    let err = stderr_of(&[
        "verify".as_ref(),
        "--docs".as_ref(),
        docs.as_os_str(),
        "--csdl".as_ref(),
        missing.as_os_str(),
    ]);
    assert!(
        err.starts_with(&format!("error: cannot read {}: ", missing.display())),
        "{err}"
    );
    let not_xml = dir.join("a-file");
    let err = stderr_of(&[
        "verify".as_ref(),
        "--docs".as_ref(),
        docs.as_os_str(),
        "--csdl".as_ref(),
        not_xml.as_os_str(),
    ]);
    assert!(
        err.starts_with(&format!("error: {} is not CSDL XML: ", not_xml.display())),
        "{err}"
    );
    // A file where a folder must be: the crate cannot be written, and the path says where.
    let out = dir.join("a-file").join("crate");
    let err = stderr_of(&[
        "generate".as_ref(),
        "--docs".as_ref(),
        docs.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert!(
        err.contains(&format!("cannot create folder {}", out.display())),
        "{err}"
    );
    let json = dir.join("a-file").join("model.json");
    let err = stderr_of(&[
        "model".as_ref(),
        "--docs".as_ref(),
        docs.as_os_str(),
        "--out".as_ref(),
        json.as_os_str(),
    ]);
    assert!(
        err.contains(&format!("cannot create {}", json.display())),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
