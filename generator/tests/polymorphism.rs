//! `@odata.type` dispatch and the OData envelopes, as a user of the generated crate sees
//! them: a crate is generated from the fixture docs in `tests/fixtures/polymorphism`
//! (attachments, an abstract `outlookItem`, directory objects, a PATCH whose member has a
//! derived type, five areas), then
//! - `fixtures/polymorphism/check.rs` runs against it with every feature,
//! - `fixtures/polymorphism/single_area.rs` with the `beta-outlook` feature alone, where a
//!   derived type of another area is not compiled,
//! - and a `match` over an `Any…` enum without a wildcard arm must not compile, so that a
//!   feature that adds variants cannot break it.
//!
//! Each is a small crate built with cargo (offline, with the workspace's locked versions).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use msgraph_codegen::emit::EmitOptions;
use msgraph_codegen::pipeline::{generate, DocsInput};

fn fixture() -> PathBuf {
    common::workspace().join("generator/tests/fixtures/polymorphism")
}

fn work() -> PathBuf {
    common::workspace().join("target/polymorphism")
}

/// Generates the fixture's crate (once per test binary run; the tests share it).
fn models() -> PathBuf {
    static MODELS: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    MODELS
        .get_or_init(|| {
            let out = work().join("models");
            let input = DocsInput::new(vec![fixture()], "beta");
            let options = EmitOptions {
                docs_label: "polymorphism fixture".into(),
                hook: None,
            };
            let (run, _) = generate(&input, &out, &options).expect("the fixture generates");
            let (errors, warnings, _) = run.model.model.severity_counts();
            assert_eq!(
                (errors, warnings),
                (0, 0),
                "the fixture's pages are clean: {:#?}",
                run.model.model.diagnostics
            );
            out
        })
        .clone()
}

/// A crate that depends on the fixture's crate (with `features`, or all of them) and has
/// `lib` as its library: its tests are the ones in that file.
fn harness(name: &str, features: Option<&str>, lib: &str) -> PathBuf {
    let dir = work().join(name);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let dependency = match features {
        Some(f) => format!(", default-features = false, features = [{f:?}]"),
        None => String::new(),
    };
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\n[workspace]\n\
             [dependencies]\nmsgraph-models = {{ path = {:?}{dependency} }}\nserde = \"1\"\nserde_json = \"1\"\n",
            models()
        ),
    )
    .unwrap();
    std::fs::write(dir.join("src/lib.rs"), lib).unwrap();
    std::fs::copy(
        common::workspace().join("Cargo.lock"),
        dir.join("Cargo.lock"),
    )
    .unwrap();
    dir
}

fn cargo(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", work().join("target"))
        .output()
        .expect("cargo runs")
}

fn assert_ok(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs the tests of `file` (in the fixture folder) against the fixture's crate.
fn run_tests(name: &str, features: Option<&str>, file: &str) {
    let lib = std::fs::read_to_string(fixture().join(file)).unwrap();
    let dir = harness(name, features, &format!("#![cfg(test)]\n{lib}"));
    // The lock is the workspace's, so its packages are ones the workspace builds; fetching
    // keeps this test self-sufficient on a fresh machine, and the builds stay offline.
    assert_ok(&cargo(&dir, &["fetch"]), "cargo fetch");
    let out = cargo(&dir, &["test", "--offline"]);
    println!("{}", String::from_utf8_lossy(&out.stdout));
    assert_ok(&out, &format!("the tests of {file}"));
}

#[test]
fn the_generated_crate_dispatches_on_odata_type_and_reads_the_envelopes() {
    run_tests("check", None, "check.rs");
}

#[test]
fn one_area_alone_reads_a_derived_type_it_does_not_compile_as_its_ancestor() {
    run_tests("single-area", Some("beta-outlook"), "single_area.rs");
}

#[test]
fn a_match_over_an_any_enum_needs_a_wildcard_arm() {
    let body = |arms: &str| {
        format!(
            "pub fn kind(a: &msgraph_models::beta::AnyAttachment) -> &'static str {{\n\
             use msgraph_models::beta::AnyAttachment as A;\n\
             match a {{\n\
             A::Attachment(_) => \"base\",\n\
             A::FileAttachment(_) => \"file\",\n\
             A::ItemAttachment(_) => \"item\",\n\
             A::ReferenceAttachment(_) => \"reference\",\n\
             {arms}}}\n}}\n"
        )
    };
    let dir = harness("exhaustive", None, &body(""));
    let out = cargo(&dir, &["check", "--offline", "--message-format", "short"]);
    assert!(!out.status.success(), "a match without `_` compiled");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("E0004"), "{err}");
    let dir = harness("exhaustive", None, &body("_ => \"other\",\n"));
    assert_ok(
        &cargo(&dir, &["check", "--offline"]),
        "a match with a wildcard arm",
    );
}
