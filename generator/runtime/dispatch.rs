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
use crate::{Object, Value};

/// The member that names a value's type.
pub const ODATA_TYPE: &str = "@odata.type";

/// A generated `Any…` enum: a base type and the derived types compiled with it, one variant
/// each.
pub trait Polymorphic: Default + Serialize {
    /// The qualified name of the declared type (`microsoft.graph.attachment`).
    const DECLARED: &'static str;

    /// `(type, direct base)` of every type of the API version that has a base, sorted by
    /// type: how a derived type that is not compiled finds its nearest compiled ancestor.
    #[doc(hidden)]
    const BASES: &'static [(&'static str, &'static str)];

    /// An empty value of the variant whose type is exactly `name` (qualified, without `#`),
    /// if that type is compiled.
    #[doc(hidden)]
    fn variant(name: &str) -> Option<Self>;

    /// The qualified name of the value's type, without `#`.
    fn type_name(&self) -> &'static str;
}

/// An empty value of the variant an `@odata.type` selects: the type it names if that type is
/// compiled, else its nearest compiled ancestor; the declared type when it names none of
/// them (a type the docs do not list, or one not derived from the declared type).
pub fn select<T: Polymorphic>(odata_type: &str) -> T {
    let mut name = odata_type.strip_prefix('#').unwrap_or(odata_type);
    // Each step goes one base up; bounded, so that a cycle of bases in the docs cannot loop.
    for _ in 0..=T::BASES.len() {
        if let Some(value) = T::variant(name) {
            return value;
        }
        match T::BASES.binary_search_by(|(t, _)| (*t).cmp(name)) {
            Ok(i) => name = T::BASES[i].1,
            Err(_) => break,
        }
    }
    T::default()
}

/// Reads a polymorphic value: as the type its `@odata.type` selects (see [`select`]), or as
/// the declared type when it has none. Every member is kept, `@odata.type` included.
pub fn deserialize_polymorphic<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Polymorphic + Object,
{
    deserializer.deserialize_map(PolymorphicVisitor(PhantomData))
}

struct PolymorphicVisitor<T>(PhantomData<T>);

impl<'de, T: Polymorphic + Object> Visitor<'de> for PolymorphicVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        // Read as the declared type until `@odata.type` says otherwise. The service sends it
        // first, and then nothing is read twice; where it comes later, the members read so
        // far are read again as the type it selects.
        let mut object = T::default();
        let mut started = false;
        while let Some(key) = map.next_key::<Key<'de>>()? {
            if key.0 == ODATA_TYPE {
                let tag: Value = map.next_value()?;
                if let Some(name) = tag.as_str() {
                    let chosen = select::<T>(name);
                    if chosen.type_name() != object.type_name() {
                        object = if started {
                            retype(&object, chosen)?
                        } else {
                            chosen
                        };
                    }
                }
                object.extra_mut().insert(ODATA_TYPE, tag);
            } else {
                read_entry(&mut object, key, &mut map)?;
            }
            started = true;
        }
        Ok(object)
    }
}

/// `target` filled with the members of `object`, through their JSON text (which keeps
/// every member exactly, decimals included).
fn retype<T: Polymorphic + Object, E: de::Error>(object: &T, mut target: T) -> Result<T, E> {
    let text = serde_json::to_string(object).map_err(E::custom)?;
    let mut json = serde_json::Deserializer::from_str(&text);
    de::Deserializer::deserialize_map(&mut json, Fill(&mut target)).map_err(E::custom)?;
    Ok(target)
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

/// The impls of a generated `Any…` enum: its methods (see [`__any_methods!`]) and its serde
/// impls, which dispatch on `@odata.type`. Written by the generator as the enum's name, its
/// declared type and base variant, the version's table of bases, its variants
/// (`Variant(Type) = "qualified.name"`, each with the `cfg` that compiles its type), the
/// members every variant shares, and whether PATCH bodies take it.
#[doc(hidden)]
#[macro_export]
macro_rules! __any {
    ($name:ident : $declared:literal = $base:ident in $bases:path,
        variants $variants:tt,
        shared $shared:tt,
        patch $patch:ident $(,)?) => {
        $crate::__any_methods! {
            $name : $declared = $base in $bases,
            variants $variants,
            shared $shared,
            patch $patch,
        }
        $crate::__any_serde! { $name : $declared, $variants }
    };
}

/// Everything of a generated `Any…` enum but its serde impls: `Default` (the base, empty),
/// `Debug` through the JSON, `From` each variant's type, [`Polymorphic`], an accessor for each
/// shared member, and (for PATCH bodies) `From` each variant's type into `Patch<Any…>`.
#[doc(hidden)]
#[macro_export]
macro_rules! __any_methods {
    ($name:ident : $declared:literal = $base:ident in $bases:path,
        variants $variants:tt,
        shared { $($field:ident : $fty:ty = $fjson:literal),* $(,)? },
        patch $patch:ident $(,)?) => {
        impl ::core::default::Default for $name {
            fn default() -> Self {
                Self::$base(::core::default::Default::default())
            }
        }

        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                $crate::debug_object(::core::stringify!($name), self, f)
            }
        }

        $crate::__any_variants! { $name : $declared in $bases, $variants }

        impl $name {
            /// The qualified name of the value's type (its variant's), without `#`.
            pub fn type_name(&self) -> &'static str {
                <Self as $crate::Polymorphic>::type_name(self)
            }

            $($crate::__any_get! { $field : $fty = $fjson, $variants })*
        }

        $crate::__any_patch! { $patch $name $variants }
    };
}

/// `From` each variant's type, and [`Polymorphic`].
#[doc(hidden)]
#[macro_export]
macro_rules! __any_variants {
    ($name:ident : $declared:literal in $bases:path,
        { $($(#[$cfg:meta])* $variant:ident($ty:ty) = $json:literal),+ $(,)? }) => {
        $(
            $(#[$cfg])*
            impl ::core::convert::From<$ty> for $name {
                fn from(value: $ty) -> Self {
                    Self::$variant(::std::boxed::Box::new(value))
                }
            }
        )+

        impl $crate::Polymorphic for $name {
            const DECLARED: &'static str = $declared;
            const BASES: &'static [(&'static str, &'static str)] = $bases;

            fn variant(name: &str) -> ::core::option::Option<Self> {
                match name {
                    $($(#[$cfg])* $json => ::core::option::Option::Some(Self::$variant(::core::default::Default::default())),)+
                    _ => ::core::option::Option::None,
                }
            }

            fn type_name(&self) -> &'static str {
                match self {
                    $($(#[$cfg])* Self::$variant(_) => $json,)+
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
            match self {
                $($(#[$cfg])* Self::$variant(v) => v.$field.as_ref(),)+
            }
        }
    };
}

/// For an enum that PATCH bodies take: each variant's type into `Patch<Any…>`, so that a
/// setter takes a derived value as it is.
#[doc(hidden)]
#[macro_export]
macro_rules! __any_patch {
    (false $name:ident $variants:tt) => {};
    (true $name:ident { $($(#[$cfg:meta])* $variant:ident($ty:ty) = $json:literal),+ $(,)? }) => {
        $(
            $(#[$cfg])*
            impl ::core::convert::From<$ty> for $crate::Patch<$name> {
                fn from(value: $ty) -> Self {
                    $crate::Patch::Value(<$name as ::core::convert::From<$ty>>::from(value))
                }
            }
        )+
    };
}

/// The serde impls of a generated `Any…` enum, and its `extra()`: reading dispatches on
/// `@odata.type` ([`deserialize_polymorphic`]), writing adds it to a derived value that
/// has none ([`serialize_variant`]).
#[doc(hidden)]
#[macro_export]
macro_rules! __any_serde {
    ($name:ident : $declared:literal,
        { $($(#[$cfg:meta])* $variant:ident($ty:ty) = $json:literal),+ $(,)? }) => {
        impl $name {
            /// The members the docs do not list, `@odata.type` among them where the value
            /// was read with one.
            pub fn extra(&self) -> &$crate::Extra {
                match self {
                    $($(#[$cfg])* Self::$variant(v) => &v.extra,)+
                }
            }
        }

        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                match self {
                    $($(#[$cfg])* Self::$variant(v) => {
                        let typed = v.extra.get($crate::ODATA_TYPE).is_some();
                        $crate::serialize_variant(&**v, typed, $json, $declared, serializer)
                    })+
                }
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::deserialize_polymorphic(deserializer)
            }
        }

        impl $crate::Object for $name {
            fn read_member<'de, A: $crate::__serde::de::MapAccess<'de>>(
                &mut self,
                key: &str,
                map: &mut A,
            ) -> ::core::result::Result<bool, A::Error> {
                match self {
                    $($(#[$cfg])* Self::$variant(v) => $crate::Object::read_member(&mut **v, key, map),)+
                }
            }

            fn extra_mut(&mut self) -> &mut $crate::Extra {
                match self {
                    $($(#[$cfg])* Self::$variant(v) => &mut v.extra,)+
                }
            }
        }
    };
}
