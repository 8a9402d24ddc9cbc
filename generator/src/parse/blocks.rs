//! Markdown → a flat list of blocks with line numbers (headings, tables, code, HTML, prose).
//!
//! pulldown-cmark finds the block structure; tables are kept as source ranges because real
//! docs tables are ragged and GFM drops surplus cells, which `table` re-splits itself.

use std::cell::{Cell, OnceCell};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Line numbers of byte offsets.
///
/// Most lookups come in page order (blocks, then each placeholder sweep), so they count
/// newlines forward from the last lookup (a SIMD count, a fraction of an instruction a
/// byte) instead of recording every line start of every page (~2 instructions a byte of
/// the corpus). A lookup behind the last one, or a line's start, builds the list once.
pub struct LineIndex<'a> {
    text: &'a [u8],
    /// The last offset looked up forward, and its line.
    cursor: Cell<(usize, u32)>,
    starts: OnceCell<Vec<usize>>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        LineIndex {
            text: text.as_bytes(),
            cursor: Cell::new((0, 1)),
            starts: OnceCell::new(),
        }
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> u32 {
        let offset = offset.min(self.text.len());
        let (at, line) = self.cursor.get();
        if offset >= at {
            let line = line + count_newlines(&self.text[at..offset]);
            self.cursor.set((offset, line));
            return line;
        }
        match self.starts().binary_search(&offset) {
            Ok(i) => i as u32 + 1,
            Err(i) => i as u32,
        }
    }

    /// Byte offset where a 1-based line starts.
    pub fn start(&self, line: u32) -> usize {
        self.starts()
            .get(line.saturating_sub(1) as usize)
            .copied()
            .unwrap_or(0)
    }

    fn starts(&self) -> &[usize] {
        self.starts.get_or_init(|| {
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', self.text).map(|i| i + 1))
                .collect()
        })
    }
}

fn count_newlines(bytes: &[u8]) -> u32 {
    bytecount::count(bytes, b'\n') as u32
}

/// Blocks borrow the page text where they can: code and HTML are most of an api page.
#[derive(Clone, Debug, PartialEq)]
pub enum Block<'a> {
    /// A heading other than a DocFX tab marker (`# [HTTP](#tab/http)`).
    Heading { level: u8, text: String, line: u32 },
    /// A pipe table; `start..end` is its source range.
    Table { start: usize, end: usize, line: u32 },
    /// A fenced or indented code block.
    Code {
        info: String,
        body: CowStr<'a>,
        line: u32,
        unterminated: bool,
    },
    /// An HTML block (annotations are `<!-- { … } -->` comments).
    Html {
        text: CowStr<'a>,
        line: u32,
        unterminated: bool,
    },
    /// A paragraph; `start..end` is its source range (links kept as written).
    Paragraph { start: usize, end: usize, line: u32 },
}

/// The page's YAML front matter, its blocks and its reference-link definitions.
pub struct Blocks<'a> {
    pub front_matter: Option<String>,
    pub blocks: Vec<Block<'a>>,
    /// `[label]: target` definitions, label lower-cased.
    pub references: Vec<(String, String)>,
}

pub fn scan_blocks<'a>(text: &'a str, lines: &LineIndex<'_>) -> Blocks<'a> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let parser = Parser::new_ext(text, options);
    let references = parser
        .reference_definitions()
        .iter()
        .map(|(label, def)| (label.to_lowercase(), def.dest.to_string()))
        .collect();
    let mut blocks = Vec::new();
    let mut front_matter = None;
    let mut iter = parser.into_offset_iter();
    while let Some((event, range)) = iter.next() {
        let Event::Start(tag) = event else { continue };
        let line = lines.line(range.start);
        match tag {
            Tag::MetadataBlock(_) => {
                let mut body = String::new();
                for (e, _) in iter.by_ref() {
                    match e {
                        Event::Text(t) => body.push_str(&t),
                        Event::End(TagEnd::MetadataBlock(_)) => break,
                        _ => {}
                    }
                }
                front_matter.get_or_insert(body);
            }
            Tag::Heading { level, .. } => {
                let mut text = String::new();
                let mut tab_marker = false;
                for (e, _) in iter.by_ref() {
                    match e {
                        Event::Text(t) | Event::Code(t) => text.push_str(&t),
                        Event::Start(Tag::Link { dest_url, .. })
                            if dest_url.starts_with("#tab/") =>
                        {
                            tab_marker = true
                        }
                        Event::End(TagEnd::Heading(_)) => break,
                        _ => {}
                    }
                }
                if !tab_marker {
                    blocks.push(Block::Heading {
                        level: heading_level(level),
                        text: text.trim().to_owned(),
                        line,
                    });
                }
            }
            Tag::Table(_) => {
                skip_to_end(&mut iter, |e| matches!(e, TagEnd::Table));
                blocks.push(Block::Table {
                    start: range.start,
                    end: range.end,
                    line,
                });
            }
            Tag::CodeBlock(kind) => {
                let (info, fenced) = match kind {
                    CodeBlockKind::Fenced(info) => (info.trim().to_owned(), true),
                    CodeBlockKind::Indented => (String::new(), false),
                };
                let body = concat_until(&mut iter, |e| matches!(e, TagEnd::CodeBlock));
                let unterminated = fenced && !closes_fence(&text[range.clone()]);
                blocks.push(Block::Code {
                    info,
                    body,
                    line,
                    unterminated,
                });
            }
            Tag::HtmlBlock => {
                let html = concat_until(&mut iter, |e| matches!(e, TagEnd::HtmlBlock));
                let unterminated = html.trim_start().starts_with("<!--") && !html.contains("-->");
                blocks.push(Block::Html {
                    text: html,
                    line,
                    unterminated,
                });
            }
            Tag::Paragraph => {
                // Inline comments inside a paragraph can be annotations too.
                let mut end = range.end;
                for (e, r) in iter.by_ref() {
                    match e {
                        Event::InlineHtml(t) if t.starts_with("<!--") => blocks.push(Block::Html {
                            unterminated: !t.contains("-->"),
                            text: t,
                            line: lines.line(r.start),
                        }),
                        Event::End(TagEnd::Paragraph) => {
                            end = r.end;
                            break;
                        }
                        _ => {}
                    }
                }
                blocks.push(Block::Paragraph {
                    start: range.start,
                    end,
                    line,
                });
            }
            _ => {}
        }
    }
    Blocks {
        front_matter,
        blocks,
        references,
    }
}

/// The text of a block's events up to its end tag; borrowed when it is one piece.
fn concat_until<'a, I>(iter: &mut I, is_end: impl Fn(&TagEnd) -> bool) -> CowStr<'a>
where
    I: Iterator<Item = (Event<'a>, std::ops::Range<usize>)>,
{
    let mut first: Option<CowStr<'a>> = None;
    let mut joined: Option<String> = None;
    for (e, _) in iter {
        match e {
            Event::Text(t) | Event::Html(t) => match (&first, &mut joined) {
                (None, _) => first = Some(t),
                (Some(f), None) => joined = Some(format!("{f}{t}")),
                (_, Some(j)) => j.push_str(&t),
            },
            Event::End(end) if is_end(&end) => break,
            _ => {}
        }
    }
    match (joined, first) {
        (Some(j), _) => CowStr::from(j),
        (None, Some(f)) => f,
        (None, None) => CowStr::Borrowed(""),
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn skip_to_end<'a, I>(iter: &mut I, is_end: impl Fn(&TagEnd) -> bool)
where
    I: Iterator<Item = (Event<'a>, std::ops::Range<usize>)>,
{
    for (e, _) in iter {
        if let Event::End(end) = &e {
            if is_end(end) {
                return;
            }
        }
    }
}

/// Whether a fenced code block's source ends with a closing fence.
fn closes_fence(source: &str) -> bool {
    let mut lines = source.trim_end_matches('\n').lines();
    let Some(first) = lines.next() else {
        return false;
    };
    let opening = first.trim_start();
    let fence_char = opening.chars().next().unwrap_or('`');
    let fence_len = opening.chars().take_while(|c| *c == fence_char).count();
    lines.last().is_some_and(|last| {
        let t = last.trim();
        t.len() >= fence_len && t.chars().all(|c| c == fence_char)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(text: &str) -> Blocks<'_> {
        scan_blocks(text, &LineIndex::new(text))
    }

    proptest::proptest! {
        #[test]
        fn lines_are_those_of_the_newlines_before(
            text in "[a\\n\\x0b\\x00é\\u{10a}]{0,40}",
            offsets in proptest::collection::vec(0usize..48, 0..12),
        ) {
            let starts: Vec<usize> = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
            let index = LineIndex::new(&text);
            // Forward, backward and repeated lookups; then line starts.
            for &offset in &offsets {
                let expected = 1 + text.as_bytes()[..offset.min(text.len())]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count() as u32;
                proptest::prop_assert_eq!(index.line(offset), expected);
            }
            for &offset in &offsets {
                let line = (offset % 5) as u32;
                let start = starts.get(line.saturating_sub(1) as usize).copied().unwrap_or(0);
                proptest::prop_assert_eq!(index.start(line), start);
            }
        }
    }

    #[test]
    fn tab_markers_are_not_headings() {
        let b = blocks("# Title\n\n# [HTTP](#tab/http)\n\n## Response\n");
        let headings: Vec<_> = b
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { text, line, .. } => Some((text.as_str(), *line)),
                _ => None,
            })
            .collect();
        assert_eq!(headings, [("Title", 1), ("Response", 5)]);
    }

    #[test]
    fn front_matter_is_not_a_heading() {
        let b = blocks("---\ntitle: \"x\"\ndoc_type: apiPageType\n---\n\n# X\n");
        assert!(b.front_matter.unwrap().contains("doc_type"));
        assert!(matches!(
            &b.blocks[0],
            Block::Heading {
                level: 1,
                line: 6,
                ..
            }
        ));
    }

    #[test]
    fn unterminated_fences_and_comments_are_flagged() {
        let b = blocks("```json\n{\n");
        assert!(matches!(
            &b.blocks[0],
            Block::Code {
                unterminated: true,
                ..
            }
        ));
        let b = blocks("```json\n{}\n```\n");
        assert!(matches!(
            &b.blocks[0],
            Block::Code {
                unterminated: false,
                ..
            }
        ));
        let b = blocks("<!-- {\n \"a\": 1\n");
        assert!(matches!(
            &b.blocks[0],
            Block::Html {
                unterminated: true,
                ..
            }
        ));
    }

    #[test]
    fn reference_definitions_are_collected() {
        let b = blocks("See [identitySet][].\n\n[identitySet]: identityset.md\n");
        assert_eq!(
            b.references,
            [("identityset".into(), "identityset.md".into())]
        );
    }
}
