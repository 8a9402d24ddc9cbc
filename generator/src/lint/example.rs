//! One JSON example of a page, parsed with its spans (jsonc-parser: lenient with comments
//! and trailing commas, as the docs' examples are), and where each span is on the page.

use jsonc_parser::ast::Value;
use jsonc_parser::common::Range;
use jsonc_parser::{CollectOptions, ParseOptions};

use crate::model::{Code, Diagnostic};
use crate::parse::JsonExample;

/// An example's text and the page position of each of its bytes.
pub struct Located<'e> {
    pub file: &'e str,
    pub example: &'e JsonExample,
    /// Byte offset of each line's start in `example.json`.
    line_starts: Vec<usize>,
}

impl<'e> Located<'e> {
    pub fn new(file: &'e str, example: &'e JsonExample) -> Self {
        let text = example.json.as_str();
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        Located {
            file,
            example,
            line_starts,
        }
    }

    /// Parses the example; a text that is not JSON even read leniently is a diagnostic.
    pub fn parse(&self) -> Result<Option<Value<'e>>, Diagnostic> {
        let parsed = jsonc_parser::parse_to_ast(
            &self.example.json,
            &CollectOptions::default(),
            &ParseOptions::default(),
        );
        match parsed {
            Ok(result) => Ok(result.value),
            Err(e) => {
                let at = e.range();
                Err(self
                    .diagnostic(
                        Code::ExampleNotJson,
                        at,
                        format!("the example is not JSON: {}", e.kind()),
                    )
                    .help("fix the JSON: quote member names and strings, and replace `...` and `|` alternatives with real values"))
            }
        }
    }

    /// The page line and 1-based char column of byte `at` of the example.
    pub fn position(&self, at: usize) -> (u32, u32) {
        let text = self.example.json.as_str();
        let at = at.min(text.len());
        let index = match self.line_starts.binary_search(&at) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[index];
        let before = if index == 0 {
            self.example.offsets.0
        } else {
            self.example.offsets.1
        };
        let chars = text.get(start..at).map_or(0, |s| s.chars().count() as u32);
        (self.example.line + index as u32, before + chars + 1)
    }

    /// A diagnostic about the text in `range`, underlined to its end (or to the end of its
    /// first line, for a span over several lines).
    pub fn diagnostic(&self, code: Code, range: Range, message: String) -> Diagnostic {
        let text = self.example.json.as_str();
        let start = range.start.min(text.len());
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let end = range.end.clamp(start, line_end);
        let end = text[start..end].trim_end_matches('\r').len() + start;
        let (line, column) = self.position(start);
        let (_, end_column) = self.position(end);
        Diagnostic::new(code, self.file, line, message)
            .column(column)
            .end_column(end_column.max(column + 1))
    }
}

/// The range of a value.
pub fn range_of(value: &Value) -> Range {
    match value {
        Value::StringLit(v) => v.range,
        Value::NumberLit(v) => v.range,
        Value::BooleanLit(v) => v.range,
        Value::Object(v) => v.range,
        Value::Array(v) => v.range,
        Value::NullKeyword(v) => v.range,
    }
}
