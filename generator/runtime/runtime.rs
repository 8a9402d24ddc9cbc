//! Support code the generated models call: the tri-state [`Patch`], the [`Extra`] map that
//! keeps unknown members, text-preserving date/time, duration, GUID, binary and decimal
//! types, an NaN-aware [`Double`], and the small generic (de)serialisation helpers every
//! generated type shares instead of expanding its own serde derive.
//!
//! Lenient by design: the docs' types are wrong for about 1.5% of properties (measured
//! against the service's metadata), so the text-backed types accept any string and keep it
//! exactly; their typed accessors (`to_offset_date_time`, `to_uuid`, …) validate.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

/// Untyped JSON: `microsoft.graph.Json`, streams, and types the docs do not define.
pub type Value = serde_json::Value;

// ------------------------------------------------------------------------------ Patch

/// One member of a PATCH body: leave it unchanged, set it to `null`, or set it to a value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Patch<T> {
    /// Not sent: the service keeps the current value.
    #[default]
    Absent,
    /// Sent as `null`: the service clears the value.
    Null,
    /// Sent as this value.
    Value(T),
}

impl<T> Patch<T> {
    pub fn is_absent(&self) -> bool {
        matches!(self, Patch::Absent)
    }

    pub fn as_value(&self) -> Option<&T> {
        match self {
            Patch::Value(v) => Some(v),
            _ => None,
        }
    }
}

impl<T> From<T> for Patch<T> {
    fn from(value: T) -> Self {
        Patch::Value(value)
    }
}

/// Writes one optional PATCH member: nothing when absent.
pub fn patch_member<M: SerializeMap, T: Serialize>(
    map: &mut M,
    key: &'static str,
    value: &Patch<T>,
) -> Result<(), M::Error> {
    match value {
        Patch::Absent => Ok(()),
        Patch::Null => map.serialize_entry(key, &()),
        Patch::Value(v) => map.serialize_entry(key, v),
    }
}

// ------------------------------------------------------------------------------ Extra

/// What a read type received but does not model: unknown members (`@odata.*` annotations
/// included) and the known members that were explicitly `null`. Writing the type back
/// writes both, so a read → write round trip loses nothing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Extra {
    members: BTreeMap<String, Value>,
    nulls: Vec<&'static str>,
}

impl Extra {
    /// An unknown member.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.members.get(key)
    }

    /// Sets an unknown member (an instance annotation such as `@odata.type`, or a property
    /// the docs do not list).
    pub fn insert(&mut self, key: impl Into<String>, value: Value) -> Option<Value> {
        self.members.insert(key.into(), value)
    }

    pub fn remove(&mut self, key: &str) -> Option<Value> {
        self.members.remove(key)
    }

    /// Unknown members in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.members.iter().map(|(k, v)| (k.as_str(), v))
    }

    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty() && self.nulls.is_empty()
    }

    /// Whether a known member arrived as an explicit `null`.
    pub fn is_null(&self, key: &str) -> bool {
        self.nulls.contains(&key)
    }

    /// Marks a known member as explicitly `null` (written back when the field is `None`).
    pub fn set_null(&mut self, key: &'static str) {
        if !self.nulls.contains(&key) {
            self.nulls.push(key);
        }
    }
}

/// A generated read type: known members by JSON name, everything else in [`Extra`].
pub trait Object: Default {
    /// Reads the member `key` if it is a known one; `Ok(false)` for unknown members.
    fn read_member<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error>;
    fn extra_mut(&mut self) -> &mut Extra;
}

/// Deserialises a generated read type from a JSON object.
pub fn deserialize_object<'de, D: Deserializer<'de>, T: Object>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut object = T::default();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            if !object.read_member(&key.0, &mut map)? {
                let value: Value = map.next_value()?;
                object.extra_mut().members.insert(key.0.into_owned(), value);
            }
        }
        Ok(object)
    }
}

/// A member name, borrowed from the input where the deserializer allows.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Reads a known member into its field, remembering an explicit `null`.
pub fn member<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    slot: &mut Option<T>,
    key: &'static str,
    extra: &mut Extra,
    map: &mut A,
) -> Result<bool, A::Error> {
    *slot = map.next_value::<Option<T>>()?;
    if slot.is_none() {
        extra.set_null(key);
    }
    Ok(true)
}

/// Writes a known member: its value, or `null` when it arrived as `null`, or nothing.
pub fn field<M: SerializeMap, T: Serialize>(
    map: &mut M,
    key: &'static str,
    value: &Option<T>,
    extra: &Extra,
) -> Result<(), M::Error> {
    match value {
        Some(v) => map.serialize_entry(key, v),
        None if extra.is_null(key) => map.serialize_entry(key, &()),
        None => Ok(()),
    }
}

/// Writes a read type's members: one call per member and no `?`, because each `?` in
/// generated code is a match the compiler builds and checks (about 300 MB of `cargo check`
/// over the whole beta crate). The first error is kept and returned by `end`.
pub struct ObjectWriter<'e, M: SerializeMap> {
    map: M,
    extra: &'e Extra,
    error: Option<M::Error>,
}

impl<'e, M: SerializeMap> ObjectWriter<'e, M> {
    pub fn new<S>(serializer: S, extra: &'e Extra) -> Result<Self, M::Error>
    where
        S: Serializer<SerializeMap = M, Error = M::Error>,
    {
        Ok(ObjectWriter {
            map: begin(serializer)?,
            extra,
            error: None,
        })
    }

    /// Writes a known member (see [`field`]), unless writing already failed.
    pub fn field<T: Serialize>(&mut self, key: &'static str, value: &Option<T>) {
        if self.error.is_none() {
            if let Err(e) = field(&mut self.map, key, value, self.extra) {
                self.error = Some(e);
            }
        }
    }

    /// Writes the unknown members and ends the object, or returns the first error.
    pub fn end(self) -> Result<M::Ok, M::Error> {
        match self.error {
            Some(e) => Err(e),
            None => end(self.map, self.extra),
        }
    }
}

/// Reads a read type's known members: one short call per member in generated code.
pub struct MemberReader<'m, 'x, A> {
    map: &'m mut A,
    extra: &'x mut Extra,
}

impl<'de, 'm, 'x, A: MapAccess<'de>> MemberReader<'m, 'x, A> {
    pub fn new(map: &'m mut A, extra: &'x mut Extra) -> Self {
        MemberReader { map, extra }
    }

    /// Reads the value of the known member `key` into its slot (see [`member`]).
    pub fn read<T: Deserialize<'de>>(
        &mut self,
        key: &'static str,
        slot: &mut Option<T>,
    ) -> Result<bool, A::Error> {
        member(slot, key, self.extra, self.map)
    }
}

/// Writes the unknown members and ends the object.
pub fn end<M: SerializeMap>(mut map: M, extra: &Extra) -> Result<M::Ok, M::Error> {
    for (k, v) in &extra.members {
        map.serialize_entry(k, v)?;
    }
    map.end()
}

/// Starts an object.
pub fn begin<S: Serializer>(serializer: S) -> Result<S::SerializeMap, S::Error> {
    serializer.serialize_map(None)
}

// ------------------------------------------------------------------------------ open enums

/// Deserialises a generated enum from its JSON text (any text: unknown members are kept).
pub fn deserialize_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: std::str::FromStr<Err = std::convert::Infallible>,
{
    let text = Key::deserialize(deserializer)?;
    match text.0.parse::<T>() {
        Ok(value) => Ok(value),
        Err(never) => match never {},
    }
}

// ------------------------------------------------------------------------------ generated impls

#[doc(hidden)]
pub use serde as __serde;

/// The serde impls of a generated read type: `Serialize` writes each known member (or the
/// `null` it arrived as) and then the unknown ones; `Deserialize` reads known members into
/// their fields and keeps the rest. One line per member, written by the generator as
/// `field: "jsonName"` pairs, instead of a serde derive's expansion.
#[doc(hidden)]
#[macro_export]
macro_rules! __object {
    ($name:ident { $($field:ident : $json:literal),* $(,)? }) => {
        $crate::__object_methods! { $name { $($field: $json),* } }

        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                let mut object = $crate::ObjectWriter::new(serializer, &self.extra)?;
                $(object.field($json, &self.$field);)*
                object.end()
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::deserialize_object(deserializer)
            }
        }

        impl $crate::Object for $name {
            fn read_member<'de, A: $crate::__serde::de::MapAccess<'de>>(
                &mut self,
                key: &str,
                map: &mut A,
            ) -> ::core::result::Result<bool, A::Error> {
                let mut reader = $crate::MemberReader::new(map, &mut self.extra);
                match key {
                    $($json => reader.read($json, &mut self.$field),)*
                    _ => ::core::result::Result::Ok(false),
                }
            }

            fn extra_mut(&mut self) -> &mut $crate::Extra {
                &mut self.extra
            }
        }
    };
}

/// The non-serde impls of a generated read type: `Debug` prints the type's name and its
/// JSON (pretty with `{:#?}`): the members that are there, unknown ones included, instead
/// of a line for every absent one (and without a derive's per-field code to compile).
#[doc(hidden)]
#[macro_export]
macro_rules! __object_methods {
    ($name:ident { $($field:ident : $json:literal),* $(,)? }) => {
        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                $crate::debug_object(::core::stringify!($name), self, f)
            }
        }
    };
}

/// `Name {"member":…}`: a read type's `Debug` through its JSON.
pub fn debug_object<T: Serialize>(
    name: &str,
    value: &T,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    let json = if f.alternate() {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    };
    match json {
        Ok(json) => write!(f, "{name} {json}"),
        Err(e) => write!(f, "{name} (cannot be written as JSON: {e})"),
    }
}

/// The methods of a generated open enum: `MEMBERS`, `as_str`, `FromStr` (never failing:
/// other text is kept in `Unrecognized`) and `Display`. Written by the generator as
/// `Variant: "jsonText"` pairs, through [`__open_enum!`].
#[doc(hidden)]
#[macro_export]
macro_rules! __open_enum_methods {
    ($name:ident { $($variant:ident : $json:literal),* $(,)? }) => {
        impl $name {
            /// The documented members, in documented order.
            pub const MEMBERS: &'static [&'static str] = &[$($json),*];

            /// The member's JSON text.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $json,)*
                    Self::Unrecognized(other) => other,
                }
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;

            fn from_str(text: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok(match text {
                    $($json => Self::$variant,)*
                    other => Self::Unrecognized(other.into()),
                })
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// A generated open enum's methods (see [`__open_enum_methods!`]) and its serde impls,
/// through the JSON text.
#[doc(hidden)]
#[macro_export]
macro_rules! __open_enum {
    ($name:ident { $($variant:ident : $json:literal),* $(,)? }) => {
        $crate::__open_enum_methods! { $name { $($variant: $json),* } }

        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::deserialize_enum(deserializer)
            }
        }
    };
}

/// The methods of a generated PATCH body: `new` with the required members, a getter for
/// each of them, and a setter for each optional member (whose docs it is given). Written
/// by the generator as `field: Type = "jsonName"` lists, through [`__patch!`].
#[doc(hidden)]
#[macro_export]
macro_rules! __patch_methods {
    ($name:ident {
        odata_type: $odata:expr,
        required: { $($rid:ident : $rty:ty = $rjson:literal),* $(,)? },
        optional: { $($(#[$odoc:meta])* $oid:ident : $oty:ty = $ojson:literal),* $(,)? } $(,)?
    }) => {
        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                $crate::debug_object(::core::stringify!($name), self, f)
            }
        }

        impl $name {
            /// A body with the required members (if any) as arguments; every other member
            /// is left out until a method sets it.
            #[allow(clippy::too_many_arguments)]
            pub fn new($($rid: impl ::core::convert::Into<$rty>),*) -> Self {
                $name {
                    $($rid: $rid.into(),)*
                    $($oid: $crate::Patch::Absent,)*
                }
            }

            $(
                #[doc = ::core::concat!(" The required member `", $rjson, "`.")]
                pub fn $rid(&self) -> &$rty {
                    &self.$rid
                }
            )*

            $(
                $(#[$odoc])*
                ///
                #[doc = ::core::concat!(" Sets `", $ojson, "`: a value, or `Patch::Null` to clear it.")]
                pub fn $oid(mut self, value: impl ::core::convert::Into<$crate::Patch<$oty>>) -> Self {
                    self.$oid = value.into();
                    self
                }
            )*
        }
    };
}

/// A generated PATCH body's methods (see [`__patch_methods!`]) and its `Serialize`: the
/// `@odata.type` when the body carries one, every required member, and each optional
/// member that was set (`Patch::Null` as `null`).
#[doc(hidden)]
#[macro_export]
macro_rules! __patch {
    ($name:ident {
        odata_type: $odata:expr,
        required: { $($rid:ident : $rty:ty = $rjson:literal),* $(,)? },
        optional: { $($(#[$odoc:meta])* $oid:ident : $oty:ty = $ojson:literal),* $(,)? } $(,)?
    }) => {
        $crate::__patch_methods! { $name {
            odata_type: $odata,
            required: { $($rid: $rty = $rjson),* },
            optional: { $($(#[$odoc])* $oid: $oty = $ojson),* },
        } }

        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                let mut body = $crate::PatchWriter::new(serializer, $odata)?;
                $(body.required($rjson, &self.$rid);)*
                $(body.optional($ojson, &self.$oid);)*
                body.end()
            }
        }
    };
}

/// Writes a PATCH body: like [`ObjectWriter`], one call per member and no `?`.
pub struct PatchWriter<M: SerializeMap> {
    map: M,
    error: Option<M::Error>,
}

impl<M: SerializeMap> PatchWriter<M> {
    /// Starts the body, with its `@odata.type` when it has one.
    pub fn new<S>(serializer: S, odata: Option<&'static str>) -> Result<Self, M::Error>
    where
        S: Serializer<SerializeMap = M, Error = M::Error>,
    {
        let mut map = begin(serializer)?;
        odata_type(&mut map, odata)?;
        Ok(PatchWriter { map, error: None })
    }

    fn keep(&mut self, result: Result<(), M::Error>) {
        if let Err(e) = result {
            self.error.get_or_insert(e);
        }
    }

    /// A required member: always written.
    pub fn required<T: Serialize>(&mut self, key: &'static str, value: &T) {
        if self.error.is_none() {
            let result = self.map.serialize_entry(key, value);
            self.keep(result);
        }
    }

    /// An optional member: written when set (see [`patch_member`]).
    pub fn optional<T: Serialize>(&mut self, key: &'static str, value: &Patch<T>) {
        if self.error.is_none() {
            let result = patch_member(&mut self.map, key, value);
            self.keep(result);
        }
    }

    /// Ends the body, or returns the first error.
    pub fn end(self) -> Result<M::Ok, M::Error> {
        match self.error {
            Some(e) => Err(e),
            None => self.map.end(),
        }
    }
}

/// Writes a PATCH body's `@odata.type`, when it has one.
pub fn odata_type<M: SerializeMap>(
    map: &mut M,
    odata_type: Option<&'static str>,
) -> Result<(), M::Error> {
    match odata_type {
        Some(t) => map.serialize_entry("@odata.type", t),
        None => Ok(()),
    }
}

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
                Ok($name(String::deserialize(deserializer)?))
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
        for c in rest.chars() {
            match c {
                'T' if !in_time && number.is_empty() => in_time = true,
                '0'..='9' | '.' | ',' => number.push(if c == ',' { '.' } else { c }),
                unit => {
                    let n: f64 = number.parse().map_err(|_| self.error())?;
                    number.clear();
                    any = true;
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
        if !any || !number.is_empty() {
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

    fn check(&self) -> Result<(), ParseError> {
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
