//! Type cells: `String`, `[identitySet](identityset.md) collection`, `Collection([drive][])`,
//! `microsoft.graph.callRecords.modality`, `** Unknown Type `x` **`, `[a](…) or [b](…)`, …
//!
//! The cell is read as written (markdown), because link targets identify types more
//! reliably than link texts. FORMAT.md §4 lists the spellings this accepts.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::Edm;

use super::spans::{inline_links, parenthesised, ref_links, shortcut_links};
use super::text::{contains_ignore_ascii_case, with_ascii_lowercase};

/// A type named in a cell: its text and, when linked, the link target.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mention {
    /// The name as written, decoration removed (`identitySet`, `microsoft.graph.callRecords.session`).
    pub text: String,
    /// Link path without anchor (`../resources/identityset.md`), if linked.
    pub target: Option<String>,
    /// Link anchor without `#` (`agegroup-values`), if any.
    pub anchor: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CellType {
    Primitive(Edm),
    /// `Json`, `JSON object`: the CSDL's open `microsoft.graph.Json`.
    Json,
    Named(Mention),
    /// `[a](…) or [b](…)`: several types.
    Union(Vec<Mention>),
    Empty,
    /// Text that names no type.
    FreeText(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeCell {
    pub ty: CellType,
    pub collection: bool,
    /// `** Unknown Type `x` **` marker seen.
    pub unknown_marker: bool,
    /// The type was picked out of prose (`Moment in time … DateTimeOffset`).
    pub from_prose: bool,
    /// `(optional)` in the cell.
    pub optional: bool,
    /// `(readonly)` in the cell.
    pub read_only: bool,
}

/// Maps a primitive spelling (any case, with or without `Edm.`) to its Edm type.
pub fn primitive(word: &str) -> Option<Edm> {
    // Lower-cased on the stack: every type cell asks, and the longest spelling is
    // `edm.datetimeoffset` (18 bytes); anything longer is no primitive.
    let word = word.trim();
    let mut buffer = [0u8; 24];
    let lower = buffer.get_mut(..word.len())?;
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    let w = std::str::from_utf8(lower).ok()?;
    let w = w.strip_prefix("edm.").unwrap_or(w);
    Some(match w {
        "string" | "str" | "text" | "url" | "uri" => Edm::String,
        "boolean" | "bool" => Edm::Boolean,
        "int32" | "int" | "integer" => Edm::Int32,
        "int64" | "long" => Edm::Int64,
        "int16" | "short" => Edm::Int16,
        "byte" => Edm::Byte,
        "sbyte" => Edm::SByte,
        "double" | "float" => Edm::Double,
        "single" => Edm::Single,
        "decimal" | "numeric" => Edm::Decimal,
        "datetimeoffset" | "datetime" | "timestamp" => Edm::DateTimeOffset,
        "date" => Edm::Date,
        "timeofday" => Edm::TimeOfDay,
        "duration" | "timespan" => Edm::Duration,
        "guid" | "uuid" => Edm::Guid,
        "binary" => Edm::Binary,
        "stream" => Edm::Stream,
        _ => return None,
    })
}

fn is_json_word(word: &str) -> bool {
    ["json", "object", "graph.json", "microsoft.graph.json"]
        .iter()
        .any(|w| word.eq_ignore_ascii_case(w))
}

static UNKNOWN_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\*\*\s*Unknown Type\s*`([^`]*)`\s*\*\*").unwrap());
static COLLECTION_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bcollection\b").unwrap());

/// `a.b.c`: dot-separated identifiers.
fn is_dotted_ident(word: &str) -> bool {
    word.split('.').all(|part| {
        let mut bytes = part.bytes();
        bytes
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
            && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
    })
}

/// Whether `collection` occurs as a word (any case).
fn has_collection_word(text: &str) -> bool {
    static WORD: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("collection"));
    if text.is_ascii() && !with_ascii_lowercase(text, |lower| WORD.find(lower).is_some()) {
        return false;
    }
    COLLECTION_WORD.is_match(text)
}

/// Reads a Type cell. `references` resolves `[x][]` links (label lower-cased → target).
pub fn parse_type_cell(raw: &str, references: &[(String, String)]) -> TypeCell {
    simple_cell(raw.trim()).unwrap_or_else(|| general_cell(raw, references))
}

fn empty_cell() -> TypeCell {
    TypeCell {
        ty: CellType::Empty,
        collection: false,
        unknown_marker: false,
        from_prose: false,
        optional: false,
        read_only: false,
    }
}

fn is_word(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_')
}

/// The shapes nine in ten cells have, read without the general scanners (which allocate
/// the cell's text three times over): one word (`String`, `riskLevel`), one word and
/// `collection`, one inline link `[x](x.md)` with or without `collection`. Anything else
/// (or anything these could misread) is `None`; a property test holds the answers to
/// [`general_cell`]'s.
fn simple_cell(trimmed: &str) -> Option<TypeCell> {
    let mut cell = empty_cell();
    // The general reader trims dots and underscores from the ends of words and drops
    // these words.
    let kept = |word: &&str| {
        is_word(word)
            && !word.starts_with(['.', '_'])
            && !word.ends_with(['.', '_'])
            && !contains_ignore_ascii_case(word, "collection")
            && !["of", "or", "resource", "type"]
                .iter()
                .any(|f| word.eq_ignore_ascii_case(f))
    };
    if kept(&trimmed) {
        cell.ty = word_type(trimmed).unwrap_or_else(|| CellType::FreeText(trimmed.to_owned()));
        return Some(cell);
    }
    if let Some(word) = strip_collection(trimmed).filter(kept) {
        cell.collection = true;
        cell.ty = word_type(word).unwrap_or_else(|| CellType::FreeText(word.to_owned()));
        return Some(cell);
    }
    // `[text](target)`: no other brackets or parentheses, no markup the general reader
    // unescapes or strips around links, a target without spaces.
    let rest = trimmed.strip_prefix('[')?;
    let bytes = rest.as_bytes();
    let close = memchr::memchr2(b'[', b']', bytes)?;
    let text = &rest[..close];
    let after = rest[close..].strip_prefix("](")?;
    let target_end = memchr::memchr2(b'(', b')', after.as_bytes())?;
    let target = &after[..target_end];
    let tail = after[target_end..].strip_prefix(')')?;
    let plain = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii() && !matches!(b, b'[' | b']' | b'(' | b')' | b'*' | b'&' | b'\\'))
    };
    if !plain(text)
        || !plain(tail)
        || !plain(target)
        || target.bytes().any(|b| b.is_ascii_whitespace())
    {
        return None;
    }
    cell.collection = match tail.trim() {
        "" => false,
        t if t.eq_ignore_ascii_case("collection") => true,
        _ => return None,
    };
    let m = mention(text, Some(target));
    if m.text.is_empty() {
        return None;
    }
    cell.ty = match primitive(&m.text) {
        Some(p) => CellType::Primitive(p),
        None if is_json_word(&m.text) => CellType::Json,
        None => CellType::Named(m),
    };
    Some(cell)
}

/// `x collection` (any case, any spacing): `x`.
fn strip_collection(trimmed: &str) -> Option<&str> {
    let cut = trimmed.len().checked_sub("collection".len())?;
    let (head, tail) = (trimmed.get(..cut)?, &trimmed[cut..]);
    if !tail.eq_ignore_ascii_case("collection")
        || !head.ends_with(|c: char| c.is_ascii_whitespace())
    {
        return None;
    }
    Some(head.trim_end())
}

/// Any cell: markers, reference, inline and shortcut links, qualifiers in parentheses,
/// `Collection(x)`, unions and prose.
fn general_cell(raw: &str, references: &[(String, String)]) -> TypeCell {
    let mut cell = empty_cell();
    let mut text = if raw.contains(['&', '\\']) {
        raw.replace("&nbsp;", " ").replace("\\|", "|")
    } else {
        raw.to_owned()
    };
    let mut mentions: Vec<Mention> = Vec::new();

    if text.contains("Unknown Type") {
        if let Some(c) = UNKNOWN_MARKER.captures(&text) {
            cell.unknown_marker = true;
            mentions.push(Mention {
                text: c[1].trim().to_owned(),
                ..Default::default()
            });
            text = UNKNOWN_MARKER.replace(&text, " ").into_owned();
        }
    }

    // Links, in order: reference `[x][y]`, inline `[x](t)` (maybe unclosed), shortcut `[x]`.
    let part = |r: (usize, usize)| &text[r.0..r.1];
    let mut rest = String::with_capacity(text.len());
    let mut last = 0;
    let mut spans: Vec<(usize, usize, Mention)> = Vec::new();
    for f in ref_links(&text) {
        let label = if part(f.second).trim().is_empty() {
            part(f.first)
        } else {
            part(f.second)
        };
        let target = lookup(references, label);
        spans.push((f.start, f.end, mention(part(f.first), target.as_deref())));
    }
    for f in inline_links(&text) {
        if overlaps(&spans, f.start, f.end) {
            continue;
        }
        // `[x](x.md collection)`: a word inside the parentheses.
        let mut parts = part(f.second).split_whitespace();
        let target = parts.next().unwrap_or("");
        if parts.any(|w| w.eq_ignore_ascii_case("collection")) {
            cell.collection = true;
        }
        spans.push((f.start, f.end, mention(part(f.first), Some(target))));
    }
    for f in shortcut_links(&text) {
        if overlaps(&spans, f.start, f.end) {
            continue;
        }
        let target = lookup(references, part(f.first));
        spans.push((f.start, f.end, mention(part(f.first), target.as_deref())));
    }
    spans.sort_by_key(|s| s.0);
    for (start, end, m) in spans {
        rest.push_str(&text[last..start]);
        rest.push(' ');
        last = end;
        if !m.text.is_empty() {
            mentions.push(m);
        }
    }
    rest.push_str(&text[last.min(text.len())..]);

    let rest = strip_decoration(&rest);
    if has_collection_word(&rest) {
        cell.collection = true;
    }
    // Qualifiers: `string (url)`, `(Optional) String`, `string (readonly)`, `string, maximum size 20`.
    let mut words = String::new();
    let mut last = 0;
    for f in parenthesised(&rest) {
        let inner = rest[f.first.0..f.first.1].trim();
        let lower = inner.to_ascii_lowercase();
        if lower == "optional" {
            cell.optional = true;
        } else if lower.replace(['-', ' '], "") == "readonly" {
            cell.read_only = true;
        }
        words.push_str(&rest[last..f.start]);
        // `Collection(String)`: keep the inner type word.
        if rest[..f.start]
            .trim_end()
            .to_ascii_lowercase()
            .ends_with("collection")
        {
            words.push(' ');
            words.push_str(inner);
        }
        words.push(' ');
        last = f.end;
    }
    words.push_str(&rest[last..]);
    let words = words.split(',').next().unwrap_or("");
    let words: Vec<&str> = words
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| matches!(c, '(' | ')' | '.' | ':' | ';')))
        .filter(|w| {
            !w.is_empty()
                && !w.eq_ignore_ascii_case("collection")
                && !w.eq_ignore_ascii_case("of")
                && !w.eq_ignore_ascii_case("or")
                && !w.eq_ignore_ascii_case("resource")
                && !w.eq_ignore_ascii_case("type")
        })
        .collect();

    cell.ty = match mentions.len() {
        0 => from_words(&words, &mut cell),
        1 => {
            let m = mentions.pop().unwrap();
            match primitive(&m.text) {
                Some(p) => CellType::Primitive(p),
                None if is_json_word(&m.text) => CellType::Json,
                None => CellType::Named(m),
            }
        }
        _ => CellType::Union(mentions),
    };
    cell
}

fn from_words(words: &[&str], cell: &mut TypeCell) -> CellType {
    match words {
        [] => CellType::Empty,
        [one] => word_type(one).unwrap_or_else(|| CellType::FreeText((*one).to_owned())),
        many => {
            if many.iter().any(|w| w.eq_ignore_ascii_case("json")) {
                return CellType::Json;
            }
            // Prose with the type at one end: `Moment in time … DateTimeOffset`.
            for w in [many[many.len() - 1], many[0]] {
                if let Some(p) = primitive(w) {
                    cell.from_prose = true;
                    return CellType::Primitive(p);
                }
            }
            CellType::FreeText(many.join(" "))
        }
    }
}

fn word_type(word: &str) -> Option<CellType> {
    if let Some(p) = primitive(word) {
        return Some(CellType::Primitive(p));
    }
    if is_json_word(word) {
        return Some(CellType::Json);
    }
    is_dotted_ident(word).then(|| {
        CellType::Named(Mention {
            text: word.to_owned(),
            ..Default::default()
        })
    })
}

fn mention(text: &str, target: Option<&str>) -> Mention {
    let (path, anchor) = match target.map(str::trim) {
        Some(t) if !t.is_empty() => match t.split_once('#') {
            Some((p, a)) => (
                (!p.is_empty()).then(|| p.to_owned()),
                (!a.is_empty()).then(|| a.to_lowercase()),
            ),
            None => (Some(t.to_owned()), None),
        },
        _ => (None, None),
    };
    Mention {
        text: strip_decoration(text).trim().to_owned(),
        target: path,
        anchor,
    }
}

fn lookup(references: &[(String, String)], label: &str) -> Option<String> {
    let label = strip_decoration(label).trim().to_lowercase();
    references
        .iter()
        .find(|(l, _)| *l == label)
        .map(|(_, t)| t.clone())
}

fn overlaps(spans: &[(usize, usize, Mention)], start: usize, end: usize) -> bool {
    spans.iter().any(|(s, e, _)| start < *e && *s < end)
}

/// Removes `**`, `__`, backticks and `<…>` tags around names.
pub fn strip_decoration(s: &str) -> String {
    // Every row's name and many cells pass here; most hold none of the three bytes.
    if memchr::memchr3(b'<', b'*', b'`', s.as_bytes()).is_none() {
        return s.trim_matches('_').to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            '*' | '`' => {}
            _ if in_tag => {}
            _ => out.push(c),
        }
    }
    if out.starts_with('_') || out.ends_with('_') {
        out.trim_matches('_').to_owned()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(raw: &str) -> (CellType, bool) {
        let c = parse_type_cell(raw, &[("identityset".into(), "identityset.md".into())]);
        (c.ty, c.collection)
    }

    fn named(text: &str, target: Option<&str>) -> CellType {
        CellType::Named(Mention {
            text: text.into(),
            target: target.map(Into::into),
            anchor: None,
        })
    }

    #[test]
    fn primitives_in_every_spelling() {
        for (raw, edm, coll) in [
            ("String", Edm::String, false),
            ("`string`", Edm::String, false),
            ("String collection", Edm::String, true),
            ("Collection(String)", Edm::String, true),
            ("collection(string)", Edm::String, true),
            ("Collection of String", Edm::String, true),
            ("`Edm.dateTimeOffset`", Edm::DateTimeOffset, false),
            ("DateTimeOffSet", Edm::DateTimeOffset, false),
            ("GUID", Edm::Guid, false),
            ("string (url)", Edm::String, false),
            ("string, maximum size 20", Edm::String, false),
            ("numeric", Edm::Decimal, false),
            ("Int32 collection", Edm::Int32, true),
        ] {
            assert_eq!(ty(raw), (CellType::Primitive(edm), coll), "{raw}");
        }
        assert_eq!(ty("Json").0, CellType::Json);
        assert_eq!(ty("Untyped JSON object").0, CellType::Json);
    }

    #[test]
    fn links_of_every_form() {
        assert_eq!(
            ty("[identitySet](../resources/identityset.md) collection"),
            (
                named("identitySet", Some("../resources/identityset.md")),
                true
            )
        );
        assert_eq!(
            ty("[identitySet][]"),
            (named("identitySet", Some("identityset.md")), false)
        );
        assert_eq!(
            ty("Collection([identitySet][])"),
            (named("identitySet", Some("identityset.md")), true)
        );
        assert_eq!(
            ty("[invitedUserMessageInfo](invitedusermessageinfo.md"),
            (
                named("invitedUserMessageInfo", Some("invitedusermessageinfo.md")),
                false
            )
        );
        assert_eq!(
            ty("[timeZoneInformation](timezoneinformation.md collection)"),
            (
                named("timeZoneInformation", Some("timezoneinformation.md")),
                true
            )
        );
        assert_eq!(
            ty("[itemAnalytics][] resource"),
            (named("itemAnalytics", None), false)
        );
        let (t, _) = ty("[ageGroup](#agegroup-values)");
        assert_eq!(
            t,
            CellType::Named(Mention {
                text: "ageGroup".into(),
                target: None,
                anchor: Some("agegroup-values".into())
            })
        );
        assert_eq!(
            ty("[**microsoft.graph.callRecords.session**](callrecords-session.md) collection"),
            (
                named(
                    "microsoft.graph.callRecords.session",
                    Some("callrecords-session.md")
                ),
                true
            )
        );
    }

    #[test]
    fn bare_names_markers_unions_and_prose() {
        assert_eq!(
            ty("microsoft.graph.externalConnectors.label collection"),
            (
                named("microsoft.graph.externalConnectors.label", None),
                true
            )
        );
        assert_eq!(ty("siteCollection"), (named("siteCollection", None), false));
        let c = parse_type_cell("** Unknown Type `microsoft.graph.publicError` **", &[]);
        assert!(c.unknown_marker);
        assert_eq!(c.ty, named("microsoft.graph.publicError", None));
        let c = parse_type_cell("[a](a.md) or [b](b.md)", &[]);
        assert!(matches!(c.ty, CellType::Union(ref v) if v.len() == 2));
        let c = parse_type_cell(
            "Moment in time when the resource was created.  DateTimeOffset",
            &[],
        );
        assert!(c.from_prose);
        assert_eq!(c.ty, CellType::Primitive(Edm::DateTimeOffset));
        assert!(matches!(ty("error object").0, CellType::FreeText(_)));
        assert_eq!(ty("").0, CellType::Empty);
        let c = parse_type_cell("String (optional)", &[]);
        assert!(c.optional);
        let c = parse_type_cell("string (readonly)", &[]);
        assert!(c.read_only);
    }

    proptest::proptest! {
        #[test]
        fn dotted_idents_as_the_regex_had_them(word in "[a-zA-Z0-9_.é]{0,12}") {
            let ident = Regex::new(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$").unwrap();
            proptest::prop_assert_eq!(is_dotted_ident(&word), ident.is_match(&word));
        }

        #[test]
        fn simple_cells_read_as_the_general_reader_reads_them(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "[", "]", "(", ")", "](", "String", "identitySet", "x.md", "#a-values", " ",
                    "\u{a0}", "collection", "Collection", "of", "type", ".", "*", "`", "&nbsp;",
                    "\\", "_", "<br>", "é", "json", "microsoft.graph.x", ",", "optional",
                ]),
                0..8,
            ),
        ) {
            let raw: String = pieces.concat();
            let references = [("identityset".to_owned(), "identityset.md".to_owned())];
            if let Some(simple) = simple_cell(raw.trim()) {
                proptest::prop_assert_eq!(simple, general_cell(&raw, &references), "{:?}", raw);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn link_shaped_cells_read_as_the_general_reader_reads_them(
            lead in proptest::sample::select(vec!["", " ", "\u{a0}", "x "]),
            text in proptest::sample::select(vec![
                "identitySet", "String", "Json", "`x`", "_x_", "x y", "", " ", "*x*", "&nbsp;x",
                "x\\_y", "[x", "x(y)", "é", "<b>x</b>", "collection", "Unknown Type `x`",
            ]),
            target in proptest::sample::select(vec![
                "x.md", "x.md#A-Values", "#a", "", "x y.md", "x.md collection", "(x", "a\\b",
                "x.md\u{a0}",
            ]),
            tail in proptest::sample::select(vec![
                "", " ", " collection", " Collection ", "collection", " of", " (optional)",
                " or [y](y.md)", ", x", " collection\u{a0}", "\u{a0}collection", "]", ")",
            ]),
        ) {
            let raw = format!("{lead}[{text}]({target}){tail}");
            let references = [("identityset".to_owned(), "identityset.md".to_owned())];
            if let Some(simple) = simple_cell(raw.trim()) {
                proptest::prop_assert_eq!(simple, general_cell(&raw, &references), "{:?}", raw);
            }
            let raw = format!("{lead}{text}{tail}");
            if let Some(simple) = simple_cell(raw.trim()) {
                proptest::prop_assert_eq!(simple, general_cell(&raw, &references), "{:?}", raw);
            }
        }
    }

    #[test]
    fn simple_shapes_take_the_short_path() {
        for raw in [
            "String",
            "String collection",
            "[identitySet](identityset.md)",
            "[identitySet](identityset.md) collection",
            "[x](x.md#x-values)",
        ] {
            let simple = simple_cell(raw).unwrap_or_else(|| panic!("{raw}"));
            assert_eq!(simple, general_cell(raw, &[]), "{raw}");
        }
        assert_eq!(simple_cell("[a](a.md) or [b](b.md)"), None);
        assert_eq!(simple_cell("Collection(String)"), None);
    }
}
