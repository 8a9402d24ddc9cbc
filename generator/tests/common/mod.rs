//! Shared helpers for the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared/corpus` beside the workspace (real Graph docs and CSDL; test data that is
/// not part of the project). Tests that need it skip, saying why, when it is absent — unless
/// `MSGRAPH_REQUIRE_SHARED=1` (set by `.ci/run`), which turns the skip into a failure.
pub fn shared_corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("MSGRAPH_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"));
    if dir.join("graph-docs-2021").is_dir() {
        return Some(dir);
    }
    if std::env::var_os("MSGRAPH_REQUIRE_SHARED").is_some_and(|v| v == "1") {
        panic!(
            "MSGRAPH_REQUIRE_SHARED=1 but the shared corpus is not at {}",
            dir.display()
        );
    }
    eprintln!(
        "SKIPPED: this test reads the real Graph docs in {}, which is absent (it is test data beside the repository, not part of it)",
        dir.display()
    );
    None
}

/// Skips the calling test (returning early) when the shared corpus is absent.
#[macro_export]
macro_rules! require_shared {
    () => {
        match common::shared_corpus() {
            Some(dir) => dir,
            None => return,
        }
    };
}

/// The workspace root.
pub fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every file below `dir`, with its modification time, sorted.
pub fn files_with_mtimes(dir: &std::path::Path) -> Vec<(PathBuf, std::time::SystemTime)> {
    let mut out = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p.clone());
            } else {
                out.push((p, e.metadata().unwrap().modified().unwrap()));
            }
        }
    }
    out.sort();
    out
}
