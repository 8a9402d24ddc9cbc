//! Shared by the benchmarks.

use std::path::PathBuf;

/// The 2021 corpus: `../shared/corpus/graph-docs-2021` beside the workspace, or
/// `MSGRAPH_CORPUS`.
pub fn corpus() -> Option<PathBuf> {
    let path = std::env::var_os("MSGRAPH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/graph-docs-2021")
        });
    path.is_dir().then_some(path)
}
