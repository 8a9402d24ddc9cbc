//! SARIF 2.1.0: one run, a rule per diagnostic code (with its description and default
//! level), a result per diagnostic with its region (start and end line and column, in
//! Unicode code points, as the diagnostics count them) and a relative URI. GitHub code
//! scanning reads it and shows each result on its line of a pull request.

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde::Serialize;

use crate::model::{Code, Diagnostic, Severity};

use super::baseline::fingerprint;

/// What a URI keeps unencoded besides letters and digits: RFC 3986's unreserved chars and
/// the path separator.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b']')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

// The log's shape, serialised as it is built: a corpus lints to thousands of results, which
// a `serde_json::Value` tree would hold twice over (as maps, then as text).

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
struct Driver {
    name: &'static str,
    version: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    short_description: Text<&'static str>,
    full_description: Text<&'static str>,
    default_configuration: Level,
}

#[derive(Serialize)]
struct Text<T> {
    text: T,
}

#[derive(Serialize)]
struct Level {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text<String>,
    locations: [Location<'a>; 1],
    partial_fingerprints: Fingerprints,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region<'a>>,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region<'a> {
    start_line: u32,
    end_line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Text<&'a str>>,
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "msgraphCodegen/v1")]
    v1: String,
}

/// Writes the SARIF log of `diagnostics` (pretty JSON, one run); `path` gives each
/// diagnostic's file as the URI shows it (relative to where the tool ran, with `/`).
pub fn write(
    out: &mut impl std::io::Write,
    diagnostics: &[Diagnostic],
    path: &dyn Fn(&Diagnostic) -> String,
) -> serde_json::Result<()> {
    let rules = Code::ALL
        .iter()
        .map(|code| Rule {
            id: code.as_str(),
            short_description: Text {
                text: code.description(),
            },
            full_description: Text {
                text: code.description(),
            },
            default_configuration: Level {
                level: level(code.severity()),
            },
        })
        .collect();
    let results = diagnostics
        .iter()
        .map(|d| {
            let region = (d.line > 0).then(|| Region {
                start_line: d.line,
                end_line: d.line,
                start_column: (d.column > 0).then_some(d.column),
                end_column: (d.column > 0 && d.end_column > d.column).then_some(d.end_column),
                snippet: d.snippet.as_deref().map(|text| Text { text }),
            });
            let text = if d.help.is_empty() {
                d.message.clone()
            } else {
                format!("{}\nhelp: {}", d.message, d.help)
            };
            SarifResult {
                rule_id: d.code.as_str(),
                rule_index: Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0),
                level: level(d.severity),
                message: Text { text },
                locations: [Location {
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation {
                            uri: utf8_percent_encode(&path(d), PATH).to_string(),
                        },
                        region,
                    },
                }],
                partial_fingerprints: Fingerprints { v1: fingerprint(d) },
            }
        })
        .collect();
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "msgraph-codegen",
                    version: env!("CARGO_PKG_VERSION"),
                    rules,
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    serde_json::to_writer_pretty(out, &log)
}
