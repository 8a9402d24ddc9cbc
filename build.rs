// The workspace's build script. It is compiled as the build script of msgraph-models'
// runtime crate (see generated/crates/runtime/build.rs), which every other crate of
// msgraph-models depends on, when the `regenerate` feature is on; the workspace's root
// package turns it on. `cargo build` then regenerates generated/ from docs-input/ before
// the crates compile, writing only the files whose bytes changed. With no page changed,
// cargo does not run it at all (every page and folder is a `rerun-if-changed` path).
//
// Plain `//` comments only: this file is `include!`d.

fn main() {
    let crate_dir = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR for build scripts"),
    );
    let root = msgraph_codegen::repository::find_root(&crate_dir)
        .expect("the crate sits below the workspace root, which holds docs-input/");
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
