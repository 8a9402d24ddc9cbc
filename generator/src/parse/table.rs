//! Pipe tables re-split from their source lines.
//!
//! GFM drops cells beyond the header's count and turns a row wrapped onto a second physical
//! line into a bogus row. Real docs have both (FORMAT.md §3), so rows are split here: `|`
//! splits unless escaped or inside a code span, surplus cells are glued back into the last
//! column, and a line that does not start with `|` under a header that does continues the
//! previous row.

use std::borrow::Cow;

/// Tables wider than this are not docs tables; they are reported and skipped.
pub const MAX_COLUMNS: usize = 64;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell<'a> {
    /// The cell's markdown, trimmed: borrowed from the page unless surplus cells or
    /// continuation lines were glued onto it.
    pub text: Cow<'a, str>,
    /// 1-based column of the cell's first character in its line.
    pub column: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row<'a> {
    pub cells: Vec<Cell<'a>>,
    pub line: u32,
    /// The row had more cells than the header; the surplus went into the last cell.
    pub ragged: bool,
    /// Lines glued onto this row because they continued it.
    pub continued: Vec<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table<'a> {
    /// Header cells normalised for matching: lower case, no `*`, `` ` ``, `&nbsp;` or `?`.
    pub header: Vec<String>,
    pub rows: Vec<Row<'a>>,
    pub line: u32,
}

#[derive(Debug, PartialEq, Eq)]
pub enum TableError {
    TooWide(usize),
    NoHeader,
}

/// Splits a table's source (header, delimiter row, body rows) starting at `first_line`.
pub fn parse_table(source: &str, first_line: u32) -> Result<Table<'_>, TableError> {
    let mut lines = source.lines().enumerate();
    let Some((_, header_line)) = lines.next() else {
        return Err(TableError::NoHeader);
    };
    let header_cells = split_row(header_line);
    if header_cells.len() > MAX_COLUMNS {
        return Err(TableError::TooWide(header_cells.len()));
    }
    let header_piped = header_line.trim_start().starts_with('|');
    let width = header_cells.len().max(1);
    let header = header_cells
        .iter()
        .map(|c| normalise_header(&c.text))
        .collect();
    lines.next(); // the delimiter row
    let mut rows: Vec<Row> = Vec::new();
    for (i, raw) in lines {
        let line = first_line + i as u32;
        if raw.trim().is_empty() {
            continue;
        }
        let continues = header_piped && !raw.trim_start().starts_with('|') && !rows.is_empty();
        if continues {
            let row = rows.last_mut().expect("checked non-empty");
            let extra = raw.trim().trim_end_matches('|').trim();
            if let Some(last) = row.cells.last_mut() {
                if !extra.is_empty() {
                    let text = last.text.to_mut();
                    if !text.is_empty() {
                        text.push(' ');
                    }
                    text.push_str(extra);
                }
            }
            row.continued.push(line);
            continue;
        }
        let mut cells = split_row(raw);
        if cells.len() > MAX_COLUMNS * 4 {
            return Err(TableError::TooWide(cells.len()));
        }
        let ragged = cells.len() > width;
        if ragged {
            let surplus: Vec<Cell> = cells.drain(width..).collect();
            let last = cells.last_mut().expect("width >= 1");
            let text = last.text.to_mut();
            for c in surplus {
                text.push_str(" | ");
                text.push_str(&c.text);
            }
            let kept = text.trim_end_matches([' ', '|']).len();
            text.truncate(kept);
        }
        while cells.len() < width {
            cells.push(Cell {
                text: Cow::Borrowed(""),
                column: raw.len() as u32 + 1,
            });
        }
        rows.push(Row {
            cells,
            line,
            ragged,
            continued: Vec::new(),
        });
    }
    Ok(Table {
        header,
        rows,
        line: first_line,
    })
}

fn normalise_header(text: &str) -> String {
    // Most headers (`Property`, `Type`, `Description`) are ASCII words with single spaces
    // and nothing to remove: lower-casing is all the general path below does to them.
    let plain = text.bytes().all(|b| {
        b.is_ascii_alphanumeric() || matches!(b, b' ' | b'-' | b'_' | b'(' | b')' | b'/' | b'.')
    }) && !text.starts_with(' ')
        && !text.ends_with(' ')
        && !text.contains("  ");
    if plain {
        return text.to_ascii_lowercase();
    }
    clean_header(text)
}

/// Any header: `&nbsp;`, `*`, backticks and `?` removed, spaces collapsed, lower case.
fn clean_header(text: &str) -> String {
    text.replace("&nbsp;", " ")
        .chars()
        .filter(|c| !matches!(c, '*' | '`' | '?'))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Splits one table line into trimmed cells.
pub fn split_row(line: &str) -> Vec<Cell<'_>> {
    let bytes = line.as_bytes();
    // Columns count characters; on an ASCII line (nearly all) that is the byte offset.
    let ascii = line.is_ascii();
    let mut cells = Vec::new();
    let mut start = 0;
    let mut i = 0;
    // A leading pipe opens the row rather than ending an empty first cell.
    let lead = line.len() - line.trim_start().len();
    if line[lead..].starts_with('|') {
        i = lead + 1;
        start = i;
    }
    // Only `\\`, `` ` `` and `|` matter; the bytes between them are skipped in one search.
    while let Some(next) = bytes
        .get(i..)
        .and_then(|rest| memchr::memchr3(b'\\', b'`', b'|', rest))
    {
        i += next;
        match bytes[i] {
            b'\\' => i += 2,
            b'`' => {
                let run = bytes[i..].iter().take_while(|b| **b == b'`').count();
                match find_closing_run(&bytes[i + run..], run) {
                    Some(end) => i += run + end + run,
                    None => i += run,
                }
            }
            _ => {
                cells.push(make_cell(line, start, i, ascii));
                i += 1;
                start = i;
            }
        }
    }
    let tail = &line[start.min(line.len())..];
    if !tail.trim().is_empty() || cells.is_empty() {
        cells.push(make_cell(line, start.min(line.len()), line.len(), ascii));
    }
    cells
}

fn find_closing_run(rest: &[u8], run: usize) -> Option<usize> {
    let mut j = 0;
    while j < rest.len() {
        if rest[j] == b'`' {
            let len = rest[j..].iter().take_while(|b| **b == b'`').count();
            if len == run {
                return Some(j);
            }
            j += len;
        } else {
            j += 1;
        }
    }
    None
}

fn make_cell(line: &str, start: usize, end: usize, ascii: bool) -> Cell<'_> {
    // `i += 2` after a backslash may step past the end or into a multi-byte char.
    let end = floor_char_boundary(line, end.min(line.len()));
    let start = floor_char_boundary(line, start.min(end));
    let raw = &line[start..end];
    let lead = raw.len() - raw.trim_start().len();
    Cell {
        text: Cow::Borrowed(raw.trim()),
        column: if ascii {
            start + lead
        } else {
            line[..start + lead].chars().count()
        } as u32
            + 1,
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str) -> Vec<String> {
        split_row(line)
            .into_iter()
            .map(|c| c.text.into_owned())
            .collect()
    }

    #[test]
    fn splits_on_unescaped_pipes_outside_code() {
        assert_eq!(texts("|a|b|c|"), ["a", "b", "c"]);
        assert_eq!(texts("a | b | c"), ["a", "b", "c"]);
        assert_eq!(texts(r"|a|x \| y|c|"), ["a", r"x \| y", "c"]);
        assert_eq!(texts("|a|`x|y`|c|"), ["a", "`x|y`", "c"]);
        assert_eq!(texts(r"|a|`\`, `|`|c|"), ["a", r"`\`, `|`", "c"]);
        assert_eq!(texts("|a||c|"), ["a", "", "c"]);
    }

    #[test]
    fn columns_are_one_based_characters() {
        let cells = split_row("| é | b |");
        assert_eq!((cells[0].column, cells[1].column), (3, 7));
    }

    #[test]
    fn surplus_cells_go_to_the_description() {
        let t = parse_table(
            "|Property|Type|Description|\n|:--|:--|:--|\n|payloadFileName|String|Payload file name (*.mobileconfig | *.xml).|\n",
            10,
        )
        .unwrap();
        assert_eq!(t.header, ["property", "type", "description"]);
        let row = &t.rows[0];
        assert!(row.ragged);
        assert_eq!(row.line, 12);
        assert_eq!(
            row.cells[2].text,
            "Payload file name (*.mobileconfig | *.xml)."
        );
    }

    #[test]
    fn wrapped_rows_are_continued() {
        let t = parse_table(
            "|Property|Type|Description|\n|:--|:--|:--|\n|threats|String collection|List (a,\nb, c).|\n|tier|String|Tier.|\n",
            1,
        )
        .unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells[2].text, "List (a, b, c).");
        assert_eq!(t.rows[0].continued, [4]);
        assert_eq!(t.rows[1].line, 5);
    }

    proptest::proptest! {
        #[test]
        fn plain_headers_normalise_as_any_other(text in "[a-zA-Z0-9 _()/.*`?&;é\t-]{0,16}") {
            proptest::prop_assert_eq!(normalise_header(&text), clean_header(&text));
        }
    }

    #[test]
    fn very_wide_tables_are_refused() {
        let header = format!("|{}\n", "a|".repeat(10_000));
        assert_eq!(parse_table(&header, 1), Err(TableError::TooWide(10_000)));
    }
}
