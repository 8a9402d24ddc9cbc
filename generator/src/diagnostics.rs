//! Diagnostics: values every stage collects, rendered once at the edge (see `report`).
//!
//! A diagnostic names a docs file and line, carries a stable [`Code`] that scripts can match,
//! says what is wrong and how to fix it. Codes never change meaning; new ones may be added.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        })
    }
}

macro_rules! codes {
    ($( #[doc = $doc:literal] $variant:ident = $text:literal, $severity:ident; )*) => {
        /// Stable diagnostic codes, spelled in kebab case on every output.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum Code {
            $( #[doc = $doc] #[serde(rename = $text)] $variant, )*
        }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $text,)* }
            }

            /// What the code means, in one sentence (its doc comment): the rule's
            /// description in SARIF output.
            pub fn description(self) -> &'static str {
                match self { $(Code::$variant => $doc.trim_ascii_start(),)* }
            }

            /// The severity a diagnostic of this code has.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }
        }
    };
}

codes! {
    /// The file could not be read.
    ReadError = "read-error", Error;
    /// The file is not valid UTF-8; it was read with replacement characters.
    InvalidUtf8 = "invalid-utf8", Warning;
    /// The file is empty or holds only front matter.
    EmptyPage = "empty-page", Warning;
    /// The file is larger than the parser accepts.
    PageTooLarge = "page-too-large", Error;
    /// A fenced code block runs to the end of the file.
    UnterminatedFence = "unterminated-fence", Warning;
    /// An HTML comment runs to the end of the file.
    UnterminatedComment = "unterminated-comment", Warning;
    /// The page is neither a resource nor an api page the generator understands.
    UnrecognizedPage = "unrecognized-page", Note;
    /// A resource page documents properties but names no type.
    NoTypeName = "no-type-name", Warning;
    /// The Namespace line is missing or malformed.
    Namespace = "namespace", Warning;
    /// A table has more columns than any docs table plausibly has.
    TableTooWide = "table-too-wide", Warning;
    /// A row has more cells than the header; surplus cells were glued to the description.
    RaggedRow = "ragged-row", Note;
    /// A row continues on the next physical line.
    ContinuationRow = "continuation-row", Note;
    /// A row that is not a property (a group heading, an empty row).
    SkippedRow = "skipped-row", Note;
    /// A property name that is not an identifier.
    BadPropertyName = "bad-property-name", Warning;
    /// The same property is listed twice.
    DuplicateProperty = "duplicate-property", Warning;
    /// A table under Properties describes something else (a nested JSON schema, annotations).
    NestedTable = "nested-table", Note;
    /// A property row with an empty Type cell.
    EmptyType = "empty-type", Warning;
    /// A Type cell names a type no page in the input defines.
    UnknownType = "unknown-type", Warning;
    /// A Type cell holds an auto-generated `** Unknown Type `x` **` marker.
    UnknownTypeMarker = "unknown-type-marker", Warning;
    /// A Type cell names several types (`a or b`).
    UnionType = "union-type", Warning;
    /// A Type cell holds prose rather than a type.
    FreeTextType = "free-text-type", Warning;
    /// A link points to a page that is not in the input.
    MissingPage = "missing-page", Warning;
    /// An auto-generated `TODO` placeholder.
    Todo = "todo", Warning;
    /// An Intune `Not yet documented` placeholder description.
    NotDocumented = "not-documented", Note;
    /// A placeholder value such as `"<Unknown None>"` in an example.
    PlaceholderValue = "placeholder-value", Warning;
    /// `PATCH ** Entity URI … not found **` instead of a request path.
    MissingUri = "missing-uri", Warning;
    /// An api page without an HTTP request.
    NoHttpRequest = "no-http-request", Note;
    /// An `<!-- { … } -->` annotation that is not JSON even when read leniently.
    BadAnnotation = "bad-annotation", Warning;
    /// An annotation that is JSON only when read leniently (trailing commas, unquoted keys).
    LenientAnnotation = "lenient-annotation", Note;
    /// A JSON representation block that is not JSON even when read leniently.
    BadJsonBlock = "bad-json-block", Note;
    /// An enum known only from a description's list of values.
    EnumFromDescription = "enum-from-description", Note;
    /// A String property whose description lists an enum's members.
    StringEnum = "string-enum", Note;
    /// Enum member lists from two sources disagree.
    EnumConflict = "enum-conflict", Warning;
    /// The annotation's baseType and the prose disagree.
    BaseConflict = "base-conflict", Warning;
    /// A base type chain loops.
    InheritanceCycle = "inheritance-cycle", Error;
    /// A type name differs in case between the annotation and the title.
    NameCase = "name-case", Warning;
    /// Two pages define the same type.
    DuplicateType = "duplicate-type", Note;
    /// An update page whose target resource cannot be found.
    NoPatchTarget = "no-patch-target", Warning;
    /// A request-body row names no property of the target resource.
    UnknownBodyProperty = "unknown-body-property", Note;
    /// A property was taken from the JSON representation because no table lists it.
    JsonOnlyProperty = "json-only-property", Note;
    /// A Rust name collision was resolved by renaming.
    NameCollision = "name-collision", Warning;
    /// A type could not be generated as documented and was replaced (e.g. by `serde_json::Value`).
    Unresolved = "unresolved", Warning;
    /// A JSON example that is not JSON, even read leniently (comments, trailing commas).
    ExampleNotJson = "example-not-json", Warning;
    /// A member of a JSON example that its type does not define.
    ExampleUnknownMember = "example-unknown-member", Warning;
    /// A value of a JSON example that does not fit its member's type: JSON kind, format, or enum member.
    ExampleTypeMismatch = "example-type-mismatch", Warning;
    /// A request example that sets a read-only member.
    ExampleReadOnly = "example-read-only", Warning;
    /// A full request example without a member its Request body table marks Required.
    ExampleMissingRequired = "example-missing-required", Warning;
    /// An `@odata.type` in an example that names no type, or one not derived from the declared type.
    ExampleOdataType = "example-odata-type", Warning;
    /// A property the service's metadata has and the docs do not document.
    CsdlMissingProperty = "csdl-missing-property", Warning;
    /// A property the docs document and the service's metadata does not have.
    CsdlExtraProperty = "csdl-extra-property", Warning;
    /// A property whose documented type differs from the metadata's.
    CsdlPropertyType = "csdl-property-type", Warning;
    /// A type whose documented base type differs from the metadata's.
    CsdlBaseType = "csdl-base-type", Warning;
    /// An enum whose documented members differ from the metadata's.
    CsdlEnumMembers = "csdl-enum-members", Warning;
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One defect, with where it is and how to fix it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub file: String,
    /// 1-based; 0 when the defect concerns the whole file.
    pub line: u32,
    /// 1-based column of the offending text on that line; 0 when unknown.
    #[serde(default)]
    pub column: u32,
    /// 1-based column just past the offending text (counted in chars, like `column`), where
    /// the parser knows its extent; 0 (and left out of JSON) when it does not, and the
    /// renderer underlines the word or table cell at `column`.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub end_column: u32,
    pub message: String,
    pub help: String,
    /// The source line, for rendering.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
}

impl Diagnostic {
    pub fn new(code: Code, file: &str, line: u32, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: code.severity(),
            code,
            file: file.to_owned(),
            line,
            column: 0,
            end_column: 0,
            message: message.into(),
            help: String::new(),
            snippet: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = help.into();
        self
    }

    pub fn column(mut self, column: u32) -> Self {
        self.column = column;
        self
    }

    /// The column just past the offending text (0: its extent is not known).
    pub fn end_column(mut self, end_column: u32) -> Self {
        self.end_column = end_column;
        self
    }

    pub fn snippet(mut self, line_text: &str) -> Self {
        self.snippet = Some(line_text.to_owned());
        self
    }

    /// The sort key used for deterministic output.
    pub fn sort_key(&self) -> (&str, u32, u32, Code, &str) {
        (&self.file, self.line, self.column, self.code, &self.message)
    }
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "duplicate {code}");
            assert!(code
                .as_str()
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
            let json = serde_json::to_string(code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }
}
