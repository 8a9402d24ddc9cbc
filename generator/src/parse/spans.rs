//! Link and parenthesis shapes in a type cell, found by hand: `[x][y]`, `[x](t)` (the
//! closing parenthesis optional), `[x]`, `(x)`.
//!
//! A cell is short, and the regexes these replace (`\[([^\[\]]*)\]\[([^\[\]]*)\]` and
//! kin) cost more to start than to run, five times per cell. Each scanner finds what its
//! regex found — the leftmost matches, not overlapping, in order — which a property test
//! checks against the regexes themselves.

/// A match: the byte range of the whole, and the ranges of its parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub first: (usize, usize),
    pub second: (usize, usize),
}

/// From `from`, the end of a run of bytes that are none of `stops`.
fn run_end(bytes: &[u8], from: usize, stops: &[u8]) -> usize {
    bytes[from..]
        .iter()
        .position(|b| stops.contains(b))
        .map_or(bytes.len(), |p| from + p)
}

/// All matches of `matcher` tried at each `open` byte, left to right, not overlapping.
fn scan(text: &str, open: u8, matcher: impl Fn(&[u8], usize) -> Option<Found>) -> Vec<Found> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(p) = memchr::memchr(open, &bytes[i..]) {
        let at = i + p;
        match matcher(bytes, at) {
            Some(f) => {
                i = f.end.max(at + 1);
                found.push(f);
            }
            None => i = at + 1,
        }
        if i >= bytes.len() {
            break;
        }
    }
    found
}

/// `[text]` at `at`: the end of the brackets and the text's range; `nonempty` asks for text.
fn bracketed(bytes: &[u8], at: usize, nonempty: bool) -> Option<(usize, (usize, usize))> {
    let end = run_end(bytes, at + 1, b"[]");
    (bytes.get(end) == Some(&b']') && (!nonempty || end > at + 1))
        .then_some((end + 1, (at + 1, end)))
}

/// `[x][y]` (a reference link).
pub fn ref_links(text: &str) -> Vec<Found> {
    scan(text, b'[', |b, at| {
        let (after, first) = bracketed(b, at, false)?;
        if b.get(after) != Some(&b'[') {
            return None;
        }
        let (end, second) = bracketed(b, after, false)?;
        Some(Found {
            start: at,
            end,
            first,
            second,
        })
    })
}

/// `[x](t)`, the closing parenthesis optional (unclosed links are common).
pub fn inline_links(text: &str) -> Vec<Found> {
    scan(text, b'[', |b, at| {
        let (after, first) = bracketed(b, at, false)?;
        if b.get(after) != Some(&b'(') {
            return None;
        }
        let target_end = run_end(b, after + 1, b"()");
        let end = target_end + usize::from(b.get(target_end) == Some(&b')'));
        Some(Found {
            start: at,
            end,
            first,
            second: (after + 1, target_end),
        })
    })
}

/// `[x]` with some text.
pub fn shortcut_links(text: &str) -> Vec<Found> {
    scan(text, b'[', |b, at| {
        let (end, first) = bracketed(b, at, true)?;
        Some(Found {
            start: at,
            end,
            first,
            second: first,
        })
    })
}

/// Byte offsets of each `](` (where an inline link's text ends and its target starts), in
/// order: a `]` followed by `(`, found with `memchr` (a substring search would build its
/// searcher on every call, and this runs on every type cell and api intro).
pub fn link_middles(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b']', bytes).filter(move |&i| bytes.get(i + 1) == Some(&b'('))
}

/// `(x)` with no parentheses inside.
pub fn parenthesised(text: &str) -> Vec<Found> {
    scan(text, b'(', |b, at| {
        let end = run_end(b, at + 1, b"()");
        (b.get(end) == Some(&b')')).then_some(Found {
            start: at,
            end: end + 1,
            first: (at + 1, end),
            second: (at + 1, end),
        })
    })
}

#[cfg(test)]
mod tests {
    use regex::Regex;

    use super::*;

    #[test]
    fn link_middles_are_each_bracket_before_a_parenthesis() {
        let text = "[a](b) x] (y) [c](d ](";
        assert_eq!(link_middles(text).collect::<Vec<_>>(), [2, 16, 20]);
        assert_eq!(link_middles("no links ]").count(), 0);
    }

    /// Each hand scanner finds exactly what the regex it replaced found.
    fn regex_found(pattern: &str, text: &str) -> Vec<Found> {
        Regex::new(pattern)
            .unwrap()
            .captures_iter(text)
            .map(|c| {
                let whole = c.get(0).unwrap();
                let range = |i: usize| c.get(i).map(|m| (m.start(), m.end()));
                let first = range(1).unwrap();
                Found {
                    start: whole.start(),
                    end: whole.end(),
                    first,
                    second: range(2).unwrap_or(first),
                }
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn scanners_match_their_regexes(text in "[\\[\\]()a é]{0,24}") {
            proptest::prop_assert_eq!(ref_links(&text), regex_found(r"\[([^\[\]]*)\]\[([^\[\]]*)\]", &text));
            proptest::prop_assert_eq!(inline_links(&text), regex_found(r"\[([^\[\]]*)\]\(([^()]*)\)?", &text));
            proptest::prop_assert_eq!(shortcut_links(&text), regex_found(r"\[([^\[\]]+)\]", &text));
            proptest::prop_assert_eq!(parenthesised(&text), regex_found(r"\(([^()]*)\)", &text));
        }
    }
}
