//! One page → [`PageFacts`]. Sees nothing but the page; never fails.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use crate::model::{Code, Diagnostic};
use crate::scan::{Folder, PageRef};

use super::annotation::{self, parse_json, Strictness};
use super::blocks::{scan_blocks, Block, LineIndex};
use super::enums::{enum_section_name, enum_table_members, is_enum_header};
use super::facts::*;
use super::json_hints::json_hints;
use super::rows::PropertyColumns;
use super::table::{parse_table, Table, TableError};
use super::text::{char_column, char_width, clean_markdown, with_ascii_lowercase};
use super::type_cell::{parse_type_cell, strip_decoration, CellType, Mention};

/// Pages larger than this are refused with a diagnostic (the largest real page is ~300 KB).
pub const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

/// What to keep beyond the facts the model needs.
#[derive(Clone, Copy, Debug, Default)]
pub struct ParseOptions {
    /// Keep the JSON examples and representation blocks (for round-trip tests).
    pub examples: bool,
}

/// Parses one page's bytes. Valid UTF-8 with LF line ends is read in place.
pub fn parse_page(page: &PageRef, bytes: &[u8], options: ParseOptions) -> PageFacts {
    let mut facts = PageFacts {
        file: page.file.clone(),
        version: page.version.clone(),
        folder: page.folder,
        key: page.key.clone(),
        role: Role::Other,
        title: String::new(),
        title_type: None,
        product: None,
        title_line: 1,
        namespace: None,
        types: Vec::new(),
        enums: Vec::new(),
        operation: None,
        examples: Vec::new(),
        links: Vec::new(),
        diagnostics: Vec::new(),
    };
    if bytes.len() > MAX_PAGE_BYTES {
        facts.diagnostics.push(
            Diagnostic::new(
                Code::PageTooLarge,
                &page.file,
                0,
                format!(
                    "page is {} bytes; pages over {MAX_PAGE_BYTES} bytes are not read",
                    bytes.len()
                ),
            )
            .help("split the page, or check that it is a docs page at all"),
        );
        return facts;
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => Cow::Borrowed(t),
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u32
                + 1;
            facts.diagnostics.push(
                Diagnostic::new(
                    Code::InvalidUtf8,
                    &page.file,
                    line,
                    "page is not valid UTF-8; invalid bytes were replaced with U+FFFD",
                )
                .help("save the page as UTF-8"),
            );
            Cow::Owned(String::from_utf8_lossy(bytes).into_owned())
        }
    };
    let text = normalise(text);
    PageParser::new(&mut facts, &text, options).run();
    // The facts of every page are held to the end of resolve; lists grown push by push
    // carry up to half their room unused (a page's one type sits in room for four).
    facts.types.shrink_to_fit();
    for t in &mut facts.types {
        t.rows.shrink_to_fit();
    }
    if let Some(op) = &mut facts.operation {
        op.requests.shrink_to_fit();
    }
    facts.enums.shrink_to_fit();
    facts.links.shrink_to_fit();
    facts.diagnostics.shrink_to_fit();
    facts
}

/// The text a placeholder found at byte `at` of `line` spans: a `TODO` in bold
/// (`**TODO: Provide …**`, the stubs' form) up to the closing `**`, else the word itself.
fn placeholder_extent<'l>(line: &'l str, at: usize, word: &str) -> &'l str {
    let rest = &line[at..];
    let in_bold = word == "TODO" && line[..at].trim_end_matches(' ').ends_with("**");
    let end = match rest.find("**") {
        Some(end) if in_bold => end,
        _ => word.len(),
    };
    rest[..end].trim_end()
}

/// Drops a BOM and turns CRLF and lone CR line ends into LF (line numbers are unchanged).
fn normalise(text: Cow<'_, str>) -> Cow<'_, str> {
    let text = match text {
        Cow::Borrowed(t) => Cow::Borrowed(t.strip_prefix('\u{feff}').unwrap_or(t)),
        Cow::Owned(t) => match t.strip_prefix('\u{feff}') {
            Some(rest) => Cow::Owned(rest.to_owned()),
            None => Cow::Owned(t),
        },
    };
    if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        text
    }
}

pub(super) struct PageParser<'a> {
    pub(super) facts: &'a mut PageFacts,
    pub(super) options: ParseOptions,
    pub(super) text: &'a str,
    pub(super) lines: LineIndex<'a>,
    pub(super) references: Vec<(String, String)>,
}

static TYPE_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:the\s+)?`?([A-Za-z_][\w.]*)`?\s+(resource|complex|enum|entity)(?:\s+type)?\b",
    )
    .unwrap()
});
static PROSE_BASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:(?:inherits|inherited|derived|derives)\s+from|(?:subclass|subtype|sub-type|specialization|derivative)\s+of|subclass\s+from|extends)\s+(?:the\s+|a\s+|an\s+)?(?:abstract\s+)?(?:base\s+)?(?:(?:type|class|entity|resource)\s+)?(?:\[([^\[\]]+)\](?:\(([^()\s]*)[^()]*\)|\[([^\[\]]*)\])?|`?([A-Za-z_][\w.]*[A-Za-z0-9_])`?)",
    )
    .unwrap()
});
static ABSTRACT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:is an|is the|an)\s+abstract\b").unwrap());
static OPEN_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\(\s*open\s+type\s*\)").unwrap());
static OPEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\ban\s+[_*]{0,2}open\s+type(?:[_*]|\b)").unwrap());

/// Words that are not type names in prose (`derived from the same…`).
const NOT_A_TYPE: [&str; 6] = ["this", "that", "which", "it", "same", "following"];

/// What a name|type table under a heading documents.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum TableRole {
    Properties,
    Relationships,
    Skip,
}

impl<'a> PageParser<'a> {
    fn new(facts: &'a mut PageFacts, text: &'a str, options: ParseOptions) -> Self {
        PageParser {
            facts,
            options,
            text,
            lines: LineIndex::new(text),
            references: Vec::new(),
        }
    }

    /// Where the lines of `text`, which starts on `line`, are on the page: the chars before
    /// its first line, and before the lines after it (see [`JsonExample::offsets`]).
    pub(super) fn text_offsets(&self, text: &str, line: u32) -> (u32, u32) {
        let before = |n: u32, part: &str| {
            let page = self.line_text(line + n).trim_end_matches('\r');
            let part = part.trim_end_matches('\r');
            page.strip_suffix(part)
                .map_or(0, |prefix| prefix.chars().count() as u32)
        };
        let mut lines = text.split('\n');
        let first = lines.next().map_or(0, |l| before(0, l));
        let rest = lines.next().map_or(0, |l| before(1, l));
        (first, rest)
    }

    pub(super) fn line_text(&self, line: u32) -> &str {
        let start = self.lines.start(line);
        let rest = &self.text[start.min(self.text.len())..];
        rest.split('\n').next().unwrap_or("")
    }

    pub(super) fn diag(&mut self, code: Code, line: u32, column: u32, message: String, help: &str) {
        self.diag_span(code, line, column, 0, message, help);
    }

    /// A diagnostic about a whole line (a row, a header): its text from the first
    /// non-blank char to the last is underlined.
    pub(super) fn diag_line(&mut self, code: Code, line: u32, message: String, help: &str) {
        let text = self.line_text(line);
        let column = char_column(text, text.len() - text.trim_start().len());
        let width = char_width(text.trim());
        self.diag_span(code, line, column, width, message, help);
    }

    /// A diagnostic whose offending text is `width` chars from `column` (0: not known).
    pub(super) fn diag_span(
        &mut self,
        code: Code,
        line: u32,
        column: u32,
        width: u32,
        message: String,
        help: &str,
    ) {
        let snippet = (line > 0).then(|| self.line_text(line).to_owned());
        let end_column = if width > 0 && column > 0 {
            column + width
        } else {
            0
        };
        let mut d = Diagnostic::new(code, &self.facts.file, line, message)
            .help(help)
            .column(column)
            .end_column(end_column);
        d.snippet = snippet;
        self.facts.diagnostics.push(d);
    }

    fn run(mut self) {
        if self.text.trim().is_empty() {
            self.diag(
                Code::EmptyPage,
                0,
                0,
                "page is empty".into(),
                "remove the file or write the page",
            );
            return;
        }
        let blocks = scan_blocks(self.text, &self.lines);
        self.references = blocks.references.clone();
        let front = front_matter(blocks.front_matter.as_deref().unwrap_or(""));
        self.scan_placeholders();
        self.check_blocks(&blocks.blocks);

        let h1 = blocks.blocks.iter().find_map(|b| match b {
            Block::Heading {
                level: 1,
                text,
                line,
            } => Some((text.clone(), *line)),
            _ => None,
        });
        if let Some((_, line)) = &h1 {
            self.facts.title_line = *line;
        }
        self.facts.title = h1
            .map(|(t, _)| t)
            .or_else(|| front.get("title").cloned())
            .unwrap_or_default();
        self.facts.namespace = blocks.blocks.iter().find_map(|b| match b {
            Block::Paragraph { start, end, line } => {
                let rest = self.text[*start..*end]
                    .trim_start()
                    .strip_prefix("Namespace:")?;
                let ns = rest.split_whitespace().next().unwrap_or("");
                Some((ns.trim_end_matches('.').to_owned(), *line))
            }
            _ => None,
        });
        if self
            .facts
            .namespace
            .as_ref()
            .is_some_and(|(n, _)| n.is_empty())
        {
            self.facts.namespace = None;
        }
        self.facts.product = front
            .get("ms.prod")
            .map(|p| p.trim_matches(['\'', '"', ' ']).to_owned())
            .filter(|p| !p.is_empty() && !p.contains("TODO"));
        let has_http = blocks.blocks.iter().any(|b| {
            matches!(b, Block::Heading { level: 2, text, .. } if text.eq_ignore_ascii_case("http request"))
        });
        let doc_type = front
            .get("doc_type")
            .map(|d| d.trim_end_matches('_').to_ascii_lowercase())
            .unwrap_or_default();
        if has_http {
            self.facts.role = Role::Api;
            self.parse_api(&blocks.blocks);
        } else {
            self.parse_resource(&blocks.blocks, &front, &doc_type);
            let documents_something = !self.facts.types.is_empty() || !self.facts.enums.is_empty();
            if documents_something {
                self.facts.role = Role::Resource;
            } else if self.facts.folder == Folder::Api && doc_type == "apipagetype" {
                self.diag(
                    Code::NoHttpRequest,
                    1,
                    0,
                    "api page has no `## HTTP request` section".into(),
                    "add an `## HTTP request` section with the request line in an ```http block",
                );
            } else {
                let title = self.facts.title.clone();
                self.diag(
                    Code::UnrecognizedPage,
                    self.facts.title_line,
                    1,
                    format!("`{title}` documents no type, enum or operation; the page is not used"),
                    "overview pages need nothing; a type page needs a title `x resource type` or a resource annotation",
                );
            }
        }
    }

    /// TODO stubs, Intune placeholders and `<Unknown None>` values: one diagnostic per line.
    fn scan_placeholders(&mut self) {
        const PLACEHOLDERS: [(&str, Code, &str, &str); 3] = [
            (
                "TODO",
                Code::Todo,
                "auto-generated `TODO` placeholder",
                "replace the placeholder with the real content",
            ),
            (
                "<Unknown None>",
                Code::PlaceholderValue,
                "example value `<Unknown None>` is a placeholder",
                "give a real example value of the property's type",
            ),
            (
                "Not yet documented",
                Code::NotDocumented,
                "description says `Not yet documented`",
                "describe the property",
            ),
        ];
        // Prebuilt searchers (one built per call cost more than the search on a short
        // page); an automaton for all three, tried, cost more than three searches.
        static FINDERS: LazyLock<[memchr::memmem::Finder<'static>; 3]> =
            LazyLock::new(|| PLACEHOLDERS.map(|p| memchr::memmem::Finder::new(p.0)));
        // Reported placeholder by placeholder, once per line each.
        let mut found: [Vec<(u32, usize)>; 3] = Default::default();
        for (finder, seen) in FINDERS.iter().zip(&mut found) {
            for offset in finder.find_iter(self.text.as_bytes()) {
                let line = self.lines.line(offset);
                if seen.last().is_none_or(|(last, _)| *last != line) {
                    seen.push((line, offset));
                }
            }
        }
        for ((word, code, message, help), lines) in PLACEHOLDERS.into_iter().zip(found) {
            for (line, offset) in lines {
                let start = self.lines.start(line);
                let line_end = memchr::memchr(b'\n', &self.text.as_bytes()[offset..])
                    .map_or(self.text.len(), |n| offset + n);
                let line_text = &self.text[start..line_end];
                let column = char_column(line_text, offset - start);
                let width = char_width(placeholder_extent(line_text, offset - start, word));
                self.diag_span(code, line, column, width, message.to_owned(), help);
            }
        }
    }

    fn check_blocks(&mut self, blocks: &[Block<'_>]) {
        for b in blocks {
            match b {
                Block::Code {
                    unterminated: true,
                    line,
                    ..
                } => self.diag(
                    Code::UnterminatedFence,
                    *line,
                    1,
                    "code block is never closed; the rest of the page is inside it".into(),
                    "close the block with a line of three backticks",
                ),
                Block::Html {
                    unterminated: true,
                    line,
                    ..
                } => self.diag(
                    Code::UnterminatedComment,
                    *line,
                    1,
                    "HTML comment is never closed; the rest of the page is hidden".into(),
                    "close the comment with `-->`",
                ),
                _ => {}
            }
        }
    }

    /// Parses an annotation comment, reporting JSON that is not strict.
    pub(super) fn annotation(&mut self, html: &str, line: u32) -> Option<Value> {
        let json = annotation::comment_json(html)?;
        match parse_json(json) {
            Ok((v, Strictness::Strict)) => Some(v),
            Ok((v, Strictness::Lenient)) => {
                self.diag(
                    Code::LenientAnnotation,
                    line,
                    1,
                    "annotation is not strict JSON (trailing comma, unquoted key or raw newline); read leniently".into(),
                    "make the annotation strict JSON",
                );
                Some(v)
            }
            Err(e) => {
                self.diag(
                    Code::BadAnnotation,
                    line,
                    1,
                    format!("annotation is not JSON: {e}"),
                    "fix the JSON inside `<!-- { … } -->`",
                );
                None
            }
        }
    }

    // ---------------------------------------------------------------- resource pages

    fn parse_resource(
        &mut self,
        blocks: &[Block<'_>],
        front: &rustc_hash::FxHashMap<String, String>,
        doc_type: &str,
    ) {
        let title = self.facts.title.clone();
        let title_type = TYPE_TITLE
            .captures(&title)
            .map(|c| (c[1].to_owned(), c[2].to_ascii_lowercase()));
        self.facts.title_type = title_type.as_ref().map(|t| t.0.clone());
        let enum_page = doc_type == "enumpagetype"
            && title_type.as_ref().is_some_and(|t| t.1 == "enum")
            || title_type.as_ref().is_some_and(|t| t.1 == "enum");

        let mut headings: [Option<(String, u32)>; 7] = Default::default();
        let mut current: Option<usize> = None; // index into facts.types
        let mut pending: Option<(Value, u32)> = None; // annotation awaiting its code block
        let mut first_h2_seen = false;
        let mut enum_heading: Option<(String, u32, u8)> = None;

        // The page's type, if its title or first resource annotation names one.
        let first_resource = blocks.iter().find_map(|b| match b {
            Block::Html { text, line, .. } => annotation::comment_json(text)
                .and_then(|j| parse_json(j).ok())
                .map(|(v, _)| v)
                .filter(|v| annotation::block_type(v) == Some("resource"))
                .map(|v| (v, *line)),
            _ => None,
        });
        if !enum_page {
            let from_annotation = first_resource
                .as_ref()
                .and_then(|(v, l)| annotation::resource_annotation(v).map(|a| (a, *l)))
                .filter(|(a, _)| a.odata_type.is_some());
            if let Some((a, line)) = from_annotation {
                let name = a.odata_type.clone().unwrap_or_default();
                self.facts.types.push(TypeFacts {
                    name,
                    line,
                    named_by: NamedBy::Annotation,
                    annotation: Some(a),
                    ..Default::default()
                });
                current = Some(0);
            } else if let Some((name, _)) = title_type.as_ref().filter(|t| t.1 != "enum") {
                self.facts.types.push(TypeFacts {
                    name: name.clone(),
                    line: 1,
                    named_by: NamedBy::Title,
                    ..Default::default()
                });
                current = Some(0);
            }
        }
        // `# teamsTabConfiguration resource type (Open Type)`.
        if let Some(t) = current {
            if OPEN_TITLE.is_match(&title) {
                self.facts.types[t].is_open = true;
            }
        }
        if let Some(desc) = front.get("description") {
            if let Some(t) = current {
                if let Some(m) = self.prose_base(desc) {
                    self.facts.types[t].prose_base = Some((m, 1));
                }
            }
        }

        let mut i = 0;
        while i < blocks.len() {
            let block = &blocks[i];
            i += 1;
            match block {
                Block::Heading { level, text, line } => {
                    let level = (*level as usize).min(6);
                    headings[level] = Some((text.to_lowercase(), *line));
                    for h in headings.iter_mut().skip(level + 1) {
                        *h = None;
                    }
                    if level == 2 {
                        first_h2_seen = true;
                    }
                    enum_heading = enum_section_name(text).map(|n| (n, *line, level as u8));
                    // Multi-type pages (`dynamics-complextypes.md`): an H2 naming a type whose
                    // properties follow under `### Properties`.
                    if level == 2 && title_type.is_none() && first_resource.is_none() {
                        let next_is_props = blocks[i..].iter().take(4).any(|b| {
                            matches!(b, Block::Heading { level: 3, text, .. } if text.eq_ignore_ascii_case("properties"))
                        });
                        if next_is_props {
                            self.facts.types.push(TypeFacts {
                                name: heck::AsLowerCamelCase(text.as_str()).to_string(),
                                line: *line,
                                named_by: NamedBy::Heading,
                                ..Default::default()
                            });
                            current = Some(self.facts.types.len() - 1);
                        }
                    }
                }
                Block::Html { text, line, .. } => {
                    if let Some(v) = self.annotation(text, *line) {
                        if annotation::block_type(&v) == Some("resource") {
                            let a = annotation::resource_annotation(&v).unwrap_or_default();
                            let same = current.is_some_and(|t| {
                                let known = &self.facts.types[t].name;
                                a.odata_type
                                    .as_deref()
                                    .is_none_or(|n| n.eq_ignore_ascii_case(known))
                                    || self.facts.types[t].annotation.is_none()
                            });
                            match current {
                                Some(t) if same => {
                                    let ty = &mut self.facts.types[t];
                                    if ty.annotation.is_none() {
                                        ty.annotation = Some(a);
                                    }
                                }
                                _ if a.odata_type.is_some() => {
                                    self.facts.types.push(TypeFacts {
                                        name: a.odata_type.clone().unwrap_or_default(),
                                        line: *line,
                                        named_by: NamedBy::Annotation,
                                        annotation: Some(a),
                                        ..Default::default()
                                    });
                                    current = Some(self.facts.types.len() - 1);
                                }
                                _ => {}
                            }
                        }
                        pending = Some((v, *line));
                    }
                }
                Block::Code {
                    info, body, line, ..
                } => {
                    let is_json = info.is_empty() || info.eq_ignore_ascii_case("json");
                    let under_json_heading = headings[2]
                        .as_ref()
                        .is_some_and(|(h, _)| h.starts_with("json representation"));
                    let from_annotation = pending.take();
                    if !is_json {
                        continue;
                    }
                    let odata = from_annotation
                        .as_ref()
                        .and_then(|(v, _)| v.as_object().and_then(annotation::odata_type));
                    let is_resource = from_annotation
                        .as_ref()
                        .is_some_and(|(v, _)| annotation::block_type(v) == Some("resource"));
                    if is_resource || under_json_heading {
                        self.representation(current, body, *line + 1, odata);
                    }
                }
                Block::Table { start, end, line } => {
                    let table = match parse_table(&self.text[*start..*end], *line) {
                        Ok(t) => t,
                        Err(e) => {
                            self.table_error(e, *line);
                            continue;
                        }
                    };
                    let h2 = headings[2].as_ref().map(|(h, _)| h.as_str());
                    let sub = headings[3..]
                        .iter()
                        .flatten()
                        .last()
                        .map(|(h, _)| h.as_str());
                    // Enum tables: under an `x values` heading, or `## Members` of an enum page.
                    if is_enum_header(&table.header) {
                        let name = match (&enum_heading, enum_page) {
                            (Some((n, _, _)), _) => Some(n.clone()),
                            (None, true) if h2 == Some("members") || h2.is_none() => {
                                title_type.as_ref().map(|t| t.0.clone())
                            }
                            _ => None,
                        };
                        if let Some(name) = name {
                            self.enum_table(&name, &table);
                            continue;
                        }
                    }
                    if h2 == Some("derived types") || sub == Some("derived types") {
                        if let Some(t) = current {
                            for row in &table.rows {
                                let cell = parse_type_cell(&row.cells[0].text, &self.references);
                                if let CellType::Named(m) = cell.ty {
                                    self.facts.types[t].derived.push(m);
                                }
                            }
                        }
                        continue;
                    }
                    if h2 == Some("methods") {
                        if let Some(t) = current {
                            self.facts.types[t].has_methods = true;
                        }
                        self.collect_links(&table, 1);
                        continue;
                    }
                    let Some(cols) = PropertyColumns::find(&table.header) else {
                        continue;
                    };
                    let role = table_role(h2, sub, &table, &cols);
                    match role {
                        TableRole::Skip => {
                            if cols.looks_like_properties(&table) {
                                let what = sub.or(h2).unwrap_or("(no heading)").to_owned();
                                self.diag_line(
                                    Code::NestedTable,
                                    *line,
                                    format!("name|type table under `{what}` is not read as properties of the page's type"),
                                    "if these are the type's own properties, put them under `## Properties`",
                                );
                            }
                        }
                        TableRole::Properties | TableRole::Relationships => {
                            let Some(t) = current else {
                                self.diag(
                                    Code::NoTypeName,
                                    *line,
                                    1,
                                    "property table, but the page names no type".into(),
                                    "add a resource annotation (`<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.x\" } -->`) or a title `x resource type`",
                                );
                                continue;
                            };
                            let rows =
                                self.property_rows(&table, &cols, role == TableRole::Relationships);
                            self.facts.types[t].rows.extend(rows);
                        }
                    }
                }
                Block::Paragraph { start, end, line } => {
                    let raw = &self.text[*start..*end];
                    if !first_h2_seen {
                        if let Some(t) = current {
                            if self.facts.types[t].prose_base.is_none() {
                                if let Some(m) = self.prose_base(raw) {
                                    self.facts.types[t].prose_base = Some((m, *line));
                                }
                            }
                            if ABSTRACT.is_match(raw) {
                                self.facts.types[t].is_abstract = true;
                            }
                            if OPEN.is_match(raw) {
                                self.facts.types[t].is_open = true;
                            }
                            let is_intro = !raw.trim_start().starts_with("Namespace:")
                                && !raw.trim_start().starts_with("[!INCLUDE")
                                && !raw.trim_start().starts_with('>');
                            if is_intro && self.facts.types[t].description.is_none() {
                                let d = clean_markdown(raw);
                                if !d.is_empty() {
                                    self.facts.types[t].description = Some(d);
                                }
                            }
                        }
                    }
                    let in_derived = headings[2..]
                        .iter()
                        .flatten()
                        .any(|(h, _)| h == "derived types");
                    if in_derived {
                        if let Some(t) = current {
                            let cell = parse_type_cell(raw, &self.references);
                            if let CellType::Named(m) = cell.ty {
                                self.facts.types[t].derived.push(m);
                            }
                        }
                    }
                }
            }
        }
        for t in &mut self.facts.types {
            if t.annotation.as_ref().is_some_and(|a| a.is_abstract) {
                t.is_abstract = true;
            }
        }
    }

    fn prose_base(&self, raw: &str) -> Option<Mention> {
        // Every phrase PROSE_BASE knows contains one of these; most paragraphs contain none,
        // and the regex costs ~20,000 instructions a paragraph.
        static PHRASES: LazyLock<[memchr::memmem::Finder<'static>; 8]> = LazyLock::new(|| {
            [
                "inherit",
                "derive",
                "derivative",
                "subclass",
                "subtype",
                "sub-type",
                "specialization",
                "extends",
            ]
            .map(memchr::memmem::Finder::new)
        });
        if !with_ascii_lowercase(raw, |lower| PHRASES.iter().any(|p| p.find(lower).is_some())) {
            return None;
        }
        for c in PROSE_BASE.captures_iter(raw) {
            let (text, target) = if let Some(word) = c.get(4) {
                (word.as_str().to_owned(), None)
            } else {
                let text = strip_decoration(&c[1]);
                let target = c.get(2).map(|m| m.as_str().to_owned()).or_else(|| {
                    let label = c
                        .get(3)
                        .map(|m| m.as_str())
                        .filter(|l| !l.is_empty())
                        .unwrap_or(&text)
                        .to_lowercase();
                    self.references
                        .iter()
                        .find(|(l, _)| *l == label)
                        .map(|(_, t)| t.clone())
                });
                (text, target)
            };
            let text = text.trim().trim_end_matches('.').to_owned();
            if text.is_empty() || NOT_A_TYPE.contains(&text.to_lowercase().as_str()) {
                continue;
            }
            let (target, anchor) = match target {
                Some(t) => match t.split_once('#') {
                    Some((p, a)) => (Some(p.to_owned()), Some(a.to_lowercase())),
                    None => (Some(t), None),
                },
                None => (None, None),
            };
            return Some(Mention {
                text,
                target: target.filter(|t| !t.is_empty()),
                anchor,
            });
        }
        None
    }

    fn representation(
        &mut self,
        current: Option<usize>,
        body: &str,
        line: u32,
        odata: Option<String>,
    ) {
        if self.options.examples {
            let type_name = current.map(|t| self.facts.types[t].name.clone());
            let offsets = self.text_offsets(body, line);
            self.facts.examples.push(JsonExample {
                kind: ExampleKind::Representation,
                line,
                offsets,
                method: None,
                odata_type: odata.or(type_name),
                is_collection: false,
                truncated: false,
                json: body.to_owned(),
            });
        }
        let Some(t) = current else { return };
        if !self.facts.types[t].json_hints.is_empty() {
            return;
        }
        match parse_json(body) {
            Ok((Value::Object(obj), _)) => {
                self.facts.types[t].json_hints = json_hints(&obj);
            }
            Ok(_) => {}
            Err(e) => self.diag(
                Code::BadJsonBlock,
                line,
                1,
                format!("JSON representation is not JSON: {e}"),
                "make the block valid JSON (no comments, ellipses or `a | b` alternatives)",
            ),
        }
    }

    pub(super) fn table_error(&mut self, e: TableError, line: u32) {
        match e {
            TableError::TooWide(n) => self.diag(
                Code::TableTooWide,
                line,
                1,
                format!(
                    "table has {n} columns; tables over {} columns are skipped",
                    super::table::MAX_COLUMNS
                ),
                "check the table's header row",
            ),
            TableError::NoHeader => {}
        }
    }

    fn enum_table(&mut self, name: &str, table: &Table) {
        let (members, skipped) = enum_table_members(table);
        for line in skipped {
            self.diag_line(
                Code::SkippedRow,
                line,
                format!("row of enum `{name}` names no member"),
                "write the member name in the first column",
            );
        }
        let anchor = format!("{}-values", name.to_lowercase());
        if let Some(existing) = self.facts.enums.iter_mut().find(|e| e.name == name) {
            for m in members {
                if !existing.members.iter().any(|e| e.name == m.name) {
                    existing.members.push(m);
                }
            }
            return;
        }
        self.facts.enums.push(EnumFacts {
            name: name.to_owned(),
            line: table.line,
            members,
            anchor,
        });
    }
}

fn table_role(
    h2: Option<&str>,
    sub: Option<&str>,
    table: &Table,
    cols: &PropertyColumns,
) -> TableRole {
    const NESTED: [&str; 6] = [
        "definition",
        "instance attribute",
        "example",
        "schema",
        "json",
        "values",
    ];
    let nested_sub = sub.is_some_and(|s| NESTED.iter().any(|w| s.contains(w)));
    let base = match h2 {
        Some("properties") => TableRole::Properties,
        Some("relationships") => TableRole::Relationships,
        Some(h) if h.starts_with("json representation") => TableRole::Properties,
        Some(_) => match sub {
            Some("properties") => TableRole::Properties,
            Some("relationships") => TableRole::Relationships,
            _ => TableRole::Skip,
        },
        None => match sub {
            Some("relationships") => TableRole::Relationships,
            Some(s) if s == "properties" || !nested_sub => TableRole::Properties,
            _ => TableRole::Skip,
        },
    };
    if base == TableRole::Skip {
        return base;
    }
    let own_sub = sub.is_none_or(|s| s == "properties" || s == "relationships");
    if !own_sub && (nested_sub || !cols.looks_like_properties(table)) {
        return TableRole::Skip;
    }
    if !cols.looks_like_properties(table) {
        return TableRole::Skip;
    }
    base
}

/// `key: value` lines of the YAML front matter; values unquoted.
fn front_matter(text: &str) -> rustc_hash::FxHashMap<String, String> {
    text.lines()
        .filter_map(|l| l.split_once(':'))
        .filter(|(k, _)| !k.starts_with(' ') && !k.is_empty())
        .map(|(k, v)| {
            let v = v.trim();
            let v = v
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                .unwrap_or(v);
            (k.trim().to_owned(), v.to_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::placeholder_extent;

    #[test]
    fn a_bold_todo_spans_to_its_closing_stars_other_placeholders_their_words() {
        let line = "|Application|**TODO: Provide applicable permissions.**|";
        let at = line.find("TODO").unwrap();
        assert_eq!(
            placeholder_extent(line, at, "TODO"),
            "TODO: Provide applicable permissions."
        );
        let line = "author: \"** TODO: Provide Github Name **\"";
        let at = line.find("TODO").unwrap();
        assert_eq!(
            placeholder_extent(line, at, "TODO"),
            "TODO: Provide Github Name"
        );
        let line = "TODO: later **bold**";
        assert_eq!(placeholder_extent(line, 0, "TODO"), "TODO");
        let line = "  \"blockingError\": \"<Unknown None>\", **x**";
        let at = line.find('<').unwrap();
        assert_eq!(
            placeholder_extent(line, at, "<Unknown None>"),
            "<Unknown None>"
        );
    }
}
