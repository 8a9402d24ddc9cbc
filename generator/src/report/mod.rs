//! Renders diagnostics at the edge: rustc style (annotate-snippets), JSON lines, SARIF or
//! GitHub workflow commands, then a one-line summary. Stages never print.

pub mod baseline;
mod github;
mod sarif;

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::time::Duration;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use rayon::prelude::*;
use serde::Serialize;

use crate::model::{Diagnostic, Severity};
use crate::pipeline::ModelRun;
use crate::scan::PageRef;

#[derive(Clone, Copy, Debug)]
pub enum Format {
    /// rustc style; `styled` adds colour (stripped again by the stream when it has none).
    Human {
        notes: bool,
        styled: bool,
    },
    Json,
    /// One SARIF 2.1.0 log (no summary: the log is the whole output).
    Sarif,
    /// GitHub Actions workflow commands (the summary as a `::notice::`).
    Github,
}

/// What a run did, for the summary line.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    pub pages: usize,
    pub types: usize,
    pub operations: usize,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    pub seconds: f64,
    /// Diagnostics per code.
    pub codes: BTreeMap<String, usize>,
    /// More words for the summary line (what `generate` wrote).
    #[serde(skip)]
    pub extra: String,
}

impl Summary {
    pub fn of_model(run: &ModelRun) -> Self {
        Self::new(
            run.pages,
            run.model.types.len(),
            run.model.operations.len(),
            &run.model.diagnostics,
            run.elapsed,
        )
    }

    pub fn new(
        pages: usize,
        types: usize,
        operations: usize,
        diagnostics: &[Diagnostic],
        elapsed: Duration,
    ) -> Self {
        let mut s = Summary {
            pages,
            types,
            operations,
            seconds: elapsed.as_secs_f64(),
            ..Default::default()
        };
        for d in diagnostics {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Note => s.notes += 1,
            }
            *s.codes.entry(d.code.as_str().to_owned()).or_default() += 1;
        }
        s
    }

    pub fn line(&self) -> String {
        let codes: Vec<String> = self.codes.iter().map(|(c, n)| format!("{c} {n}")).collect();
        format!(
            "{}, {}, {}: {}, {}, {} in {:.2} s{}{}",
            count(self.pages, "page"),
            count(self.types, "type"),
            count(self.operations, "operation"),
            count(self.errors, "error"),
            count(self.warnings, "warning"),
            count(self.notes, "note"),
            self.seconds,
            self.extra,
            if codes.is_empty() {
                String::new()
            } else {
                format!(" ({})", codes.join(", "))
            }
        )
    }
}

/// `1 note`, `2 notes`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Gives every diagnostic that points at a line its source line, reading each file once.
pub fn fill_snippets(diagnostics: &mut [Diagnostic], pages: &[PageRef]) {
    let paths: HashMap<&str, &std::path::Path> = pages
        .iter()
        .map(|p| (p.file.as_str(), p.path.as_path()))
        .collect();
    // (diagnostic, line) by file, so each page is read once, and pages are read in parallel.
    let mut wanted: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
    for (i, d) in diagnostics.iter().enumerate() {
        if d.snippet.is_none() && d.line > 0 {
            wanted
                .entry(d.file.as_str())
                .or_default()
                .push((i, d.line as usize));
        }
    }
    let found: Vec<(usize, String)> = wanted
        .par_iter()
        .flat_map_iter(|(file, lines)| {
            let Some(path) = paths.get(file) else {
                return Vec::new();
            };
            let bytes = std::fs::read(path).unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes);
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            let source: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
            lines
                .iter()
                .filter_map(|(i, line)| Some((*i, (*source.get(line - 1)?).to_owned())))
                .collect::<Vec<_>>()
        })
        .collect();
    for (i, snippet) in found {
        diagnostics[i].snippet = Some(snippet);
    }
}

/// Prints every diagnostic (human: errors and warnings, notes unless hidden) and the summary.
/// `path` gives a diagnostic's file as SARIF and GitHub show it (relative to where the tool
/// runs); the other formats show the docs-relative path.
pub fn print(
    out: &mut impl Write,
    diagnostics: &[Diagnostic],
    format: Format,
    summary: &Summary,
    path: &dyn Fn(&Diagnostic) -> String,
) {
    match format {
        Format::Sarif => {
            let _ = sarif::write(&mut *out, diagnostics, path);
            let _ = writeln!(out);
        }
        Format::Github => {
            for d in diagnostics {
                let _ = writeln!(out, "{}", github::command(d, &path(d)));
            }
            let _ = writeln!(out, "::notice title=msgraph-codegen::{}", summary.line());
        }
        Format::Human { notes, styled } => {
            let renderer = if styled {
                Renderer::styled()
            } else {
                Renderer::plain()
            };
            // Rendered on all cores (thousands over a whole docs tree), printed in order.
            let rendered: Vec<String> = diagnostics
                .par_iter()
                .filter(|d| notes || d.severity != Severity::Note)
                .map(|d| render(&renderer, d))
                .collect();
            for text in rendered {
                let _ = writeln!(out, "{text}\n");
            }
            let _ = writeln!(out, "summary: {}", summary.line());
        }
        Format::Json => {
            for d in diagnostics {
                if let Ok(line) = serde_json::to_string(d) {
                    let _ = writeln!(out, "{line}");
                }
            }
            let line = serde_json::json!({ "summary": summary });
            let _ = writeln!(out, "{line}");
        }
    }
}

/// One diagnostic, rustc style:
/// `warning[unknown-type]: …`, `--> file:line:col`, the source line, `help: …`.
pub fn render(renderer: &Renderer, d: &Diagnostic) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    };
    let title = level.primary_title(d.message.as_str()).id(d.code.as_str());
    let mut group = match (&d.snippet, d.line) {
        (Some(src), line) if line > 0 => {
            let span = highlight(src, d.column, d.end_column);
            title.element(
                Snippet::source(src.as_str())
                    .line_start(line as usize)
                    .path(d.file.as_str())
                    .annotation(AnnotationKind::Primary.span(span)),
            )
        }
        _ => {
            let mut origin = Origin::path(d.file.as_str());
            if d.line > 0 {
                origin = origin.line(d.line as usize);
                if d.column > 0 {
                    origin = origin.char_column(d.column as usize - 1);
                }
            }
            title.element(origin)
        }
    };
    if !d.help.is_empty() {
        group = group.element(Level::HELP.message(d.help.as_str()));
    }
    let report: [Group; 1] = [group];
    renderer.render(&report)
}

/// The byte range to underline: the diagnostic's own extent where it has one; the whole
/// line (trimmed) for a diagnostic about the line (column 0); else from the column to the
/// end of its table cell (table rows) or of its word (other lines).
fn highlight(line: &str, column: u32, end_column: u32) -> std::ops::Range<usize> {
    if column == 0 {
        let text = line.trim();
        let start = line.len() - line.trim_start().len();
        return start..(start + text.len().max(1)).min(line.len().max(start));
    }
    let byte_at = |column: u32| {
        line.char_indices()
            .nth(column.saturating_sub(1) as usize)
            .map_or(line.len(), |(i, _)| i)
    };
    let start = byte_at(column);
    if end_column > column && start < line.len() {
        return start..byte_at(end_column);
    }
    let start = if start == line.len() { 0 } else { start };
    let rest = &line[start..];
    let end = if line.trim_start().starts_with('|') {
        rest.find('|').unwrap_or(rest.len())
    } else {
        rest.find(char::is_whitespace).unwrap_or(rest.len())
    };
    let len = rest[..end].trim_end().len().max(1).min(rest.len().max(1));
    start..(start + len).min(line.len().max(start))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Code;

    #[test]
    fn rustc_style_with_location_source_and_help() {
        let d = Diagnostic::new(
            Code::UnknownType,
            "beta/resources/x.md",
            42,
            "type `y` is not defined",
        )
        .column(3)
        .help("add the page")
        .snippet("|a|y|desc|");
        let text = render(&Renderer::plain(), &d);
        assert!(
            text.starts_with("warning[unknown-type]: type `y` is not defined"),
            "{text}"
        );
        assert!(text.contains("--> beta/resources/x.md:42:3"), "{text}");
        assert!(text.contains("42 | |a|y|desc|"), "{text}");
        assert!(text.contains("help: add the page"), "{text}");
    }

    #[test]
    fn the_underline_is_the_extent_else_the_cell_word_or_line() {
        let row = "|a|** Unknown Type `x` **|desc|";
        // An extent in chars: `é` is two bytes.
        let line = "é PATCH ** not found";
        assert_eq!(&line[highlight(line, 9, 21)], "** not found");
        // Table cell from the column; the word elsewhere; the trimmed line for column 0.
        assert_eq!(&row[highlight(row, 4, 0)], "** Unknown Type `x` **");
        assert_eq!(&line[highlight(line, 3, 0)], "PATCH");
        let heading = "  # T x ";
        assert_eq!(&heading[highlight(heading, 0, 0)], "# T x");
        // A column past the line falls back to its start, never out of range.
        assert_eq!(highlight("ab", 9, 12), 0..2);
        assert_eq!(highlight("", 1, 5), 0..0);
    }

    #[test]
    fn file_level_diagnostics_have_a_location_line() {
        let d = Diagnostic::new(Code::EmptyPage, "v1.0/api/x.md", 0, "page is empty");
        let text = render(&Renderer::plain(), &d);
        assert!(text.contains("v1.0/api/x.md"), "{text}");
    }
}
