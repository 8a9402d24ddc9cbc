//! `@odata.type` dispatch: a type the docs derive other types from is read, wherever it is
//! declared, as the type `@odata.type` names, and a derived value written where its base is
//! declared says which type it is.
//!
//! The generator writes one enum per such base (`AnyAttachment`), with a boxed variant for
//! the base and one for each derived type compiled with the enabled features, through
//! [`__any!`]. What is shared by all of them lives here: choosing the variant
//! ([`select`]), reading ([`deserialize_polymorphic`]) and writing ([`serialize_variant`]).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, SerializeStruct, Serializer};
use serde::Serialize;

use crate::object::{read_entry, read_members, Key};
use crate::{Extra, Object, Value};

/// The member that names a value's type.
pub const ODATA_TYPE: &str = "@odata.type";

/// A generated `Any…` enum: a base type and the derived types compiled with it, one variant
/// each.
pub trait Polymorphic: Default + Serialize {
    /// The qualified name of the declared type (`microsoft.graph.attachment`).
    const DECLARED: &'static str;

    /// `(type, direct base)` of every type of the API version that derives from another,
    /// sorted by type: how a derived type that is not compiled finds its nearest compiled
    /// ancestor.
    #[doc(hidden)]
    const BASES: &'static [(&'static str, &'static str)];

    /// The qualified names of the variants' types that are compiled, sorted.
    #[doc(hidden)]
    const COMPILED: &'static [&'static str];

    /// The qualified name of the value's type (its variant's), without `#`.
    fn type_name(&self) -> &'static str;

    /// The members the docs do not list, `@odata.type` among them where the value was read
    /// with one.
    fn extra(&self) -> &Extra
    where
        Self: Visit,
    {
        self.visit(ExtraOf)
    }
}

/// A variant's type: how a value of it becomes the enum `E` (the variant's constructor).
/// `From` into the enum is one generic impl per enum over it.
pub trait VariantOf<E> {
    #[doc(hidden)]
    const WRAP: fn(Box<Self>) -> E;
}

/// The types of an `Any…` enum's variants: generated read types that convert into it.
pub trait Variant<E>: Object + Serialize + Clone + PartialEq + VariantOf<E> + 'static {}

impl<E, T> Variant<E> for T where T: Object + Serialize + Clone + PartialEq + VariantOf<E> + 'static {}

/// The value an `Any…` enum holds, whatever its variant, handed to a [`VariantFn`]: the
/// one `match` over the variants that `Clone`, `PartialEq`, `Serialize`, `type_name` and
/// `extra` share, instead of one each (a `match` arm per variant per method is what
/// `cargo check` of these enums spends on); and the one that reads a variant.
#[doc(hidden)]
pub trait Visit: Polymorphic {
    fn visit<'a, F: VariantFn<'a, Self>>(&'a self, f: F) -> F::Out;

    /// Reads the variant whose type is `name` (one of [`Polymorphic::COMPILED`]) from the
    /// rest of a JSON object (see [`read_variant`]).
    fn read_variant<'de, A: MapAccess<'de>>(
        name: &str,
        start: Start<'de>,
        map: &mut A,
    ) -> Result<Read<Self>, A::Error>;
}

/// Something done with an `Any…` enum's value (see [`Visit`]).
#[doc(hidden)]
pub trait VariantFn<'a, E> {
    type Out;
    fn call<T: Variant<E>>(
        self,
        value: &'a T,
        extra: &'a Extra,
        type_name: &'static str,
    ) -> Self::Out;
}

/// The variant's type name.
#[doc(hidden)]
pub struct TypeName;

impl<E> VariantFn<'_, E> for TypeName {
    type Out = &'static str;
    fn call<T: Variant<E>>(self, _: &T, _: &Extra, type_name: &'static str) -> &'static str {
        type_name
    }
}

/// The value's unknown members.
#[doc(hidden)]
pub struct ExtraOf;

impl<'a, E> VariantFn<'a, E> for ExtraOf {
    type Out = &'a Extra;
    fn call<T: Variant<E>>(self, _: &'a T, extra: &'a Extra, _: &'static str) -> &'a Extra {
        extra
    }
}

/// A copy of the value, in the same variant.
#[doc(hidden)]
pub struct Cloned;

impl<E> VariantFn<'_, E> for Cloned {
    type Out = E;
    fn call<T: Variant<E>>(self, value: &T, _: &Extra, _: &'static str) -> E {
        T::WRAP(Box::new(value.clone()))
    }
}

/// Whether the value equals another of the same enum: same variant, equal values.
#[doc(hidden)]
pub struct Equals<'o, E>(pub &'o E);

impl<E: Visit> VariantFn<'_, E> for Equals<'_, E> {
    type Out = bool;
    fn call<T: Variant<E>>(self, value: &T, _: &Extra, _: &'static str) -> bool {
        self.0
            .visit(AsAny)
            .downcast_ref::<T>()
            .is_some_and(|other| other == value)
    }
}

/// The value as `dyn Any`, to compare it with a value of a known type.
struct AsAny;

impl<'a, E> VariantFn<'a, E> for AsAny {
    type Out = &'a dyn std::any::Any;
    fn call<T: Variant<E>>(self, value: &'a T, _: &Extra, _: &'static str) -> Self::Out {
        value
    }
}

/// Writes the value (see [`serialize_variant`]).
#[doc(hidden)]
pub struct Write<S> {
    pub serializer: S,
    pub declared: &'static str,
}

impl<E, S: Serializer> VariantFn<'_, E> for Write<S> {
    type Out = Result<S::Ok, S::Error>;
    fn call<T: Variant<E>>(self, value: &T, extra: &Extra, type_name: &'static str) -> Self::Out {
        let typed = extra.get(ODATA_TYPE).is_some();
        serialize_variant(value, typed, type_name, self.declared, self.serializer)
    }
}

/// The type an `@odata.type` selects: the type it names if that type is compiled, else its
/// nearest compiled ancestor; the declared type when it names none of them (a type the docs
/// do not list, or one not derived from the declared type).
pub fn select<T: Polymorphic>(odata_type: &str) -> &'static str {
    let mut name = odata_type.strip_prefix('#').unwrap_or(odata_type);
    // Each step goes one base up; bounded, so that a cycle of bases in the docs cannot loop.
    for _ in 0..=T::BASES.len() {
        if let Ok(i) = T::COMPILED.binary_search(&name) {
            return T::COMPILED[i];
        }
        match T::BASES.binary_search_by(|(t, _)| (*t).cmp(name)) {
            Ok(i) => name = T::BASES[i].1,
            Err(_) => break,
        }
    }
    T::DECLARED
}

/// Reads a polymorphic value: as the type its `@odata.type` selects (see [`select`]), or as
/// the declared type when it has none. Every member is kept, `@odata.type` included.
pub fn deserialize_polymorphic<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Visit,
{
    deserializer.deserialize_map(PolymorphicVisitor(PhantomData))
}

struct PolymorphicVisitor<T>(PhantomData<T>);

impl<'de, T: Visit> Visitor<'de> for PolymorphicVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        // The service sends `@odata.type` first: then the value is read once, as the type
        // it selects. Without it, the value is read as the declared type; where it comes
        // later, the members read so far are read again as the type it selects.
        let mut read = match map.next_key::<Key<'de>>()? {
            None => return Ok(T::default()),
            Some(key) if key.0 == ODATA_TYPE => {
                let tag: Value = map.next_value()?;
                let name = strict_select::<T, A::Error>(&tag)?;
                T::read_variant(name, Start::Typed(tag), &mut map)?
            }
            Some(key) => T::read_variant(T::DECLARED, Start::Untyped(key), &mut map)?,
        };
        loop {
            match read {
                Read::Done(value) => return Ok(value),
                Read::Retype(tag, partial) => {
                    let text = serde_json::to_string(&partial).map_err(de::Error::custom)?;
                    let name = strict_select::<T, A::Error>(&tag)?;
                    read = T::read_variant(name, Start::Retyped(text, tag), &mut map)?;
                }
            }
        }
    }
}

/// The variant an `@odata.type` selects (see [`select`]); reading [`strictly`], one that
/// names no compiled type derived from the declared one is an error.
fn strict_select<T: Polymorphic, E: de::Error>(tag: &Value) -> Result<&'static str, E> {
    let Some(text) = tag.as_str() else {
        return Ok(T::DECLARED);
    };
    let name = select::<T>(text);
    if crate::object::is_strict() && name != text.strip_prefix('#').unwrap_or(text) {
        return Err(E::custom(format_args!(
            "`@odata.type` {text:?} names no compiled type derived from `{}`",
            T::DECLARED
        )));
    }
    Ok(name)
}

/// Where [`read_variant`] starts.
#[doc(hidden)]
pub enum Start<'de> {
    /// After `@odata.type` (kept in the value's `extra`).
    Typed(Value),
    /// At this member, without `@odata.type` so far: it may yet come.
    Untyped(Key<'de>),
    /// After a late `@odata.type`: the members read before it, as JSON text, then it.
    Retyped(String, Value),
}

/// What [`read_variant`] read.
#[doc(hidden)]
pub enum Read<E> {
    Done(E),
    /// `@odata.type` came after other members: it, and what was read before it.
    Retype(Value, E),
}

/// Reads the rest of a JSON object into a new value of `T`, which `wrap` makes the enum's
/// variant. Stops at an `@odata.type` that comes after other members (see [`Start`]).
pub fn read_variant<'de, T: Object, E, A: MapAccess<'de>>(
    wrap: fn(Box<T>) -> E,
    start: Start<'de>,
    map: &mut A,
) -> Result<Read<E>, A::Error> {
    let mut value = T::default();
    let watch = match start {
        Start::Typed(tag) => {
            value.extra_mut().insert(ODATA_TYPE, tag);
            false
        }
        Start::Untyped(first) => {
            read_entry(&mut value, first, map)?;
            true
        }
        Start::Retyped(text, tag) => {
            let mut json = serde_json::Deserializer::from_str(&text);
            de::Deserializer::deserialize_map(&mut json, Fill(&mut value))
                .map_err(de::Error::custom)?;
            value.extra_mut().insert(ODATA_TYPE, tag);
            false
        }
    };
    while let Some(key) = map.next_key::<Key<'de>>()? {
        if watch && key.0 == ODATA_TYPE {
            let tag: Value = map.next_value()?;
            return Ok(Read::Retype(tag, wrap(Box::new(value))));
        }
        read_entry(&mut value, key, map)?;
    }
    Ok(Read::Done(wrap(Box::new(value))))
}

/// Reads a JSON object's members into an existing value.
struct Fill<'t, T>(&'t mut T);

impl<'de, T: Object> Visitor<'de> for Fill<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        read_members(self.0, &mut map)
    }
}

/// Writes one variant of a polymorphic value. A derived type says which it is: its
/// `@odata.type` comes first unless the value has one of its own (a value that was read
/// is written back with exactly the members it was read with).
pub fn serialize_variant<S: Serializer, T: Serialize + ?Sized>(
    value: &T,
    has_odata_type: bool,
    type_name: &'static str,
    declared: &'static str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    if type_name == declared || has_odata_type {
        return value.serialize(serializer);
    }
    value.serialize(Tagged::new(serializer, ODATA_TYPE, &TypeTag(type_name)))
}

/// `#name`, as `@odata.type` spells a type.
struct TypeTag(&'static str);

impl Serialize for TypeTag {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&format_args!("#{}", self.0))
    }
}

/// A serializer that writes one more member first into the object the value writes
/// (`@odata.type` for a derived value, `@removed` for a delta item); any other value is
/// written unchanged.
pub(crate) struct Tagged<'v, S, V: ?Sized> {
    inner: S,
    key: &'static str,
    value: &'v V,
}

impl<'v, S, V: ?Sized> Tagged<'v, S, V> {
    pub(crate) fn new(inner: S, key: &'static str, value: &'v V) -> Self {
        Tagged { inner, key, value }
    }
}

/// Serializer methods that pass their value through unchanged.
macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*) -> $ret:ident;)*) => {
        $(
            fn $method(self, $($arg: $ty),*) -> Result<S::$ret, S::Error> {
                self.inner.$method($($arg),*)
            }
        )*
    };
}

impl<S: Serializer, V: Serialize + ?Sized> Serializer for Tagged<'_, S, V> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = S::SerializeSeq;
    type SerializeTuple = S::SerializeTuple;
    type SerializeTupleStruct = S::SerializeTupleStruct;
    type SerializeTupleVariant = S::SerializeTupleVariant;
    type SerializeMap = S::SerializeMap;
    type SerializeStruct = S::SerializeStruct;
    type SerializeStructVariant = S::SerializeStructVariant;

    fn serialize_map(self, len: Option<usize>) -> Result<S::SerializeMap, S::Error> {
        let mut map = self.inner.serialize_map(len.map(|n| n + 1))?;
        map.serialize_entry(self.key, self.value)?;
        Ok(map)
    }

    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<S::SerializeStruct, S::Error> {
        let mut object = self.inner.serialize_struct(name, len + 1)?;
        object.serialize_field(self.key, self.value)?;
        Ok(object)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<S::Ok, S::Error> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.inner.serialize_newtype_struct(name, value)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.inner
            .serialize_newtype_variant(name, index, variant, value)
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }

    forward! {
        serialize_bool(v: bool) -> Ok;
        serialize_i8(v: i8) -> Ok;
        serialize_i16(v: i16) -> Ok;
        serialize_i32(v: i32) -> Ok;
        serialize_i64(v: i64) -> Ok;
        serialize_i128(v: i128) -> Ok;
        serialize_u8(v: u8) -> Ok;
        serialize_u16(v: u16) -> Ok;
        serialize_u32(v: u32) -> Ok;
        serialize_u64(v: u64) -> Ok;
        serialize_u128(v: u128) -> Ok;
        serialize_f32(v: f32) -> Ok;
        serialize_f64(v: f64) -> Ok;
        serialize_char(v: char) -> Ok;
        serialize_str(v: &str) -> Ok;
        serialize_bytes(v: &[u8]) -> Ok;
        serialize_none() -> Ok;
        serialize_unit() -> Ok;
        serialize_unit_struct(name: &'static str) -> Ok;
        serialize_unit_variant(name: &'static str, index: u32, variant: &'static str) -> Ok;
        serialize_seq(len: Option<usize>) -> SerializeSeq;
        serialize_tuple(len: usize) -> SerializeTuple;
        serialize_tuple_struct(name: &'static str, len: usize) -> SerializeTupleStruct;
        serialize_tuple_variant(name: &'static str, index: u32, variant: &'static str, len: usize) -> SerializeTupleVariant;
        serialize_struct_variant(name: &'static str, index: u32, variant: &'static str, len: usize) -> SerializeStructVariant;
    }
}

/// The impls of a generated `Any…` enum, written by the generator as the enum's name, its
/// declared type and base variant, the version's table of bases, its variants
/// (`Variant(Type) = "qualified.name"`, each with the `cfg` that compiles its type), the
/// members every variant shares, and whether PATCH bodies take it: `Default` (the base,
/// empty), `Clone`, `PartialEq`, `Debug` through the JSON, [`VariantOf`] for each variant's
/// type and through it `From` into the enum (and into `Patch<Any…>` for PATCH bodies),
/// [`Polymorphic`] (`type_name()` and `extra()` among its methods), an accessor per shared
/// member, and the serde impls, which dispatch on `@odata.type`. Every method but the
/// accessors goes through [`Visit`]'s `match`es: a `match` arm, and more so a function, per
/// variant is what `cargo check` of these enums spends most on.
#[doc(hidden)]
#[macro_export]
macro_rules! __any {
    ($name:ident : $declared:literal = $base:ident in $bases:path,
        variants $variants:tt,
        shared { $($field:ident : $fty:ty = $fjson:literal),* $(,)? },
        patch $patch:ident $(,)?) => {
        $crate::__any_variants! { $name : $declared = $base in $bases, $variants }

        impl ::core::default::Default for $name {
            fn default() -> Self {
                Self::$base(::core::default::Default::default())
            }
        }

        impl ::core::clone::Clone for $name {
            fn clone(&self) -> Self {
                $crate::Visit::visit(self, $crate::Cloned)
            }
        }

        impl ::core::cmp::PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                $crate::Visit::visit(self, $crate::Equals(other))
            }
        }

        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                $crate::debug_object(::core::stringify!($name), self, f)
            }
        }

        impl $name {
            $($crate::__any_get! { $field : $fty = $fjson, $variants })*
        }

        impl<T: $crate::VariantOf<Self>> ::core::convert::From<T> for $name {
            fn from(value: T) -> Self {
                T::WRAP(::std::boxed::Box::new(value))
            }
        }

        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                let declared = $declared;
                $crate::Visit::visit(self, $crate::Write { serializer, declared })
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::deserialize_polymorphic(deserializer)
            }
        }

        $crate::__any_patch! { $patch $name $variants }
    };
}

/// [`VariantOf`] for each variant's type, [`Polymorphic`] and [`Visit`]: the `match`es over
/// the variants, listed by their types' names in order.
#[doc(hidden)]
#[macro_export]
macro_rules! __any_variants {
    ($name:ident : $declared:literal = $base:ident in $bases:path,
        { $($(#[$cfg:meta])* $variant:ident($ty:ty) = $json:literal),+ $(,)? }) => {
        $(
            $(#[$cfg])*
            impl $crate::VariantOf<$name> for $ty {
                const WRAP: fn(::std::boxed::Box<Self>) -> $name = $name::$variant;
            }
        )+

        impl $crate::Polymorphic for $name {
            const DECLARED: &'static str = $declared;
            const BASES: &'static [(&'static str, &'static str)] = $bases;
            const COMPILED: &'static [&'static str] = &[$($(#[$cfg])* $json),+];

            fn type_name(&self) -> &'static str {
                $crate::Visit::visit(self, $crate::TypeName)
            }
        }

        impl $crate::Visit for $name {
            fn visit<'a, F: $crate::VariantFn<'a, Self>>(&'a self, f: F) -> F::Out {
                match self {
                    $($(#[$cfg])* Self::$variant(v) => f.call(&**v, &v.extra, $json),)+
                }
            }

            fn read_variant<'de, A: $crate::__serde::de::MapAccess<'de>>(
                name: &str,
                start: $crate::Start<'de>,
                map: &mut A,
            ) -> ::core::result::Result<$crate::Read<Self>, A::Error> {
                match name {
                    $($(#[$cfg])* $json => $crate::read_variant(Self::$variant, start, map),)+
                    _ => $crate::read_variant(Self::$base, start, map),
                }
            }
        }
    };
}

/// One shared member's accessor: the member whichever variant holds the value.
#[doc(hidden)]
#[macro_export]
macro_rules! __any_get {
    ($field:ident : $fty:ty = $fjson:literal,
        { $($(#[$cfg:meta])* $variant:ident($ty:ty) = $json:literal),+ $(,)? }) => {
        #[doc = ::core::concat!(" `", $fjson, "`, whichever type the value is.")]
        pub fn $field(&self) -> ::core::option::Option<&$fty> {
            let member: &::core::option::Option<$fty> = match self {
                $($(#[$cfg])* Self::$variant(v) => &v.$field,)+
            };
            member.as_ref()
        }
    };
}

/// For an enum that PATCH bodies take: each variant's type into `Patch<Any…>`, so that a
/// setter takes a derived value as it is (one impl per variant: the orphan rule refuses a
/// generic one into the runtime's `Patch`).
#[doc(hidden)]
#[macro_export]
macro_rules! __any_patch {
    (false $name:ident $variants:tt) => {};
    (true $name:ident { $($(#[$cfg:meta])* $variant:ident($ty:ty) = $json:literal),+ $(,)? }) => {
        $(
            $(#[$cfg])*
            impl ::core::convert::From<$ty> for $crate::Patch<$name> {
                fn from(value: $ty) -> Self {
                    $crate::Patch::Value($name::$variant(::std::boxed::Box::new(value)))
                }
            }
        )+
    };
}
