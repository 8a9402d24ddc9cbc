//! What a description says about a property: required, optional, read-only, nullable,
//! deprecated, inherited from an ancestor, and the enum values it lists.
//!
//! Resource tables have no columns for these (FORMAT.md §6); the phrases sit anywhere in
//! the description, so each is matched as its own sentence or clause.

use std::sync::LazyLock;

use regex::Regex;

use super::text::with_ascii_lowercase;
use super::type_cell::{strip_decoration, Mention};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Flags {
    pub required: bool,
    pub optional: bool,
    pub read_only: bool,
    pub nullable: Option<bool>,
    pub deprecated: bool,
}

static REQUIRED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[.>:]\s*|\s-\s)(?:\*\*)?required(?:\*\*)?\s*(?:[.<]|$)").unwrap()
});
static OPTIONAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[.>:]\s*|\s-\s)(?:\*\*)?optional(?:\*\*)?\s*(?:[.<]|$)").unwrap()
});
static READ_ONLY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bread[- ]?only\b").unwrap());
static NOT_NULLABLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:not|non)[- ]nullable\b").unwrap());
static NULLABLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bnullable\b").unwrap());
static DEPRECATED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?:^|[.>(]\s*)deprecated\b").unwrap());

/// Words that decide whether the matchers below need to run at all: most descriptions
/// hold none of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Trigger {
    Nullable,
    Required,
    Optional,
    Only,
    Deprecated,
    Values,
    CanBe,
    OneOf,
    InheritedFrom,
}

impl Trigger {
    /// Every trigger, in the order of their discriminants (a test checks).
    const ALL: [Trigger; 9] = [
        Trigger::Nullable,
        Trigger::Required,
        Trigger::Optional,
        Trigger::Only,
        Trigger::Deprecated,
        Trigger::Values,
        Trigger::CanBe,
        Trigger::OneOf,
        Trigger::InheritedFrom,
    ];

    /// The word, lower case.
    fn word(self) -> &'static str {
        match self {
            Trigger::Nullable => "nullable",
            Trigger::Required => "required",
            Trigger::Optional => "optional",
            Trigger::Only => "only",
            Trigger::Deprecated => "deprecated",
            Trigger::Values => "values",
            Trigger::CanBe => "can be",
            Trigger::OneOf => "one of",
            Trigger::InheritedFrom => "nherited from",
        }
    }

    fn bit(self) -> u16 {
        1 << self as u16
    }
}

/// Which of `wanted` a text holds (a bit per [`Trigger`]), ASCII case ignored, searched
/// with prebuilt finders (a `str::contains` per word builds its searcher every time, and
/// one automaton for all nine words, tried, cost more than a lower-cased copy and these).
fn triggers(text: &str, wanted: &[Trigger]) -> Words {
    static FINDERS: LazyLock<[memchr::memmem::Finder<'static>; 9]> =
        LazyLock::new(|| Trigger::ALL.map(|t| memchr::memmem::Finder::new(t.word())));
    with_ascii_lowercase(text, |lower| {
        Words(
            wanted
                .iter()
                .filter(|w| FINDERS[**w as usize].find(lower).is_some())
                .fold(0, |found, w| found | w.bit()),
        )
    })
}

/// Trigger words found in a text (a bit per word: `nullable`, `values`, `inherited from`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Words(u16);

impl Words {
    /// The words the readers of raw markdown ask about (values lists, `Inherited from`),
    /// found once for both.
    pub fn of_markdown(markdown: &str) -> Words {
        use Trigger::*;
        triggers(markdown, &[Values, CanBe, OneOf, InheritedFrom])
    }

    fn of_description(description: &str) -> Words {
        use Trigger::*;
        triggers(
            description,
            &[Nullable, Required, Optional, Only, Deprecated],
        )
    }

    fn has(self, word: Trigger) -> bool {
        self.0 & word.bit() != 0
    }
}

/// Flags from a description (cleaned text or markdown; both work).
pub fn flags(description: &str) -> Flags {
    use Trigger::*;
    let words = Words::of_description(description);
    let has = |word: Trigger| words.has(word);
    let nullable = if !has(Nullable) {
        None
    } else if NOT_NULLABLE.is_match(description) {
        Some(false)
    } else if NULLABLE.is_match(description) {
        Some(true)
    } else {
        None
    };
    Flags {
        required: has(Required) && REQUIRED.is_match(description),
        optional: has(Optional) && OPTIONAL.is_match(description),
        read_only: has(Only) && read_only(description),
        nullable,
        deprecated: has(Deprecated) && DEPRECATED.is_match(description),
    }
}

/// "Read-only", unless only under a condition: "Read-only when **isBuiltIn** is true",
/// "Read-only for users synced from on-premises directory" leave the member writable
/// where the condition does not hold (a custom role, a cloud user), so a request may set
/// it. ("Read-only for now" and "read only after creation" are not such conditions.)
fn read_only(description: &str) -> bool {
    READ_ONLY.find_iter(description).any(|m| {
        let after = description[m.end()..].trim_start_matches([' ', '\t']);
        let starts = |word: &str| {
            after
                .get(..word.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(word))
        };
        let conditional = (starts("when ") || starts("if ") || starts("unless ") || starts("for "))
            && !starts("for now");
        !conditional
    })
}

/// `Inherited from [x](link)` in a description (markdown): the ancestor named. Also
/// `[x][ref]`, `[x]` and a bare `x`. Read by hand: this runs on every row of the corpus.
/// `words` are the text's trigger words ([`Words::of_markdown`]), found once per row for
/// this and [`listed_values`]. Returns the byte offset where the phrase starts, too.
pub fn inherited_from(
    markdown: &str,
    references: &[(String, String)],
    words: Words,
) -> Option<(usize, Mention)> {
    if !words.has(Trigger::InheritedFrom) {
        return None;
    }
    static EXACT: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("nherited from"));
    let at = EXACT
        .find(markdown.as_bytes())
        .or_else(|| markdown.to_ascii_lowercase().find("nherited from"))?;
    let phrase = at.saturating_sub(1);
    let mention = mention_after(&markdown[at + "nherited from".len()..], references)?;
    Some((phrase, mention))
}

/// The ancestor named after `Inherited from`.
fn mention_after(after: &str, references: &[(String, String)]) -> Option<Mention> {
    let mut rest = after.trim_start();
    if rest.len() >= 4 && rest[..4].eq_ignore_ascii_case("the ") {
        rest = rest[4..].trim_start();
    }
    if let Some(inner) = rest.strip_prefix('[') {
        let close = inner.find(']')?;
        let text = strip_decoration(&inner[..close]).trim().to_owned();
        let after = &inner[close + 1..];
        let target = if let Some(t) = after.strip_prefix('(') {
            let end = t.find([')', ' ', '\t']).unwrap_or(t.len());
            Some(t[..end].to_owned())
        } else {
            let label = match after.strip_prefix('[') {
                Some(r) => r
                    .find(']')
                    .map(|e| &r[..e])
                    .filter(|l| !l.is_empty())
                    .unwrap_or(&text),
                None => &text,
            }
            .to_lowercase();
            references
                .iter()
                .find(|(l, _)| *l == label)
                .map(|(_, t)| t.clone())
        };
        let (target, anchor) = match target {
            Some(t) => match t.split_once('#') {
                Some((p, a)) => (Some(p.to_owned()), Some(a.to_lowercase())),
                None => (Some(t), None),
            },
            None => (None, None),
        };
        return (!text.is_empty()).then(|| Mention {
            text,
            target: target.filter(|t| !t.is_empty()),
            anchor,
        });
    }
    let word: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
        .collect();
    let word = word.trim_end_matches('.');
    let starts_like_a_name = word
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    starts_like_a_name.then(|| Mention {
        text: word.to_owned(),
        ..Default::default()
    })
}

/// Removes the `Inherited from [x]` clause from a cleaned description.
pub fn without_inherited_clause(description: &str) -> String {
    static CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\s*\binherited from\s+(?:the\s+)?[A-Za-z_][\w.]*\s*\.?").unwrap()
    });
    let out = CLAUSE.replace_all(description, " ");
    out.split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

static VALUES_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:possible values(?: are| include)?|supported values(?: are| can be| include)?|allowed values(?: are)?|valid values(?: are)?|the value can be|can be one of(?: the following)?|one of the following(?: values)?|must be one of|values are)\s*:?",
    )
    .unwrap()
});
static BACKTICKED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"`[^`]+`").unwrap());
static EMPHASISED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:\*\*|\*|_)([A-Za-z][\w-]*)(?:\*\*|\*|_)").unwrap());

/// An identifier as enum members are spelled: `[A-Za-z_][A-Za-z0-9_]*`.
fn is_member(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Enum members listed in a description (markdown, before cleaning):
/// ``Possible values are: `a`, `b`, `unknownFutureValue`.`` → `[a, b, unknownFutureValue]`.
/// `null` is not a member. Returns nothing when fewer than two members are listed.
/// `words` are the text's trigger words ([`Words::of_markdown`]).
pub fn listed_values(markdown: &str, words: Words) -> Vec<String> {
    if ![Trigger::Values, Trigger::CanBe, Trigger::OneOf]
        .into_iter()
        .any(|t| words.has(t))
    {
        return Vec::new();
    }
    let Some(m) = VALUES_PHRASE.find(markdown) else {
        return Vec::new();
    };
    let after = &markdown[m.end()..];
    let list = list_extent(after);
    // The spans' insides (a match without its backticks: no capture groups to track).
    let mut values: Vec<String> = BACKTICKED
        .find_iter(list)
        .map(|m| {
            let span = m.as_str();
            span[1..span.len() - 1].trim().to_owned()
        })
        .collect();
    if values.is_empty() {
        values = EMPHASISED
            .captures_iter(list)
            .map(|c| c[1].to_owned())
            .collect();
    }
    if values.is_empty() {
        // Plain words: `a, b, or c.` — only when every item is one identifier.
        let items: Vec<&str> = list
            .trim_end_matches(['.', ' '])
            .split([',', ';'])
            .flat_map(|s| s.split(" or "))
            .flat_map(|s| s.split(" and "))
            .map(|s| {
                s.trim()
                    .trim_start_matches("and ")
                    .trim_start_matches("or ")
                    .trim()
            })
            .filter(|s| !s.is_empty())
            .collect();
        if items.iter().all(|s| is_member(s)) {
            values = items.into_iter().map(str::to_owned).collect();
        }
    }
    // First mentions kept in order; lists are short, so a scan beats hashing.
    let mut unique: Vec<String> = Vec::with_capacity(values.len());
    for v in values {
        if is_member(&v) && v != "null" && !unique.contains(&v) {
            unique.push(v);
        }
    }
    let mut values = unique;
    if values.len() < 2 {
        values.clear();
    }
    values
}

/// The list after a values phrase ends at the first sentence end outside backticks
/// (`. ` followed by a capital), at a line break, or at `<br>`.
fn list_extent(after: &str) -> &str {
    let bytes = after.as_bytes();
    let mut in_code = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'`' => in_code = !in_code,
            b'\n' if !in_code => return &after[..i],
            b'<' if !in_code && after[i..].to_ascii_lowercase().starts_with("<br") => {
                return &after[..i]
            }
            b'.' if !in_code => {
                let next = &after[i + 1..];
                if next.is_empty() || next.starts_with(' ') && !next.trim_start().starts_with('`') {
                    return &after[..i];
                }
            }
            _ => {}
        }
        i += 1;
    }
    after
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inherited(markdown: &str) -> Option<Mention> {
        inherited_from(markdown, &[], Words::of_markdown(markdown)).map(|(_, m)| m)
    }

    fn values(markdown: &str) -> Vec<String> {
        listed_values(markdown, Words::of_markdown(markdown))
    }

    #[test]
    fn triggers_are_indexed_by_their_discriminants() {
        for (i, t) in Trigger::ALL.iter().enumerate() {
            assert_eq!(*t as usize, i);
            assert_eq!(triggers(&t.word().to_uppercase(), &[*t]), Words(t.bit()));
        }
        assert_eq!(
            triggers("Read-Only", &Trigger::ALL),
            Words(Trigger::Only.bit())
        );
    }

    #[test]
    fn flags_are_found_anywhere() {
        let f = flags("The name of the run. Inherited from run. Required.");
        assert!(f.required && !f.optional);
        let f = flags("Required. The id.");
        assert!(f.required);
        let f = flags("This property is required when a user is created.");
        assert!(!f.required);
        let f = flags("Optional. Read-only. Nullable.");
        assert!(f.optional && f.read_only && f.nullable == Some(true));
        assert_eq!(flags("Not nullable.").nullable, Some(false));
        assert!(flags("(Deprecated) Old.").deprecated);
        assert!(flags("read only").read_only);
        // Read-only under a condition: writable where it does not hold.
        assert!(!flags("The name. Read-only when **isBuiltIn** is true. Required.").read_only);
        assert!(!flags("Read-only for users synced from on-premises directory.").read_only);
        assert!(flags("Read-only for now. No `PATCH`.").read_only);
        assert!(flags("Read-only. For a cloud-only user, the default is false.").read_only);
        assert!(flags("Read only after creation.").read_only);
    }

    #[test]
    fn inherited_from_names_the_ancestor() {
        let m = inherited("Name. Inherited from [run](../resources/industrydata-run.md).").unwrap();
        assert_eq!(m.text, "run");
        assert_eq!(
            m.target.as_deref(),
            Some("../resources/industrydata-run.md")
        );
        let m = inherited("Inherited from [directoryObject].").unwrap();
        assert_eq!((m.text.as_str(), m.target), ("directoryObject", None));
        let m = inherited("Key. Inherited from entity").unwrap();
        assert_eq!(m.text, "entity");
        assert_eq!(
            without_inherited_clause("The name. Inherited from run. Required."),
            "The name. Required."
        );
    }

    #[test]
    fn listed_values_in_every_style() {
        assert_eq!(
            values("Status. The possible values are: `running`, `failed`, `completed`, `unknownFutureValue`."),
            ["running", "failed", "completed", "unknownFutureValue"]
        );
        assert_eq!(
            values("Allowed values: `null`, `minor`, `notAdult` and `adult`. Refer to x."),
            ["minor", "notAdult", "adult"]
        );
        assert_eq!(
            values("possible values are **Enabled**, *Warning*, and **Suspended**."),
            ["Enabled", "Warning", "Suspended"]
        );
        assert_eq!(
            values("Possible values are: none, low, high."),
            ["none", "low", "high"]
        );
        assert!(values("Valid values 4 to 16").is_empty());
        assert!(values("No list here.").is_empty());
        assert_eq!(
            values("Possible values are: `a`, `b`.<br>Supports $filter (`eq`, `ne`)."),
            ["a", "b"]
        );
    }
}
