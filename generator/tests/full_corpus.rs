//! The whole 2021 corpus as a crate: it generates, builds with zero warnings (all features,
//! and area features alone), documents without broken links, and every response example
//! and JSON representation block whose type is generated round-trips through it.
//!
//! Slow (it builds a crate of ~35 MB of source); it runs in CI, where the corpus is present.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use msgraph_codegen::emit::names::ident;
use msgraph_codegen::emit::space::Space;
use msgraph_codegen::emit::EmitOptions;
use msgraph_codegen::model::TypeKind;
use msgraph_codegen::parse::{ExampleKind, ParseOptions};
use msgraph_codegen::pipeline::{generate, read_pages, DocsInput};
use quote::quote;
use serde_json::Value;

/// Values the docs use in place of real ones: `"String"`, `"String (timestamp)"`, …
fn is_placeholder(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "string",
        "boolean",
        "bool",
        "int32",
        "int64",
        "int16",
        "integer",
        "double",
        "single",
        "decimal",
        "guid",
        "date",
        "datetime",
        "datetimeoffset",
        "timeofday",
        "duration",
        "binary",
        "stream",
        "byte",
        "number",
        "<unknown none>",
        "json",
        "object",
        "timestamp",
        "url",
        "uri",
        "sbyte",
        "float",
    ];
    let lower = s.trim().to_ascii_lowercase();
    WORDS.contains(&lower.as_str())
        || lower.starts_with("string (")
        || lower.starts_with("string(")
        || lower.starts_with("edm.")
        || lower.starts_with("<unknown")
}

fn has_placeholder(v: &Value) -> bool {
    match v {
        Value::String(s) => is_placeholder(s),
        Value::Array(a) => a.iter().any(has_placeholder),
        Value::Object(o) => o.values().any(has_placeholder),
        _ => false,
    }
}

/// Members of `input` (by path) that `output` lacks.
fn lost_members(input: &Value, output: &Value, path: &str, lost: &mut Vec<String>) {
    match (input, output) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                match b.get(k) {
                    Some(w) => lost_members(v, w, &format!("{path}/{k}"), lost),
                    None => lost.push(format!("{path}/{k}")),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                lost.push(format!("{path}[]"));
            }
            for (i, (v, w)) in a.iter().zip(b).enumerate() {
                lost_members(v, w, &format!("{path}[{i}]"), lost);
            }
        }
        _ => {}
    }
}

struct Case {
    file: String,
    line: u32,
    type_index: usize,
    value: Value,
    placeholder: bool,
}

fn cargo(dir: &Path, target: &Path, args: &[&str], envs: &[(&str, &str)]) -> std::process::Output {
    let mut c = Command::new(env!("CARGO"));
    c.args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target);
    for (k, v) in envs {
        c.env(k, v);
    }
    c.output().expect("cargo runs")
}

fn assert_ok(out: &std::process::Output, what: &str) {
    assert!(
        out.status.success(),
        "{what} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
            .lines()
            .take(60)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_whole_corpus_generates_builds_and_round_trips_its_examples() {
    let shared = require_shared!();
    let work = common::workspace().join("target/full-corpus");
    let models = work.join("models");
    let harness = work.join("harness");
    let target = work.join("target");
    let input = DocsInput::new(vec![shared.join("graph-docs-2021")], "beta");
    let options = EmitOptions {
        docs_label: "graph-docs-2021".into(),
        hook: None,
    };
    let (run, _) = generate(&input, &models, &options).expect("the corpus generates");
    let model = &run.model.model;
    println!(
        "generated {} structs, {} enums, {} PATCH types in {} files",
        run.emitted.structs,
        run.emitted.enums,
        run.emitted.patches,
        run.emitted.files.len()
    );
    // Large areas are split so files format in parallel and a page change rewrites little:
    // without the split, Intune device configuration alone was one 5.7 MB file.
    let largest = run
        .emitted
        .files
        .iter()
        .max_by_key(|f| f.contents.len())
        .expect("files");
    assert!(
        largest.contents.len() < 1_000_000,
        "{} is {} bytes",
        largest.path.display(),
        largest.contents.len()
    );
    std::fs::write(
        models.join("Cargo.toml"),
        format!(
            "{}\n[workspace]\n",
            std::fs::read_to_string(models.join("Cargo.toml")).unwrap()
        ),
    )
    .unwrap();
    std::fs::copy(
        common::workspace().join("Cargo.lock"),
        models.join("Cargo.lock"),
    )
    .unwrap();

    // Every example whose `@odata.type` names a generated type.
    let space = Space::build(model);
    let mut index: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (id, item) in space.items.iter().enumerate() {
        index.insert((item.def.version.clone(), item.def.name.to_lowercase()), id);
    }
    let (_, facts) = read_pages(&input, ParseOptions { examples: true }).unwrap();
    let mut cases: Vec<Case> = Vec::new();
    let (mut untyped, mut not_json, mut examples) = (0usize, Vec::new(), 0usize);
    for page in &facts {
        for ex in &page.examples {
            if !matches!(ex.kind, ExampleKind::Response | ExampleKind::Representation) {
                continue;
            }
            examples += 1;
            let Some(id) = ex.odata_type.as_ref().and_then(|t| {
                index
                    .get(&(
                        page.version.clone(),
                        t.trim_start_matches('#').to_lowercase(),
                    ))
                    .copied()
            }) else {
                untyped += 1;
                continue;
            };
            let value: Value = match serde_json::from_str(&ex.json) {
                Ok(v) => v,
                Err(e) => {
                    not_json.push(format!("{}:{}: {e}", page.file, ex.line));
                    continue;
                }
            };
            let values = match (ex.is_collection, value) {
                (true, Value::Object(mut o)) => match o.remove("value") {
                    Some(Value::Array(items)) => items,
                    _ => continue,
                },
                (_, v) => vec![v],
            };
            for value in values {
                if !value.is_object() && space.items[id].def.kind != TypeKind::Enum {
                    continue;
                }
                cases.push(Case {
                    file: page.file.clone(),
                    line: ex.line,
                    type_index: id,
                    placeholder: has_placeholder(&value),
                    value,
                });
            }
        }
    }

    // A harness that feeds each case to its type and writes it back.
    let mut used: Vec<usize> = cases.iter().map(|c| c.type_index).collect();
    used.sort();
    used.dedup();
    let arms = used.iter().map(|id| {
        let item = &space.items[*id];
        let module = item.module.iter().map(|m| ident(m));
        let name = ident(&item.name);
        let n = *id;
        quote!(#n => round_trip::<msgraph_models #(:: #module)* :: #name>(json),)
    });
    let main = quote! {
        use std::io::BufRead;
        fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str) -> Result<String, String> {
            let value: T = serde_json::from_str(json).map_err(|e| e.to_string())?;
            serde_json::to_string(&value).map_err(|e| e.to_string())
        }
        fn dispatch(id: usize, json: &str) -> Result<String, String> {
            match id {
                #(#arms)*
                _ => Err("no such type".to_owned()),
            }
        }
        fn main() {
            let stdin = std::io::stdin();
            for line in stdin.lock().lines() {
                let line = line.unwrap();
                let (id, json) = line.split_once('\t').unwrap();
                let out = match dispatch(id.parse().unwrap(), json) {
                    Ok(s) => serde_json::json!({"ok": s}),
                    Err(e) => serde_json::json!({"err": e}),
                };
                println!("{out}");
            }
        }
    };
    std::fs::create_dir_all(harness.join("src")).unwrap();
    std::fs::write(
        harness.join("Cargo.toml"),
        format!(
            "[package]\nname = \"round-trip\"\nversion = \"0.0.0\"\nedition = \"2021\"\n[workspace]\n[dependencies]\nmsgraph-models = {{ path = {:?} }}\nserde = \"1\"\nserde_json = \"1\"\n",
            models
        ),
    )
    .unwrap();
    std::fs::write(
        harness.join("src/main.rs"),
        prettyplease::unparse(&syn::parse2(main).unwrap()),
    )
    .unwrap();
    std::fs::copy(
        common::workspace().join("Cargo.lock"),
        harness.join("Cargo.lock"),
    )
    .unwrap();

    // The lock is the workspace's, so the packages are ones the workspace uses; fetching them
    // here keeps this test self-sufficient when run alone on a fresh machine, and the builds
    // below stay offline so they cannot resolve anything else.
    let out = cargo(&harness, &target, &["fetch"], &[]);
    assert_ok(&out, "cargo fetch of the workspace's locked dependencies");

    // Builds with every feature, warnings denied.
    let out = cargo(
        &harness,
        &target,
        &["build", "--offline"],
        &[("RUSTFLAGS", "-D warnings")],
    );
    assert_ok(&out, "cargo build of the whole corpus crate");

    let mut child = Command::new(target.join("debug/round-trip"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let input_lines: String = cases
        .iter()
        .map(|c| {
            format!(
                "{}\t{}\n",
                c.type_index,
                serde_json::to_string(&c.value).unwrap()
            )
        })
        .collect();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        stdin.write_all(input_lines.as_bytes()).unwrap();
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let results: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(results.len(), cases.len());

    let (mut exact, mut changed, mut placeholder_rejected) = (0, 0, Vec::new());
    let mut lost = Vec::new();
    let mut mismatched = Vec::new();
    for (case, result) in cases.iter().zip(&results) {
        let where_ = format!(
            "{}:{} ({})",
            case.file, case.line, space.items[case.type_index].def.name
        );
        if let Some(text) = result.get("ok").and_then(Value::as_str) {
            let back: Value = serde_json::from_str(text).unwrap();
            if back == case.value {
                exact += 1;
                continue;
            }
            let mut missing = Vec::new();
            lost_members(&case.value, &back, "", &mut missing);
            if missing.is_empty() {
                changed += 1;
            } else {
                lost.push(format!("{where_}: lost {missing:?}"));
            }
        } else {
            let err = result["err"].as_str().unwrap_or_default().to_owned();
            if case.placeholder {
                placeholder_rejected.push(format!("{where_}: {err}"));
            } else {
                mismatched.push(format!("{where_}: {err}"));
            }
        }
    }
    println!("examples: {examples} (response and representation blocks); {untyped} name no generated type");
    println!("not JSON (docs defect): {}", not_json.len());
    println!("round-tripped values: {} in all", cases.len());
    println!("  written back exactly: {exact}");
    println!("  written back equal but for number form: {changed}");
    println!(
        "  rejected, placeholder values in the docs (docs diagnostic): {}",
        placeholder_rejected.len()
    );
    println!(
        "  rejected, real value does not fit the documented type (docs diagnostic): {}",
        mismatched.len()
    );
    for m in mismatched.iter().take(15) {
        println!("    {m}");
    }
    println!("  members lost: {}", lost.len());
    for l in lost.iter().take(15) {
        println!("    {l}");
    }
    assert!(
        lost.is_empty(),
        "a value lost members on the way through its type"
    );
    // Real values overwhelmingly fit their documented types; what does not is a docs defect
    // (listed above) rather than a loss.
    let real = cases.iter().filter(|c| !c.placeholder).count();
    assert!(
        mismatched.len() * 20 < real,
        "{} of {real} real values rejected",
        mismatched.len()
    );

    // Area features alone compile (their closures are complete), warnings denied.
    for features in [
        "beta-outlook",
        "v1_0-call-records",
        "beta-intune-deviceconfig",
    ] {
        let out = cargo(
            &models,
            &target,
            &[
                "check",
                "--offline",
                "--no-default-features",
                "--features",
                features,
            ],
            &[("RUSTFLAGS", "-D warnings")],
        );
        assert_ok(&out, &format!("cargo check --features {features}"));
    }
    // Docs without broken links.
    let mut args = vec!["doc", "--offline", "--no-deps"];
    let crates = [
        "msgraph-models",
        "msgraph-models-runtime",
        "msgraph-models-beta",
        "msgraph-models-v1_0",
    ];
    for c in &crates {
        args.extend(["-p", c]);
    }
    let out = cargo(&models, &target, &args, &[("RUSTDOCFLAGS", "-D warnings")]);
    assert_ok(&out, "cargo doc of the whole corpus crate");
}
