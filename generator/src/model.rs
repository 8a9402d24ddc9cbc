//! The intermediate model: every type, operation and diagnostic the docs yield.
//!
//! This module is plain data. It imports nothing of the pipeline stages; its JSON form
//! (`msgraph-codegen model`) is a public contract read by other tools, so the key names of
//! [`Model`], [`TypeDef`], [`Property`], [`Operation`] and [`Diagnostic`] must stay stable.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use crate::diagnostics::{Code, Diagnostic, Severity};

/// Everything read from one set of docs roots.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Model {
    /// Entity, complex and enum types, sorted by (version, name).
    pub types: Vec<TypeDef>,
    /// Operations of the api pages, sorted by (version, file).
    pub operations: Vec<Operation>,
    /// Every defect met, sorted by (file, line, code).
    pub diagnostics: Vec<Diagnostic>,
}

/// Where a fact was read: a docs-relative file (`beta/resources/user.md`) and a 1-based line.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Source {
    pub file: String,
    pub line: u32,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum TypeKind {
    Entity,
    Complex,
    Enum,
}

/// One entity, complex or enum type of one API version.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct TypeDef {
    /// Qualified CSDL name, e.g. `microsoft.graph.industryData.incomingFlowRun`.
    pub name: String,
    pub kind: TypeKind,
    /// `v1.0` or `beta`.
    pub version: String,
    /// Qualified name of the direct base type.
    pub base: Option<String>,
    #[serde(rename = "abstract")]
    pub is_abstract: bool,
    /// The resource annotation says `openType: true`, or the introduction says it is an
    /// open type: values may have members the docs do not list.
    #[serde(default)]
    pub open: bool,
    pub source: Source,
    /// Every page that contributed to this type (the defining page first).
    #[serde(default)]
    pub pages: Vec<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// The product area of the defining page (`ms.prod`: `intune`, `outlook`, …).
    #[serde(default)]
    pub product: Option<String>,
    /// The type's own properties; inherited ones live on its base.
    pub properties: Vec<Property>,
    /// Members of an enum type, in documented order.
    pub members: Vec<EnumMember>,
}

/// A structural or navigation property, or a request-body parameter.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Property {
    pub name: String,
    /// CSDL spelling (`Edm.String`, `Collection(microsoft.graph.identitySet)`); `null` when the
    /// docs give nothing usable (a diagnostic says why).
    #[serde(rename = "type")]
    pub type_ref: Option<TypeRef>,
    pub navigation: bool,
    pub required: bool,
    pub nullable: Option<bool>,
    pub read_only: bool,
    #[serde(default)]
    pub deprecated: bool,
    pub description: String,
    #[serde(default)]
    pub source: Source,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct EnumMember {
    pub name: String,
    pub value: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// One HTTP operation of an api page.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Operation {
    /// `GET`, `POST`, `PATCH`, `PUT` or `DELETE`.
    pub method: String,
    pub version: String,
    /// Request paths as documented (without the host); empty when the page gives none.
    pub paths: Vec<String>,
    /// The resource an update page changes; for a create, replace or action, the resource
    /// its body represents, where its Request body section says so ("a JSON representation
    /// of [x](…)").
    pub target: Option<String>,
    pub source: Source,
    /// Title of the page (`Update incomingFlowRun`).
    #[serde(default)]
    pub title: String,
    /// Request-body properties: an update page's (its table, else the target's writable
    /// members), and a create, replace or action page's Request body table.
    pub body: Vec<Property>,
    /// Where `body` came from.
    #[serde(default)]
    pub body_source: BodySource,
    /// The page's request example sends `@odata.type`.
    #[serde(default)]
    pub sends_odata_type: bool,
    /// What a successful call returns, as the first response example's annotation declares
    /// it (`Collection(…)` for a collection page); left out where it names no type the
    /// docs define.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<TypeRef>,
}

#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum BodySource {
    /// No Request body table, and not an update.
    #[default]
    None,
    /// The page's `Request body` table.
    Table,
    /// The page has no table: the target's non-read-only properties.
    TargetProperties,
}

/// The OData primitive types the docs use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Edm {
    String,
    Boolean,
    Byte,
    SByte,
    Int16,
    Int32,
    Int64,
    Single,
    Double,
    Decimal,
    DateTimeOffset,
    Date,
    TimeOfDay,
    Duration,
    Guid,
    Binary,
    Stream,
}

impl Edm {
    pub const ALL: [Edm; 17] = [
        Edm::String,
        Edm::Boolean,
        Edm::Byte,
        Edm::SByte,
        Edm::Int16,
        Edm::Int32,
        Edm::Int64,
        Edm::Single,
        Edm::Double,
        Edm::Decimal,
        Edm::DateTimeOffset,
        Edm::Date,
        Edm::TimeOfDay,
        Edm::Duration,
        Edm::Guid,
        Edm::Binary,
        Edm::Stream,
    ];

    /// The name after `Edm.`.
    pub fn name(self) -> &'static str {
        match self {
            Edm::String => "String",
            Edm::Boolean => "Boolean",
            Edm::Byte => "Byte",
            Edm::SByte => "SByte",
            Edm::Int16 => "Int16",
            Edm::Int32 => "Int32",
            Edm::Int64 => "Int64",
            Edm::Single => "Single",
            Edm::Double => "Double",
            Edm::Decimal => "Decimal",
            Edm::DateTimeOffset => "DateTimeOffset",
            Edm::Date => "Date",
            Edm::TimeOfDay => "TimeOfDay",
            Edm::Duration => "Duration",
            Edm::Guid => "Guid",
            Edm::Binary => "Binary",
            Edm::Stream => "Stream",
        }
    }

    pub fn from_name(name: &str) -> Option<Edm> {
        Edm::ALL.into_iter().find(|e| e.name() == name)
    }
}

/// A property's type: one shape used by every stage.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    Primitive(Edm),
    /// A qualified type name (`microsoft.graph.identitySet`).
    Named(String),
    Collection(Box<TypeRef>),
}

impl TypeRef {
    pub fn collection(inner: TypeRef) -> TypeRef {
        match inner {
            // OData has no nested collections; `x collection collection` is a docs slip.
            c @ TypeRef::Collection(_) => c,
            other => TypeRef::Collection(Box::new(other)),
        }
    }

    /// The element type of a collection, or the type itself.
    pub fn element(&self) -> &TypeRef {
        match self {
            TypeRef::Collection(inner) => inner.element(),
            other => other,
        }
    }

    pub fn is_collection(&self) -> bool {
        matches!(self, TypeRef::Collection(_))
    }

    pub fn named(&self) -> Option<&str> {
        match self.element() {
            TypeRef::Named(n) => Some(n),
            _ => None,
        }
    }
}

impl fmt::Display for TypeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeRef::Primitive(e) => write!(f, "Edm.{}", e.name()),
            TypeRef::Named(n) => f.write_str(n),
            TypeRef::Collection(inner) => write!(f, "Collection({inner})"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeRefParseError(pub String);

impl fmt::Display for TypeRefParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a type reference: {:?}", self.0)
    }
}

impl std::error::Error for TypeRefParseError {}

impl FromStr for TypeRef {
    type Err = TypeRefParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some(inner) = s
            .strip_prefix("Collection(")
            .and_then(|r| r.strip_suffix(')'))
        {
            return Ok(TypeRef::Collection(Box::new(inner.parse()?)));
        }
        if let Some(edm) = s.strip_prefix("Edm.") {
            return Edm::from_name(edm)
                .map(TypeRef::Primitive)
                .ok_or_else(|| TypeRefParseError(s.to_owned()));
        }
        if s.is_empty() || s.contains(['(', ')', ' ']) {
            return Err(TypeRefParseError(s.to_owned()));
        }
        Ok(TypeRef::Named(s.to_owned()))
    }
}

impl Serialize for TypeRef {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TypeRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Splits `microsoft.graph.industryData.run` into (`microsoft.graph.industryData`, `run`).
pub fn split_qualified(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(i) => (&name[..i], &name[i + 1..]),
        None => ("", name),
    }
}

impl Model {
    /// The type named `name` in `version`.
    pub fn find_type(&self, version: &str, name: &str) -> Option<&TypeDef> {
        self.types
            .iter()
            .find(|t| t.version == version && t.name == name)
    }

    /// Number of diagnostics of each severity: (errors, warnings, notes).
    pub fn severity_counts(&self) -> (usize, usize, usize) {
        let mut counts = (0, 0, 0);
        for d in &self.diagnostics {
            match d.severity {
                Severity::Error => counts.0 += 1,
                Severity::Warning => counts.1 += 1,
                Severity::Note => counts.2 += 1,
            }
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_refs_round_trip_through_their_csdl_spelling() {
        for s in [
            "Edm.String",
            "microsoft.graph.identitySet",
            "Collection(microsoft.graph.callRecords.session)",
            "Collection(Edm.Guid)",
        ] {
            let t: TypeRef = s.parse().unwrap();
            assert_eq!(t.to_string(), s);
        }
        assert!("Edm.Nope".parse::<TypeRef>().is_err());
        assert!("two words".parse::<TypeRef>().is_err());
    }

    #[test]
    fn collections_never_nest() {
        let t = TypeRef::collection(TypeRef::collection(TypeRef::Primitive(Edm::String)));
        assert_eq!(t.to_string(), "Collection(Edm.String)");
    }
}
