//! Inheritance: base types from the annotation, the prose, `Derived types` sections and
//! `Inherited from` rows (FORMAT.md §7, in that priority), the `entity` default for keyed
//! types, entity-or-complex kinds, and moving inherited rows to the ancestor they name.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::model::{Code, Diagnostic, TypeKind};
use crate::parse::type_cell::Mention;

use super::names::Resolved;
use super::Resolver;

const ENTITY: &str = "microsoft.graph.entity";

impl Resolver<'_> {
    pub(super) fn settle_inheritance(&mut self) {
        self.bases_from_pages();
        self.bases_from_derived_sections();
        self.bases_from_inherited_rows();
        self.default_entity_base();
        self.break_cycles();
        self.report_unknown_bases();
        self.decide_kinds();
        self.attribute_inherited_rows();
        self.drop_repeated_inherited();
    }

    fn resolve_base(&mut self, page: usize, m: &Mention) -> Option<String> {
        let ctx = self.ctx(page);
        match self.index.resolve(&ctx, &self.namespaces, m) {
            Resolved::Known(id) => Some(self.index.name(id).to_owned()),
            Resolved::Unknown(q) if !q.is_empty() => Some(q),
            Resolved::Unknown(_) => None,
        }
    }

    /// Annotation `baseType` and `Inherits from [x]` prose. Where both are present and the
    /// prose names a descendant of the annotation's base, the prose is more specific.
    fn bases_from_pages(&mut self) {
        let mut conflicts = Vec::new();
        for id in 0..self.types.len() {
            let Some(&(pi, ti)) = self.types[id].origins.first() else {
                continue;
            };
            let facts = &self.pages[pi].types[ti];
            let from_annotation = facts
                .annotation
                .as_ref()
                .and_then(|a| a.base_type.clone().flatten())
                .map(|b| Mention {
                    text: b,
                    ..Default::default()
                });
            let prose = facts.prose_base.clone();
            let own = self.types[id].name.clone();
            let a = from_annotation
                .and_then(|m| self.resolve_base(pi, &m))
                .filter(|b| !b.eq_ignore_ascii_case(&own));
            let p = prose
                .as_ref()
                .and_then(|(m, _)| self.resolve_base(pi, m))
                .filter(|b| !b.eq_ignore_ascii_case(&own));
            if let (Some(a), Some(p)) = (&a, &p) {
                if !a.eq_ignore_ascii_case(p) {
                    let line = prose.as_ref().map_or(0, |(_, l)| *l);
                    conflicts.push((id, pi, line, a.clone(), p.clone()));
                }
            }
            self.types[id].base = a.or(p);
        }
        // Decided once every other base is known.
        for (id, pi, line, a, p) in conflicts {
            let version = self.types[id].version.clone();
            let pick = if self.is_ancestor_name(&version, &p, &a) {
                p.clone()
            } else {
                a.clone()
            };
            self.diagnostics.push(
                Diagnostic::new(
                    Code::BaseConflict,
                    &self.pages[pi].file,
                    line,
                    format!("the annotation says the base type is `{a}`, the prose says `{p}`; `{pick}` is used"),
                )
                .help("make the annotation's `baseType` and the `Inherits from` sentence agree"),
            );
            self.types[id].base = Some(pick);
        }
    }

    /// Whether `ancestor` is on `name`'s base chain (by the bases known so far).
    fn is_ancestor_name(&self, version: &str, name: &str, ancestor: &str) -> bool {
        let mut seen = HashSet::default();
        let mut cur = self.index.get(version, name);
        while let Some(id) = cur {
            if !seen.insert(id) {
                return false;
            }
            let Some(base) = &self.types[id].base else {
                return false;
            };
            if base.eq_ignore_ascii_case(ancestor) {
                return true;
            }
            cur = self.index.get(version, base);
        }
        false
    }

    /// A `Derived types` section on a base page names its subtypes.
    fn bases_from_derived_sections(&mut self) {
        for id in 0..self.types.len() {
            let Some(&(pi, ti)) = self.types[id].origins.first() else {
                continue;
            };
            let derived = self.pages[pi].types[ti].derived.clone();
            for m in derived {
                let ctx = self.ctx(pi);
                if let Resolved::Known(d) = self.index.resolve(&ctx, &self.namespaces, &m) {
                    if d != id && self.types[d].base.is_none() && !self.types[d].is_enum {
                        self.types[d].base = Some(self.types[id].name.clone());
                    }
                }
            }
        }
    }

    /// With nothing else to go on, the ancestors `Inherited from` rows name: the most
    /// derived of them is the direct base.
    fn bases_from_inherited_rows(&mut self) {
        let mut named: HashMap<usize, Vec<usize>> = HashMap::default();
        for (id, a, _) in &self.inherited {
            if let Resolved::Known(a) = a {
                named.entry(*id).or_default().push(*a);
            }
        }
        let mut ids: Vec<_> = named.keys().copied().collect();
        ids.sort();
        for id in ids {
            if self.types[id].base.is_some() {
                continue;
            }
            let mut candidates = named[&id].clone();
            candidates.sort();
            candidates.dedup();
            candidates.retain(|c| *c != id && !self.types[*c].is_enum);
            // The most derived: the candidate with the most other candidates on its chain.
            let best = candidates
                .iter()
                .map(|c| {
                    let chain = self.chain(*c);
                    let depth = candidates.iter().filter(|o| chain.contains(o)).count();
                    (depth, std::cmp::Reverse(*c))
                })
                .zip(candidates.iter())
                .max_by_key(|(k, _)| *k)
                .map(|(_, c)| *c);
            if let Some(best) = best {
                self.types[id].base = Some(self.types[best].name.clone());
            }
        }
    }

    /// A keyed type with no other base derives from `microsoft.graph.entity`.
    fn default_entity_base(&mut self) {
        for b in &mut self.types {
            if b.keyed
                && b.base.is_none()
                && !b.no_base
                && !b.is_enum
                && !b.name.eq_ignore_ascii_case(ENTITY)
            {
                b.base = Some(ENTITY.to_owned());
            }
        }
    }

    /// The ids of a type's ancestors, nearest first (declared ancestors only).
    pub(super) fn chain(&self, id: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cur = id;
        while let Some(base) = &self.types[cur].base {
            match self.index.get(&self.types[cur].version, base) {
                Some(b) if !out.contains(&b) && b != id => {
                    out.push(b);
                    cur = b;
                }
                _ => break,
            }
        }
        out
    }

    fn report_unknown_bases(&mut self) {
        for b in &self.types {
            let Some(base) = &b.base else { continue };
            if self.index.get(&b.version, base).is_some() {
                continue;
            }
            self.diagnostics.push(
                Diagnostic::new(
                    Code::UnknownType,
                    &b.source.file,
                    b.source.line,
                    format!(
                        "base type `{base}` of `{}` is not defined by any page in the input",
                        b.name
                    ),
                )
                .help("add the base type's page to the docs, or fix the base type's name"),
            );
        }
    }

    fn break_cycles(&mut self) {
        for id in 0..self.types.len() {
            let mut seen = vec![id];
            let mut cur = id;
            while let Some(base) = self.types[cur].base.clone() {
                let Some(b) = self.index.get(&self.types[cur].version, &base) else {
                    break;
                };
                if seen.contains(&b) {
                    let file = self.types[cur].source.clone();
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::InheritanceCycle,
                            &file.file,
                            file.line,
                            format!("base types loop: `{}` derives from `{base}`, which derives from it; the base is dropped", self.types[cur].name),
                        )
                        .help("fix the base type in the annotation or the `Inherits from` sentence"),
                    );
                    self.types[cur].base = None;
                    break;
                }
                seen.push(b);
                cur = b;
            }
        }
    }

    /// Entity if keyed, if it has navigation properties, or if its base is an entity.
    fn decide_kinds(&mut self) {
        let own: Vec<bool> = self
            .types
            .iter()
            .map(|b| {
                b.keyed
                    || b.name.eq_ignore_ascii_case(ENTITY)
                    || b.properties.iter().any(|p| p.navigation)
            })
            .collect();
        for id in 0..self.types.len() {
            let entity = own[id] || self.chain(id).iter().any(|a| own[*a]);
            self.types[id].kind = if entity {
                TypeKind::Entity
            } else {
                TypeKind::Complex
            };
        }
    }

    /// `Inherited from [x]` rows belong to x: added there unless x (or its chain) has them.
    fn attribute_inherited_rows(&mut self) {
        let rows = std::mem::take(&mut self.inherited);
        for (id, ancestor, prop) in rows {
            let owner = match ancestor {
                Resolved::Known(a) if !self.types[a].is_enum => a,
                _ => {
                    // The ancestor is not in the input: keep the row unless the chain has it.
                    if !self.chain_has(id, &prop.name, false) {
                        self.types[id].properties.push(prop);
                    }
                    continue;
                }
            };
            if !self.chain_has(owner, &prop.name, true) {
                self.types[owner].properties.push(prop);
            }
        }
    }

    /// Whether the type (when `include_self`) or one of its ancestors has a property.
    pub(super) fn chain_has(&self, id: usize, name: &str, include_self: bool) -> bool {
        let mut ids = self.chain(id);
        if include_self {
            ids.insert(0, id);
        }
        ids.iter().any(|t| {
            self.types[*t]
                .properties
                .iter()
                .any(|p| p.name.eq_ignore_ascii_case(name))
        })
    }

    /// Pages repeat their ancestors' properties; the model keeps each on its owner.
    fn drop_repeated_inherited(&mut self) {
        for id in 0..self.types.len() {
            if self.types[id].base.is_none() {
                continue;
            }
            let chain = self.chain(id);
            let inherited: HashSet<String> = chain
                .iter()
                .flat_map(|a| {
                    self.types[*a]
                        .properties
                        .iter()
                        .map(|p| p.name.to_lowercase())
                })
                .collect();
            self.types[id]
                .properties
                .retain(|p| !inherited.contains(&p.name.to_lowercase()));
        }
    }

    /// Union cells (`[a](…) or [b](…)`) take the members' nearest common ancestor.
    pub(super) fn resolve_unions(&mut self) {
        let unions = std::mem::take(&mut self.unions);
        for (id, prop, candidates) in unions {
            let Some(first) = candidates.first() else {
                continue;
            };
            let mut lineage = vec![*first];
            lineage.extend(self.chain(*first));
            let common = lineage.into_iter().find(|a| {
                candidates
                    .iter()
                    .all(|c| c == a || self.chain(*c).contains(a))
            });
            let Some(common) = common else { continue };
            let name = self.types[common].name.clone();
            if let Some(p) = self.types[id]
                .properties
                .iter_mut()
                .find(|p| p.name == prop)
            {
                if let Some(t) = &mut p.type_ref {
                    *t = if t.is_collection() {
                        crate::model::TypeRef::collection(crate::model::TypeRef::Named(name))
                    } else {
                        crate::model::TypeRef::Named(name)
                    };
                }
            }
        }
    }
}
