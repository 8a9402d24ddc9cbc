//! Page facts: what one page says, with line numbers, before any page is linked to another.

use crate::model::{Diagnostic, EnumMember};
use crate::scan::Folder;

use super::annotation::ResourceAnnotation;
use super::flags::Flags;
use super::type_cell::{Mention, TypeCell};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Describes types (resource, complex, enum pages and `enums*.md`).
    Resource,
    /// Describes one operation.
    Api,
    /// Overview or other prose.
    Other,
}

#[derive(Clone, Debug)]
pub struct PageFacts {
    pub file: String,
    pub version: String,
    pub folder: Folder,
    /// Lower-cased file name: how links find the page.
    pub key: String,
    pub role: Role,
    pub title: String,
    /// The product area of the front matter (`ms.prod`), if any.
    pub product: Option<String>,
    /// The type the title names (`x` of `x resource type`), if any.
    pub title_type: Option<String>,
    /// Line of the H1 (1 when the page has none).
    pub title_line: u32,
    /// The `Namespace:` line as written (trimmed), and its line.
    pub namespace: Option<(String, u32)>,
    pub types: Vec<TypeFacts>,
    pub enums: Vec<EnumFacts>,
    pub operation: Option<OperationFacts>,
    /// JSON examples and representation blocks.
    pub examples: Vec<JsonExample>,
    /// Relative `.md` links in type cells and tables, for the missing-page check.
    pub links: Vec<Link>,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub target: String,
    pub line: u32,
    pub column: u32,
}

/// An entity or complex type a page documents.
#[derive(Clone, Debug, Default)]
pub struct TypeFacts {
    /// As written: `microsoft.graph.x` from the annotation, or `x` from the title.
    pub name: String,
    pub line: u32,
    /// Where the name came from, for the no-annotation diagnostics.
    pub named_by: NamedBy,
    pub annotation: Option<ResourceAnnotation>,
    /// `Inherits from [x]` / `Derived from [x]` in prose.
    pub prose_base: Option<(Mention, u32)>,
    pub is_abstract: bool,
    /// The introduction says it is an open type (`This is an Open Type.`).
    pub is_open: bool,
    pub description: Option<String>,
    pub rows: Vec<RowFacts>,
    /// Keys of the JSON representation block with the type they suggest.
    pub json_hints: Vec<JsonHintFact>,
    /// Types a `Derived types` section lists.
    pub derived: Vec<Mention>,
    /// The page has a Methods table (entities have methods, complex types rarely do).
    pub has_methods: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NamedBy {
    #[default]
    Annotation,
    Title,
    Heading,
}

/// One row of a property, relationship or request-body table.
#[derive(Clone, Debug)]
pub struct RowFacts {
    pub name: String,
    pub line: u32,
    pub column: u32,
    pub navigation: bool,
    pub cell: TypeCell,
    pub cell_column: u32,
    /// The Type cell as written, kept where a diagnostic quotes it (an `Unknown Type`
    /// marker, a type picked out of prose); empty otherwise.
    pub cell_text: String,
    /// Cleaned description.
    pub description: String,
    pub flags: Flags,
    /// Boxed: few rows have one, and every row would carry its room (the row facts of
    /// the corpus are ~50,000 rows held to the end of resolve).
    pub inherited_from: Option<Box<Mention>>,
    /// Enum members the description lists.
    pub values: Vec<String>,
    /// A Required column's answer, where the table has one.
    pub required_column: Option<bool>,
}

#[derive(Clone, Debug)]
pub struct EnumFacts {
    pub name: String,
    pub line: u32,
    pub members: Vec<EnumMember>,
    /// Anchor of the section heading (`chattype-values`), for `#…-values` links.
    pub anchor: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum JsonHint {
    Primitive(crate::model::Edm),
    Named(String),
    Json,
    Unknown,
}

#[derive(Clone, Debug)]
pub struct JsonHintFact {
    pub name: String,
    pub hint: JsonHint,
    pub collection: bool,
}

#[derive(Clone, Debug, Default)]
pub struct OperationFacts {
    /// (method, path if usable, line) per request line of the HTTP request section.
    pub requests: Vec<(String, Option<String>, u32)>,
    /// The first `../resources/…` link of the introduction.
    pub intro_target: Option<Mention>,
    /// The resource the Request body section says the body represents ("supply a JSON
    /// representation of [x](../resources/x.md)").
    pub body_representation: Option<Mention>,
    /// `@odata.type` of the first response annotation.
    pub response_type: Option<String>,
    /// That annotation says `isCollection`: the response is a collection page.
    pub response_collection: bool,
    /// Request-body rows; `None` when the page has no request-body table.
    pub body: Option<Vec<RowFacts>>,
    /// The request example sends `@odata.type`.
    pub sends_odata_type: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExampleKind {
    Representation,
    Request,
    Response,
}

#[derive(Clone, Debug)]
pub struct JsonExample {
    pub kind: ExampleKind,
    /// First line of the JSON text.
    pub line: u32,
    /// Chars before the JSON text on its first line and on the lines after it (a code block
    /// indented in a list, the text after an HTTP status line): with `line`, where each
    /// char of `json` is on the page.
    pub offsets: (u32, u32),
    /// The method of a request example's HTTP line (`PATCH`), if it has one.
    pub method: Option<&'static str>,
    /// `@odata.type` of the annotation above the block (or the page's type for representations).
    pub odata_type: Option<String>,
    pub is_collection: bool,
    pub truncated: bool,
    pub json: String,
}
