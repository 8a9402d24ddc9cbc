//! The shapes every generated read type and PATCH body shares: the tri-state [`Patch`],
//! the [`Extra`] map that keeps unknown members, and the small generic (de)serialisation
//! helpers the generated impls call instead of expanding their own serde derives.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::ops::Bound;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use crate::Value;

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

/// A setter of a text member takes a `&str`, as `new` does.
impl From<&str> for Patch<String> {
    fn from(value: &str) -> Self {
        Patch::Value(value.to_owned())
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

    /// The control information among the unknown members (`@odata.type`, `@odata.etag`,
    /// …), in key order.
    pub fn control(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.members
            .range::<str, _>((Bound::Included(CONTROL), Bound::Unbounded))
            .take_while(|(k, _)| is_control(k))
            .map(|(k, v)| (k.as_str(), v))
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
    /// The type's qualified name, as an `@odata.type` names it (`microsoft.graph.fileAttachment`).
    const TYPE: &'static str;
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
        read_members(&mut object, &mut map)?;
        Ok(object)
    }
}

/// Reads the rest of a JSON object into `object`: known members into their fields, the
/// others into its [`Extra`].
pub(crate) fn read_members<'de, A: MapAccess<'de>, T: Object>(
    object: &mut T,
    map: &mut A,
) -> Result<(), A::Error> {
    while let Some(key) = map.next_key::<Key<'de>>()? {
        read_entry(object, key, map)?;
    }
    Ok(())
}

/// Reads the value of the member `key` into `object`: its field, or its [`Extra`].
pub(crate) fn read_entry<'de, A: MapAccess<'de>, T: Object>(
    object: &mut T,
    key: Key<'de>,
    map: &mut A,
) -> Result<(), A::Error> {
    if !object.read_member(&key.0, map)? {
        let value: Value = map.next_value()?;
        if is_strict() {
            check_unknown::<T, A::Error>(&key.0, &value)?;
        }
        object.extra_mut().members.insert(key.0.into_owned(), value);
    }
    Ok(())
}

/// Reading [`strictly`], what a member `T` does not define may be: an annotation
/// (`@odata.etag`, `members@odata.nextLink`), and an `@odata.type` that names `T` itself.
/// (A type read through its `Any…` enum has had its `@odata.type` checked there.)
fn check_unknown<T: Object, E: de::Error>(key: &str, value: &Value) -> Result<(), E> {
    if key == crate::dispatch::ODATA_TYPE {
        let name = value.as_str().map(|t| t.strip_prefix('#').unwrap_or(t));
        if name != Some(T::TYPE) {
            return Err(E::custom(format_args!(
                "`@odata.type` {value} is not `{}`, the type read here",
                T::TYPE
            )));
        }
    } else if !key.contains('@') {
        return Err(E::custom(format_args!(
            "`{key}` is not a member the docs define"
        )));
    }
    Ok(())
}

thread_local! {
    static STRICT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `read` reading strictly: what the docs do not define is an error instead of being
/// kept. A member that is not a known one (annotations aside), a value of a date, time,
/// duration, GUID, binary or decimal type that is not in its format, an enum value the docs
/// do not list, an `@odata.type` that names no compiled type derived from the declared one.
/// For tests of clients and of the docs' examples; Graph adds members and values over time,
/// which the default reading keeps.
pub fn strictly<R>(read: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            STRICT.with(|s| s.set(self.0));
        }
    }
    let _restore = Restore(STRICT.with(|s| s.replace(true)));
    read()
}

/// Whether reading is strict on this thread (see [`strictly`]).
pub(crate) fn is_strict() -> bool {
    STRICT.with(std::cell::Cell::get)
}

/// A member name, borrowed from the input where the deserializer allows.
#[doc(hidden)]
pub struct Key<'de>(pub(crate) Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(Text("a member name"))
    }
}

/// Reads a JSON string, borrowed where the deserializer allows; what is expected says what
/// the string is, for the error when it is not one.
struct Text(&'static str);

impl<'de> Visitor<'de> for Text {
    type Value = Key<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.0)
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
    /// Starts the object with the OData control information it carries (`@odata.type`,
    /// `@odata.etag`, …): OData has it precede the members it describes.
    pub fn new<S>(serializer: S, extra: &'e Extra) -> Result<Self, M::Error>
    where
        S: Serializer<SerializeMap = M, Error = M::Error>,
    {
        let mut map = begin(serializer)?;
        for (k, v) in extra.control() {
            map.serialize_entry(k, v)?;
        }
        Ok(ObjectWriter {
            map,
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

/// Writes the unknown members but the control information (written first, see
/// [`ObjectWriter::new`]) and ends the object.
pub fn end<M: SerializeMap>(mut map: M, extra: &Extra) -> Result<M::Ok, M::Error> {
    for (k, v) in &extra.members {
        if !is_control(k) {
            map.serialize_entry(k, v)?;
        }
    }
    map.end()
}

/// OData control information: an instance annotation in the `odata` namespace.
pub(crate) fn is_control(key: &str) -> bool {
    key.starts_with(CONTROL)
}

const CONTROL: &str = "@odata.";

/// Starts an object.
pub fn begin<S: Serializer>(serializer: S) -> Result<S::SerializeMap, S::Error> {
    serializer.serialize_map(None)
}

// ------------------------------------------------------------------------------ open enums

/// Deserialises a generated enum from its JSON text (any text: unknown members are kept,
/// but when reading [`strictly`]).
pub fn deserialize_enum<'de, D, T>(deserializer: D, members: &[&str]) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: std::str::FromStr<Err = std::convert::Infallible>,
{
    let text = deserializer.deserialize_str(Text("an enum member, as a JSON string"))?;
    if is_strict() && !members.contains(&text.0.as_ref()) {
        return Err(de::Error::custom(format_args!(
            "{:?} is not one of the documented members",
            text.0
        )));
    }
    match text.0.parse::<T>() {
        Ok(value) => Ok(value),
        Err(never) => match never {},
    }
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
