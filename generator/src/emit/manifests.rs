//! The manifests: `msgraph-models` (a facade re-exporting one crate per version and the
//! runtime crate, forwarding features), the version crates and the runtime crate, whose
//! build script carries this repository's regeneration hook.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::{EmitOptions, GeneratedFile, HEADER_MARK};

const SERDE: &str = "serde = { version = \"1\", default-features = false, features = [\"std\"] }";

fn package(name: &str, description: &str, build: &str, label: &str) -> String {
    format!(
        "# {HEADER_MARK} from {label}; do not edit.\n\
[package]\n\
name = \"{name}\"\n\
version = \"0.1.0\"\n\
edition = \"2021\"\n\
description = \"{description}\"\n\
license = \"MIT\"\n\
publish = false\n\
build = {build}\n"
    )
}

fn list(names: &mut dyn Iterator<Item = String>) -> String {
    names
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every manifest (and the runtime's build script when there is a hook).
pub fn all(
    versions: &[String],
    areas: &BTreeMap<String, BTreeSet<String>>,
    options: &EmitOptions,
) -> Vec<GeneratedFile> {
    // Docs-derived text never reaches a manifest except the label, reduced to safe characters.
    let label: String = options
        .docs_label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._/- ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut files = Vec::new();

    // The facade.
    let mut facade = package(
        "msgraph-models",
        "Typed Microsoft Graph models generated from the reference docs",
        "false",
        &label,
    );
    facade.push_str("\n[features]\n");
    facade.push_str(
        "# Everything by default. A version feature turns on all its areas; an area feature\n",
    );
    facade.push_str("# compiles the area's types and exactly the types they refer to.\n");
    facade.push_str(&format!(
        "default = [{}]\n",
        list(&mut versions.iter().cloned())
    ));
    for v in versions {
        let own = areas.get(v).cloned().unwrap_or_default();
        facade.push_str(&format!("{v} = [{}]\n", list(&mut own.into_iter())));
    }
    for (v, own) in areas {
        for area in own {
            facade.push_str(&format!("{area} = [\"msgraph-models-{v}/{area}\"]\n"));
        }
    }
    if options.hook.is_some() {
        facade.push_str("# The workspace turns this on: `cargo build` regenerates the crates from the docs first.\n");
        facade.push_str("regenerate = [\"msgraph-models-runtime/regenerate\"]\n");
    }
    facade.push_str("\n[dependencies]\nmsgraph-models-runtime = { path = \"crates/runtime\" }\n");
    for v in versions {
        facade.push_str(&format!(
            "msgraph-models-{v} = {{ path = \"crates/{v}\", default-features = false }}\n"
        ));
    }
    files.push(GeneratedFile {
        path: "Cargo.toml".into(),
        contents: facade,
    });

    // One crate per version.
    for v in versions {
        let mut m = package(
            &format!("msgraph-models-{v}"),
            &format!("The {v} models of msgraph-models"),
            "false",
            &label,
        );
        m.push_str("\n[features]\n");
        for area in areas.get(v).into_iter().flatten() {
            m.push_str(&format!("{area} = []\n"));
        }
        m.push_str(&format!(
            "\n[dependencies]\nmsgraph-models-runtime = {{ path = \"../runtime\" }}\n{SERDE}\n"
        ));
        files.push(GeneratedFile {
            path: Path::new("crates").join(v).join("Cargo.toml"),
            contents: m,
        });
    }

    // The runtime, with the hook.
    let build = if options.hook.is_some() {
        "\"build.rs\""
    } else {
        "false"
    };
    let mut m = package(
        "msgraph-models-runtime",
        "Runtime support of msgraph-models",
        build,
        &label,
    );
    if options.hook.is_some() {
        m.push_str("\n[features]\n# Its build script regenerates every msgraph-models crate; the runtime is built first.\nregenerate = [\"dep:msgraph-codegen\"]\n");
    }
    m.push_str(&format!(
        "\n[dependencies]\n{SERDE}\n\
serde_json = {{ version = \"1\", features = [\"raw_value\"] }}\n\
time = {{ version = \"0.3\", default-features = false, features = [\"std\", \"parsing\", \"formatting\"] }}\n\
uuid = {{ version = \"1\", default-features = false, features = [\"std\"] }}\n\
base64 = \"0.22\"\n"
    ));
    if let Some(hook) = &options.hook {
        m.push_str(&format!(
            "\n[build-dependencies]\nmsgraph-codegen = {{ path = \"../../{}\", optional = true }}\n",
            hook.generator
        ));
        files.push(GeneratedFile {
            path: "crates/runtime/build.rs".into(),
            contents: format!(
                "// {HEADER_MARK}; do not edit.\n\
// With the `regenerate` feature (the workspace turns it on), the workspace's build script\n\
// regenerates every msgraph-models crate from the docs. Every other crate of msgraph-models\n\
// depends on this one, so they compile after it. Without the feature (a crate depending on\n\
// msgraph-models), nothing runs and the generator is not built.\n\
#[cfg(feature = \"regenerate\")]\n\
include!(\"../../{}\");\n\
\n\
#[cfg(not(feature = \"regenerate\"))]\n\
fn main() {{\n    println!(\"cargo:rerun-if-changed=build.rs\");\n}}\n",
                hook.build_script
            ),
        });
    }
    files.push(GeneratedFile {
        path: "crates/runtime/Cargo.toml".into(),
        contents: m,
    });
    files
}
