//! Text-backed primitives that keep exactly what the service sent and convert on demand
//! (`Edm.DateTimeOffset`, `Date`, `TimeOfDay`, `Duration`, `Guid`, `Binary`), `Edm.Decimal`
//! as its text, and NaN-aware `Edm.Double` / `Edm.Single`.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};

// ------------------------------------------------------------------------------ text-backed primitives

/// Error of a typed accessor on a text-backed value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub kind: &'static str,
    pub text: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a valid {}", self.text, self.kind)
    }
}

impl std::error::Error for ParseError {}

macro_rules! text_type {
    ($(#[$doc:meta])* $name:ident, $kind:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// The text exactly as sent or set.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Wraps text without checking it.
            pub fn from_text_unchecked(text: impl Into<String>) -> Self {
                $name(text.into())
            }

            fn error(&self) -> ParseError {
                ParseError { kind: $kind, text: self.0.clone() }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = $name(String::deserialize(deserializer)?);
                if crate::object::is_strict() {
                    value.check().map_err(de::Error::custom)?;
                }
                Ok(value)
            }
        }

        impl std::str::FromStr for $name {
            type Err = ParseError;
            /// Checked construction.
            fn from_str(s: &str) -> Result<Self, ParseError> {
                let value = $name(s.to_owned());
                value.check()?;
                Ok(value)
            }
        }
    };
}

text_type!(
    /// `Edm.DateTimeOffset`: RFC 3339 text, 0 to 7 (or more) fraction digits kept exactly.
    DateTimeOffset,
    "DateTimeOffset"
);
text_type!(
    /// `Edm.Date`: `YYYY-MM-DD`.
    Date,
    "Date"
);
text_type!(
    /// `Edm.TimeOfDay`: `hh:mm:ss[.fffffff]`.
    TimeOfDay,
    "TimeOfDay"
);
text_type!(
    /// `Edm.Duration`: ISO 8601 `[-]PnDTnHnMn.nS`.
    Duration,
    "Duration"
);
text_type!(
    /// `Edm.Guid`: `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
    Guid,
    "Guid"
);
text_type!(
    /// `Edm.Binary`: base64 text.
    Binary,
    "Binary"
);

impl DateTimeOffset {
    pub fn to_offset_date_time(&self) -> Result<time::OffsetDateTime, ParseError> {
        time::OffsetDateTime::parse(&self.0, &time::format_description::well_known::Rfc3339)
            .map_err(|_| self.error())
    }

    fn check(&self) -> Result<(), ParseError> {
        self.to_offset_date_time().map(drop)
    }
}

impl From<time::OffsetDateTime> for DateTimeOffset {
    fn from(t: time::OffsetDateTime) -> Self {
        let text = t
            .format(&time::format_description::well_known::Rfc3339)
            .expect("every OffsetDateTime with a four-digit year formats as RFC 3339");
        DateTimeOffset(text)
    }
}

impl Date {
    pub fn to_date(&self) -> Result<time::Date, ParseError> {
        let mut parts = self.0.splitn(3, '-');
        let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(self.error());
        };
        let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
        if !digits(y, 4) || !digits(m, 2) || !digits(d, 2) {
            return Err(self.error());
        }
        let month = m
            .parse::<u8>()
            .ok()
            .and_then(|m| time::Month::try_from(m).ok())
            .ok_or_else(|| self.error())?;
        let (y, d) = (
            y.parse().map_err(|_| self.error())?,
            d.parse().map_err(|_| self.error())?,
        );
        time::Date::from_calendar_date(y, month, d).map_err(|_| self.error())
    }

    fn check(&self) -> Result<(), ParseError> {
        self.to_date().map(drop)
    }
}

impl From<time::Date> for Date {
    fn from(d: time::Date) -> Self {
        Date(format!(
            "{:04}-{:02}-{:02}",
            d.year(),
            u8::from(d.month()),
            d.day()
        ))
    }
}

impl TimeOfDay {
    pub fn to_time(&self) -> Result<time::Time, ParseError> {
        let (hms, fraction) = match self.0.split_once('.') {
            Some((a, b)) => (a, Some(b)),
            None => (self.0.as_str(), None),
        };
        let mut parts = hms.split(':').map(|p| p.parse::<u8>().ok());
        let (Some(Some(h)), Some(Some(m)), s) = (parts.next(), parts.next(), parts.next()) else {
            return Err(self.error());
        };
        let s = match s {
            Some(Some(s)) => s,
            None => 0,
            Some(None) => return Err(self.error()),
        };
        let nanos = match fraction {
            Some(f) if !f.is_empty() && f.len() <= 9 && f.bytes().all(|b| b.is_ascii_digit()) => {
                f.parse::<u32>().map_err(|_| self.error())? * 10u32.pow(9 - f.len() as u32)
            }
            Some(_) => return Err(self.error()),
            None => 0,
        };
        time::Time::from_hms_nano(h, m, s, nanos).map_err(|_| self.error())
    }

    fn check(&self) -> Result<(), ParseError> {
        self.to_time().map(drop)
    }
}

impl From<time::Time> for TimeOfDay {
    fn from(t: time::Time) -> Self {
        let base = format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second());
        if t.nanosecond() == 0 {
            TimeOfDay(base)
        } else {
            let frac = format!("{:09}", t.nanosecond());
            TimeOfDay(format!("{base}.{}", frac.trim_end_matches('0')))
        }
    }
}

impl Duration {
    /// The duration as a signed `time::Duration` (years and months are not durations of a
    /// fixed length and are refused).
    pub fn to_duration(&self) -> Result<time::Duration, ParseError> {
        let text = self.0.as_str();
        let (negative, rest) = match text.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let rest = rest.strip_prefix('P').ok_or_else(|| self.error())?;
        let mut seconds = 0f64;
        let mut in_time = false;
        let mut number = String::new();
        let mut any = false;
        // `T` must be followed by a time component (`P1DT` is not a duration).
        let mut time_part_empty = false;
        for c in rest.chars() {
            match c {
                'T' if !in_time && number.is_empty() => {
                    in_time = true;
                    time_part_empty = true;
                }
                '0'..='9' | '.' | ',' => number.push(if c == ',' { '.' } else { c }),
                unit => {
                    let n: f64 = number.parse().map_err(|_| self.error())?;
                    number.clear();
                    any = true;
                    time_part_empty = false;
                    seconds += n * match (in_time, unit) {
                        (false, 'W') => 604_800.0,
                        (false, 'D') => 86_400.0,
                        (true, 'H') => 3_600.0,
                        (true, 'M') => 60.0,
                        (true, 'S') => 1.0,
                        _ => return Err(self.error()),
                    };
                }
            }
        }
        if !any || !number.is_empty() || time_part_empty {
            return Err(self.error());
        }
        let d = time::Duration::checked_seconds_f64(seconds).ok_or_else(|| self.error())?;
        Ok(if negative { -d } else { d })
    }

    fn check(&self) -> Result<(), ParseError> {
        self.to_duration().map(drop)
    }
}

impl From<time::Duration> for Duration {
    fn from(d: time::Duration) -> Self {
        let sign = if d.is_negative() { "-" } else { "" };
        let d = d.abs();
        let days = d.whole_days();
        let rest = d - time::Duration::days(days);
        let hours = rest.whole_hours();
        let rest = rest - time::Duration::hours(hours);
        let minutes = rest.whole_minutes();
        let rest = rest - time::Duration::minutes(minutes);
        let secs = rest.whole_seconds();
        let nanos = rest.subsec_nanoseconds();
        let mut out = format!("{sign}P");
        if days != 0 {
            out.push_str(&format!("{days}D"));
        }
        out.push('T');
        if hours != 0 {
            out.push_str(&format!("{hours}H"));
        }
        if minutes != 0 {
            out.push_str(&format!("{minutes}M"));
        }
        if nanos != 0 {
            let frac = format!("{nanos:09}");
            out.push_str(&format!("{secs}.{}S", frac.trim_end_matches('0')));
        } else if secs != 0 || out.ends_with('T') {
            out.push_str(&format!("{secs}S"));
        }
        Duration(out)
    }
}

impl Guid {
    pub fn to_uuid(&self) -> Result<uuid::Uuid, ParseError> {
        uuid::Uuid::parse_str(&self.0).map_err(|_| self.error())
    }

    /// OData writes a GUID hyphenated: `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
    fn check(&self) -> Result<(), ParseError> {
        if self.0.len() != 36 {
            return Err(self.error());
        }
        self.to_uuid().map(drop)
    }
}

impl From<uuid::Uuid> for Guid {
    fn from(u: uuid::Uuid) -> Self {
        Guid(u.hyphenated().to_string())
    }
}

impl Binary {
    pub fn decode(&self) -> Result<Vec<u8>, ParseError> {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD
            .decode(&self.0)
            .or_else(|_| base64::engine::general_purpose::URL_SAFE.decode(&self.0))
            .map_err(|_| self.error())
    }

    pub fn encode(bytes: &[u8]) -> Self {
        use base64::Engine;
        Binary(base64::engine::general_purpose::STANDARD.encode(bytes))
    }

    fn check(&self) -> Result<(), ParseError> {
        self.decode().map(drop)
    }
}

// ------------------------------------------------------------------------------ numbers

/// `Edm.Decimal`: the number's text, exactly as sent (never through `f64`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Decimal {
    text: String,
    /// Sent as a JSON string (`IEEE754Compatible=true`) rather than a number.
    quoted: bool,
}

impl Decimal {
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The nearest `f64`, for arithmetic that tolerates rounding.
    pub fn to_f64(&self) -> Result<f64, ParseError> {
        self.text.parse().map_err(|_| ParseError {
            kind: "Decimal",
            text: self.text.clone(),
        })
    }
}

impl std::str::FromStr for Decimal {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        let body = s.strip_prefix('-').unwrap_or(s);
        let (int, frac) = body.split_once('.').unwrap_or((body, "0"));
        let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
        if !digits(int) || !digits(frac) {
            return Err(ParseError {
                kind: "Decimal",
                text: s.to_owned(),
            });
        }
        Ok(Decimal {
            text: s.to_owned(),
            quoted: false,
        })
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.quoted {
            return serializer.serialize_str(&self.text);
        }
        match serde_json::value::RawValue::from_string(self.text.clone()) {
            Ok(raw) => raw.serialize(serializer),
            Err(_) => serializer.serialize_str(&self.text),
        }
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<serde_json::value::RawValue>::deserialize(deserializer)?;
        let text = raw.get().trim();
        if text.starts_with('"') {
            let s: String = serde_json::from_str(text).map_err(de::Error::custom)?;
            if crate::object::is_strict() {
                s.parse::<Decimal>().map_err(de::Error::custom)?;
            }
            return Ok(Decimal {
                text: s,
                quoted: true,
            });
        }
        Ok(Decimal {
            text: text.to_owned(),
            quoted: false,
        })
    }
}

/// How a floating-point value was written, so it is written back the same way.
#[derive(Clone, Debug, PartialEq)]
enum Repr {
    Integer,
    Fraction,
    /// Sent as a string (`IEEE754Compatible=true`, or `NaN`/`INF`/`-INF`): kept verbatim.
    Text(Box<str>),
}

macro_rules! float_type {
    ($(#[$doc:meta])* $name:ident, $t:ty) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq)]
        pub struct $name {
            /// Held as `f64` whatever the type, so that the JSON number is written back exactly.
            value: f64,
            repr: Repr,
        }

        impl $name {
            pub fn new(value: $t) -> Self {
                // Through the shortest decimal text, so `0.1f32` is written as `0.1`.
                let value = value.to_string().parse().unwrap_or(value as f64);
                $name { value, repr: Repr::Fraction }
            }

            pub fn get(&self) -> $t {
                self.value as $t
            }
        }

        impl From<$t> for $name {
            fn from(value: $t) -> Self {
                $name::new(value)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let v = self.value;
                match &self.repr {
                    Repr::Text(text) => serializer.serialize_str(text),
                    _ if v.is_nan() => serializer.serialize_str("NaN"),
                    _ if v.is_infinite() => serializer.serialize_str(if v > 0.0 { "INF" } else { "-INF" }),
                    Repr::Integer if v.fract() == 0.0 && v.abs() < 9.0e15 => serializer.serialize_i64(v as i64),
                    _ => serializer.serialize_f64(v),
                }
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str("a number, \"NaN\", \"INF\" or \"-INF\"")
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<$name, E> {
                        Ok($name { value: v as f64, repr: Repr::Integer })
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<$name, E> {
                        Ok($name { value: v as f64, repr: Repr::Integer })
                    }
                    fn visit_f64<E: de::Error>(self, v: f64) -> Result<$name, E> {
                        Ok($name { value: v, repr: Repr::Fraction })
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$name, E> {
                        let value = match v {
                            "NaN" => f64::NAN,
                            "INF" => f64::INFINITY,
                            "-INF" => f64::NEG_INFINITY,
                            other => other.parse().map_err(|_| E::invalid_value(de::Unexpected::Str(other), &self))?,
                        };
                        Ok($name { value, repr: Repr::Text(v.into()) })
                    }
                }
                deserializer.deserialize_any(V)
            }
        }
    };
}

float_type!(
    /// `Edm.Double`, with OData's `"NaN"`, `"INF"` and `"-INF"`.
    Double,
    f64
);
float_type!(
    /// `Edm.Single`, with OData's `"NaN"`, `"INF"` and `"-INF"`.
    Single,
    f32
);
