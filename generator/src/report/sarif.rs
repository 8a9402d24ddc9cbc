//! SARIF 2.1.0: one run, a rule per diagnostic code (with its description and default
//! level), a result per diagnostic with its region (start and end line and column, in
//! Unicode code points, as the diagnostics count them) and a relative URI. GitHub code
//! scanning reads it and shows each result on its line of a pull request.

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde_json::{json, Value};

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

/// The SARIF log of `diagnostics`; `path` gives each diagnostic's file as the URI shows it
/// (relative to where the tool ran, with `/`).
pub fn log(diagnostics: &[Diagnostic], path: &dyn Fn(&Diagnostic) -> String) -> Value {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|code| {
            json!({
                "id": code.as_str(),
                "shortDescription": {"text": code.description()},
                "fullDescription": {"text": code.description()},
                "defaultConfiguration": {"level": level(code.severity())},
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let index = Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0);
            let uri = utf8_percent_encode(&path(d), PATH).to_string();
            let mut location = json!({"artifactLocation": {"uri": uri}});
            if d.line > 0 {
                let mut region = json!({"startLine": d.line, "endLine": d.line});
                if d.column > 0 {
                    region["startColumn"] = json!(d.column);
                    if d.end_column > d.column {
                        region["endColumn"] = json!(d.end_column);
                    }
                }
                if let Some(snippet) = &d.snippet {
                    region["snippet"] = json!({"text": snippet});
                }
                location["region"] = region;
            }
            let text = if d.help.is_empty() {
                d.message.clone()
            } else {
                format!("{}\nhelp: {}", d.message, d.help)
            };
            json!({
                "ruleId": d.code.as_str(),
                "ruleIndex": index,
                "level": level(d.severity),
                "message": {"text": text},
                "locations": [{"physicalLocation": location}],
                "partialFingerprints": {"msgraphCodegen/v1": fingerprint(d)},
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "msgraph-codegen",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}
