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
    /// what `model` reports.
    Lint {
        #[command(flatten)]
        docs: DocsArgs,
        #[command(flatten)]
        report: ReportArgs,
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
        Command::Lint { docs, report: r } => {
            let run = msgraph_codegen::pipeline::lint(&docs_input(&docs))?;
            Ok(finish(
                &run.model.diagnostics,
                &r,
                &report::Summary::of_model(&run),
            ))
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
            let xml = std::fs::read_to_string(&csdl)
                .map_err(|e| format!("cannot read {}: {e}", csdl.display()))?;
            let schema = msgraph_codegen::verify::Csdl::parse(&xml)
                .map_err(|e| format!("{} is not CSDL XML: {e}", csdl.display()))?;
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
    report::print(&mut err, diagnostics, format, summary);
    // Nothing more can be reported if stderr itself is gone.
    let _ = std::io::stderr().write_all(&err.into_inner());
    let failing = diagnostics.iter().any(|d| {
        d.severity == msgraph_codegen::model::Severity::Error
            || (args.strict && d.severity == msgraph_codegen::model::Severity::Warning)
    });
    if failing {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
