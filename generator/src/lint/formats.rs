//! What a JSON value of each Edm type looks like, for the example checker: the JSON kind,
//! and for types sent as strings their text format (RFC 3339 date-times, ISO 8601
//! durations, GUIDs, base64), checked with the crates that read them.

use std::sync::LazyLock;

use base64::Engine;
use regex::Regex;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;

use crate::model::Edm;

/// A JSON value as the checker sees it: its kind and, for strings and numbers, its text.
#[derive(Clone, Copy, Debug)]
pub enum Scalar<'a> {
    String(&'a str),
    /// The number's text as written.
    Number(&'a str),
    Boolean,
    Object,
    Array,
}

impl Scalar<'_> {
    /// `a string`, `the number 1.5`, … for messages.
    pub fn describe(&self) -> String {
        match self {
            Scalar::String(s) => format!("the string {}", quoted(s)),
            Scalar::Number(n) => format!("the number {n}"),
            Scalar::Boolean => "a boolean".to_owned(),
            Scalar::Object => "an object".to_owned(),
            Scalar::Array => "an array".to_owned(),
        }
    }
}

/// A string for a message: quoted, shortened past 40 chars.
pub fn quoted(s: &str) -> String {
    let short: String = s.chars().take(40).collect();
    if short.len() < s.len() {
        format!("\"{short}…\"")
    } else {
        format!("\"{short}\"")
    }
}

/// `Ok` when `value` is a value of `edm`, else what a value of `edm` is, for the message.
pub fn fits(edm: Edm, value: Scalar) -> Result<(), &'static str> {
    let ok = match (edm, value) {
        (Edm::Stream, _) => true,
        (Edm::String, Scalar::String(_)) => true,
        (Edm::Boolean, Scalar::Boolean) => true,
        (Edm::Byte, Scalar::Number(n)) => integer_in(n, 0, u8::MAX.into()),
        (Edm::SByte, Scalar::Number(n)) => integer_in(n, i8::MIN.into(), i8::MAX.into()),
        (Edm::Int16, Scalar::Number(n)) => integer_in(n, i16::MIN.into(), i16::MAX.into()),
        (Edm::Int32, Scalar::Number(n)) => integer_in(n, i32::MIN.into(), i32::MAX.into()),
        (Edm::Int64, Scalar::Number(n)) => integer_in(n, i64::MIN.into(), i64::MAX.into()),
        // IEEE754Compatible: 64-bit integers and decimals may come as strings.
        (Edm::Int64, Scalar::String(s)) => INTEGER.is_match(s),
        (Edm::Single | Edm::Double | Edm::Decimal, Scalar::Number(_)) => true,
        (Edm::Decimal, Scalar::String(s)) => DECIMAL.is_match(s),
        (Edm::Single | Edm::Double, Scalar::String(s)) => {
            matches!(s, "NaN" | "INF" | "-INF") || s.parse::<f64>().is_ok()
        }
        (Edm::DateTimeOffset, Scalar::String(s)) => {
            time::OffsetDateTime::parse(s, &Rfc3339).is_ok()
        }
        (Edm::Date, Scalar::String(s)) => {
            time::Date::parse(s, format_description!("[year]-[month]-[day]")).is_ok()
        }
        (Edm::TimeOfDay, Scalar::String(s)) => is_time_of_day(s),
        (Edm::Duration, Scalar::String(s)) => is_duration(s),
        (Edm::Guid, Scalar::String(s)) => s.len() == 36 && uuid::Uuid::try_parse(s).is_ok(),
        (Edm::Binary, Scalar::String(s)) => is_base64(s),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(expected(edm))
    }
}

/// What a value of `edm` is, for messages.
pub fn expected(edm: Edm) -> &'static str {
    match edm {
        Edm::String => "a string",
        Edm::Boolean => "`true` or `false`",
        Edm::Byte => "an integer from 0 to 255",
        Edm::SByte => "an integer from -128 to 127",
        Edm::Int16 => "a 16-bit integer",
        Edm::Int32 => "a 32-bit integer",
        Edm::Int64 => "a 64-bit integer (a number, or its digits as a string)",
        Edm::Single | Edm::Double => "a number (or \"NaN\", \"INF\", \"-INF\")",
        Edm::Decimal => "a decimal number (a number, or its digits as a string)",
        Edm::DateTimeOffset => {
            "an RFC 3339 date and time with its offset, such as \"2021-07-16T18:32:44Z\""
        }
        Edm::Date => "a date, \"YYYY-MM-DD\"",
        Edm::TimeOfDay => "a time of day, \"hh:mm:ss\" with an optional fraction",
        Edm::Duration => "an ISO 8601 duration, such as \"PT1H30M\"",
        Edm::Guid => "a GUID, \"xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx\"",
        Edm::Binary => "base64 text",
        Edm::Stream => "a stream",
    }
}

/// An integer literal (no fraction, no exponent) within `[min, max]`.
fn integer_in(text: &str, min: i128, max: i128) -> bool {
    INTEGER.is_match(text) && text.parse::<i128>().is_ok_and(|n| (min..=max).contains(&n))
}

/// `hh:mm[:ss[.f…]]`, 1 to 9 fraction digits, read as the generated crate's `TimeOfDay` reads
/// it: an example value that crate reads raises no diagnostic.
fn is_time_of_day(s: &str) -> bool {
    let (hms, fraction) = match s.split_once('.') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    };
    let mut parts = hms.split(':').map(|p| p.parse::<u8>().ok());
    let (Some(Some(h)), Some(Some(m)), seconds) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let seconds = match seconds {
        Some(Some(s)) => s,
        Some(None) => return false,
        None => 0,
    };
    let nanos = match fraction {
        Some(f) if !f.is_empty() && f.len() <= 9 && f.bytes().all(|b| b.is_ascii_digit()) => {
            f.parse::<u32>().unwrap_or(0) * 10u32.pow(9 - f.len() as u32)
        }
        Some(_) => return false,
        None => 0,
    };
    time::Time::from_hms_nano(h, m, seconds, nanos).is_ok()
}

/// `[±]P[nW][nD][T[nH][nM][nS]]`, a fraction allowed (`.` or `,`), at least one component
/// and one after `T`: read as the generated crate's `Duration` reads it. Years and months
/// have no fixed length and are no `Edm.Duration`.
fn is_duration(s: &str) -> bool {
    let rest = s.strip_prefix(['-', '+']).unwrap_or(s);
    let Some(rest) = rest.strip_prefix('P') else {
        return false;
    };
    let (mut in_time, mut time_part_empty, mut any) = (false, false, false);
    let mut number = String::new();
    for c in rest.chars() {
        match c {
            'T' if !in_time && number.is_empty() => {
                in_time = true;
                time_part_empty = true;
            }
            '0'..='9' | '.' | ',' => number.push(if c == ',' { '.' } else { c }),
            unit => {
                let unit_ok = matches!(
                    (in_time, unit),
                    (false, 'W' | 'D') | (true, 'H' | 'M' | 'S')
                );
                if number.parse::<f64>().is_err() || !unit_ok {
                    return false;
                }
                number.clear();
                any = true;
                time_part_empty = false;
            }
        }
    }
    any && number.is_empty() && !time_part_empty
}

fn is_base64(s: &str) -> bool {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    [STANDARD, URL_SAFE, STANDARD_NO_PAD, URL_SAFE_NO_PAD]
        .iter()
        .any(|engine| engine.decode(s).is_ok())
}

static INTEGER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^-?[0-9]+$").expect("a valid pattern"));
static DECIMAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$").expect("a valid pattern")
});
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_of_the_edm_types_sent_as_strings() {
        let s = Scalar::String;
        assert!(fits(Edm::DateTimeOffset, s("2021-07-16T18:32:44.1234567Z")).is_ok());
        assert!(fits(Edm::DateTimeOffset, s("2021-07-16T18:32:44+02:00")).is_ok());
        assert!(fits(Edm::DateTimeOffset, s("2021-07-16T18:32:44")).is_err());
        assert!(fits(Edm::DateTimeOffset, s("2021-13-16T18:32:44Z")).is_err());
        assert!(fits(Edm::Date, s("2024-02-29")).is_ok());
        assert!(fits(Edm::Date, s("2023-02-29")).is_err());
        assert!(fits(Edm::TimeOfDay, s("08:30:00")).is_ok());
        assert!(fits(Edm::TimeOfDay, s("08:30:00.0000000")).is_ok());
        assert!(fits(Edm::TimeOfDay, s("08:30")).is_ok());
        assert!(fits(Edm::TimeOfDay, s("8h30")).is_err());
        assert!(fits(Edm::TimeOfDay, s("25:00:00")).is_err());
        for ok in ["PT1H30M", "P1D", "-PT5M", "PT0.5S", "P3DT4H5M6S", "P1W"] {
            assert!(fits(Edm::Duration, s(ok)).is_ok(), "{ok}");
        }
        for bad in ["P", "PT", "P1DT", "P1Y", "P2M", "01:00:00", "1 hour"] {
            assert!(fits(Edm::Duration, s(bad)).is_err(), "{bad}");
        }
        assert!(fits(Edm::Guid, s("9f3a2c1e-0000-4000-8000-000000000001")).is_ok());
        assert!(fits(Edm::Guid, s("9f3a2c1e000040008000000000000001")).is_err());
        assert!(fits(Edm::Binary, s("aGVsbG8=")).is_ok());
        assert!(fits(Edm::Binary, s("not base64!")).is_err());
        assert!(fits(Edm::Int64, s("9007199254740993")).is_ok());
        assert!(fits(Edm::Int32, s("5")).is_err());
        assert!(fits(Edm::Double, s("NaN")).is_ok());
    }

    #[test]
    fn numbers_and_kinds() {
        let n = Scalar::Number;
        assert!(fits(Edm::Int32, n("2147483647")).is_ok());
        assert!(fits(Edm::Int32, n("2147483648")).is_err());
        assert!(fits(Edm::Int32, n("1.5")).is_err());
        assert!(fits(Edm::Byte, n("-1")).is_err());
        assert!(fits(Edm::Double, n("1e300")).is_ok());
        assert!(fits(Edm::Boolean, Scalar::String("true")).is_err());
        assert!(fits(Edm::String, Scalar::Number("1")).is_err());
        assert!(fits(Edm::Stream, Scalar::Object).is_ok());
    }
}
