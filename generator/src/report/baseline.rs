//! Baselines: the diagnostics a docs repository already has, recorded so that its CI can
//! fail on new ones only.
//!
//! A diagnostic is keyed by its file, code, message and the text of its line, not by its
//! line number: an edit above a defect moves it without changing its key, and an edit of
//! the defect's own line makes it new. Each key is recorded with how often it occurs, so
//! that a second copy of a recorded defect is still new.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::model::Diagnostic;

/// The file `--write-baseline` writes and `--baseline` reads.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    /// The format's version.
    pub version: u32,
    pub entries: Vec<Entry>,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub file: String,
    pub code: String,
    pub message: String,
    /// The text of the diagnostic's line, trimmed.
    pub source: String,
    /// How many diagnostics have this key.
    pub count: usize,
}

const VERSION: u32 = 1;

/// A diagnostic's key: (file, code, message, line text). Line and column numbers a message
/// quotes (`first at line 36`) are left out, so that they do not move the key.
fn key(d: &Diagnostic) -> (String, String, String, String) {
    static NUMBERS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(line|column) [0-9]+").expect("a valid pattern"));
    (
        d.file.clone(),
        d.code.as_str().to_owned(),
        NUMBERS.replace_all(&d.message, "$1 _").into_owned(),
        d.snippet.as_deref().unwrap_or_default().trim().to_owned(),
    )
}

/// A stable digest of a diagnostic's key (SARIF's `partialFingerprints`).
pub fn fingerprint(d: &Diagnostic) -> String {
    let (file, code, message, source) = key(d);
    let mut hash = Sha256::new();
    for part in [file, code, message, source] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    hash.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Baseline {
    /// The baseline of these diagnostics, in key order.
    pub fn record(diagnostics: &[Diagnostic]) -> Self {
        let mut counts: BTreeMap<(String, String, String, String), usize> = BTreeMap::new();
        for d in diagnostics {
            *counts.entry(key(d)).or_default() += 1;
        }
        Baseline {
            version: VERSION,
            entries: counts
                .into_iter()
                .map(|((file, code, message, source), count)| Entry {
                    file,
                    code,
                    message,
                    source,
                    count,
                })
                .collect(),
        }
    }

    /// The diagnostics the baseline does not record (the new ones), and how many it did.
    pub fn filter(&self, diagnostics: Vec<Diagnostic>) -> (Vec<Diagnostic>, usize) {
        let mut left: BTreeMap<(String, String, String, String), usize> = self
            .entries
            .iter()
            .map(|e| {
                let key = (
                    e.file.clone(),
                    e.code.clone(),
                    e.message.clone(),
                    e.source.clone(),
                );
                (key, e.count)
            })
            .collect();
        let mut suppressed = 0;
        let kept = diagnostics
            .into_iter()
            .filter(|d| match left.get_mut(&key(d)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    suppressed += 1;
                    false
                }
                _ => true,
            })
            .collect();
        (kept, suppressed)
    }

    pub fn from_json(text: &str) -> Result<Self, String> {
        let b: Baseline = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if b.version != VERSION {
            return Err(format!(
                "baseline version {} (this msgraph-codegen reads version {VERSION})",
                b.version
            ));
        }
        Ok(b)
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a baseline is JSON");
        text.push('\n');
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Code;

    fn d(line: u32, message: &str, source: &str) -> Diagnostic {
        Diagnostic::new(Code::ExampleUnknownMember, "beta/api/x.md", line, message).snippet(source)
    }

    #[test]
    fn a_moved_defect_stays_recorded_a_new_or_edited_one_does_not() {
        let before = vec![
            d(10, "`a` is not a member", "  \"a\": 1,"),
            d(20, "listed again (first at line 3)", "|x|"),
        ];
        let baseline = Baseline::record(&before);
        let after = vec![
            // Two lines were added above both.
            d(12, "`a` is not a member", "\"a\": 1,"),
            d(22, "listed again (first at line 5)", "|x|"),
            // A second copy of a recorded one, and an edited line.
            d(30, "`a` is not a member", "\"a\": 1,"),
            d(40, "`b` is not a member", "\"b\": 2,"),
        ];
        let (new, suppressed) = baseline.filter(after);
        assert_eq!(suppressed, 2);
        assert_eq!(new.iter().map(|d| d.line).collect::<Vec<_>>(), [30, 40]);
        let text = baseline.to_json();
        assert_eq!(Baseline::from_json(&text).unwrap(), baseline);
        assert_eq!(
            fingerprint(&before[0]),
            fingerprint(&d(99, "`a` is not a member", "\"a\": 1,"))
        );
    }
}
