// The workspace's build script. It is compiled as msgraph-models' own build script (see
// generated/build.rs) when the `regenerate` feature is on, which the workspace's root
// package turns on: `cargo build` then regenerates generated/ from docs-input/ before the
// crate compiles, writing only the files whose bytes changed. With no page changed, cargo
// does not run it at all (every page and folder is a `rerun-if-changed` path).
//
// Plain `//` comments only: this file is `include!`d.

fn main() {
    let crate_dir = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR for build scripts"),
    );
    let root = crate_dir
        .parent()
        .expect("generated/ sits in the workspace root")
        .to_path_buf();
    let repo = msgraph_codegen::repository::Repository::new(root);
    for path in repo.watched_paths() {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    match repo.regenerate() {
        Ok((run, written)) => {
            if !written.written.is_empty() || !written.removed.is_empty() {
                let (errors, warnings, _) = run.model.model.severity_counts();
                println!(
                    "cargo:warning=msgraph-codegen regenerated {} files from docs-input ({errors} errors, {warnings} warnings in the docs; `cargo run -p msgraph-codegen -- generate` lists them)",
                    written.written.len() + written.removed.len()
                );
            }
        }
        Err(e) => panic!("msgraph-codegen could not regenerate generated/: {e}"),
    }
}
