//! msgraph-models as a crate that depends on it sees it: no generator in its build, and
//! PATCH bodies that refuse to compile without their required members.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn cargo() -> Command {
    let mut c = Command::new(env!("CARGO"));
    c.current_dir(workspace());
    c
}

#[test]
fn a_downstream_crate_does_not_build_the_generator() {
    let out = cargo()
        .args([
            "tree",
            "-p",
            "downstream",
            "-e",
            "normal,build",
            "--prefix",
            "none",
            "--offline",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tree = String::from_utf8_lossy(&out.stdout);
    assert!(tree.contains("msgraph-models"), "{tree}");
    assert!(
        !tree.contains("msgraph-codegen"),
        "the generator is in a downstream build:\n{tree}"
    );
}

/// Checks a tiny crate using msgraph-models; returns (success, stderr).
fn check_snippet(dir: &Path, body: &str) -> (bool, String) {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"snippet\"\nversion = \"0.0.0\"\nedition = \"2021\"\n[workspace]\n[dependencies]\nmsgraph-models = {{ path = {:?} }}\n",
            workspace().join("generated")
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("src/main.rs"),
        format!("use msgraph_models::beta::industry_data::*;\nuse msgraph_models::runtime::*;\nfn main() {{\n{body}\n}}\n"),
    )
    .unwrap();
    // The workspace's lock file pins the same versions; a shared target dir keeps the
    // dependencies compiled across runs.
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let out = Command::new(env!("CARGO"))
        .args(["check", "--offline", "--quiet", "--message-format", "short"])
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            workspace().join("target/downstream-check"),
        )
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn required_members_are_constructor_arguments() {
    let tmp = tempfile::tempdir().unwrap();
    let start = "let start: DateTimeOffset = \"2026-01-01T00:00:00Z\".parse().unwrap();";
    let (ok, err) = check_snippet(
        tmp.path(),
        &format!("{start}\nlet _ = IncomingFlowRunPatch::new(\"run\", start, RunStatus::Completed, RunStatistics::default());"),
    );
    assert!(ok, "the complete call compiles: {err}");
    let (ok, err) = check_snippet(
        tmp.path(),
        &format!(
            "{start}\nlet _ = IncomingFlowRunPatch::new(\"run\", start, RunStatus::Completed);"
        ),
    );
    assert!(!ok, "a body missing `statistics` compiled");
    assert!(err.contains("E0061"), "{err}");
    // Read-only members (`id`) cannot be set.
    let (ok, err) = check_snippet(
        tmp.path(),
        &format!("{start}\nlet _ = IncomingFlowRunPatch::new(\"run\", start, RunStatus::Completed, RunStatistics::default()).id(\"x\");"),
    );
    assert!(!ok && err.contains("E0599"), "{err}");
}
