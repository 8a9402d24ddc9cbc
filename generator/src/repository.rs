//! This repository's layout: `docs-input/` is generated into `generated/`, whose
//! `build.rs` runs the workspace's top-level `build.rs` under the `regenerate` feature.
//! The CLI's defaults, `check` and the build script all take their settings from here.

use std::path::{Path, PathBuf};

use crate::emit::{BuildHook, EmitOptions};
use crate::pipeline::{generate, DocsInput, GenerateError, GenerateRun};
use crate::write::WriteReport;

pub const DOCS_INPUT: &str = "docs-input";
pub const GENERATED: &str = "generated";

pub struct Repository {
    pub root: PathBuf,
}

impl Repository {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Repository { root: root.into() }
    }

    pub fn docs_input(&self) -> PathBuf {
        self.root.join(DOCS_INPUT)
    }

    pub fn generated(&self) -> PathBuf {
        self.root.join(GENERATED)
    }

    pub fn input(&self) -> DocsInput {
        DocsInput::new(vec![self.docs_input()], "beta")
    }

    /// How `generated/` is emitted: with the build-script hook (paths relative to it).
    pub fn emit_options() -> EmitOptions {
        EmitOptions {
            docs_label: DOCS_INPUT.to_owned(),
            hook: Some(BuildHook {
                build_script: "../build.rs".to_owned(),
                generator: "../generator".to_owned(),
            }),
        }
    }

    /// Regenerates `generated/` from `docs-input/`.
    pub fn regenerate(&self) -> Result<(GenerateRun, WriteReport), GenerateError> {
        generate(&self.input(), &self.generated(), &Self::emit_options())
    }

    /// Every path whose change must rerun the build script: the docs folders (for added or
    /// removed pages) and each page.
    pub fn watched_paths(&self) -> Vec<PathBuf> {
        let mut out = Vec::new();
        let mut dirs = vec![self.docs_input()];
        while let Some(dir) = dirs.pop() {
            out.push(dir.clone());
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
            entries.sort();
            for path in entries {
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "md") {
                    out.push(path);
                }
            }
        }
        out
    }
}

/// The repository root that holds `path`, if any (a folder with `docs-input/`).
pub fn find_root(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .find(|p| p.join(DOCS_INPUT).is_dir())
        .map(Path::to_path_buf)
}
