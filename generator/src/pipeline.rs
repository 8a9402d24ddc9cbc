//! The pipeline as one function per use: read pages, build the model.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::model::{Code, Diagnostic, Model};
use crate::parse::{parse_page, PageFacts, ParseOptions};
use crate::scan::{scan, PageRef, ScanError};

/// Where the docs are.
#[derive(Clone, Debug)]
pub struct DocsInput {
    pub roots: Vec<PathBuf>,
    /// Version of a root that holds `resources/` and `api/` directly.
    pub default_version: String,
}

impl DocsInput {
    pub fn new(roots: Vec<PathBuf>, default_version: &str) -> Self {
        DocsInput {
            roots,
            default_version: default_version.to_owned(),
        }
    }
}

/// A model and how it was made.
pub struct ModelRun {
    pub model: Model,
    pub pages: usize,
    pub elapsed: Duration,
}

/// Scans, reads and parses every page, in parallel.
pub fn read_pages(
    input: &DocsInput,
    options: ParseOptions,
) -> Result<(Vec<PageRef>, Vec<PageFacts>), ScanError> {
    let refs = scan(&input.roots, &input.default_version)?;
    let facts = refs.par_iter().map(|p| read_page(p, options)).collect();
    Ok((refs, facts))
}

fn read_page(page: &PageRef, options: ParseOptions) -> PageFacts {
    match std::fs::read(&page.path) {
        Ok(bytes) => parse_page(page, &bytes, options),
        Err(e) => {
            let mut facts = parse_page(page, b"", options);
            facts.diagnostics = vec![Diagnostic::new(
                Code::ReadError,
                &page.file,
                0,
                format!("cannot read the page: {e}"),
            )
            .help("check the file's permissions")];
            facts
        }
    }
}

/// Builds the model of the docs.
pub fn build_model(input: &DocsInput) -> Result<ModelRun, ScanError> {
    let start = Instant::now();
    let (refs, facts) = read_pages(input, ParseOptions::default())?;
    let mut model = crate::resolve::resolve(&facts);
    crate::report::fill_snippets(&mut model.diagnostics, &refs);
    Ok(ModelRun {
        model,
        pages: facts.len(),
        elapsed: start.elapsed(),
    })
}
