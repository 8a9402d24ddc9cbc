//! Rows of property, relationship and request-body tables → row facts.

use std::borrow::Cow;

use crate::model::Code;

use super::facts::*;
use super::flags::{flags, inherited_from, listed_values, Words};
use super::page::PageParser;
use super::spans::link_middles;
use super::table::{Row, Table};
use super::text::{char_column, clean_markdown};
use super::type_cell::{parse_type_cell, strip_decoration, Mention};

impl PageParser<'_> {
    pub(super) fn property_rows(
        &mut self,
        table: &Table,
        cols: &PropertyColumns,
        navigation: bool,
    ) -> Vec<RowFacts> {
        // Sized for every row: the facts keep this vector to the end of the run, and few
        // rows are skipped, so growing it would leave more unused room than this does.
        let mut rows = Vec::with_capacity(table.rows.len());
        for row in &table.rows {
            let Some((name, deprecated_suffix)) = self.screen_row(row, cols) else {
                continue;
            };
            let type_text: &str = &row.cells[cols.ty].text;
            let description_raw = description_cell(row, cols);
            let cell = parse_type_cell(type_text, &self.references);
            // Only the diagnostics about markers and prose quote the cell.
            let cell_text = if cell.unknown_marker || cell.from_prose {
                type_text.to_owned()
            } else {
                String::new()
            };
            let cell_column = row.cells[cols.ty].column;
            let description = clean_markdown(description_raw);
            let mut f = flags(&description);
            let raw_words = Words::of_markdown(description_raw);
            f.deprecated |= deprecated_suffix;
            f.optional |= cell.optional;
            f.read_only |= cell.read_only;
            let required_column = cols
                .required
                .and_then(|r| row.cells.get(r))
                .and_then(|c| yes_no(&c.text));
            let inherited = self.inherited_link(row, cols, description_raw, raw_words);
            rows.push(RowFacts {
                values: listed_values(description_raw, raw_words),
                name,
                line: row.line,
                column: row.cells[cols.name].column,
                navigation,
                cell,
                cell_column,
                cell_text,
                description,
                flags: f,
                inherited_from: inherited.map(Box::new),
                required_column,
            });
        }
        rows
    }

    /// What every row of a property-like table gets even when its facts are not needed
    /// (request bodies of pages that update nothing): the same diagnostics and links as
    /// [`Self::property_rows`], without reading types, descriptions or flags.
    pub(super) fn check_property_rows(&mut self, table: &Table, cols: &PropertyColumns) {
        for row in &table.rows {
            if self.screen_row(row, cols).is_some() {
                let description_raw = description_cell(row, cols);
                let words = Words::of_markdown(description_raw);
                self.inherited_link(row, cols, description_raw, words);
            }
        }
    }

    /// Reports the row's layout defects and records the links of its Type cell; the
    /// property's name (and whether it says `(deprecated)`), or nothing when the row is
    /// empty, a group heading or not a property.
    fn screen_row(&mut self, row: &Row, cols: &PropertyColumns) -> Option<(String, bool)> {
        let raw_name = &row.cells[cols.name].text;
        let type_text = &row.cells[cols.ty].text;
        let description_raw = description_cell(row, cols);
        if row.ragged {
            self.diag_line(
                Code::RaggedRow,
                row.line,
                "row has more cells than the header; the surplus was kept in the description"
                    .into(),
                "escape `|` inside descriptions as `\\|`",
            );
        }
        for l in &row.continued {
            self.diag_line(
                Code::ContinuationRow,
                *l,
                "line continues the row above it".into(),
                "keep each table row on one line (use `<br>` for breaks)",
            );
        }
        let (name, deprecated_suffix) = clean_name(raw_name);
        if name.is_empty() && type_text.is_empty() && description_raw.is_empty() {
            return None; // an empty row
        }
        if type_text.is_empty() && description_raw.is_empty() {
            self.diag(
                Code::SkippedRow,
                row.line,
                row.cells[cols.name].column,
                format!(
                    "row `{}` has no type and no description; read as a group heading",
                    name
                ),
                "group headings do not belong in property tables",
            );
            return None;
        }
        if !is_identifier(&name) {
            self.diag(
                Code::BadPropertyName,
                row.line,
                row.cells[cols.name].column,
                format!("`{raw_name}` is not a property name; the row is skipped"),
                "write the property's JSON name in the first column",
            );
            return None;
        }
        self.collect_cell_links(type_text, row.line, row.cells[cols.ty].column);
        Some((name, deprecated_suffix))
    }

    /// `Inherited from [x](link)` in the description, its link recorded at the phrase (or
    /// at the description cell, when the phrase was glued on from a continuation line).
    fn inherited_link(
        &mut self,
        row: &Row,
        cols: &PropertyColumns,
        description_raw: &str,
        words: Words,
    ) -> Option<Mention> {
        let (phrase, inherited) = inherited_from(description_raw, &self.references, words)?;
        if let Some(t) = inherited.target.clone() {
            // A cell borrowed from the page is its line's text from the cell's column on.
            let column =
                cols.description
                    .and_then(|d| row.cells.get(d))
                    .map_or(1, |cell| match cell.text {
                        Cow::Borrowed(text) => cell.column + char_column(text, phrase) - 1,
                        Cow::Owned(_) => cell.column,
                    });
            self.push_link(t, row.line, column);
        }
        Some(inherited)
    }

    pub(super) fn push_link(&mut self, target: String, line: u32, column: u32) {
        self.facts.links.push(Link {
            target,
            line,
            column,
        });
    }

    pub(super) fn collect_cell_links(&mut self, cell: &str, line: u32, column: u32) {
        // Link targets: the text between `](` and `)`, `#` or whitespace.
        for middle in link_middles(cell) {
            let rest = &cell[middle + 2..];
            let end = rest.find([')', '#', ' ', '\t']).unwrap_or(rest.len());
            let target = &rest[..end];
            if target.ends_with(".md") && !target.contains("://") && !target.starts_with('/') {
                self.push_link(target.to_owned(), line, column);
            }
        }
    }

    pub(super) fn collect_links(&mut self, table: &Table, col: usize) {
        for row in &table.rows {
            for cell in row.cells.iter().take(col + 1) {
                self.collect_cell_links(&cell.text, row.line, cell.column);
            }
        }
    }
}

/// Columns of a property-like table.
pub(super) struct PropertyColumns {
    pub(super) name: usize,
    pub(super) ty: usize,
    pub(super) description: Option<usize>,
    pub(super) required: Option<usize>,
}

impl PropertyColumns {
    pub(super) fn find(header: &[String]) -> Option<Self> {
        const NAMES: [&str; 8] = [
            "property",
            "property name",
            "name",
            "parameter",
            "parameter name",
            "relationship",
            "relationship name",
            "properties",
        ];
        let name = header.iter().position(|h| NAMES.contains(&h.as_str()))?;
        let ty = header.iter().position(|h| h == "type")?;
        Some(PropertyColumns {
            name,
            ty,
            description: header.iter().position(|h| h.starts_with("description")),
            required: header
                .iter()
                .position(|h| h.starts_with("required") || h == "optional"),
        })
    }

    /// Most names are camelCase identifiers (nested schemas use PascalCase, annotations `@…`).
    pub(super) fn looks_like_properties(&self, table: &Table) -> bool {
        let names: Vec<&str> = table
            .rows
            .iter()
            .map(|r| r.cells[self.name].text.trim_matches(['*', '`', ' ']))
            .filter(|n| !n.is_empty())
            .collect();
        let camel = names
            .iter()
            .filter(|n| n.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
            .count();
        !names.is_empty() && camel * 2 > names.len()
    }
}

fn description_cell<'t>(row: &'t Row, cols: &PropertyColumns) -> &'t str {
    cols.description
        .and_then(|d| row.cells.get(d))
        .map_or("", |c| c.text.as_ref())
}

/// `**name**`, `` `name` ``, `name (deprecated)` → (`name`, deprecated).
fn clean_name(raw: &str) -> (String, bool) {
    let unescaped = if memchr::memchr2(b'&', b'\\', raw.as_bytes()).is_some() {
        std::borrow::Cow::Owned(raw.replace("&nbsp;", " ").replace("\\_", "_"))
    } else {
        std::borrow::Cow::Borrowed(raw)
    };
    let mut name = strip_decoration(&unescaped);
    let mut deprecated = false;
    if name.contains('(') {
        let lower = name.to_lowercase();
        if let Some(i) = lower.find("(deprecated)") {
            deprecated = true;
            name.truncate(i);
        }
    }
    let trimmed = name.trim();
    if trimmed.len() != name.len() {
        name = trimmed.to_owned();
    }
    (name, deprecated)
}

/// A JSON member name as Graph uses them (`displayName`, `@odata.type`, `extension_x_y`).
fn is_identifier(name: &str) -> bool {
    // Bytes, not chars: every allowed char is ASCII, and no byte of a longer char is.
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_' || b == b'@')
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'@'))
}

fn yes_no(cell: &str) -> Option<bool> {
    let t = strip_decoration(cell).trim().to_lowercase();
    match t.as_str() {
        "yes" | "y" | "true" | "required" | "✓" => Some(true),
        "no" | "n" | "false" | "optional" => Some(false),
        _ => None,
    }
}
