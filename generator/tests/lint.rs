//! `msgraph-codegen lint`: the docs' examples checked against their types, at the member's
//! line and column, in the formats CI systems read; `--only`, baselines and exit codes.
//! The fixture (`tests/fixtures/lint`) has one defect of each kind.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use msgraph_codegen::model::Diagnostic;
use msgraph_codegen::pipeline::{lint, DocsInput};
use rand::SeedableRng;
use serde_json::Value;

fn fixture() -> PathBuf {
    common::workspace().join("generator/tests/fixtures/lint")
}

fn run(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_msgraph-codegen"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

/// (file, code, line, column, end column) of the example diagnostics and placeholders.
fn found(diagnostics: &[Diagnostic]) -> Vec<(String, String, u32, u32, u32)> {
    diagnostics
        .iter()
        .filter(|d| {
            d.code.as_str().starts_with("example-") || d.code.as_str() == "placeholder-value"
        })
        .map(|d| {
            (
                d.file.clone(),
                d.code.as_str().to_owned(),
                d.line,
                d.column,
                d.end_column,
            )
        })
        .collect()
}

#[test]
fn each_defect_is_reported_at_its_member() {
    let run = lint(&DocsInput::new(vec![fixture()], "beta")).unwrap();
    let d = &run.model.diagnostics;
    let expect = |file: &str, code: &str, line, column, end| {
        (
            format!("beta/api/{file}"),
            code.to_owned(),
            line,
            column,
            end,
        )
    };
    assert_eq!(
        found(d),
        [
            // An `@odata.type` that names no type; a date-time that is not one; a value
            // that is no member of its enum; a placeholder in a real response.
            expect("widget-get.md", "example-odata-type", 35, 18, 42),
            expect("widget-get.md", "example-type-mismatch", 36, 22, 44),
            expect("widget-get.md", "example-type-mismatch", 37, 12, 20),
            expect("widget-get.md", "placeholder-value", 38, 11, 19),
            // A derived type's member without `@odata.type`; an enum member in the wrong
            // case; a response that is not JSON.
            expect("widget-list.md", "example-odata-type", 33, 5, 34),
            expect("widget-list.md", "example-type-mismatch", 34, 26, 31),
            expect("widget-list.md", "example-not-json", 49, 14, 15),
            // A create without its required member (the other one is given as a link);
            // a string for a collection.
            expect("widget-post.md", "example-missing-required", 33, 1, 2),
            expect("widget-post.md", "example-type-mismatch", 50, 11, 17),
            // An update that sets a read-only member, one the type does not have, and a
            // string for an integer.
            expect("widget-update.md", "example-read-only", 27, 3, 7),
            expect("widget-update.md", "example-unknown-member", 28, 3, 9),
            expect("widget-update.md", "example-type-mismatch", 29, 11, 18),
        ]
    );
    // Every diagnostic says how to fix it and quotes its line.
    for d in d.iter().filter(|d| d.code.as_str().starts_with("example-")) {
        assert!(!d.help.is_empty(), "{d:?}");
        assert!(d.snippet.is_some(), "{d:?}");
    }
    let unknown = d
        .iter()
        .find(|d| d.code.as_str() == "example-unknown-member")
        .unwrap();
    assert_eq!(unknown.help, "did you mean `name`?");
}

#[test]
fn sarif_is_a_valid_sarif_2_1_0_log_with_a_rule_per_code() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(
            common::workspace().join("generator/tests/fixtures/sarif/sarif-schema-2.1.0.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    let mut docs = vec![fixture()];
    // The user's stub pages, where the test data is beside the repository.
    if let Some(shared) = common::shared_corpus() {
        docs.push(shared.join("doc-stubs"));
    }
    for dir in docs {
        let out = run(
            &[
                "lint",
                "--message-format",
                "sarif",
                "--docs",
                dir.to_str().unwrap(),
            ],
            &common::workspace(),
        );
        let log: Value = serde_json::from_slice(&out.stdout).expect("stdout is one JSON log");
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", dir.display());
        let run = &log["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        let results = run["results"].as_array().unwrap();
        assert!(!results.is_empty());
        for r in results {
            let rule = &rules[r["ruleIndex"].as_u64().unwrap() as usize];
            assert_eq!(rule["id"], r["ruleId"]);
            assert!(rule["shortDescription"]["text"].as_str().unwrap().len() > 10);
            let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap();
            assert!(!uri.starts_with('/') && uri.ends_with(".md"), "{uri}");
        }
    }
}

#[test]
fn github_commands_exit_codes_and_only() {
    let dir = common::workspace();
    let docs = "generator/tests/fixtures/lint";
    let out = run(
        &["lint", "--message-format", "github", "--docs", docs],
        &dir,
    );
    assert_eq!(out.status.code(), Some(0), "warnings alone do not fail");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines().any(|l| l
            == "::warning file=generator/tests/fixtures/lint/beta/api/widget-update.md,line=28,col=3,endColumn=9,title=example-unknown-member::`nmae` is not a member of `microsoft.graph.widget`%0Ahelp: did you mean `name`?"),
        "{text}"
    );
    assert!(text
        .lines()
        .last()
        .unwrap()
        .starts_with("::notice title=msgraph-codegen::"));
    let strict = run(&["lint", "--strict", "--docs", docs], &dir);
    assert_eq!(strict.status.code(), Some(1), "--strict fails on warnings");
    // `--only`: by the path the page was read from, or by its docs-relative name.
    for only in [
        "generator/tests/fixtures/lint/beta/api/widget-get.md",
        "beta/api/widget-get.md",
    ] {
        let out = run(
            &[
                "lint",
                "--message-format",
                "json",
                "--docs",
                docs,
                "--only",
                only,
            ],
            &dir,
        );
        let files: Vec<String> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .filter_map(|l| {
                serde_json::from_str::<Value>(l).ok()?["file"]
                    .as_str()
                    .map(String::from)
            })
            .collect();
        assert_eq!(files.len(), 4, "{files:?}");
        assert!(files.iter().all(|f| f == "beta/api/widget-get.md"));
    }
    // Usage and I/O errors: 2.
    let missing = run(
        &[
            "lint",
            "--docs",
            docs,
            "--baseline",
            "no/such/baseline.json",
        ],
        &dir,
    );
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no/such/baseline.json"));
    let bad = run(&["lint", "--message-format", "xml"], &dir);
    assert_eq!(bad.status.code(), Some(2));
}

/// Copies a folder of pages.
fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Writes a baseline of `docs`, then inserts lines at the top of the body of `page` and a
/// defect into `new_defect`'s example: only the new defect is reported.
fn baseline_reports_only_the_new_defect(docs: &Path, page: &str, new_defect: (&str, &str, &str)) {
    let tmp = tempfile::tempdir().unwrap();
    let baseline = tmp.path().join("baseline.json");
    let docs_arg = docs.to_str().unwrap();
    let out = run(
        &[
            "lint",
            "--docs",
            docs_arg,
            "--write-baseline",
            baseline.to_str().unwrap(),
        ],
        tmp.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The page has old defects for the baseline to hold.
    let old = run(
        &[
            "lint",
            "--message-format",
            "json",
            "--docs",
            docs_arg,
            "--only",
            page,
        ],
        tmp.path(),
    );
    let old_defects = String::from_utf8_lossy(&old.stdout)
        .lines()
        .filter(|l| l.contains("\"code\""))
        .count();
    assert!(old_defects > 0, "{page} has no defect to move");
    // An edit above every existing defect of `page`.
    let path = docs.join(page);
    let text = std::fs::read_to_string(&path).unwrap();
    let (front, body) = text.split_at(text.find("\n# ").unwrap());
    std::fs::write(
        &path,
        format!("{front}\n\nA new paragraph.\n\nAnd another one.\n{body}"),
    )
    .unwrap();
    // A new defect.
    let (file, from, to) = new_defect;
    let path = docs.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no `{from}`");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    let out = run(
        &[
            "lint",
            "--message-format",
            "json",
            "--docs",
            docs_arg,
            "--baseline",
            baseline.to_str().unwrap(),
        ],
        tmp.path(),
    );
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let reported: Vec<&Value> = lines.iter().filter(|l| l.get("code").is_some()).collect();
    assert_eq!(reported.len(), 1, "{reported:#?}");
    assert_eq!(reported[0]["code"], "example-unknown-member");
    assert_eq!(reported[0]["file"], file);
}

#[test]
fn a_baseline_leaves_out_the_recorded_defects_even_when_they_move() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    copy_tree(&fixture(), &docs);
    baseline_reports_only_the_new_defect(
        &docs,
        "beta/api/widget-update.md",
        (
            "beta/api/widget-get.md",
            "\"color\": \"purple\",",
            "\"color\": \"red\", \"colour\": \"red\",",
        ),
    );
}

/// The same on the real docs (v1.0, whose pages carry hundreds of old defects): a
/// baseline of all of them, then paragraphs added above a page's defects and one new
/// defect in that page's request.
#[test]
fn a_baseline_of_the_real_docs_lets_only_the_new_defect_through() {
    let shared = require_shared!();
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir_all(docs.join("v1.0")).unwrap();
    copy_tree(&shared.join("graph-docs-2021/v1.0"), &docs.join("v1.0"));
    baseline_reports_only_the_new_defect(
        &docs,
        "v1.0/api/user-update-mailboxsettings.md",
        (
            "v1.0/api/user-update-mailboxsettings.md",
            "\"timeZone\": \"UTC\"",
            "\"timeZone\": \"UTC\", \"timeZoneName\": \"UTC\"",
        ),
    );
}

#[test]
fn the_whole_corpus() {
    let shared = require_shared!();
    let run = lint(&DocsInput::new(
        vec![shared.join("graph-docs-2021")],
        "beta",
    ))
    .unwrap();
    let diagnostics = &run.model.diagnostics;
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for d in diagnostics {
        *counts.entry(d.code.as_str()).or_default() += 1;
    }
    println!("{counts:#?}");
    // The precision sample: 50 example diagnostics picked with a fixed seed, printed to
    // be read (the closing note says how many are real defects of the docs).
    let examples: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.code.as_str().starts_with("example-"))
        .collect();
    let mut rng = rand::rngs::StdRng::seed_from_u64(2026);
    let mut picked =
        rand::seq::index::sample(&mut rng, examples.len(), 50.min(examples.len())).into_vec();
    picked.sort_unstable();
    println!("precision sample (seed 2026):");
    for (n, i) in picked.iter().enumerate() {
        let d = examples[*i];
        println!(
            "{:2}. {}:{}:{} [{}] {}\n      {}",
            n + 1,
            d.file,
            d.line,
            d.column,
            d.code,
            d.message,
            d.snippet.as_deref().unwrap_or_default().trim()
        );
    }
    // What the examples hold, per code (a change in the checker or the parser shows here).
    let example_counts: Vec<(&str, usize)> = counts
        .iter()
        .filter(|(c, _)| c.starts_with("example-") || **c == "placeholder-value")
        .map(|(c, n)| (*c, *n))
        .collect();
    assert_eq!(
        example_counts,
        [
            ("example-missing-required", EXAMPLE_COUNTS[0]),
            ("example-not-json", EXAMPLE_COUNTS[1]),
            ("example-odata-type", EXAMPLE_COUNTS[2]),
            ("example-read-only", EXAMPLE_COUNTS[3]),
            ("example-type-mismatch", EXAMPLE_COUNTS[4]),
            ("example-unknown-member", EXAMPLE_COUNTS[5]),
            ("placeholder-value", EXAMPLE_COUNTS[6]),
        ]
    );
}

/// example-missing-required, example-not-json, example-odata-type, example-read-only,
/// example-type-mismatch, example-unknown-member, placeholder-value.
const EXAMPLE_COUNTS: [usize; 7] = [2, 6, 138, 4, 800, 1217, 3367];
