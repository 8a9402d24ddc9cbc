//! Table rows → properties with resolved types; enums known only from descriptions.

use rayon::prelude::*;

use crate::model::{Code, Diagnostic, Edm, Property, Source, TypeRef};
use crate::parse::type_cell::CellType;
use crate::parse::{PageFacts, RowFacts};

use super::names::Resolved;
use super::{Builder, Resolver};

/// A table row read on its own, waiting to be filed under its type.
struct ReadRow<'a> {
    page: usize,
    row: &'a RowFacts,
    prop: Property,
    union: Option<Vec<usize>>,
    /// The ancestor an `Inherited from` row names, resolved.
    ancestor: Option<Resolved>,
    diagnostics: Vec<Diagnostic>,
}

/// The CSDL's open type for untyped JSON.
pub const JSON_TYPE: &str = "microsoft.graph.Json";

impl<'a> Resolver<'a> {
    fn row_diag(
        &self,
        page: usize,
        row: &RowFacts,
        column: u32,
        code: Code,
        message: String,
        help: &str,
    ) -> Diagnostic {
        Diagnostic::new(code, &self.pages[page].file, row.line, message)
            .column(column)
            .help(help)
    }

    /// A type cell naming an enum that no page defines, whose description lists the
    /// members (`runStatus` in the stubs), declares that enum in the page's namespace.
    pub(super) fn enums_from_descriptions(&mut self) {
        for (pi, p) in self.pages.iter().enumerate() {
            for t in &p.types {
                for row in t.rows.iter().filter(|r| r.values.len() >= 2) {
                    let CellType::Named(m) = &row.cell.ty else {
                        continue;
                    };
                    let ctx = self.ctx(pi);
                    let resolved = self.index.resolve(&ctx, &self.namespaces, m);
                    let id = match resolved {
                        Resolved::Known(id) if self.types[id].is_enum => id,
                        Resolved::Known(_) => continue,
                        Resolved::Unknown(q) if q.is_empty() => continue,
                        Resolved::Unknown(q) => {
                            let id = self.types.len();
                            let mut b = Builder::new(
                                q.clone(),
                                &p.version,
                                Source {
                                    file: p.file.clone(),
                                    line: row.line,
                                },
                            );
                            b.is_enum = true;
                            b.product = p.product.clone();
                            self.types.push(b);
                            self.index.insert(&p.version, &q, id);
                            let d = self.row_diag(
                                pi,
                                row,
                                row.cell_column,
                                Code::EnumFromDescription,
                                format!("enum `{q}` is known only from this description; no page or `{} values` section defines it", m.text),
                                "add the enum to the namespace's enums page",
                            );
                            self.diagnostics.push(d);
                            id
                        }
                    };
                    let b = &mut self.types[id];
                    if !b.pages.contains(&p.file) {
                        b.pages.push(p.file.clone());
                    }
                    b.member_sources
                        .push((p.file.clone(), row.line, false, row.values.clone()));
                }
            }
        }
    }

    pub(super) fn build_properties(&mut self) {
        // Reading a row (its type resolved through the index) needs nothing but the index,
        // so the rows of a batch of types are read on all cores; they are then filed one
        // type after another, in the order and with the diagnostics a single pass would
        // give. Batches keep the rows read but not yet filed few, their memory reused. (Batches
        // of 256 types, tried, made resolve slower: 0.104 s against 0.067 s, median of 9.)
        const BATCH: usize = 512;
        for first in (0..self.types.len()).step_by(BATCH) {
            let ids = first..(first + BATCH).min(self.types.len());
            let read = self.read_rows(ids.clone());
            self.file_rows(ids.zip(read));
        }
    }

    /// The rows of the types `ids`, read (in parallel).
    fn read_rows(&self, ids: std::ops::Range<usize>) -> Vec<Vec<ReadRow<'a>>> {
        let pages: &'a [PageFacts] = self.pages;
        ids.into_par_iter()
            .map(|id| {
                let mut rows = Vec::new();
                for &(pi, ti) in &self.types[id].origins {
                    for row in &pages[pi].types[ti].rows {
                        let mut diagnostics = Vec::new();
                        let (prop, union) = self.row_property(pi, row, &mut diagnostics);
                        let ancestor = row
                            .inherited_from
                            .as_ref()
                            .map(|a| self.index.resolve(&self.ctx(pi), &self.namespaces, a));
                        rows.push(ReadRow {
                            page: pi,
                            row,
                            prop,
                            union,
                            ancestor,
                            diagnostics,
                        });
                    }
                }
                rows
            })
            .collect()
    }

    /// Files read rows under their types: properties, inherited rows, unions, lists.
    fn file_rows(&mut self, read: impl Iterator<Item = (usize, Vec<ReadRow<'a>>)>) {
        for (id, rows) in read {
            // Most rows become the type's own properties, which the model keeps to the
            // end: room for them at once, not doubled push by push.
            self.types[id].properties.reserve_exact(rows.len());
            for r in rows {
                let ReadRow {
                    page: pi,
                    row,
                    prop,
                    union,
                    ancestor,
                    diagnostics,
                } = r;
                self.diagnostics.extend(diagnostics);
                if let Some(a) = ancestor {
                    if a != Resolved::Known(id) {
                        if let Some(u) = union {
                            if let Resolved::Known(a) = a {
                                self.unions.push((a, prop.name.clone(), u));
                            }
                        }
                        self.inherited.push((id, a, prop));
                        continue;
                    }
                }
                let props = &self.types[id].properties;
                if let Some(first) = props.iter().find(|p| p.name == prop.name) {
                    let d = self.row_diag(
                        pi,
                        row,
                        row.column,
                        Code::DuplicateProperty,
                        format!(
                            "`{}` is listed again (first at line {}); the first row is kept",
                            prop.name, first.source.line
                        ),
                        "remove the repeated row",
                    );
                    self.diagnostics.push(d);
                    continue;
                }
                if let Some(u) = union {
                    self.unions.push((id, prop.name.clone(), u));
                }
                if row.values.len() >= 2 {
                    self.listed
                        .push((id, prop.name.clone(), row.values.clone()));
                }
                self.types[id].properties.push(prop);
            }
        }
    }

    /// One row → a property; for union cells also the candidate types.
    pub(super) fn row_property(
        &self,
        page: usize,
        row: &RowFacts,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> (Property, Option<Vec<usize>>) {
        let (type_ref, union) = self.cell_type(page, row, diagnostics);
        let f = &row.flags;
        let required = row.required_column.unwrap_or(f.required && !f.optional);
        (
            Property {
                name: row.name.clone(),
                type_ref,
                navigation: row.navigation,
                required,
                nullable: f.nullable,
                read_only: f.read_only,
                deprecated: f.deprecated,
                description: row.description.clone(),
                source: Source {
                    file: self.pages[page].file.clone(),
                    line: row.line,
                },
            },
            union,
        )
    }

    fn cell_type(
        &self,
        page: usize,
        row: &RowFacts,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> (Option<TypeRef>, Option<Vec<usize>>) {
        let cell = &row.cell;
        let col = row.cell_column;
        if cell.unknown_marker {
            let d = self.row_diag(
                page,
                row,
                col,
                Code::UnknownTypeMarker,
                format!(
                    "type cell is an auto-generated `Unknown Type` marker: `{}`",
                    row.cell_text
                ),
                "link the type's page, e.g. `[publicError](../resources/publicerror.md)`",
            );
            diagnostics.push(d);
        }
        if cell.from_prose {
            let d = self.row_diag(
                page,
                row,
                col,
                Code::FreeTextType,
                format!(
                    "type cell holds prose; the type was picked from it: `{}`",
                    row.cell_text
                ),
                "put the description in the Description column and only the type in Type",
            );
            diagnostics.push(d);
        }
        let mut union = None;
        let element = match &cell.ty {
            CellType::Primitive(e) => Some(TypeRef::Primitive(*e)),
            CellType::Json => Some(TypeRef::Named(JSON_TYPE.to_owned())),
            CellType::Named(m) => {
                let ctx = self.ctx(page);
                match self.index.resolve(&ctx, &self.namespaces, m) {
                    Resolved::Known(id) => Some(TypeRef::Named(self.index.name(id).to_owned())),
                    Resolved::Unknown(q) if !q.is_empty() => {
                        let d = self.row_diag(
                            page,
                            row,
                            col,
                            Code::UnknownType,
                            format!("type `{q}` is not defined by any page in the input"),
                            "add the type's page to the docs, or fix the name or link in the Type cell",
                        );
                        diagnostics.push(d);
                        Some(TypeRef::Named(q))
                    }
                    Resolved::Unknown(_) => {
                        let d = self.row_diag(
                            page,
                            row,
                            col,
                            Code::FreeTextType,
                            format!("`{}` does not name a type", m.text),
                            "write a type name or a link to the type's page",
                        );
                        diagnostics.push(d);
                        None
                    }
                }
            }
            CellType::Union(ms) => {
                let ctx = self.ctx(page);
                let ids: Vec<usize> = ms
                    .iter()
                    .filter_map(|m| match self.index.resolve(&ctx, &self.namespaces, m) {
                        Resolved::Known(id) => Some(id),
                        Resolved::Unknown(_) => None,
                    })
                    .collect();
                let names: Vec<String> = ms.iter().map(|m| m.text.clone()).collect();
                let d = self.row_diag(
                    page,
                    row,
                    col,
                    Code::UnionType,
                    format!("type cell names several types ({}); their common base type is used", names.join(", ")),
                    "name the one declared type (usually the common base) and list the others in the description",
                );
                diagnostics.push(d);
                let first = ids
                    .first()
                    .map(|id| TypeRef::Named(self.index.name(*id).to_owned()));
                union = Some(ids);
                first
            }
            CellType::Empty => {
                let d = self.row_diag(
                    page,
                    row,
                    col,
                    Code::EmptyType,
                    format!("`{}` has an empty Type cell", row.name),
                    "write the property's type",
                );
                diagnostics.push(d);
                None
            }
            CellType::FreeText(t) => {
                let d = self.row_diag(
                    page,
                    row,
                    col,
                    Code::FreeTextType,
                    format!("type cell `{t}` names no type"),
                    "write a type name (`String`, `[identitySet](identityset.md)`, …)",
                );
                diagnostics.push(d);
                None
            }
        };
        let ty = element.map(|e| {
            if cell.collection && e != TypeRef::Primitive(Edm::Stream) {
                TypeRef::collection(e)
            } else {
                e
            }
        });
        (ty, union)
    }
}

impl Resolver<'_> {
    /// The JSON representation fills gaps: members no table lists (on the type or its
    /// ancestors) are added when their placeholder value names a type, and rows whose Type
    /// cell was unusable take the type the placeholder suggests.
    pub(super) fn fill_from_json(&mut self) {
        use crate::parse::JsonHint;
        for id in 0..self.types.len() {
            let Some(&(pi, ti)) = self.types[id].origins.first() else {
                continue;
            };
            let hints = &self.pages[pi].types[ti].json_hints;
            for h in hints {
                let element = match &h.hint {
                    JsonHint::Primitive(e) => Some(TypeRef::Primitive(*e)),
                    JsonHint::Json => Some(TypeRef::Named(JSON_TYPE.to_owned())),
                    JsonHint::Named(n) => {
                        let ctx = self.ctx(pi);
                        self.index
                            .lookup(&ctx, &self.namespaces, n)
                            .map(|t| TypeRef::Named(self.index.name(t).to_owned()))
                    }
                    JsonHint::Unknown => None,
                };
                let Some(element) = element else { continue };
                let ty = if h.collection {
                    TypeRef::collection(element)
                } else {
                    element
                };
                if let Some(p) = self.types[id]
                    .properties
                    .iter_mut()
                    .find(|p| p.name.eq_ignore_ascii_case(&h.name))
                {
                    if p.type_ref.is_none() {
                        p.type_ref = Some(ty);
                    }
                    continue;
                }
                if self.chain_has(id, &h.name, false) || !super::names::is_type_name(&h.name) {
                    continue;
                }
                let file = self.pages[pi].file.clone();
                let line = self.types[id].source.line;
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::JsonOnlyProperty,
                        &file,
                        line,
                        format!("`{}` appears only in the JSON representation; typed `{ty}` from its example value", h.name),
                    )
                    .help("add the property to the Properties table"),
                );
                self.types[id].properties.push(Property {
                    name: h.name.clone(),
                    type_ref: Some(ty),
                    navigation: false,
                    required: false,
                    nullable: None,
                    read_only: false,
                    deprecated: false,
                    description: String::new(),
                    source: Source { file, line },
                });
            }
        }
    }
}
