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
    /// The pages read, with their paths on disk.
    pub refs: Vec<PageRef>,
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
    // Each thread reads into one buffer it keeps: a fresh buffer per page lands in memory
    // the kernel must first clear and map, which cost more than the parsing (the facts
    // kept from earlier pages take the memory freed buffers would have been reused from).
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUFFER.with_borrow_mut(|buffer| {
        buffer.clear();
        match read_into(&page.path, buffer) {
            Ok(()) => parse_page(page, buffer, options),
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
    })
}

fn read_into(path: &std::path::Path, buffer: &mut Vec<u8>) -> std::io::Result<()> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    if let Ok(meta) = file.metadata() {
        buffer.reserve(meta.len() as usize);
    }
    file.read_to_end(buffer)?;
    Ok(())
}

/// Builds the model of the docs.
pub fn build_model(input: &DocsInput) -> Result<ModelRun, ScanError> {
    let start = Instant::now();
    let (refs, facts) = read_pages(input, ParseOptions::default())?;
    let mut model = crate::resolve::resolve(&facts);
    let pages = facts.len();
    // Freeing the page facts (hundreds of thousands of small strings) is serial work as
    // long as filling the snippets; they run side by side.
    rayon::join(
        move || drop(facts),
        || crate::report::fill_snippets(&mut model.diagnostics, &refs),
    );
    Ok(ModelRun {
        model,
        pages,
        elapsed: start.elapsed(),
        refs,
    })
}

/// The model of the docs with every JSON example checked against it (see [`crate::lint`]):
/// the model's diagnostics and the examples', together.
pub fn lint(input: &DocsInput) -> Result<ModelRun, ScanError> {
    let start = Instant::now();
    let (refs, mut facts) = read_pages(input, ParseOptions { examples: true })?;
    let mut model = crate::resolve::resolve(&facts);
    let pages = facts.len();
    let examples: Vec<crate::lint::PageExamples> = facts
        .iter_mut()
        .filter(|f| !f.examples.is_empty())
        .map(|f| crate::lint::PageExamples {
            file: f.file.clone(),
            version: f.version.clone(),
            examples: std::mem::take(&mut f.examples),
        })
        .collect();
    let (_, found) = rayon::join(
        move || drop(facts),
        || crate::lint::lint_examples(&model, &examples),
    );
    model.diagnostics.extend(found);
    model
        .diagnostics
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    rayon::join(
        move || drop(examples),
        || crate::report::fill_snippets(&mut model.diagnostics, &refs),
    );
    Ok(ModelRun {
        model,
        pages,
        elapsed: start.elapsed(),
        refs,
    })
}

/// What can stop generation (the docs themselves never do: their defects are diagnostics).
#[derive(Debug)]
pub enum GenerateError {
    Scan(ScanError),
    Emit(crate::emit::EmitError),
    Io(std::io::Error),
}

impl std::fmt::Display for GenerateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GenerateError::Scan(e) => e.fmt(f),
            GenerateError::Emit(e) => e.fmt(f),
            GenerateError::Io(e) => write!(f, "cannot write the generated crate: {e}"),
        }
    }
}

impl std::error::Error for GenerateError {}

impl From<ScanError> for GenerateError {
    fn from(e: ScanError) -> Self {
        GenerateError::Scan(e)
    }
}

impl From<crate::emit::EmitError> for GenerateError {
    fn from(e: crate::emit::EmitError) -> Self {
        GenerateError::Emit(e)
    }
}

impl From<std::io::Error> for GenerateError {
    fn from(e: std::io::Error) -> Self {
        GenerateError::Io(e)
    }
}

/// A model and the crate emitted from it; the model's diagnostics include the emitter's.
pub struct GenerateRun {
    /// The model; its `elapsed` covers the whole run (through emitting, and writing when
    /// [`generate`] made it).
    pub model: ModelRun,
    pub emitted: crate::emit::Emitted,
    /// The part of the run spent building the model, before emitting began.
    pub model_elapsed: Duration,
}

/// Reads the docs and emits the crate's files (in memory).
pub fn emit_crate(
    input: &DocsInput,
    options: &crate::emit::EmitOptions,
) -> Result<GenerateRun, GenerateError> {
    let mut model = build_model(input)?;
    let model_elapsed = model.elapsed;
    let start = Instant::now();
    let emitted = crate::emit::emit(&model.model, options)?;
    model
        .model
        .diagnostics
        .extend(emitted.diagnostics.iter().cloned());
    model
        .model
        .diagnostics
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    model.elapsed += start.elapsed();
    Ok(GenerateRun {
        model,
        emitted,
        model_elapsed,
    })
}

/// Generates the crate into `out`, writing only files whose bytes changed.
pub fn generate(
    input: &DocsInput,
    out: &std::path::Path,
    options: &crate::emit::EmitOptions,
) -> Result<(GenerateRun, crate::write::WriteReport), GenerateError> {
    let mut run = emit_crate(input, options)?;
    let start = Instant::now();
    let report = crate::write::write_files(out, &run.emitted.files)?;
    run.model.elapsed += start.elapsed();
    Ok((run, report))
}
