//! Support code the generated models call: the tri-state [`Patch`], the [`Extra`] map that
//! keeps unknown members, text-preserving date/time, duration, GUID, binary and decimal
//! types, an NaN-aware [`Double`], `@odata.type` dispatch for types with derived types
//! ([`Polymorphic`]), the OData envelopes every response comes in ([`Page`], [`Delta`],
//! [`ErrorResponse`]), and the small generic (de)serialisation helpers every generated
//! type shares instead of expanding its own serde derive.
//!
//! Lenient by design: the docs' types are wrong for about 1.5% of properties (measured
//! against the service's metadata), so the text-backed types accept any string and keep it
//! exactly; their typed accessors (`to_offset_date_time`, `to_uuid`, …) validate.

mod dispatch;
mod envelope;
mod macros;
mod object;
mod primitives;

pub use dispatch::*;
pub use envelope::*;
pub use object::*;
pub use primitives::*;

/// Untyped JSON: `microsoft.graph.Json`, streams, and types the docs do not define.
pub type Value = serde_json::Value;

#[doc(hidden)]
pub use serde as __serde;
