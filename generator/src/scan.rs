//! Scan: find the pages of one or more docs roots.
//!
//! A root is either a docs tree with version folders (`v1.0/`, `beta/`), one version folder,
//! or a folder holding `resources/` and `api/` directly (its version given by the caller).

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

/// The two folders of a version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Folder {
    Resources,
    Api,
}

impl Folder {
    pub fn as_str(self) -> &'static str {
        match self {
            Folder::Resources => "resources",
            Folder::Api => "api",
        }
    }
}

/// One markdown page to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageRef {
    /// `v1.0` or `beta`.
    pub version: String,
    pub folder: Folder,
    /// The path diagnostics and the model show: `beta/resources/x.md`.
    pub file: String,
    /// The file name, lower-cased (links between pages are case-insensitive in practice).
    pub key: String,
    pub path: PathBuf,
}

pub const VERSIONS: [&str; 2] = ["v1.0", "beta"];

#[derive(Debug)]
pub enum ScanError {
    NotADocsRoot(PathBuf),
    Io(PathBuf, std::io::Error),
}

impl fmt::Display for ScanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScanError::NotADocsRoot(p) => write!(
                f,
                "{} is not a docs root: expected `v1.0/` or `beta/` folders, or `resources/` and `api/` folders",
                p.display()
            ),
            ScanError::Io(p, e) => write!(f, "cannot read {}: {e}", p.display()),
        }
    }
}

impl std::error::Error for ScanError {}

/// Lists the pages of every root, in a stable order. `default_version` is the version of a
/// root that holds `resources/` and `api/` directly.
pub fn scan(roots: &[PathBuf], default_version: &str) -> Result<Vec<PageRef>, ScanError> {
    let mut pages = Vec::new();
    let mut seen = HashSet::new();
    for root in roots {
        let mut found = false;
        for (version, dir) in version_dirs(root, default_version) {
            for folder in [Folder::Resources, Folder::Api] {
                let sub = dir.join(folder.as_str());
                if !sub.is_dir() {
                    continue;
                }
                found = true;
                for path in markdown_files(&sub)? {
                    let name = path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let mut file = format!("{version}/{}/{name}", folder.as_str());
                    // The same docs path from a second root gets that root's name in front,
                    // so a diagnostic never points at the wrong file.
                    if !seen.insert(file.clone()) {
                        file = format!("{}/{file}", root.display());
                    }
                    pages.push(PageRef {
                        version: version.clone(),
                        folder,
                        key: name.to_lowercase(),
                        file,
                        path,
                    });
                }
            }
        }
        if !found {
            return Err(ScanError::NotADocsRoot(root.clone()));
        }
    }
    Ok(pages)
}

fn version_dirs(root: &Path, default_version: &str) -> Vec<(String, PathBuf)> {
    let nested: Vec<_> = VERSIONS
        .iter()
        .map(|v| (v.to_string(), root.join(v)))
        .filter(|(_, d)| d.is_dir())
        .collect();
    if !nested.is_empty() {
        return nested;
    }
    let own_name = root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let version = if VERSIONS.contains(&own_name.as_str()) {
        own_name
    } else {
        default_version.to_owned()
    };
    vec![(version, root.to_path_buf())]
}

fn markdown_files(dir: &Path) -> Result<Vec<PathBuf>, ScanError> {
    let entries = std::fs::read_dir(dir).map_err(|e| ScanError::Io(dir.to_path_buf(), e))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| ScanError::Io(dir.to_path_buf(), e))?;
        let name = entry.file_name();
        let is_file = entry
            .file_type()
            .is_ok_and(|t| t.is_file() || t.is_symlink());
        if is_file && name.to_string_lossy().ends_with(".md") {
            files.push((name, entry.path()));
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files.into_iter().map(|(_, p)| p).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(p: &Path) {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, "x").unwrap();
    }

    #[test]
    fn finds_all_three_root_shapes() {
        let tmp = tempfile::tempdir().unwrap();
        let t = tmp.path();
        touch(&t.join("tree/v1.0/resources/a.md"));
        touch(&t.join("tree/beta/api/b.md"));
        touch(&t.join("tree/beta/api/notes.txt"));
        touch(&t.join("flat/resources/c.md"));
        let pages = scan(&[t.join("tree")], "beta").unwrap();
        let files: Vec<_> = pages.iter().map(|p| p.file.as_str()).collect();
        assert_eq!(files, ["v1.0/resources/a.md", "beta/api/b.md"]);

        let pages = scan(&[t.join("tree/v1.0")], "beta").unwrap();
        assert_eq!(pages[0].file, "v1.0/resources/a.md");

        let pages = scan(&[t.join("flat")], "beta").unwrap();
        assert_eq!(pages[0].file, "beta/resources/c.md");
        assert_eq!(pages[0].version, "beta");

        assert!(matches!(
            scan(&[t.join("tree/beta/api")], "beta"),
            Err(ScanError::NotADocsRoot(_))
        ));
    }
}
