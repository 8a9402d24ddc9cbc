//! Enum members from several sources (enum pages, `x values` sections, descriptions):
//! merged in order of appearance, with each disagreement reported.

use crate::model::{Code, Diagnostic, EnumMember};

use super::Resolver;

/// Members every Graph enum may gain; a source that omits it does not conflict.
const SENTINEL: &str = "unknownFutureValue";

impl Resolver<'_> {
    pub(super) fn check_enum_sources(&mut self) {
        for id in 0..self.types.len() {
            if !self.types[id].is_enum || self.types[id].member_sources.is_empty() {
                continue;
            }
            let sources = self.types[id].member_sources.clone();
            // Tables are authoritative; descriptions add what the tables lack.
            let tables: Vec<_> = sources.iter().filter(|s| s.2).collect();
            let listed: Vec<&String> = if tables.is_empty() {
                sources.iter().flat_map(|s| s.3.iter()).collect()
            } else {
                tables.iter().flat_map(|s| s.3.iter()).collect()
            };
            let b = &mut self.types[id];
            for name in listed {
                if !b.members.iter().any(|m| &m.name == name) {
                    b.members.push(EnumMember {
                        name: name.clone(),
                        value: None,
                        description: None,
                    });
                }
            }
            let name = b.name.clone();
            let members: Vec<String> = b.members.iter().map(|m| m.name.clone()).collect();
            for (file, line, from_table, list) in &sources {
                let extra: Vec<&String> = list
                    .iter()
                    .filter(|n| !members.iter().any(|m| m.eq_ignore_ascii_case(n)))
                    .collect();
                let missing: Vec<&String> = if *from_table {
                    members
                        .iter()
                        .filter(|m| *m != SENTINEL && !list.contains(m))
                        .collect()
                } else {
                    Vec::new()
                };
                if extra.is_empty() && missing.is_empty() {
                    continue;
                }
                let mut what = Vec::new();
                if !extra.is_empty() {
                    what.push(format!(
                        "lists {} which the enum's table does not",
                        quoted(&extra)
                    ));
                }
                if !missing.is_empty() {
                    what.push(format!("lacks {}", quoted(&missing)));
                }
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::EnumConflict,
                        file,
                        *line,
                        format!(
                            "members of `{name}` disagree: this {} {}",
                            if *from_table { "table" } else { "description" },
                            what.join(" and ")
                        ),
                    )
                    .help("list the same members wherever the enum is documented"),
                );
            }
        }
    }
}

impl Resolver<'_> {
    /// A `String` property whose description lists exactly the members of one declared enum
    /// (FORMAT.md §5: 409 rows hide an enum in a string) is typed as that enum. Enums are
    /// open, so a value the service sends that the list lacks is still kept.
    pub(super) fn enums_for_string_properties(&mut self) {
        use std::collections::{BTreeSet, HashMap};
        let key = |names: &mut dyn Iterator<Item = &String>| -> BTreeSet<String> {
            names
                .filter(|n| n.as_str() != SENTINEL)
                .map(|n| n.to_lowercase())
                .collect()
        };
        let mut by_members: HashMap<(String, BTreeSet<String>), Vec<usize>> = HashMap::new();
        for (id, b) in self.types.iter().enumerate() {
            if b.is_enum && b.members.len() >= 2 {
                let k = key(&mut b.members.iter().map(|m| &m.name));
                by_members
                    .entry((b.version.clone(), k))
                    .or_default()
                    .push(id);
            }
        }
        let listed = std::mem::take(&mut self.listed);
        for (id, prop, values) in listed {
            let version = self.types[id].version.clone();
            let Some(candidates) = by_members.get(&(version, key(&mut values.iter()))) else {
                continue;
            };
            let [enum_id] = candidates[..] else { continue };
            let enum_name = self.types[enum_id].name.clone();
            let Some(p) = self.types[id]
                .properties
                .iter_mut()
                .find(|p| p.name == prop)
            else {
                continue;
            };
            let Some(t) = &p.type_ref else { continue };
            if t.element() != &crate::model::TypeRef::Primitive(crate::model::Edm::String) {
                continue;
            }
            let named = crate::model::TypeRef::Named(enum_name.clone());
            p.type_ref = Some(if t.is_collection() {
                crate::model::TypeRef::collection(named)
            } else {
                named
            });
            let source = p.source.clone();
            self.diagnostics.push(
                Diagnostic::new(
                    Code::StringEnum,
                    &source.file,
                    source.line,
                    format!("`{prop}` is typed String but lists exactly the members of `{enum_name}`; typed as that enum"),
                )
                .help(format!("link the enum in the Type cell: `[{}](…)`", crate::model::split_qualified(&enum_name).1)),
            );
        }
    }
}

fn quoted(names: &[&String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
