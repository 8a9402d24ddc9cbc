//! Markdown of one cell or paragraph → clean text for descriptions and doc comments.
//!
//! Links keep their text, code spans keep their backticks (rustdoc renders them), `<br>` and
//! list items become line breaks, other HTML and emphasis markers disappear.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

pub fn clean_markdown(raw: &str) -> String {
    // Plain text (no markup, entities or escapes) needs no markdown parser.
    if !raw.contains(['[', '*', '_', '<', '&', '\\', '`', '#', '>', '!', '\n'])
        && !raw.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+')
    {
        return tidy(raw);
    }
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
