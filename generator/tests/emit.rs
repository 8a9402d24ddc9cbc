//! Generation: deterministic output, write-if-changed, the staleness check, and docs text
//! that tries to inject code.

mod common;

use std::collections::BTreeSet;
use std::process::Command;

use msgraph_codegen::emit::space::Space;
use msgraph_codegen::emit::EmitOptions;
use msgraph_codegen::pipeline::{emit_crate, generate, DocsInput};

fn docs_input() -> DocsInput {
    DocsInput::new(vec![common::workspace().join("docs-input")], "beta")
}

fn options() -> EmitOptions {
    EmitOptions {
        docs_label: "docs-input".into(),
        hook: None,
    }
}

#[test]
fn generating_twice_gives_identical_bytes_and_writes_nothing_the_second_time() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, first) = generate(&docs_input(), tmp.path(), &options()).unwrap();
    assert!(!first.written.is_empty());
    let (run, second) = generate(&docs_input(), tmp.path(), &options()).unwrap();
    assert!(second.written.is_empty(), "{:?}", second.written);
    assert_eq!(second.unchanged, run.emitted.files.len());
    let again = emit_crate(&docs_input(), &options()).unwrap();
    assert_eq!(run.emitted.files, again.emitted.files);
}

#[test]
fn check_fails_on_a_stale_tree_and_names_the_command() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("crate");
    let bin = env!("CARGO_BIN_EXE_msgraph-codegen");
    let docs = common::workspace().join("docs-input");
    let run = |cmd: &str| {
        Command::new(bin)
            .args(
                [cmd, "--no-notes"]
                    .iter()
                    .filter(|a| cmd == "generate" || **a != "--no-notes"),
            )
            .arg("--docs")
            .arg(&docs)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap()
    };
    assert!(run("generate").status.success());
    assert!(run("check").status.success());
    let file = out.join("crates/beta/src/area_core.rs");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("pub struct PublicError", "pub struct PublicErr"),
    )
    .unwrap();
    let stale = run("check");
    assert_eq!(stale.status.code(), Some(1));
    let err = String::from_utf8_lossy(&stale.stderr);
    assert!(err.contains("crates/beta/src/area_core.rs"), "{err}");
    assert!(
        err.contains("cargo run -p msgraph-codegen -- generate --out"),
        "{err}"
    );
}

#[test]
fn the_checked_in_crate_is_up_to_date() {
    let bin = env!("CARGO_BIN_EXE_msgraph-codegen");
    let out = Command::new(bin)
        .arg("check")
        .current_dir(common::workspace())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "generated/ is stale: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

const INJECTIONS: &[&str] = &[
    "*/",
    "\"]",
    "#[cfg(any())]",
    "} mod x {",
    "\n",
    "../",
    "\\",
    "\"#",
];

/// A page whose names and descriptions try to escape into code.
fn hostile_page(i: usize, attack: &str) -> String {
    let a = attack.replace('\n', "\\n");
    format!(
        "# evil{i} resource type\n\nNamespace: microsoft.graph.evil{i}{a}\n\nDescription */ fn pwned() {{}} /* {a}\n\n## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n|name{a}x|String|Ends the comment */ #[doc = \"x\"] fn injected() {{}} {a}|\n|type|String|A keyword as a name.|\n|self|String|Another one.|\n|kind|kindOf{i}|The possible values are: `a{a}b`, `good`, `Good`.|\n\n<!-- {{ \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.evil{i}{a}.thing{a}\" }} -->\n"
    )
}

/// A type derived from the hostile page's type, itself hostile, with a member of the base's
/// type: the base gets an `Any…` enum, whose docs, variants and dispatch table carry both
/// names.
fn hostile_child_page(i: usize, attack: &str) -> String {
    let a = attack.replace('\n', "\\n");
    format!(
        "# child{i} resource type\n\nNamespace: microsoft.graph.evil{i}{a}\n\nDerived */ fn pwned() {{}} /* {a}\n\n## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n|extra{a}|String|Ends the comment */ fn injected() {{}} {a}|\n|sibling|[thing{a}](evil{i}.md)|Declares the base, so that it gets its enum.|\n\n<!-- {{ \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.evil{i}{a}.child{a}\", \"baseType\": \"microsoft.graph.evil{i}{a}.thing{a}\" }} -->\n"
    )
}

#[test]
fn docs_text_cannot_inject_code_or_escape_the_output_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    let out = tmp.path().join("out");
    std::fs::create_dir_all(docs.join("resources")).unwrap();
    std::fs::create_dir_all(&out).unwrap();
    for (i, attack) in INJECTIONS.iter().enumerate() {
        std::fs::write(
            docs.join("resources").join(format!("evil{i}.md")),
            hostile_page(i, attack),
        )
        .unwrap();
        std::fs::write(
            docs.join("resources").join(format!("child{i}.md")),
            hostile_child_page(i, attack),
        )
        .unwrap();
    }
    // A file name that is itself an attempt.
    std::fs::write(
        docs.join("resources").join("..%2f..%2fescape.md"),
        hostile_page(99, "../.."),
    )
    .unwrap();
    let before: BTreeSet<_> = common::files_with_mtimes(tmp.path())
        .into_iter()
        .filter(|(p, _)| !p.starts_with(&out))
        .collect();
    let (run, _) = generate(
        &DocsInput::new(vec![docs.clone()], "beta"),
        &out,
        &options(),
    )
    .unwrap();
    let after: BTreeSet<_> = common::files_with_mtimes(tmp.path())
        .into_iter()
        .filter(|(p, _)| !p.starts_with(&out))
        .collect();
    assert_eq!(before, after, "files appeared outside the output folder");

    let mut items = Vec::new();
    for f in &run.emitted.files {
        let path = out.join(&f.path);
        assert!(path.starts_with(&out));
        // runtime.rs is copied verbatim; no docs text reaches it.
        if f.path.extension().is_some_and(|e| e == "rs") && !f.path.starts_with("crates/runtime") {
            let file = syn::parse_file(&f.contents)
                .unwrap_or_else(|e| panic!("{}: {e}", f.path.display()));
            collect_items(&file.items, &mut items);
            // The attack text survives only as documentation.
            for line in f
                .contents
                .lines()
                .filter(|l| l.contains("pwned") || l.contains("injected"))
            {
                assert!(
                    line.trim_start().starts_with("///"),
                    "{}: {line}",
                    f.path.display()
                );
            }
        }
    }
    // Only the modelled items: per page a struct, an enum, their impl macros, and the
    // modules; nothing named by the attacks.
    for name in &items {
        assert!(
            name.starts_with("mod ")
                || name == "static BASES"
                || name.starts_with("struct ")
                || name.starts_with("enum ")
                || name.starts_with("impl ")
                || name.starts_with("macro "),
            "unexpected item {name}"
        );
        assert!(
            !name.contains("pwned") && !name.contains("injected"),
            "{name}"
        );
    }
    // Per attack a type, its child and their `Any…` enum; the file-name attack has no child.
    let structs = items.iter().filter(|i| i.starts_with("struct ")).count();
    let enums = items.iter().filter(|i| i.starts_with("enum ")).count();
    // (Where the annotation naming the base still parses as JSON and the link to it still
    // reads as a link: the space built from the model says which.)
    let anys = items.iter().filter(|i| i.starts_with("enum Any")).count();
    let derived = Space::build(&run.model.model).anys.len();
    assert!(derived >= 4, "{derived} bases with an enum");
    assert_eq!(structs, 2 * INJECTIONS.len() + 1, "{items:?}");
    assert_eq!(anys, derived, "{items:?}");
    assert_eq!(enums, INJECTIONS.len() + 1 + derived);
    // Keywords became legal identifiers.
    let all: String = run
        .emitted
        .files
        .iter()
        .map(|f| f.contents.as_str())
        .collect();
    assert!(all.contains("pub r#type:") && all.contains("pub self_:"));
}

fn collect_items(items: &[syn::Item], out: &mut Vec<String>) {
    for item in items {
        match item {
            syn::Item::Mod(m) => {
                out.push(format!("mod {}", m.ident));
                if let Some((_, inner)) = &m.content {
                    collect_items(inner, out);
                }
            }
            syn::Item::Struct(s) => {
                out.push(format!("struct {}", s.ident));
            }
            syn::Item::Enum(e) => {
                out.push(format!("enum {}", e.ident));
            }
            syn::Item::Impl(i) => {
                let ty = &i.self_ty;
                out.push(format!("impl {}", quote::quote!(#ty)));
            }
            syn::Item::Use(_) => {}
            // The table of bases: string pairs and nothing else.
            syn::Item::Static(st) => {
                let syn::Expr::Reference(r) = &*st.expr else {
                    panic!("static {}", st.ident)
                };
                let syn::Expr::Array(pairs) = &*r.expr else {
                    panic!("static {}", st.ident)
                };
                for pair in &pairs.elems {
                    let syn::Expr::Tuple(t) = pair else {
                        panic!("{}", quote::quote!(#pair))
                    };
                    assert!(t.elems.iter().all(|e| matches!(
                        e,
                        syn::Expr::Lit(syn::ExprLit {
                            lit: syn::Lit::Str(_),
                            ..
                        })
                    )));
                }
                out.push(format!("static {}", st.ident));
            }
            // The runtime's impl macros, fed only `Name { field: "json", … }`.
            syn::Item::Macro(m) => {
                let name = m
                    .mac
                    .path
                    .segments
                    .last()
                    .map(|s| s.ident.to_string())
                    .unwrap_or_default();
                let plain = match name.as_str() {
                    "__object" | "__open_enum" => only_names_and_strings(m.mac.tokens.clone()),
                    // Also paths (`crate::evil0::Thing`), `Variant(Type) = "name"`, `cfg`s.
                    "__any" => only_names_strings_and_paths(m.mac.tokens.clone()),
                    _ => panic!("macro {name}"),
                };
                assert!(plain, "{}", quote::quote!(#m));
                out.push(format!("macro {name}"));
            }
            other => {
                out.push(format!("other {}", quote::quote!(#other)));
            }
        }
    }
}

/// Identifiers, string literals, paths, `=`, attributes and groups: what `__any!` takes, and
/// nothing it could run.
fn only_names_strings_and_paths(tokens: proc_macro2::TokenStream) -> bool {
    tokens.into_iter().all(|t| match t {
        proc_macro2::TokenTree::Ident(_) => true,
        proc_macro2::TokenTree::Literal(l) => l.to_string().starts_with('"'),
        proc_macro2::TokenTree::Punct(p) => matches!(p.as_char(), ':' | ',' | '=' | '#'),
        proc_macro2::TokenTree::Group(g) => only_names_strings_and_paths(g.stream()),
    })
}

/// Identifiers, string literals, `:` and `,` in braces: nothing a macro could run.
fn only_names_and_strings(tokens: proc_macro2::TokenStream) -> bool {
    tokens.into_iter().all(|t| match t {
        proc_macro2::TokenTree::Ident(_) => true,
        proc_macro2::TokenTree::Literal(l) => l.to_string().starts_with('"'),
        proc_macro2::TokenTree::Punct(p) => matches!(p.as_char(), ':' | ','),
        proc_macro2::TokenTree::Group(g) => {
            g.delimiter() == proc_macro2::Delimiter::Brace && only_names_and_strings(g.stream())
        }
    })
}
