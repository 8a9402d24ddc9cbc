//! The envelopes of the protocol rather than of any page: a collection page (OData JSON's
//! `value` with its `@odata.*` links), the items of a delta query (`@removed`), and Graph's
//! error response.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{BorrowedStrDeserializer, MapAccessDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use crate::dispatch::Tagged;
use crate::object::{field, is_control, Key};
use crate::{DateTimeOffset, Extra, Value};

// ------------------------------------------------------------------------------ Page

/// One page of a collection response: `{"value": […], "@odata.nextLink": "…"}`. `T` is
/// the item type (`Page<AnyAttachment>` dispatches each item on its `@odata.type`;
/// `Page<Delta<AnyDirectoryObject>>` reads a delta query's page).
#[derive(Clone, PartialEq)]
pub struct Page<T> {
    /// The items of this page.
    pub value: Vec<T>,
    /// `@odata.nextLink`: where the next page is; absent on the last one.
    pub next_link: Option<String>,
    /// `@odata.deltaLink`: on the last page of a delta query, where the next round starts.
    pub delta_link: Option<String>,
    /// `@odata.count`: the size of the whole collection, when `$count=true` asked for it.
    pub count: Option<i64>,
    /// `@odata.context`: the metadata URL of the response.
    pub context: Option<String>,
    /// Every other member and annotation, written back unchanged; members above that
    /// arrived as `null`.
    pub extra: Extra,
}

const VALUE: &str = "value";
const NEXT_LINK: &str = "@odata.nextLink";
const DELTA_LINK: &str = "@odata.deltaLink";
const COUNT: &str = "@odata.count";
const CONTEXT: &str = "@odata.context";

impl<T> Page<T> {
    /// A page of these items, without links.
    pub fn new(value: Vec<T>) -> Self {
        Page {
            value,
            next_link: None,
            delta_link: None,
            count: None,
            context: None,
            extra: Extra::default(),
        }
    }

    /// Whether another page follows (`@odata.nextLink` is there).
    pub fn has_next(&self) -> bool {
        self.next_link.is_some()
    }
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page::new(Vec::new())
    }
}

impl<T: Serialize> fmt::Debug for Page<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::debug_object("Page", self, f)
    }
}

impl<T: Serialize> Serialize for Page<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Control information first, as OData has it.
        let mut map = serializer.serialize_map(None)?;
        field(&mut map, CONTEXT, &self.context, &self.extra)?;
        field(&mut map, COUNT, &self.count, &self.extra)?;
        for (k, v) in self.extra.control() {
            map.serialize_entry(k, v)?;
        }
        map.serialize_entry(VALUE, &self.value)?;
        field(&mut map, NEXT_LINK, &self.next_link, &self.extra)?;
        field(&mut map, DELTA_LINK, &self.delta_link, &self.extra)?;
        for (k, v) in self.extra.iter() {
            if !is_control(k) {
                map.serialize_entry(k, v)?;
            }
        }
        map.end()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Page<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(PageVisitor(PhantomData))
    }
}

struct PageVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for PageVisitor<T> {
    type Value = Page<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a collection page: a JSON object with a `value` array")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Page<T>, A::Error> {
        let mut page = Page::default();
        let mut value = None;
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let extra = &mut page.extra;
            match &*key.0 {
                VALUE => value = Some(map.next_value::<Vec<T>>()?),
                NEXT_LINK => {
                    crate::member(&mut page.next_link, NEXT_LINK, extra, &mut map)?;
                }
                DELTA_LINK => {
                    crate::member(&mut page.delta_link, DELTA_LINK, extra, &mut map)?;
                }
                COUNT => {
                    crate::member(&mut page.count, COUNT, extra, &mut map)?;
                }
                CONTEXT => {
                    crate::member(&mut page.context, CONTEXT, extra, &mut map)?;
                }
                _ => {
                    let v: Value = map.next_value()?;
                    extra.insert(key.0.into_owned(), v);
                }
            }
        }
        page.value = value.ok_or_else(|| de::Error::missing_field(VALUE))?;
        Ok(page)
    }
}

// ------------------------------------------------------------------------------ Delta

/// One item of a delta query's page: an item added or changed since the last round, or
/// one that left the collection (`"@removed": {"reason": …}`).
#[derive(Clone, PartialEq)]
pub enum Delta<T> {
    /// Added, or changed since the last round.
    Updated(T),
    /// Removed from the collection: the members the service sent (usually `id` and
    /// `@odata.type`), and why.
    Removed { item: T, removed: Removed },
}

impl<T> Delta<T> {
    /// The item, whether updated or removed.
    pub fn item(&self) -> &T {
        match self {
            Delta::Updated(item) | Delta::Removed { item, .. } => item,
        }
    }

    pub fn into_item(self) -> T {
        match self {
            Delta::Updated(item) | Delta::Removed { item, .. } => item,
        }
    }

    /// The `@removed` annotation of a removed item.
    pub fn removed(&self) -> Option<&Removed> {
        match self {
            Delta::Updated(_) => None,
            Delta::Removed { removed, .. } => Some(removed),
        }
    }
}

impl<T: Serialize> fmt::Debug for Delta<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Delta::Updated(_) => "Delta::Updated",
            Delta::Removed { .. } => "Delta::Removed",
        };
        crate::debug_object(name, self, f)
    }
}

/// `@removed`: why a delta item left the collection.
#[derive(Clone, Default, PartialEq)]
pub struct Removed {
    /// `changed` (it can come back, e.g. a soft-deleted item) or `deleted` (for good).
    pub reason: Option<RemovedReason>,
    /// Members the protocol does not list, written back unchanged.
    pub extra: Extra,
}

// No type of the service's: its name is the annotation's, which no `@odata.type` can equal.
crate::__object! { Removed: "@removed" { reason: "reason" } }

/// The `reason` of an `@removed` annotation.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RemovedReason {
    /// The item left the collection but still exists, and may come back.
    Changed,
    /// The item was deleted for good.
    Deleted,
    /// A value the protocol does not list, kept exactly as the service sent it.
    Unrecognized(String),
}

crate::__open_enum! { RemovedReason { Changed: "changed", Deleted: "deleted" } }

const REMOVED: &str = "@removed";

impl<T: Serialize> Serialize for Delta<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Delta::Updated(item) => item.serialize(serializer),
            Delta::Removed { item, removed } => {
                item.serialize(Tagged::new(serializer, REMOVED, removed))
            }
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Delta<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(DeltaVisitor(PhantomData))
    }
}

struct DeltaVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for DeltaVisitor<T> {
    type Value = Delta<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a delta item: a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Delta<T>, A::Error> {
        // The item reads the object as it streams by, but for `@removed`, taken out here.
        let mut removed = None;
        let item = T::deserialize(MapAccessDeserializer::new(WithoutRemoved {
            map,
            removed: &mut removed,
        }))?;
        Ok(match removed {
            Some(removed) => Delta::Removed { item, removed },
            None => Delta::Updated(item),
        })
    }
}

/// A JSON object's members without `@removed`, which goes to `removed`.
struct WithoutRemoved<'r, A> {
    map: A,
    removed: &'r mut Option<Removed>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for WithoutRemoved<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        loop {
            let Some(key) = self.map.next_key::<Key<'de>>()? else {
                return Ok(None);
            };
            if key.0 == REMOVED {
                *self.removed = Some(self.map.next_value()?);
                continue;
            }
            return match key.0 {
                Cow::Borrowed(k) => seed.deserialize(BorrowedStrDeserializer::new(k)),
                Cow::Owned(k) => seed.deserialize(StringDeserializer::new(k)),
            }
            .map(Some);
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

// ------------------------------------------------------------------------------ errors

/// Graph's error response: `{"error": {"code": …, "message": …, "innerError": {…}}}`.
/// Its `Display` gives the code, the message and the request ids a support case asks for.
#[derive(Clone, Default, PartialEq)]
pub struct ErrorResponse {
    pub error: Option<ServiceError>,
    /// Members the protocol does not list, written back unchanged.
    pub extra: Extra,
}

// The protocol's error types carry the names Graph's OpenAPI description gives them.
crate::__object! { ErrorResponse: "microsoft.graph.ODataErrors.ODataError" { error: "error" } }

/// The `error` of an error response.
#[derive(Clone, Default, PartialEq)]
pub struct ServiceError {
    /// What went wrong, for programs (`Request_ResourceNotFound`).
    pub code: Option<String>,
    /// What went wrong, for people; not localized.
    pub message: Option<String>,
    /// What the error concerns, such as a property's name.
    pub target: Option<String>,
    /// Further errors that explain this one.
    pub details: Option<Vec<ErrorDetail>>,
    /// Where and when the request was handled, and a more specific error.
    pub inner_error: Option<InnerError>,
    /// Members the protocol does not list, written back unchanged.
    pub extra: Extra,
}

crate::__object! {
    ServiceError: "microsoft.graph.ODataErrors.MainError" {
        code: "code",
        message: "message",
        target: "target",
        details: "details",
        inner_error: "innerError",
    }
}

/// One of the `details` of an error.
#[derive(Clone, Default, PartialEq)]
pub struct ErrorDetail {
    pub code: Option<String>,
    pub message: Option<String>,
    pub target: Option<String>,
    /// Members the protocol does not list, written back unchanged.
    pub extra: Extra,
}

crate::__object! {
    ErrorDetail: "microsoft.graph.ODataErrors.ErrorDetails" {
        code: "code",
        message: "message",
        target: "target",
    }
}

/// An error's `innerError`: the ids of the request, when the service handled it, and
/// possibly a more specific error nested in turn.
#[derive(Clone, Default, PartialEq)]
pub struct InnerError {
    pub code: Option<String>,
    pub message: Option<String>,
    /// `request-id`: the id the service gave the request.
    pub request_id: Option<String>,
    /// `client-request-id`: the id the client sent, if it sent one.
    pub client_request_id: Option<String>,
    /// When the service handled the request.
    pub date: Option<DateTimeOffset>,
    pub inner_error: Option<Box<InnerError>>,
    /// Members the protocol does not list, written back unchanged.
    pub extra: Extra,
}

crate::__object! {
    InnerError: "microsoft.graph.ODataErrors.InnerError" {
        code: "code",
        message: "message",
        request_id: "request-id",
        client_request_id: "client-request-id",
        date: "date",
        inner_error: "innerError",
    }
}

impl ErrorResponse {
    /// The error's code, or `""` when the response has none.
    pub fn code(&self) -> &str {
        self.error
            .as_ref()
            .and_then(|e| e.code.as_deref())
            .unwrap_or_default()
    }

    /// The error's message, or `""` when the response has none.
    pub fn message(&self) -> &str {
        self.error
            .as_ref()
            .and_then(|e| e.message.as_deref())
            .unwrap_or_default()
    }

    /// The first `request-id` of the nested inner errors.
    pub fn request_id(&self) -> Option<&str> {
        self.inner_errors().find_map(|e| e.request_id.as_deref())
    }

    /// The first `client-request-id` of the nested inner errors.
    pub fn client_request_id(&self) -> Option<&str> {
        self.inner_errors()
            .find_map(|e| e.client_request_id.as_deref())
    }

    /// The first `date` of the nested inner errors.
    pub fn date(&self) -> Option<&DateTimeOffset> {
        self.inner_errors().find_map(|e| e.date.as_ref())
    }

    /// The inner errors, outermost first.
    fn inner_errors(&self) -> impl Iterator<Item = &InnerError> {
        let first = self.error.as_ref().and_then(|e| e.inner_error.as_ref());
        std::iter::successors(first, |e| e.inner_error.as_deref())
    }
}

impl fmt::Display for ErrorResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.error {
            Some(error) => fmt::Display::fmt(error, f)?,
            None => f.write_str("an error response without `error`")?,
        }
        let ids = [
            ("request-id", self.request_id()),
            ("client-request-id", self.client_request_id()),
            ("date", self.date().map(DateTimeOffset::as_str)),
        ];
        let mut ids = ids.iter().filter_map(|(k, v)| v.map(|v| (k, v))).peekable();
        if ids.peek().is_some() {
            f.write_str(" (")?;
            for (i, (k, v)) in ids.enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{k} {v}")?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let code = self.code.as_deref().unwrap_or("error");
        match self.message.as_deref() {
            Some(message) if !message.is_empty() => write!(f, "{code}: {message}")?,
            _ => f.write_str(code)?,
        }
        if let Some(target) = &self.target {
            write!(f, " (target `{target}`)")?;
        }
        Ok(())
    }
}

impl std::error::Error for ErrorResponse {}

impl std::error::Error for ServiceError {}
