//! Write: generated files onto disk, touching only files whose bytes changed (so cargo
//! does not rebuild for nothing), and removing generated files no longer produced.

use std::collections::BTreeSet;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::emit::{GeneratedFile, HEADER_MARK};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WriteReport {
    pub written: Vec<PathBuf>,
    pub unchanged: usize,
    pub removed: Vec<PathBuf>,
}

/// Relative, without `..` or roots: a generated path can only name a file inside `out`.
fn is_inside(path: &Path) -> bool {
    path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Writes `files` under `out`.
pub fn write_files(out: &Path, files: &[GeneratedFile]) -> io::Result<WriteReport> {
    let mut report = WriteReport::default();
    for f in files {
        if !is_inside(&f.path) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "refusing to write outside the output folder: {}",
                    f.path.display()
                ),
            ));
        }
        let path = out.join(&f.path);
        if std::fs::read(&path).is_ok_and(|old| old == f.contents.as_bytes()) {
            report.unchanged += 1;
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(at("create folder", parent))?;
        }
        std::fs::write(&path, &f.contents).map_err(at("write", &path))?;
        report.written.push(f.path.clone());
    }
    let wanted: BTreeSet<PathBuf> = files.iter().map(|f| f.path.clone()).collect();
    for stale in stale_files(out, &wanted)? {
        let path = out.join(&stale);
        std::fs::remove_file(&path).map_err(at("remove", &path))?;
        report.removed.push(stale);
    }
    Ok(report)
}

/// An I/O error that names what was being done to which path (an OS error alone does not).
fn at<'p>(action: &'p str, path: &'p Path) -> impl FnOnce(io::Error) -> io::Error + 'p {
    move |e| io::Error::new(e.kind(), format!("cannot {action} {}: {e}", path.display()))
}

/// Generated files under `out` (sources, manifests, build scripts; `target/` aside) that
/// `files` no longer contains.
pub fn stale_files(out: &Path, wanted: &BTreeSet<PathBuf>) -> io::Result<Vec<PathBuf>> {
    let mut stale = Vec::new();
    if !out.is_dir() {
        return Ok(stale);
    }
    let mut dirs = vec![out.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).map_err(at("read folder", &dir))? {
            let entry = entry?;
            let path = entry.path();
            let name = entry.file_name();
            if entry.file_type()?.is_dir() {
                if name != "target" && !name.to_string_lossy().starts_with('.') {
                    dirs.push(path);
                }
                continue;
            }
            let rel = path
                .strip_prefix(out)
                .expect("walked from out")
                .to_path_buf();
            let ours = path.extension().is_some_and(|e| e == "rs" || e == "toml");
            if ours && !wanted.contains(&rel) && is_generated(&path) {
                stale.push(rel);
            }
        }
    }
    stale.sort();
    Ok(stale)
}

fn is_generated(path: &Path) -> bool {
    std::fs::read_to_string(path)
        .map(|t| t.lines().next().is_some_and(|l| l.contains(HEADER_MARK)))
        .unwrap_or(false)
}

/// Files under `out` whose bytes differ from `files`, and generated files to remove.
pub fn differences(out: &Path, files: &[GeneratedFile]) -> io::Result<Vec<PathBuf>> {
    let mut diff: Vec<PathBuf> = files
        .iter()
        .filter(|f| {
            std::fs::read(out.join(&f.path)).map_or(true, |old| old != f.contents.as_bytes())
        })
        .map(|f| f.path.clone())
        .collect();
    let wanted: BTreeSet<PathBuf> = files.iter().map(|f| f.path.clone()).collect();
    diff.extend(stale_files(out, &wanted)?);
    diff.sort();
    Ok(diff)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.into(),
            contents: contents.into(),
        }
    }

    #[test]
    fn writes_only_changes_and_removes_stale_generated_files() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        let a = format!("// {HEADER_MARK}\nfn a() {{}}\n");
        let r = write_files(out, &[file("src/a.rs", &a), file("src/b.rs", &a)]).unwrap();
        assert_eq!(r.written.len(), 2);
        std::fs::write(out.join("src/mine.rs"), "// hand-written\n").unwrap();
        let r = write_files(out, &[file("src/a.rs", &a)]).unwrap();
        assert_eq!((r.written.len(), r.unchanged), (0, 1));
        assert_eq!(r.removed, [PathBuf::from("src/b.rs")]);
        assert!(
            out.join("src/mine.rs").exists(),
            "files without the header are left alone"
        );
        assert!(write_files(out, &[file("../escape.rs", "x")]).is_err());
        assert!(write_files(out, &[file("/abs.rs", "x")]).is_err());
    }
}
