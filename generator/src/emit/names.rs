//! Rust names from docs names: heck conversions, keyword escaping, sanitising of anything
//! that is not an identifier character, and deterministic collision resolution.
//!
//! Every identifier the emitter writes is made here and becomes a `proc_macro2::Ident`;
//! docs text never reaches the output any other way than as a string literal.

use std::cell::RefCell;
use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};
use rustc_hash::FxHashMap;

/// Strict and reserved keywords of Rust 2021 and 2024 (`gen` included).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where", "while",
    "abstract", "become", "box", "do", "final", "gen", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers: they get a `_` suffix instead.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Keeps ASCII letters, digits and `_`; everything else becomes a word break.
fn sanitise(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// `displayName` → `display_name`; never empty, never starting with a digit.
pub fn snake(raw: &str) -> String {
    thread_local! {
        static DONE: RefCell<FxHashMap<String, String>> = RefCell::default();
    }
    remembered(&DONE, raw, |raw| {
        let s = sanitise(raw).to_snake_case();
        fix_start(if s.is_empty() { "field".to_owned() } else { s })
    })
}

/// `incomingFlowRun` → `IncomingFlowRun`.
pub fn camel(raw: &str) -> String {
    thread_local! {
        static DONE: RefCell<FxHashMap<String, String>> = RefCell::default();
    }
    remembered(&DONE, raw, camel_uncached)
}

/// A conversion remembered per thread: the same few thousand names (`id`, `displayName`)
/// are converted again for every type, field and accessor, and heck's conversion costs
/// more than a lookup.
fn remembered(
    done: &'static std::thread::LocalKey<RefCell<FxHashMap<String, String>>>,
    raw: &str,
    convert: fn(&str) -> String,
) -> String {
    done.with_borrow_mut(|done| {
        if let Some(s) = done.get(raw) {
            return s.clone();
        }
        let s = convert(raw);
        done.insert(raw.to_owned(), s.clone());
        s
    })
}

fn camel_uncached(raw: &str) -> String {
    let s = sanitise(raw).to_upper_camel_case();
    let s = if s.is_empty() {
        "Unnamed".to_owned()
    } else {
        s
    };
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{s}")
    } else {
        s
    }
}

fn fix_start(s: String) -> String {
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{s}")
    } else {
        s
    }
}

/// An identifier for a name made by [`snake`] or [`camel`]: keywords become raw
/// identifiers (`r#type`), or take a `_` suffix where raw is not allowed (`self_`).
pub fn ident(name: &str) -> Ident {
    // No keyword is longer than 8 bytes; most member names are longer and skip the lists.
    if name.len() > 8 {
        return Ident::new(name, Span::call_site());
    }
    if NOT_RAW.contains(&name) {
        return Ident::new(&format!("{name}_"), Span::call_site());
    }
    if KEYWORDS.contains(&name) {
        return Ident::new_raw(name, Span::call_site());
    }
    Ident::new(name, Span::call_site())
}

/// Names already taken in one scope; a taken name gets the first free numeric suffix.
#[derive(Default)]
pub struct Scope {
    taken: HashSet<String>,
}

impl Scope {
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
        }
    }

    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Claims `wanted`, or `wanted2`, `wanted3`, … The second value says whether it had to
    /// be renamed.
    pub fn claim(&mut self, wanted: &str) -> (String, bool) {
        if self.taken.insert(wanted.to_owned()) {
            return (wanted.to_owned(), false);
        }
        let sep = if wanted.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        for n in 2.. {
            let candidate = format!("{wanted}{sep}{n}");
            if self.taken.insert(candidate.clone()) {
                return (candidate, true);
            }
        }
        unreachable!("the loop runs until a name is free")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_fit_the_length_guard_of_ident() {
        // `ident` skips the lists for names over 8 bytes.
        assert!(KEYWORDS.iter().chain(NOT_RAW).all(|k| k.len() <= 8));
        assert_eq!(ident("override").to_string(), "r#override");
        assert_eq!(ident("overrides").to_string(), "overrides");
    }

    #[test]
    fn names_are_identifiers() {
        assert_eq!(snake("displayName"), "display_name");
        assert_eq!(snake("@odata.type"), "odata_type");
        assert_eq!(snake("} mod x {"), "mod_x");
        assert_eq!(snake("2ndValue"), "_2nd_value");
        assert_eq!(snake("*/"), "field");
        assert_eq!(camel("incomingFlowRun"), "IncomingFlowRun");
        assert_eq!(camel("../etc"), "Etc");
        assert_eq!(camel("3d"), "V3d");
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("Self").to_string(), "Self_");
        assert_eq!(ident("gen").to_string(), "r#gen");
        assert_eq!(ident("user").to_string(), "user");
    }

    #[test]
    fn collisions_get_suffixes() {
        let mut s = Scope::with_reserved(&["Unrecognized"]);
        assert_eq!(s.claim("User"), ("User".into(), false));
        assert_eq!(s.claim("User"), ("User2".into(), true));
        assert_eq!(s.claim("Unrecognized"), ("Unrecognized2".into(), true));
        assert_eq!(s.claim("V2"), ("V2".into(), false));
        assert_eq!(s.claim("V2"), ("V2_2".into(), true));
    }
}
