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
    let raw = raw.replace("&nbsp;", " ");
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

/// Trims each line, collapses runs of spaces and of blank lines.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_blank = false;
    for line in text.lines() {
        let mut words = line.split_whitespace().peekable();
        if words.peek().is_none() {
            pending_blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if pending_blank { "\n\n" } else { "\n" });
        }
        pending_blank = false;
        for (i, w) in words.enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    out
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
}
