//! `cargo bench -p msgraph-codegen --bench model`: wall time and peak memory of `model`
//! over the whole 2021 corpus, next to the floor of reading the same files and running
//! pulldown-cmark over them, and of `lint` (SARIF) next to `model`, measured in the same
//! run on all cores.
//!
//! Each phase runs in a child process (this binary, re-executed) so its peak resident
//! memory (VmHWM) is its own. The corpus is `../shared/corpus/graph-docs-2021` beside the
//! workspace, or `MSGRAPH_CORPUS`.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use rayon::prelude::*;

use msgraph_codegen::pipeline::{read_pages, DocsInput};
use msgraph_codegen::resolve::resolve;
use msgraph_codegen::scan::scan;

const RUNS: usize = 7;

// The same allocator as the `msgraph-codegen` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod common;
use common::corpus;

/// Reads every page and runs pulldown-cmark (tables on) over it: the floor.
fn floor(root: &Path) -> usize {
    let pages = scan(&[root.to_path_buf()], "beta").expect("corpus scans");
    pages
        .par_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p.path).unwrap_or_default();
            let options = pulldown_cmark::Options::ENABLE_TABLES
                | pulldown_cmark::Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
            pulldown_cmark::Parser::new_ext(&text, options).count()
        })
        .sum()
}

/// What `msgraph-codegen model` does: build the model and serialise it. Prints the time
/// of each stage on stderr and returns them (read+parse, resolve, JSON) beside the bytes.
fn model(root: &Path) -> (usize, [f64; 3]) {
    let input = DocsInput::new(vec![root.to_path_buf()], "beta");
    let t = Instant::now();
    let (_, facts) = read_pages(&input, Default::default()).expect("corpus scans");
    let parsed = t.elapsed();
    let rss_parsed = rss_kib();
    let model = resolve(&facts);
    let resolved = t.elapsed();
    let rss_resolved = rss_kib();
    // Written as `model --out FILE` writes it, minus the disk: into a byte counter. The
    // facts are freed meanwhile, as `build_model` frees them beside its own last step.
    let mut written = Counter(0);
    rayon::join(
        move || drop(facts),
        || {
            msgraph_codegen::model_json::write_pretty_json(&model, &mut written)
                .expect("model serialises")
        },
    );
    let n = written.0;
    let stages = [
        parsed.as_secs_f64(),
        (resolved - parsed).as_secs_f64(),
        (t.elapsed() - resolved).as_secs_f64(),
    ];
    eprintln!(
        "stages: read+parse {:.3} s ({} MiB), resolve {:.3} s ({} MiB), json {:.3} s",
        parsed.as_secs_f64(),
        rss_parsed / 1024,
        stages[1],
        rss_resolved / 1024,
        stages[2]
    );
    (n, stages)
}

/// What `msgraph-codegen lint --message-format sarif` does: the model with every example
/// checked against it, reported as SARIF (the format CI uploads).
fn lint(root: &Path) -> usize {
    let input = DocsInput::new(vec![root.to_path_buf()], "beta");
    let run = msgraph_codegen::pipeline::lint(&input).expect("corpus scans");
    let summary = msgraph_codegen::report::Summary::of_model(&run);
    let mut written = Counter(0);
    msgraph_codegen::report::print(
        &mut written,
        &run.model.diagnostics,
        msgraph_codegen::report::Format::Sarif,
        &summary,
        &|d| d.file.clone(),
    );
    written.0
}

/// A writer that keeps only the number of bytes written.
struct Counter(usize);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn status_kib(key: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn peak_rss_kib() -> u64 {
    status_kib("VmHWM:")
}

fn rss_kib() -> u64 {
    status_kib("VmRSS:")
}

/// Child mode: run one phase once, print `seconds peak_kib` and the model's stage seconds.
fn child(phase: &str, root: &Path) {
    let start = Instant::now();
    let (n, stages) = match phase {
        "floor" => (floor(root), Vec::new()),
        "lint" => (lint(root), Vec::new()),
        "model" => {
            let (n, stages) = model(root);
            (n, stages.to_vec())
        }
        other => panic!("unknown phase {other}"),
    };
    let secs = start.elapsed().as_secs_f64();
    std::hint::black_box(n);
    let stages: Vec<String> = stages.iter().map(f64::to_string).collect();
    println!("{secs} {} {}", peak_rss_kib(), stages.join(" "));
}

/// One run of a phase: wall seconds, peak KiB and, for the model, its stages' seconds.
struct Run {
    secs: f64,
    peak_kib: u64,
    stages: Vec<f64>,
}

/// Runs a phase once in a child process.
fn run_once(phase: &str) -> Run {
    let exe = std::env::current_exe().expect("own path");
    let out = Command::new(&exe)
        .env("MSGRAPH_BENCH_PHASE", phase)
        .output()
        .expect("child runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stages = String::from_utf8_lossy(&out.stderr);
    if !stages.trim().is_empty() {
        println!("  {phase} {}", stages.trim());
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut parts = text.split_whitespace();
    let secs = parts
        .next()
        .and_then(|t| t.parse::<f64>().ok())
        .expect("seconds");
    let peak = parts
        .next()
        .and_then(|p| p.parse::<u64>().ok())
        .expect("peak");
    let stages = parts
        .map(|s| s.parse::<f64>().expect("stage seconds"))
        .collect();
    Run {
        secs,
        peak_kib: peak,
        stages,
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let Some(root) = corpus() else {
        eprintln!("skipped: the 2021 corpus is not at ../shared/corpus/graph-docs-2021 (set MSGRAPH_CORPUS)");
        return;
    };
    if let Ok(phase) = std::env::var("MSGRAPH_BENCH_PHASE") {
        child(&phase, &root);
        return;
    }
    // `cargo bench` passes `--bench`; any other argument filters nothing here.
    println!(
        "corpus: {} ({} threads, median of {RUNS} runs)",
        root.display(),
        rayon::current_num_threads()
    );
    // The phases alternate, so that both see the same machine: on a shared VM the speed
    // drifts between runs by more than the differences measured here.
    let (mut floor_times, mut model_times, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    let (mut lint_times, mut lint_ratios) = (Vec::new(), Vec::new());
    let (mut floor_kib, mut model_kib, mut lint_kib) = (0, 0, 0);
    let mut stages: [Vec<f64>; 3] = Default::default();
    let mut parse_ratios = Vec::new();
    for _ in 0..RUNS {
        let floor = run_once("floor");
        let model = run_once("model");
        let lint = run_once("lint");
        lint_times.push(lint.secs);
        lint_ratios.push(lint.secs / model.secs);
        lint_kib = lint_kib.max(lint.peak_kib);
        floor_times.push(floor.secs);
        model_times.push(model.secs);
        ratios.push(model.secs / floor.secs);
        parse_ratios.push(model.stages[0] / floor.secs);
        for (all, one) in stages.iter_mut().zip(&model.stages) {
            all.push(*one);
        }
        floor_kib = floor_kib.max(floor.peak_kib);
        model_kib = model_kib.max(model.peak_kib);
    }
    let (floor_s, model_s) = (median(floor_times), median(model_times));
    println!(
        "floor (read + pulldown-cmark): {floor_s:.3} s, peak {} MiB",
        floor_kib / 1024
    );
    println!(
        "model (read, parse, resolve, JSON): {model_s:.3} s, peak {} MiB",
        model_kib / 1024
    );
    println!(
        "model / floor: {:.2}x time (median of the per-run ratios {:.2}x), {:.2}x memory",
        model_s / floor_s,
        median(ratios),
        model_kib as f64 / floor_kib as f64
    );
    // Where the time goes: reading and parsing alone, against the same floor, says how
    // much of the ratio the page parser holds and how much resolving and writing add.
    let [parse, resolve, json] = stages.map(median);
    println!(
        "model stages: read+parse {parse:.3} s ({:.2}x the floor, median of the per-run ratios), resolve {resolve:.3} s, JSON {json:.3} s",
        median(parse_ratios)
    );
    let lint_s = median(lint_times);
    println!(
        "lint (the model, every example checked, SARIF): {lint_s:.3} s, peak {} MiB",
        lint_kib / 1024
    );
    println!(
        "lint / model: {:.2}x time (median of the per-run ratios {:.2}x), {:.2}x memory",
        lint_s / model_s,
        median(lint_ratios),
        lint_kib as f64 / model_kib as f64
    );
}
