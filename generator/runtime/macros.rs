//! The macros the generated code invokes, one per kind of item: `__object!` (read
//! types), `__open_enum!` (open enums) and `__patch!` (PATCH bodies). Each takes the
//! item's `member: "jsonName"` pairs and writes its impls as one short call per member.
//! The `_methods` halves hold everything but the serde impls, so that the compile bench can
//! put serde derives in their place. The `Any…` enums' macro, `__any!`, is in `dispatch`.

/// The serde impls of a generated read type: `Serialize` writes each known member (or the
/// `null` it arrived as) and then the unknown ones; `Deserialize` reads known members into
/// their fields and keeps the rest. One line per member, written by the generator as
/// `field: "jsonName"` pairs, instead of a serde derive's expansion.
#[doc(hidden)]
#[macro_export]
macro_rules! __object {
    ($name:ident : $type:literal { $($field:ident : $json:literal),* $(,)? }) => {
        $crate::__object_methods! { $name : $type { $($field: $json),* } }

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
            const TYPE: &'static str = $type;

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
    ($name:ident : $type:literal { $($field:ident : $json:literal),* $(,)? }) => {
        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                $crate::debug_object(::core::stringify!($name), self, f)
            }
        }
    };
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
                $crate::deserialize_enum(deserializer, Self::MEMBERS)
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
