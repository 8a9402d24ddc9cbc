use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use msgraph_codegen::emit::EmitOptions;
use msgraph_codegen::pipeline::{build_model, emit_crate, generate, DocsInput};
use msgraph_codegen::report;
use msgraph_codegen::repository::{find_root, Repository};

// The parser allocates many small strings on both cores; glibc's allocator spends a fifth
// of the run on them (measured with perf), mimalloc a small part of that.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Reads the Microsoft Graph reference docs and generates typed Rust models.
#[derive(Parser)]
#[command(name = "msgraph-codegen", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct DocsArgs {
    /// A docs root (with `v1.0/` and `beta/`), one version folder, or a folder with
    /// `resources/` and `api/`. Repeatable.
    #[arg(long = "docs", value_name = "DIR")]
    docs: Vec<PathBuf>,
    /// Version of a `--docs` folder that holds `resources/` and `api/` directly.
    #[arg(long, default_value = "beta", value_parser = ["beta", "v1.0"])]
    api_version: String,
}

#[derive(clap::Args, Clone)]
struct ReportArgs {
    /// How diagnostics are printed on stderr.
    #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
    message_format: MessageFormat,
    /// Fail (exit code 1) on warnings as well as errors.
    #[arg(long)]
    strict: bool,
    /// Do not print notes (they are still counted in the summary).
    #[arg(long)]
    no_notes: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum MessageFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LintFormat {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Subcommand)]
enum Command {
    /// Read the docs and write the intermediate model as JSON.
    Model {
        #[command(flatten)]
        docs: DocsArgs,
        #[command(flatten)]
        report: ReportArgs,
        /// Write the model here instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Compare the model with the service's CSDL metadata.
    Verify {
        #[command(flatten)]
        docs: DocsArgs,
        /// The CSDL file (`$metadata`) of the same API version.
        #[arg(long)]
        csdl: PathBuf,
        /// Which version of the docs to compare.
        #[arg(long, default_value = "v1.0")]
        version: String,
        /// How many mismatches to list (0: all).
        #[arg(long, default_value_t = 0)]
        limit: usize,
    },
    /// Generate the `msgraph-models` crate. Without `--docs` and `--out`: this repository's
    /// `docs-input/` into `generated/` (with its regeneration hook).
    Generate {
        #[command(flatten)]
        docs: DocsArgs,
        #[command(flatten)]
        report: ReportArgs,
        /// Where to write the crate.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Check every JSON example of the docs against the types they document, on top of
    /// what `model` reports. The report goes to stdout; exit code 1 when diagnostics at or
    /// above the failing severity remain (errors; warnings too with `--strict`).
    Lint {
        #[command(flatten)]
        docs: DocsArgs,
        /// How the report is printed: rustc style, JSON lines, a SARIF 2.1.0 log, or
        /// GitHub Actions workflow commands.
        #[arg(long, value_enum, default_value_t = LintFormat::Human)]
        message_format: LintFormat,
        /// Fail (exit code 1) on warnings as well as errors.
        #[arg(long)]
        strict: bool,
        /// Do not print notes (they are still counted in the summary).
        #[arg(long)]
        no_notes: bool,
        /// Report only the diagnostics of these pages (a pull request's changed files); the
        /// model is still built from every page.
        #[arg(long, value_name = "PATH", num_args = 1..)]
        only: Vec<PathBuf>,
        /// Leave out the diagnostics this baseline file records.
        #[arg(long, value_name = "FILE")]
        baseline: Option<PathBuf>,
        /// Record the diagnostics in this baseline file, print nothing else, and succeed.
        #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
        write_baseline: Option<PathBuf>,
        /// Also report where the docs disagree with the service's CSDL metadata.
        #[arg(long, value_name = "FILE")]
        csdl: Option<PathBuf>,
        /// The API version the `--csdl` file describes.
        #[arg(long, default_value = "v1.0", value_parser = ["beta", "v1.0"])]
        csdl_version: String,
    },
    /// Fail when `generated/` is not what `generate` would write.
    Check {
        #[command(flatten)]
        docs: DocsArgs,
        /// The crate to check.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// The docs, output folder and emit options of `generate` and `check`: this repository's
/// layout by default, a plain crate where `--out` says.
fn generate_target(
    docs: &DocsArgs,
    out: Option<PathBuf>,
) -> Result<(DocsInput, PathBuf, EmitOptions), Box<dyn std::error::Error>> {
    match out {
        None => {
            let cwd = std::env::current_dir()?;
            let root =
                find_root(&cwd).ok_or("no docs-input/ here or above: pass --docs and --out")?;
            let repo = Repository::new(root);
            let input = if docs.docs.is_empty() {
                repo.input()
            } else {
                docs_input(docs)
            };
            Ok((input, repo.generated(), Repository::emit_options()))
        }
        Some(out) => {
            let label = docs
                .docs
                .iter()
                .map(|d| d.display().to_string())
                .collect::<Vec<_>>()
                .join(" ");
            let options = EmitOptions {
                docs_label: label,
                hook: None,
            };
            Ok((docs_input(docs), out, options))
        }
    }
}

fn docs_input(args: &DocsArgs) -> DocsInput {
    let roots = if args.docs.is_empty() {
        vec![PathBuf::from("docs-input")]
    } else {
        args.docs.clone()
    };
    DocsInput::new(roots, &args.api_version)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, Box<dyn std::error::Error>> {
    match cli.command {
        Command::Model {
            docs,
            report: r,
            out,
        } => {
            let run = build_model(&docs_input(&docs))?;
            match out {
                Some(path) => {
                    let file = std::fs::File::create(&path)
                        .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
                    write_model(file, &run.model)
                        .map_err(|e| format!("cannot write {}: {e}", path.display()))?
                }
                None => write_model(std::io::stdout().lock(), &run.model)?,
            }
            Ok(finish(
                &run.model.diagnostics,
                &r,
                &report::Summary::of_model(&run),
            ))
        }
        Command::Lint {
            docs,
            message_format,
            strict,
            no_notes,
            only,
            baseline,
            write_baseline,
            csdl,
            csdl_version,
        } => {
            // The files first: a wrong path fails before the docs are read.
            let csdl = csdl.as_deref().map(read_csdl).transpose()?;
            let baseline = match &baseline {
                Some(path) => {
                    let text = std::fs::read_to_string(path)
                        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                    let b = report::baseline::Baseline::from_json(&text)
                        .map_err(|e| format!("{} is not a baseline: {e}", path.display()))?;
                    Some(b)
                }
                None => None,
            };
            let mut run = msgraph_codegen::pipeline::lint(&docs_input(&docs))?;
            if let Some(schema) = &csdl {
                let found = msgraph_codegen::verify::verify(&run.model, &csdl_version, schema);
                let mut more = found.diagnostics();
                report::fill_snippets(&mut more, &run.refs);
                run.model.diagnostics.extend(more);
                run.model
                    .diagnostics
                    .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            }
            let paths = DisplayPaths::new(&run.refs);
            let mut diagnostics = std::mem::take(&mut run.model.diagnostics);
            if !only.is_empty() {
                let wanted = paths.wanted(&only);
                diagnostics.retain(|d| wanted.contains(&d.file));
            }
            if let Some(path) = write_baseline {
                let b = report::baseline::Baseline::record(&diagnostics);
                std::fs::write(&path, b.to_json())
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                eprintln!(
                    "wrote {} ({} diagnostics, {} entries)",
                    path.display(),
                    diagnostics.len(),
                    b.entries.len()
                );
                return Ok(ExitCode::SUCCESS);
            }
            let mut suppressed = 0;
            if let Some(b) = &baseline {
                (diagnostics, suppressed) = b.filter(diagnostics);
            }
            let mut summary = report::Summary::new(
                run.pages,
                run.model.types.len(),
                run.model.operations.len(),
                &diagnostics,
                run.elapsed,
            );
            if suppressed > 0 {
                summary.extra = format!("; {suppressed} in the baseline left out");
            }
            let format = match message_format {
                LintFormat::Human => report::Format::Human {
                    notes: !no_notes,
                    styled: anstream::stdout().current_choice() != anstream::ColorChoice::Never,
                },
                LintFormat::Json => report::Format::Json,
                LintFormat::Sarif => report::Format::Sarif,
                LintFormat::Github => report::Format::Github,
            };
            let show = |d: &msgraph_codegen::model::Diagnostic| paths.show(d);
            let text = if let report::Format::Human { .. } = format {
                // Styles pass through only to a terminal that shows them.
                let choice = anstream::stdout().current_choice();
                let mut out = anstream::AutoStream::new(Vec::new(), choice);
                report::print(&mut out, &diagnostics, format, &summary, &show);
                out.into_inner()
            } else {
                // Machine formats hold no styles: no stream needs to strip any.
                let mut out = Vec::new();
                report::print(&mut out, &diagnostics, format, &summary, &show);
                out
            };
            let _ = std::io::stdout().write_all(&text);
            if message_format == LintFormat::Sarif {
                eprintln!("summary: {}", summary.line());
            }
            Ok(exit_code(&diagnostics, strict))
        }
        Command::Generate {
            docs,
            report: r,
            out,
        } => {
            let (input, out, options) = generate_target(&docs, out)?;
            let (run, written) = generate(&input, &out, &options)?;
            let mut summary = report::Summary::of_model(&run.model);
            summary.extra = format!(
                "; {} structs, {} enums, {} PATCH types; {} files written, {} unchanged, {} removed in {}",
                run.emitted.structs,
                run.emitted.enums,
                run.emitted.patches,
                written.written.len(),
                written.unchanged,
                written.removed.len(),
                out.display()
            );
            Ok(finish(&run.model.model.diagnostics, &r, &summary))
        }
        Command::Check { docs, out } => {
            let explicit = out.is_some();
            let (input, out, options) = generate_target(&docs, out)?;
            let run = emit_crate(&input, &options)?;
            let differing = msgraph_codegen::write::differences(&out, &run.emitted.files)?;
            if differing.is_empty() {
                eprintln!(
                    "{} is up to date ({} files)",
                    out.display(),
                    run.emitted.files.len()
                );
                return Ok(ExitCode::SUCCESS);
            }
            eprintln!(
                "error: {} is stale: {} files differ from what the docs generate:",
                out.display(),
                differing.len()
            );
            for f in differing.iter().take(20) {
                eprintln!("  {}", f.display());
            }
            if differing.len() > 20 {
                eprintln!("  … and {} more", differing.len() - 20);
            }
            let fix = if explicit {
                let docs: String = docs
                    .docs
                    .iter()
                    .map(|d| format!(" --docs {}", d.display()))
                    .collect();
                format!(
                    "cargo run -p msgraph-codegen -- generate --out {}{docs}",
                    out.display()
                )
            } else {
                "cargo run -p msgraph-codegen -- generate".to_owned()
            };
            eprintln!("help: regenerate it with `{fix}` and commit the result");
            Ok(ExitCode::FAILURE)
        }
        Command::Verify {
            docs,
            csdl,
            version,
            limit,
        } => {
            // The CSDL first: a wrong path fails before the docs are read.
            let schema = read_csdl(&csdl)?;
            let run = build_model(&docs_input(&docs))?;
            let result = msgraph_codegen::verify::verify(&run.model, &version, &schema);
            // A closed pipe (`| head`) ends the listing; it is not an error.
            let _ = std::io::stdout()
                .lock()
                .write_all(result.render(limit).as_bytes());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The service's metadata from a CSDL file; the error names the file.
fn read_csdl(path: &std::path::Path) -> Result<msgraph_codegen::verify::Csdl, String> {
    let xml = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    msgraph_codegen::verify::Csdl::parse(&xml)
        .map_err(|e| format!("{} is not CSDL XML: {e}", path.display()))
}

fn write_model(
    out: impl std::io::Write,
    model: &msgraph_codegen::model::Model,
) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(out);
    msgraph_codegen::model_json::write_pretty_json(model, &mut out)?;
    out.write_all(b"\n")?;
    out.flush()
}

fn finish(
    diagnostics: &[msgraph_codegen::model::Diagnostic],
    args: &ReportArgs,
    summary: &report::Summary,
) -> ExitCode {
    // Rendered into memory and written at once: unbuffered stderr would make one system
    // call per fragment, tens of thousands over a whole docs tree.
    let choice = anstream::stderr().current_choice();
    let mut err = anstream::AutoStream::new(Vec::new(), choice);
    let format = match args.message_format {
        MessageFormat::Human => report::Format::Human {
            notes: !args.no_notes,
            // Without colour, render plain rather than styled and stripped again.
            styled: choice != anstream::ColorChoice::Never,
        },
        MessageFormat::Json => report::Format::Json,
    };
    report::print(&mut err, diagnostics, format, summary, &|d| d.file.clone());
    // Nothing more can be reported if stderr itself is gone.
    let _ = std::io::stderr().write_all(&err.into_inner());
    exit_code(diagnostics, args.strict)
}

/// 1 when an error remains (or, with `strict`, a warning), else 0.
fn exit_code(diagnostics: &[msgraph_codegen::model::Diagnostic], strict: bool) -> ExitCode {
    let failing = diagnostics.iter().any(|d| {
        d.severity == msgraph_codegen::model::Severity::Error
            || (strict && d.severity == msgraph_codegen::model::Severity::Warning)
    });
    if failing {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Where each page is, as a docs repository's CI shows it: the path it was read from,
/// relative to the working directory where it is below it, with `/`.
struct DisplayPaths {
    by_file: std::collections::HashMap<String, String>,
}

impl DisplayPaths {
    fn new(refs: &[msgraph_codegen::scan::PageRef]) -> Self {
        let cwd = std::env::current_dir().ok();
        let by_file = refs
            .iter()
            .map(|r| {
                let path = match (&cwd, r.path.is_absolute()) {
                    (Some(cwd), true) => r.path.strip_prefix(cwd).unwrap_or(&r.path),
                    _ => r.path.as_path(),
                };
                let path: PathBuf = path
                    .components()
                    .filter(|c| !matches!(c, std::path::Component::CurDir))
                    .collect();
                let shown = path.to_string_lossy();
                // `\` is a separator only on Windows (elsewhere it may be in a name).
                let shown = if cfg!(windows) {
                    shown.replace('\\', "/")
                } else {
                    shown.into_owned()
                };
                (r.file.clone(), shown)
            })
            .collect();
        DisplayPaths { by_file }
    }

    fn show(&self, d: &msgraph_codegen::model::Diagnostic) -> String {
        self.by_file
            .get(&d.file)
            .cloned()
            .unwrap_or_else(|| d.file.clone())
    }

    /// The docs-relative files `--only` names, by the path they were read from or by their
    /// docs-relative name.
    fn wanted(&self, only: &[PathBuf]) -> std::collections::HashSet<String> {
        let canonical = |p: &std::path::Path| std::fs::canonicalize(p).ok();
        let asked: Vec<(String, Option<PathBuf>)> = only
            .iter()
            .map(|p| {
                let text = p.to_string_lossy().replace('\\', "/");
                (text.trim_start_matches("./").to_owned(), canonical(p))
            })
            .collect();
        let name = |p: &str| p.rsplit('/').next().unwrap_or(p).to_owned();
        self.by_file
            .iter()
            .filter(|(file, shown)| {
                asked.iter().any(|(text, canon)| {
                    text == *file
                        || text == *shown
                        // The same file by another path: compared on disk, for same names only.
                        || (name(text) == name(shown)
                            && canon.is_some()
                            && canonical(std::path::Path::new(shown.as_str())) == *canon)
                })
            })
            .map(|(file, _)| file.clone())
            .collect()
    }
}
