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
use msgraph_codegen::emit::space::{RustType, Space};
use msgraph_codegen::emit::EmitOptions;
use msgraph_codegen::lint::placeholders::is_placeholder;
use msgraph_codegen::model::TypeKind;
use msgraph_codegen::parse::{ExampleKind, ParseOptions};
use msgraph_codegen::pipeline::{generate, read_pages, DocsInput};
use quote::quote;
use serde_json::Value;

/// Values the docs use in place of real ones (`"String"`, `"datetime-value"`): as `lint`
/// tells them.
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

/// How an example is read: one value of its type, or a collection page of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Shape {
    One,
    Page,
}

struct Case {
    file: String,
    line: u32,
    /// Lines of the example's text.
    lines: u32,
    type_index: usize,
    shape: Shape,
    value: Value,
    placeholder: bool,
}

/// What the harness answers for one case: the JSON written back, the qualified names of the
/// types dispatch chose for the top-level values and whether it also reads
/// [`strictly`](msgraph_models::runtime::strictly); or the error.
type Answer = Result<(Value, Vec<String>, bool), String>;

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

/// The path of the type a case is read through: the `Any…` enum of a type with derived
/// types (dispatch on `@odata.type`), else the type itself.
fn read_type(space: &Space, id: usize) -> proc_macro2::TokenStream {
    let item = &space.items[id];
    let module = item.module.iter().map(|m| ident(m));
    let name = match item.any {
        Some(a) => ident(&space.anys[a].name),
        None => ident(&item.name),
    };
    quote!(msgraph_models #(:: #module)* :: #name)
}

/// A program that reads each `case\tjson` line of its input through the case's type and
/// prints what it wrote back and the types dispatch chose (see [`Answer`]).
fn harness_source(space: &Space, kinds: &[(usize, Shape)]) -> String {
    let arms = kinds.iter().enumerate().map(|(n, (id, shape))| {
        let ty = read_type(space, *id);
        let read = match (space.items[*id].any.is_some(), shape) {
            (false, Shape::One) => quote!(one),
            (false, Shape::Page) => quote!(page),
            (true, Shape::One) => quote!(any),
            (true, Shape::Page) => quote!(any_page),
        };
        quote!(#n => #read::<#ty>(json),)
    });
    let main = quote! {
        use std::io::BufRead;
        use msgraph_models::runtime::{Page, Polymorphic};
        use serde::{de::DeserializeOwned, Serialize};
        type Out = Result<(String, Vec<&'static str>), String>;
        fn write<T: Serialize>(value: &T, types: Vec<&'static str>) -> Out {
            serde_json::to_string(value).map(|s| (s, types)).map_err(|e| e.to_string())
        }
        fn one<T: DeserializeOwned + Serialize>(json: &str) -> Out {
            let value: T = serde_json::from_str(json).map_err(|e| e.to_string())?;
            write(&value, Vec::new())
        }
        fn any<T: DeserializeOwned + Polymorphic>(json: &str) -> Out {
            let value: T = serde_json::from_str(json).map_err(|e| e.to_string())?;
            write(&value, vec![value.type_name()])
        }
        fn page<T: DeserializeOwned + Serialize>(json: &str) -> Out {
            let value: Page<T> = serde_json::from_str(json).map_err(|e| e.to_string())?;
            write(&value, Vec::new())
        }
        fn any_page<T: DeserializeOwned + Polymorphic>(json: &str) -> Out {
            let value: Page<T> = serde_json::from_str(json).map_err(|e| e.to_string())?;
            write(&value, value.value.iter().map(Polymorphic::type_name).collect())
        }
        fn read(kind: usize, json: &str) -> Out {
            match kind {
                #(#arms)*
                _ => Err("no such type".to_owned()),
            }
        }
        fn main() {
            let stdin = std::io::stdin();
            for line in stdin.lock().lines() {
                let line = line.unwrap();
                let (kind, json) = line.split_once('\t').unwrap();
                let kind: usize = kind.parse().unwrap();
                let strict = msgraph_models::runtime::strictly(|| read(kind, json)).is_ok();
                let out = match read(kind, json) {
                    Ok((s, types)) => serde_json::json!({"ok": s, "types": types, "strict": strict}),
                    Err(e) => serde_json::json!({"err": e}),
                };
                println!("{out}");
            }
        }
    };
    prettyplease::unparse(&syn::parse2(main).unwrap())
}

/// Builds a harness over `models` (with `features`, or all of them; warnings denied) and
/// reads `cases` through it.
fn run_harness(
    space: &Space,
    models: &Path,
    dir: &Path,
    target: &Path,
    features: Option<&str>,
    cases: &[&Case],
) -> Vec<Answer> {
    let mut kinds: Vec<(usize, Shape)> = cases.iter().map(|c| (c.type_index, c.shape)).collect();
    kinds.sort();
    kinds.dedup();
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let dependency = match features {
        Some(f) => format!("{{ path = {models:?}, default-features = false, features = [{f:?}] }}"),
        None => format!("{{ path = {models:?} }}"),
    };
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\n[workspace]\n[dependencies]\nmsgraph-models = {dependency}\nserde = \"1\"\nserde_json = \"1\"\n"
        ),
    )
    .unwrap();
    std::fs::write(dir.join("src/main.rs"), harness_source(space, &kinds)).unwrap();
    std::fs::copy(
        common::workspace().join("Cargo.lock"),
        dir.join("Cargo.lock"),
    )
    .unwrap();

    // The lock is the workspace's, so the packages are ones the workspace uses; fetching them
    // here keeps this test self-sufficient when run alone on a fresh machine, and the builds
    // below stay offline so they cannot resolve anything else.
    let out = cargo(dir, target, &["fetch"], &[]);
    assert_ok(&out, "cargo fetch of the workspace's locked dependencies");
    let out = cargo(
        dir,
        target,
        &["build", "--offline"],
        &[("RUSTFLAGS", "-D warnings")],
    );
    assert_ok(&out, &format!("cargo build of {name}"));

    let mut child = Command::new(target.join("debug").join(&name))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let input: String = cases
        .iter()
        .map(|c| {
            let kind = kinds.binary_search(&(c.type_index, c.shape)).unwrap();
            format!("{kind}\t{}\n", serde_json::to_string(&c.value).unwrap())
        })
        .collect();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        stdin.write_all(input.as_bytes()).unwrap();
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let answers: Vec<Answer> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            match v.get("ok").and_then(Value::as_str) {
                Some(text) => {
                    let types = v["types"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|t| t.as_str().unwrap().to_owned())
                        .collect();
                    let strict = v["strict"].as_bool().unwrap();
                    Ok((serde_json::from_str(text).unwrap(), types, strict))
                }
                None => Err(v["err"].as_str().unwrap_or_default().to_owned()),
            }
        })
        .collect();
    assert_eq!(answers.len(), cases.len());
    answers
}

/// Whether `id` is `ancestor` or derives from it.
fn derives_from(space: &Space, mut id: usize, ancestor: usize) -> bool {
    for _ in 0..space.items.len() {
        if id == ancestor {
            return true;
        }
        let def = space.items[id].def;
        match def
            .base
            .as_deref()
            .and_then(|b| space.lookup(&def.version, b))
        {
            Some(base) => id = base,
            None => return false,
        }
    }
    false
}

/// One `@odata.type` of an example: where it stands, the type declared there, what it says
/// and the type it names, if the version has it.
struct Tagged<'a> {
    path: String,
    declared: usize,
    text: &'a str,
    named: Option<usize>,
}

/// Every `@odata.type` in `value`, declared as `declared`, nested ones included: members are
/// followed through their documented types (into the named type where it derives from the
/// declared one).
fn odata_types<'a>(
    space: &Space,
    value: &'a Value,
    declared: usize,
    path: &str,
    out: &mut Vec<Tagged<'a>>,
) {
    match value {
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                odata_types(space, v, declared, &format!("{path}[{i}]"), out);
            }
        }
        Value::Object(members) => {
            let version = &space.items[declared].def.version;
            let mut actual = declared;
            if let Some(Value::String(text)) = members.get("@odata.type") {
                let named = space.lookup(version, text.trim_start_matches('#'));
                if let Some(id) = named.filter(|id| derives_from(space, *id, declared)) {
                    actual = id;
                }
                out.push(Tagged {
                    path: path.to_owned(),
                    declared,
                    text,
                    named,
                });
            }
            for (k, v) in members {
                let field = space.items[actual].fields.iter().find(|f| f.json == *k);
                let nested = field.and_then(|f| match element(&f.ty) {
                    RustType::Item(id) | RustType::Any(id) => Some(*id),
                    _ => None,
                });
                if let Some(id) = nested.filter(|id| space.items[*id].def.kind != TypeKind::Enum) {
                    odata_types(space, v, id, &format!("{path}/{k}"), out);
                }
            }
        }
        _ => {}
    }
}

/// An `@odata.type` that cannot be right where it stands (a docs defect), said why.
fn odata_type_defect(space: &Space, t: &Tagged) -> Option<String> {
    let declared = space.items[t.declared].def;
    match t.named {
        Some(id) if derives_from(space, id, t.declared) => None,
        Some(_) => Some(format!(
            "{}: `{}` is not derived from `{}`",
            t.path, t.text, declared.name
        )),
        None => Some(format!(
            "{}: `{}` names no type of {}",
            t.path, t.text, declared.version
        )),
    }
}

fn element(t: &RustType) -> &RustType {
    match t {
        RustType::Vec(inner) | RustType::Boxed(inner) => element(inner),
        other => other,
    }
}

#[test]
fn the_whole_corpus_generates_builds_and_round_trips_its_examples() {
    let shared = require_shared!();
    let work = common::workspace().join("target/full-corpus");
    let models = work.join("models");
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
    let (mut untyped, mut not_json, mut examples, mut not_pages) =
        (0usize, Vec::new(), 0usize, 0usize);
    for page in &facts {
        for ex in &page.examples {
            if !matches!(ex.kind, ExampleKind::Response | ExampleKind::Representation) {
                continue;
            }
            examples += 1;
            // A response is read as what its annotation declares (with dispatch on
            // `@odata.type` where the type has derived types); a representation block as
            // its page's type.
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
            if space.items[id].def.kind == TypeKind::Enum && !ex.is_collection {
                continue;
            }
            let shape = if ex.is_collection {
                // A collection response is a page: an object with a `value` array.
                if !value.get("value").is_some_and(Value::is_array) {
                    not_pages += 1;
                    continue;
                }
                Shape::Page
            } else if value.is_object() {
                Shape::One
            } else {
                continue;
            };
            cases.push(Case {
                file: page.file.clone(),
                line: ex.line,
                lines: ex.json.lines().count() as u32,
                type_index: id,
                shape,
                placeholder: has_placeholder(&value),
                value,
            });
        }
    }

    let all: Vec<&Case> = cases.iter().collect();
    let answers = run_harness(
        &space,
        &models,
        &work.join("round-trip"),
        &target,
        None,
        &all,
    );

    let (mut exact, mut changed, mut placeholder_rejected) = (0, 0, Vec::new());
    let (mut lost, mut mismatched, mut derived) = (Vec::new(), Vec::new(), 0usize);
    for (case, answer) in cases.iter().zip(&answers) {
        let declared = &space.items[case.type_index].def.name;
        let where_ = format!("{}:{} ({declared})", case.file, case.line);
        match answer {
            Ok((back, types, _)) => {
                if types.iter().any(|t| t != declared) {
                    derived += 1;
                }
                if *back == case.value {
                    exact += 1;
                    continue;
                }
                let mut missing = Vec::new();
                lost_members(&case.value, back, "", &mut missing);
                if missing.is_empty() {
                    changed += 1;
                } else {
                    lost.push(format!("{where_}: lost {missing:?}"));
                }
            }
            Err(err) if case.placeholder => placeholder_rejected.push(format!("{where_}: {err}")),
            Err(err) => mismatched.push(format!("{where_}: {err}")),
        }
    }
    // `@odata.type` values that cannot be right where they stand: docs defects; and the
    // examples that hold a value of a derived type anywhere, nested ones included.
    let (mut defects, mut derived_anywhere) = (Vec::new(), 0usize);
    for case in &cases {
        let mut tags = Vec::new();
        odata_types(&space, &case.value, case.type_index, "", &mut tags);
        let is_derived = |t: &Tagged| {
            t.named
                .is_some_and(|id| id != t.declared && derives_from(&space, id, t.declared))
        };
        if tags.iter().any(is_derived) {
            derived_anywhere += 1;
        }
        defects.extend(
            tags.iter()
                .filter_map(|t| odata_type_defect(&space, t))
                .map(|d| format!("{}:{}: {d}", case.file, case.line)),
        );
    }
    let pages = cases.iter().filter(|c| c.shape == Shape::Page).count();
    println!("examples: {examples} (response and representation blocks); {untyped} name no generated type");
    println!("not JSON (docs defect): {}", not_json.len());
    println!("collection responses without a `value` array (docs defect): {not_pages}");
    println!(
        "examples read: {} ({pages} as collection pages), through their declared types with dispatch",
        cases.len()
    );
    println!("  dispatch chose a derived type for the example's own value: {derived}");
    println!(
        "  examples holding a value of a derived type, nested ones included: {derived_anywhere}"
    );
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
    println!(
        "  `@odata.type` naming no type derived from the declared one (docs diagnostic): {}",
        defects.len()
    );
    for d in defects.iter().take(15) {
        println!("    {d}");
    }
    println!("  members lost: {}", lost.len());
    for l in lost.iter().take(15) {
        println!("    {l}");
    }
    assert!(
        lost.is_empty(),
        "a value lost members on the way through its type"
    );
    assert!(derived > 0, "no example was read as a derived type");
    // Real values overwhelmingly fit their documented types; what does not is a docs defect
    // (listed above) rather than a loss.
    let real = cases.iter().filter(|c| !c.placeholder).count();
    assert!(
        mismatched.len() * 20 < real,
        "{} of {real} real values rejected",
        mismatched.len()
    );

    // The checker agrees with the types: an example the generated crate reads strictly
    // (every member one its type defines, every value in its type's format, every enum
    // value a listed one, every `@odata.type` a type derived from the declared one) raises
    // no `example-*` diagnostic in `lint`.
    let linted = msgraph_codegen::pipeline::lint(&input).expect("the corpus lints");
    let mut flagged: BTreeMap<&str, Vec<(u32, String)>> = BTreeMap::new();
    for d in &linted.model.diagnostics {
        if d.code.as_str().starts_with("example-") {
            flagged
                .entry(d.file.as_str())
                .or_default()
                .push((d.line, format!("{}: {}", d.code, d.message)));
        }
    }
    let (mut strict, mut disagree) = (0usize, Vec::new());
    for (case, answer) in cases.iter().zip(&answers) {
        if !matches!(answer, Ok((_, _, true))) {
            continue;
        }
        strict += 1;
        let span = case.line..case.line + case.lines;
        for (line, what) in flagged.get(case.file.as_str()).into_iter().flatten() {
            if span.contains(line) {
                disagree.push(format!("{}:{line}: {what}", case.file));
            }
        }
    }
    println!(
        "read strictly (unknown members, formats, enum values, `@odata.type` all checked): {strict} examples; `lint` reports no example defect in any of them: {}",
        disagree.is_empty()
    );
    assert!(disagree.is_empty(), "{disagree:#?}");

    // One area alone: its examples read the same, and a derived type that the area does not
    // compile is read as its nearest compiled ancestor, every member kept. The area is the
    // beta one whose examples hold the most such values.
    let gates = msgraph_codegen::emit::features::gates(&space);
    let tags: Vec<Vec<Tagged>> = cases
        .iter()
        .map(|c| {
            let mut tags = Vec::new();
            odata_types(&space, &c.value, c.type_index, "", &mut tags);
            tags
        })
        .collect();
    let compiled_in = |area: &str, id: usize| gates.per_item[id].iter().any(|f| f == area);
    // Of a case compiled in `area`, the values of a derived type `area` does not compile.
    let uncompiled = |area: &str, n: usize| {
        tags[n]
            .iter()
            .filter(|t| {
                t.named.is_some_and(|id| {
                    !compiled_in(area, id) && derives_from(&space, id, t.declared)
                })
            })
            .count()
    };
    let of_area = |area: &str| -> Vec<usize> {
        (0..cases.len())
            .filter(|n| {
                let id = cases[*n].type_index;
                space.items[id].def.version == "beta" && compiled_in(area, id)
            })
            .collect()
    };
    let area = gates.areas["beta"]
        .iter()
        .max_by_key(|a| {
            let count: usize = of_area(a).into_iter().map(|n| uncompiled(a, n)).sum();
            (count, std::cmp::Reverse(*a))
        })
        .expect("beta has areas")
        .clone();
    let compiled = |id: usize| compiled_in(&area, id);
    let alone_n = of_area(&area);
    let alone: Vec<&Case> = alone_n.iter().map(|n| &cases[*n]).collect();
    let answers = run_harness(
        &space,
        &models,
        &work.join("round-trip-one-area"),
        &target,
        Some(&area),
        &alone,
    );
    let (mut fell_back, mut chose_ancestor, mut lost_alone) = (0usize, 0usize, Vec::new());
    for ((n, case), answer) in alone_n.iter().zip(&alone).zip(&answers) {
        let Ok((back, types, _)) = answer else {
            continue;
        };
        fell_back += uncompiled(&area, *n);
        // The example's own values: the chosen type is a compiled ancestor of the named one.
        let items: Vec<&Value> = match case.shape {
            Shape::One => vec![&case.value],
            Shape::Page => case.value["value"].as_array().unwrap().iter().collect(),
        };
        for (item, chosen) in items.iter().zip(types) {
            let named = item.get("@odata.type").and_then(Value::as_str);
            let Some(id) = named.and_then(|n| space.lookup("beta", n.trim_start_matches('#')))
            else {
                continue;
            };
            if !compiled(id) && derives_from(&space, id, case.type_index) {
                let chosen = space.lookup("beta", chosen).expect("a generated type");
                assert!(
                    compiled(chosen) && derives_from(&space, id, chosen),
                    "{}:{}: read as `{}`, not a compiled ancestor",
                    case.file,
                    case.line,
                    space.items[chosen].def.name
                );
                chose_ancestor += 1;
            }
        }
        let mut missing = Vec::new();
        lost_members(&case.value, back, "", &mut missing);
        if !missing.is_empty() {
            lost_alone.push(format!("{}:{}: lost {missing:?}", case.file, case.line));
        }
    }
    println!(
        "with `{area}` alone: {} examples read; {fell_back} values of a derived type it does not compile ({chose_ancestor} of them the example's own, each read as a compiled ancestor); members lost: {}",
        alone.len(),
        lost_alone.len()
    );
    assert!(lost_alone.is_empty(), "{lost_alone:#?}");
    assert!(
        fell_back > 0,
        "no example holds a derived type `{area}` does not compile"
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
