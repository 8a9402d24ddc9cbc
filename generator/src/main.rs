use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use msgraph_codegen::pipeline::{build_model, DocsInput};
use msgraph_codegen::report;

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
                Some(path) => write_json(std::fs::File::create(&path)?, &run.model)?,
                None => write_json(std::io::stdout().lock(), &run.model)?,
            }
            Ok(finish(
                &run.model.diagnostics,
                &r,
                &report::Summary::of_model(&run),
            ))
        }
        Command::Verify {
            docs,
            csdl,
            version,
            limit,
        } => {
            let run = build_model(&docs_input(&docs))?;
            let xml = std::fs::read_to_string(&csdl)?;
            let schema = msgraph_codegen::verify::Csdl::parse(&xml)?;
            let result = msgraph_codegen::verify::verify(&run.model, &version, &schema);
            // A closed pipe (`| head`) ends the listing; it is not an error.
            let _ = std::io::stdout()
                .lock()
                .write_all(result.render(limit).as_bytes());
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn write_json(out: impl std::io::Write, value: &impl serde::Serialize) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, value)?;
    out.write_all(b"\n")?;
    out.flush()
}

fn finish(
    diagnostics: &[msgraph_codegen::model::Diagnostic],
    args: &ReportArgs,
    summary: &report::Summary,
) -> ExitCode {
    let mut err = anstream::stderr();
    let format = match args.message_format {
        MessageFormat::Human => report::Format::Human {
            notes: !args.no_notes,
        },
        MessageFormat::Json => report::Format::Json,
    };
    report::print(&mut err, diagnostics, format, summary);
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
