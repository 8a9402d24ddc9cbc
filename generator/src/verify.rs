//! Verify: the model against the service's CSDL metadata ($metadata), the ground truth.
//!
//! Four figures: types found; of all CSDL properties (own and inherited) of found entity and
//! complex types, the share found and the share with exactly the CSDL type; base types
//! right; enum member lists right (a missing `unknownFutureValue` tolerated). Then every
//! mismatch with the doc's file:line.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use crate::model::{Code, Diagnostic, Model, Source, TypeDef, TypeKind};

/// One CSDL type.
#[derive(Clone, Debug)]
pub struct CsdlType {
    pub name: String,
    pub kind: TypeKind,
    pub base: Option<String>,
    /// (name, type in CSDL spelling with aliases expanded, navigation)
    pub properties: Vec<(String, String, bool)>,
    pub members: Vec<String>,
}

/// The entity, complex and enum types of a CSDL document.
#[derive(Clone, Debug, Default)]
pub struct Csdl {
    pub types: BTreeMap<String, CsdlType>,
}

impl Csdl {
    pub fn parse(xml: &str) -> Result<Csdl, roxmltree::Error> {
        let doc = roxmltree::Document::parse(xml)?;
        let mut csdl = Csdl::default();
        for schema in doc.descendants().filter(|n| n.has_tag_name("Schema")) {
            let ns = schema.attribute("Namespace").unwrap_or_default().to_owned();
            let mut aliases = vec![(format!("{ns}."), format!("{ns}."))];
            for s in doc.descendants().filter(|n| n.has_tag_name("Schema")) {
                if let (Some(a), Some(n)) = (s.attribute("Alias"), s.attribute("Namespace")) {
                    aliases.push((format!("{a}."), format!("{n}.")));
                }
            }
            let expand = |t: &str| -> String {
                let (collection, inner) = match t
                    .strip_prefix("Collection(")
                    .and_then(|r| r.strip_suffix(')'))
                {
                    Some(inner) => (true, inner),
                    None => (false, t),
                };
                let mut name = inner.to_owned();
                for (alias, full) in &aliases {
                    if let Some(rest) = inner.strip_prefix(alias.as_str()) {
                        name = format!("{full}{rest}");
                        break;
                    }
                }
                if collection {
                    format!("Collection({name})")
                } else {
                    name
                }
            };
            for node in schema.children().filter(|n| n.is_element()) {
                let kind = match node.tag_name().name() {
                    "EntityType" => TypeKind::Entity,
                    "ComplexType" => TypeKind::Complex,
                    "EnumType" => TypeKind::Enum,
                    _ => continue,
                };
                let Some(name) = node.attribute("Name") else {
                    continue;
                };
                let qualified = format!("{ns}.{name}");
                let mut t = CsdlType {
                    name: qualified.clone(),
                    kind,
                    base: node.attribute("BaseType").map(expand),
                    properties: Vec::new(),
                    members: Vec::new(),
                };
                for child in node.children().filter(|n| n.is_element()) {
                    let (Some(pname), tag) = (child.attribute("Name"), child.tag_name().name())
                    else {
                        continue;
                    };
                    match tag {
                        "Property" | "NavigationProperty" => t.properties.push((
                            pname.to_owned(),
                            expand(child.attribute("Type").unwrap_or_default()),
                            tag == "NavigationProperty",
                        )),
                        "Member" => t.members.push(pname.to_owned()),
                        _ => {}
                    }
                }
                csdl.types.insert(qualified, t);
            }
        }
        Ok(csdl)
    }

    /// Own and inherited properties, ancestors first.
    pub fn all_properties(&self, name: &str) -> Vec<&(String, String, bool)> {
        let mut chain = Vec::new();
        let mut cur = self.types.get(name);
        while let Some(t) = cur {
            if chain.iter().any(|c: &&CsdlType| c.name == t.name) {
                break;
            }
            chain.push(t);
            cur = t.base.as_deref().and_then(|b| self.types.get(b));
        }
        chain
            .iter()
            .rev()
            .flat_map(|t| t.properties.iter())
            .collect()
    }
}

/// A ratio with its counts.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Share {
    pub hit: usize,
    pub of: usize,
}

impl Share {
    pub fn percent(self) -> f64 {
        if self.of == 0 {
            100.0
        } else {
            100.0 * self.hit as f64 / self.of as f64
        }
    }
}

impl std::fmt::Display for Share {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.1}% ({} of {})", self.percent(), self.hit, self.of)
    }
}

#[derive(Clone, Debug, Default)]
pub struct Verification {
    pub types_found: Share,
    pub entity_complex_found: Share,
    pub enums_found: Share,
    /// Of all CSDL properties of found entity/complex types.
    pub properties_found: Share,
    pub properties_right_type: Share,
    /// Of the properties found.
    pub type_agreement: Share,
    /// Of found entity/complex types whose CSDL type has a base.
    pub bases_right: Share,
    /// Of all found entity/complex types (no base on both sides counts as right).
    pub bases_right_all: Share,
    pub enums_right: Share,
    pub mismatches: Vec<Mismatch>,
}

/// What a docs type and its CSDL type disagree on (in the listing's order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Disagreement {
    /// The base type.
    Base,
    /// An enum's member list.
    Enum,
    /// A property the docs have and the CSDL does not.
    Extra,
    /// A property the CSDL has and the docs do not.
    Missing,
    /// A property's type.
    Type,
}

impl Disagreement {
    /// Its word in `verify`'s listing.
    pub fn as_str(self) -> &'static str {
        match self {
            Disagreement::Base => "base",
            Disagreement::Enum => "enum",
            Disagreement::Extra => "extra",
            Disagreement::Missing => "missing",
            Disagreement::Type => "type",
        }
    }

    /// Its diagnostic code and help (`lint --csdl`).
    fn code_and_help(self) -> (Code, &'static str) {
        match self {
            Disagreement::Missing => (
                Code::CsdlMissingProperty,
                "document the property in the type's Properties table",
            ),
            Disagreement::Extra => (
                Code::CsdlExtraProperty,
                "check the property's name, or remove it if the service does not have it",
            ),
            Disagreement::Type => (
                Code::CsdlPropertyType,
                "make the Type cell say the service's type",
            ),
            Disagreement::Base => (
                Code::CsdlBaseType,
                "say what the type inherits from, as the service does (`Inherits from [x](x.md)`)",
            ),
            Disagreement::Enum => (
                Code::CsdlEnumMembers,
                "list the enum's members as the service does",
            ),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Mismatch {
    pub what: Disagreement,
    pub source: Source,
    pub message: String,
}

/// Compares the model's `version` types with the CSDL.
pub fn verify(model: &Model, version: &str, csdl: &Csdl) -> Verification {
    let ours: HashMap<String, &TypeDef> = model
        .types
        .iter()
        .filter(|t| t.version == version)
        .map(|t| (t.name.to_lowercase(), t))
        .collect();
    let mut v = Verification::default();
    for (name, ct) in &csdl.types {
        let found = ours.get(&name.to_lowercase()).copied();
        v.types_found.of += 1;
        let is_enum = ct.kind == TypeKind::Enum;
        if is_enum {
            v.enums_found.of += 1;
        } else {
            v.entity_complex_found.of += 1;
        }
        let Some(t) = found else { continue };
        v.types_found.hit += 1;
        if is_enum {
            v.enums_found.hit += 1;
            v.enums_right.of += 1;
            if members_match(
                &t.members.iter().map(|m| m.name.clone()).collect::<Vec<_>>(),
                &ct.members,
            ) {
                v.enums_right.hit += 1;
            } else {
                v.mismatches.push(Mismatch {
                    what: Disagreement::Enum,
                    source: t.source.clone(),
                    message: format!(
                        "{name}: docs [{}], CSDL [{}]",
                        t.members
                            .iter()
                            .map(|m| m.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                        ct.members.join(", ")
                    ),
                });
            }
            continue;
        }
        v.entity_complex_found.hit += 1;
        let base_ok =
            t.base.as_deref().map(str::to_lowercase) == ct.base.as_deref().map(str::to_lowercase);
        v.bases_right_all.of += 1;
        if base_ok {
            v.bases_right_all.hit += 1;
        }
        if ct.base.is_some() {
            v.bases_right.of += 1;
            if base_ok {
                v.bases_right.hit += 1;
            }
        }
        if !base_ok {
            v.mismatches.push(Mismatch {
                what: Disagreement::Base,
                source: t.source.clone(),
                message: format!(
                    "{name}: docs {}, CSDL {}",
                    t.base.as_deref().unwrap_or("(none)"),
                    ct.base.as_deref().unwrap_or("(none)")
                ),
            });
        }
        let doc_props = model_properties(model, version, t);
        let csdl_props = csdl.all_properties(name);
        for p in &t.properties {
            if !csdl_props
                .iter()
                .any(|(n, _, _)| n.eq_ignore_ascii_case(&p.name))
            {
                v.mismatches.push(Mismatch {
                    what: Disagreement::Extra,
                    source: p.source.clone(),
                    message: format!(
                        "{name}.{} is documented, but the CSDL has no such property",
                        p.name
                    ),
                });
            }
        }
        for (pname, ptype, _) in csdl_props {
            v.properties_found.of += 1;
            v.properties_right_type.of += 1;
            let Some((dtype, source)) = doc_props.get(&pname.to_lowercase()) else {
                v.mismatches.push(Mismatch {
                    what: Disagreement::Missing,
                    source: t.source.clone(),
                    message: format!("{name}.{pname} ({ptype}) is not documented"),
                });
                continue;
            };
            v.properties_found.hit += 1;
            v.type_agreement.of += 1;
            if dtype.as_deref() == Some(ptype.as_str()) {
                v.properties_right_type.hit += 1;
                v.type_agreement.hit += 1;
            } else {
                v.mismatches.push(Mismatch {
                    what: Disagreement::Type,
                    source: source.clone(),
                    message: format!(
                        "{name}.{pname}: docs {}, CSDL {ptype}",
                        dtype.as_deref().unwrap_or("(none)")
                    ),
                });
            }
        }
    }
    v.mismatches
        .sort_by(|a, b| (a.what, &a.source, &a.message).cmp(&(b.what, &b.source, &b.message)));
    v
}

/// Own and inherited properties of a model type: lower-cased name → (type, source).
fn model_properties(
    model: &Model,
    version: &str,
    t: &TypeDef,
) -> HashMap<String, (Option<String>, Source)> {
    let mut out = HashMap::new();
    let mut cur = Some(t);
    let mut seen = Vec::new();
    while let Some(ty) = cur {
        if seen.contains(&ty.name) {
            break;
        }
        seen.push(ty.name.clone());
        for p in &ty.properties {
            out.entry(p.name.to_lowercase()).or_insert_with(|| {
                (
                    p.type_ref.as_ref().map(ToString::to_string),
                    p.source.clone(),
                )
            });
        }
        cur = ty.base.as_deref().and_then(|b| model.find_type(version, b));
    }
    out
}

fn members_match(docs: &[String], csdl: &[String]) -> bool {
    let mut d: Vec<&str> = docs.iter().map(String::as_str).collect();
    let mut c: Vec<&str> = csdl.iter().map(String::as_str).collect();
    d.sort_unstable();
    c.sort_unstable();
    if d == c {
        return true;
    }
    c.retain(|m| *m != "unknownFutureValue");
    d.retain(|m| *m != "unknownFutureValue");
    d == c
}

impl Verification {
    /// Each mismatch as a diagnostic at the doc line that states it (`lint --csdl`).
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.mismatches
            .iter()
            .map(|m| {
                let (code, help) = m.what.code_and_help();
                Diagnostic::new(code, &m.source.file, m.source.line, m.message.clone()).help(help)
            })
            .collect()
    }

    pub fn render(&self, limit: usize) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "types found:                 {}", self.types_found);
        let _ = writeln!(
            s,
            "  entity and complex:        {}",
            self.entity_complex_found
        );
        let _ = writeln!(s, "  enums:                     {}", self.enums_found);
        let _ = writeln!(s, "CSDL properties found:       {}", self.properties_found);
        let _ = writeln!(
            s,
            "  with exactly the CSDL type:{}",
            pad(self.properties_right_type)
        );
        let _ = writeln!(s, "type agreement (found):      {}", self.type_agreement);
        let _ = writeln!(s, "base types right:            {}", self.bases_right);
        let _ = writeln!(s, "  counting types with none:  {}", self.bases_right_all);
        let _ = writeln!(s, "enum member lists right:     {}", self.enums_right);
        let shown = if limit == 0 {
            self.mismatches.len()
        } else {
            limit.min(self.mismatches.len())
        };
        let _ = writeln!(
            s,
            "\n{} mismatches{}:",
            self.mismatches.len(),
            if shown < self.mismatches.len() {
                format!(" (first {shown})")
            } else {
                String::new()
            }
        );
        for m in self.mismatches.iter().take(shown) {
            let _ = writeln!(
                s,
                "{:8} {}:{}: {}",
                m.what.as_str(),
                m.source.file,
                m.source.line,
                m.message
            );
        }
        s
    }
}

fn pad(share: Share) -> String {
    format!(" {share}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<?xml version="1.0"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
<Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
  <EnumType Name="color"><Member Name="red" Value="0"/><Member Name="unknownFutureValue" Value="1"/></EnumType>
  <EntityType Name="entity" Abstract="true"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/></EntityType>
  <EntityType Name="thing" BaseType="graph.entity"><Property Name="tags" Type="Collection(Edm.String)"/>
    <NavigationProperty Name="owner" Type="graph.thing"/></EntityType>
</Schema></edmx:DataServices></edmx:Edmx>"#;

    #[test]
    fn csdl_aliases_and_inherited_properties() {
        let c = Csdl::parse(XML).unwrap();
        let thing = &c.types["microsoft.graph.thing"];
        assert_eq!(thing.base.as_deref(), Some("microsoft.graph.entity"));
        let props: Vec<_> = c
            .all_properties("microsoft.graph.thing")
            .iter()
            .map(|p| (p.0.as_str(), p.1.as_str()))
            .collect();
        assert_eq!(
            props,
            [
                ("id", "Edm.String"),
                ("tags", "Collection(Edm.String)"),
                ("owner", "microsoft.graph.thing")
            ]
        );
        assert!(members_match(
            &["red".into()],
            &c.types["microsoft.graph.color"].members
        ));
    }
}
