//! Markdown of one cell or paragraph → clean text for descriptions and doc comments.
//!
//! Links keep their text, code spans keep their backticks (rustdoc renders them), `<br>` and
//! list items become line breaks, other HTML and emphasis markers disappear.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// Hands `f` the text ASCII-lower-cased, in a buffer each thread reuses: the word
/// pre-checks run on every description and paragraph, and a fresh `to_ascii_lowercase()`
/// each time cost more than the searches. `f` must not call it again (the buffer is lent).
pub fn with_ascii_lowercase<T>(text: &str, f: impl FnOnce(&[u8]) -> T) -> T {
    thread_local! {
        static LOWER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    LOWER.with_borrow_mut(|lower| {
        lower.clear();
        lower.extend(text.bytes().map(|b| b.to_ascii_lowercase()));
        f(lower)
    })
}

/// Whether `text` holds `word`, ASCII case ignored. For short texts
/// and rare words, where a lower-cased copy or a prebuilt searcher costs more than this.
pub fn contains_ignore_ascii_case(text: &str, word: &str) -> bool {
    word.is_empty()
        || text
            .as_bytes()
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
}

/// The 1-based char column of byte `at` in `line` (diagnostics count columns in chars).
pub fn char_column(line: &str, at: usize) -> u32 {
    line[..at].chars().count() as u32 + 1
}

/// How many columns `text` takes (in chars).
pub fn char_width(text: &str) -> u32 {
    text.chars().count() as u32
}

/// A set of ASCII bytes, as a table: a scan with it costs a few instructions a byte, where
/// `str::contains` with a list of chars decodes and compares each char against the list.
type ByteSet = [bool; 256];

const fn byte_set(bytes: &[u8]) -> ByteSet {
    let mut set = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        set[bytes[i] as usize] = true;
        i += 1;
    }
    set
}

/// Whether the text holds any byte of the set (all ASCII, so never part of another char).
fn holds_any(text: &str, set: &ByteSet) -> bool {
    text.bytes().any(|b| set[b as usize])
}

/// Bytes that may start markup; text without them is plain.
static MARKUP: ByteSet = byte_set(b"[*_<&\\`#>!\n");

/// Markup other than inline links and code spans (and what the parser reads specially).
static NOT_LINKS_OR_CODE: ByteSet = byte_set(b"*_<&\\#>!\n~$|");

pub fn clean_markdown(raw: &str) -> String {
    // Plain text (no markup, entities or escapes) needs no markdown parser.
    if !holds_any(raw, &MARKUP)
        && !raw.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+')
    {
        return tidy(raw);
    }
    if let Some(clean) = without_parser(raw) {
        return tidy(&clean);
    }
    parse_and_clean(raw)
}

/// What the parser would make of the commonest descriptions, found without it: text
/// whose only markup is inline links `[text](target)` and code spans between single
/// backticks (four in five of the descriptions that have markup; the parser costs more
/// than the rest of a row). Anything a parser could read another way — other markup, a
/// block at the start, brackets or backticks that do not pair up simply, a span whose
/// padding spaces CommonMark strips, a target with spaces or parentheses — gives `None`
/// and is left to the parser. A property test holds this to the parser's output.
fn without_parser(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    if holds_any(raw, &NOT_LINKS_OR_CODE)
        || raw.starts_with(|c: char| {
            c.is_whitespace() || c.is_ascii_digit() || matches!(c, '-' | '+' | '=' | '`')
        })
    {
        return None;
    }
    // Code spans. CommonMark: a run of n backticks opens a span closed by the next run of
    // exactly n; a run with no partner is text.
    let mut runs = Vec::new();
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'`', &bytes[i..]) {
        let start = i + p;
        let len = bytes[start..].iter().take_while(|b| **b == b'`').count();
        runs.push((start, len));
        i = start + len;
    }
    let mut r = 0;
    while r < runs.len() {
        let (start, len) = runs[r];
        let Some(close) = (r + 1..runs.len()).find(|&c| runs[c].1 == len) else {
            r += 1;
            continue;
        };
        let content = &raw[start + len..runs[close].0];
        let padded = content.starts_with(' ')
            && content.ends_with(' ')
            && content.bytes().any(|b| b != b' ');
        if len != 1 || padded || content.contains(['[', ']', '(', ')']) {
            return None;
        }
        r = close + 1;
    }
    // Links; code spans hold no brackets, so every bracket is a link's.
    let mut out = String::with_capacity(raw.len());
    let mut copied = 0;
    let mut i = 0;
    while let Some(p) = memchr::memchr2(b'[', b']', &bytes[i..]) {
        let open = i + p;
        if bytes[open] == b']' {
            return None; // a bracket that closes nothing
        }
        let close = open + 1 + memchr::memchr2(b'[', b']', &bytes[open + 1..])?;
        let text = &raw[open + 1..close];
        if bytes[close] != b']' || text.is_empty() || text.contains('`') {
            return None;
        }
        if bytes.get(close + 1) != Some(&b'(') {
            return None;
        }
        let end = close + 2 + memchr::memchr(b')', &bytes[close + 2..])?;
        let target = &raw[close + 2..end];
        if target.is_empty() || target.contains(|c: char| c.is_whitespace() || "(`".contains(c)) {
            return None;
        }
        out.push_str(&raw[copied..open]);
        out.push_str(text);
        copied = end + 1;
        i = end + 1;
    }
    out.push_str(&raw[copied..]);
    Some(out)
}

fn parse_and_clean(raw: &str) -> String {
    let raw = if raw.contains('&') {
        std::borrow::Cow::Owned(raw.replace("&nbsp;", " "))
    } else {
        std::borrow::Cow::Borrowed(raw)
    };
    let mut out = String::with_capacity(raw.len());
    for event in Parser::new(&raw) {
        match event {
            Event::Text(t) => out.push_str(&t),
            Event::Code(c) => {
                out.push('`');
                out.push_str(&c);
                out.push('`');
            }
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::InlineHtml(h) | Event::Html(h) => {
                let tag = h.trim().to_ascii_lowercase();
                if tag.starts_with("<br") || tag.starts_with("</p") || tag.starts_with("</ul") {
                    out.push('\n');
                } else if tag.starts_with("<li") {
                    out.push_str("\n- ");
                }
            }
            Event::Start(Tag::Item) => out.push_str("\n- "),
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Heading(_)) => out.push('\n'),
            _ => {}
        }
    }
    tidy(&out)
}

/// Trims each line, collapses runs of spaces and of blank lines: the words of each line
/// joined by one space, lines by `\n`, and one blank line where the text had any.
///
/// A byte scan, because it runs on every description of the corpus (the `lines()` and
/// `split_whitespace()` version cost ~2,600 instructions a description); whitespace is
/// still Unicode whitespace, as `split_whitespace` has it.
fn tidy(text: &str) -> String {
    if is_tidy(text) {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut words_on_line = 0usize;
    let mut blank_since_last = false;
    let mut i = 0;
    while i < bytes.len() {
        match CLASS[bytes[i] as usize] {
            NEWLINE => {
                if words_on_line == 0 && !out.is_empty() {
                    blank_since_last = true;
                }
                words_on_line = 0;
                i += 1;
                continue;
            }
            SPACE => {
                i += 1;
                continue;
            }
            NON_ASCII if unicode_space(text, i) > 0 => {
                i += unicode_space(text, i);
                continue;
            }
            _ => {}
        }
        let start = i;
        loop {
            while i < bytes.len() && CLASS[bytes[i] as usize] == WORD {
                i += 1;
            }
            if i < bytes.len()
                && CLASS[bytes[i] as usize] == NON_ASCII
                && unicode_space(text, i) == 0
            {
                i += text[i..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            break;
        }
        if words_on_line > 0 {
            out.push(' ');
        } else if !out.is_empty() {
            out.push_str(if blank_since_last { "\n\n" } else { "\n" });
        }
        blank_since_last = false;
        words_on_line += 1;
        out.push_str(&text[start..i]);
    }
    out
}

/// Text `tidy` would return unchanged (most descriptions): ASCII words separated by single
/// spaces, nothing before the first or after the last. Checked without branching on each
/// byte, so that the compiler vectorises both passes (a match per byte cost ~5
/// instructions a byte; the rewrite copies word by word).
fn is_tidy(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    // Non-ASCII, or ASCII whitespace other than the space (`\t`, `\n`, 0x0b, 0x0c, `\r`).
    let odd = bytes.iter().fold(false, |odd, &b| {
        odd | (b >= 0x80) | (b.wrapping_sub(b'\t') < 5)
    });
    let doubled = bytes
        .iter()
        .zip(bytes.get(1..).unwrap_or_default())
        .fold(false, |doubled, (&a, &b)| {
            doubled | ((a == b' ') & (b == b' '))
        });
    !odd && !doubled
}

const WORD: u8 = 0;
const SPACE: u8 = 1;
const NEWLINE: u8 = 2;
const NON_ASCII: u8 = 3;

/// What each byte starts: ASCII whitespace other than `\n` (as `char::is_whitespace` has
/// it), `\n`, a non-ASCII character (which may be whitespace), or part of a word.
static CLASS: [u8; 256] = {
    let mut class = [WORD; 256];
    class[b' ' as usize] = SPACE;
    class[b'\t' as usize] = SPACE;
    class[0x0b] = SPACE;
    class[0x0c] = SPACE;
    class[b'\r' as usize] = SPACE;
    class[b'\n' as usize] = NEWLINE;
    let mut b = 0x80;
    while b < 256 {
        class[b] = NON_ASCII;
        b += 1;
    }
    class
};

/// The byte length of the non-ASCII whitespace character at `i`, or 0.
fn unicode_space(text: &str, i: usize) -> usize {
    match text[i..].chars().next() {
        Some(c) if c.is_whitespace() => c.len_utf8(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn byte_sets_answer_as_the_char_lists_did(text in "[a é|~$!#*_<>&`\\[\\\\\n]{0,12}") {
            proptest::prop_assert_eq!(
                holds_any(&text, &MARKUP),
                text.contains(['[', '*', '_', '<', '&', '\\', '`', '#', '>', '!', '\n'])
            );
            proptest::prop_assert_eq!(
                holds_any(&text, &NOT_LINKS_OR_CODE),
                text.contains(['*', '_', '<', '&', '\\', '#', '>', '!', '\n', '~', '$', '|'])
            );
        }
    }

    #[test]
    fn words_are_found_in_any_ascii_case() {
        assert!(contains_ignore_ascii_case(
            "PATCH ** Entity URI Not Found **",
            "not found"
        ));
        assert!(contains_ignore_ascii_case(
            "String Collection",
            "collection"
        ));
        assert!(!contains_ignore_ascii_case("notfound", "not found"));
        assert!(!contains_ignore_ascii_case("coll", "collection"));
        assert!(contains_ignore_ascii_case("", ""));
    }

    #[test]
    fn markup_is_cleaned() {
        assert_eq!(
            clean_markdown(
                "The **name** of [run](../resources/run.md). `Required`.<br><br>Read-only."
            ),
            "The name of run. `Required`.\n\nRead-only."
        );
        assert_eq!(
            clean_markdown(r"One of: <ul><li>a</li><li>b \| c</li></ul>"),
            "One of:\n- a\n- b | c"
        );
    }

    #[test]
    fn code_spans_are_kept_as_written() {
        for raw in [
            "Read-only. The `id` of the `run`.",
            "a `b",
            "`` a `b` ``",
            "x ` y ` z",
            "x `  ` z",
            "```json x",
            "a ``b`` c",
            "See [run](run.md) and [x](<y z>).",
            "[a](b) `c` [d](e)",
        ] {
            assert_eq!(clean_markdown(raw), parse_and_clean(raw), "{raw:?}");
        }
        assert_eq!(
            without_parser("The `id` of the [run](../resources/run.md) (see [x](x.md))."),
            Some("The `id` of the run (see x).".into())
        );
        assert_eq!(without_parser("x ` y ` z"), None);
        assert_eq!(without_parser("a ``b`` c"), None);
        assert_eq!(without_parser("[a] (b)"), None);
    }

    proptest::proptest! {
        #[test]
        fn the_shortcut_agrees_with_the_parser(raw in "[a `.é\\t\\[\\]()]{0,24}") {
            if let Some(clean) = without_parser(&raw) {
                proptest::prop_assert_eq!(tidy(&clean), parse_and_clean(&raw));
            }
        }
    }

    /// The plain version `tidy` replaced: what it must still do.
    fn tidy_by_lines(text: &str) -> String {
        let mut out = String::new();
        let mut pending_blank = false;
        for line in text.lines() {
            let words: Vec<&str> = line.split_whitespace().collect();
            if words.is_empty() {
                pending_blank = !out.is_empty();
                continue;
            }
            if !out.is_empty() {
                out.push_str(if pending_blank { "\n\n" } else { "\n" });
            }
            pending_blank = false;
            out.push_str(&words.join(" "));
        }
        out
    }

    #[test]
    fn tidy_collapses_like_lines_and_split_whitespace() {
        for text in [
            "",
            "  a  b \t c  ",
            "a\n\n\n b\r\nc\rd",
            "\n\n a \n \n",
            "x\u{a0}y\u{2028}z é\u{3000}ü",
            "one\u{0b}two\u{0c}three\u{85}four",
        ] {
            assert_eq!(tidy(text), tidy_by_lines(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn tidy_matches_the_plain_version(text in "[ a\\n\\r\\t\u{a0}\u{2028}\u{85}é,.]{0,40}") {
            proptest::prop_assert_eq!(tidy(&text), tidy_by_lines(&text));
        }
    }
}
