//! Api pages → operations; update pages joined to the resource they change (intro link,
//! then file name, then the response's `@odata.type`: FORMAT.md §12).

use rayon::prelude::*;

use crate::model::{BodySource, Code, Diagnostic, Edm, Operation, Property, Source, TypeRef};
use crate::parse::type_cell::Mention;
use crate::parse::Role;

use super::names::Resolved;
use super::Resolver;

impl Resolver<'_> {
    pub(super) fn build_operations(&mut self) {
        // Each page's operations read the finished types only: made on all cores, filed in
        // page order with their diagnostics.
        let made: Vec<(Vec<Operation>, Vec<Diagnostic>)> = (0..self.pages.len())
            .into_par_iter()
            .map(|pi| {
                let mut diagnostics = Vec::new();
                let operations = self.page_operations(pi, &mut diagnostics);
                (operations, diagnostics)
            })
            .collect();
        self.operations
            .reserve(made.iter().map(|(o, _)| o.len()).sum::<usize>());
        for (operations, diagnostics) in made {
            self.operations.extend(operations);
            self.diagnostics.extend(diagnostics);
        }
    }

    fn page_operations(&self, pi: usize, diagnostics: &mut Vec<Diagnostic>) -> Vec<Operation> {
        let p = &self.pages[pi];
        let mut operations = Vec::new();
        if p.role != Role::Api {
            return operations;
        }
        let Some(op) = &p.operation else {
            return operations;
        };
        let mut methods: Vec<String> = Vec::new();
        for (m, _, _) in &op.requests {
            if !methods.contains(m) {
                methods.push(m.clone());
            }
        }
        // Sized exactly: one page's list lives until every page's is made, and an
        // unsized first push makes room for four.
        operations.reserve_exact(methods.len());
        let response = self.response_type(pi);
        for method in methods {
            let paths: Vec<String> = op
                .requests
                .iter()
                .filter(|(m, _, _)| *m == method)
                .filter_map(|(_, path, _)| path.clone())
                .collect();
            let line = op
                .requests
                .iter()
                .find(|(m, _, _)| *m == method)
                .map_or(1, |(_, _, l)| *l);
            let mut operation = Operation {
                method: method.clone(),
                version: p.version.clone(),
                paths,
                target: None,
                source: Source {
                    file: p.file.clone(),
                    line,
                },
                title: p.title.clone(),
                body: Vec::new(),
                body_source: BodySource::None,
                sends_odata_type: op.sends_odata_type,
                response: response.clone(),
            };
            match method.as_str() {
                "PATCH" => self.join_update(pi, &mut operation, diagnostics),
                "POST" | "PUT" => self.table_body(pi, &mut operation, diagnostics),
                _ => {}
            }
            operations.push(operation);
        }
        operations
    }

    fn join_update(&self, pi: usize, operation: &mut Operation, diagnostics: &mut Vec<Diagnostic>) {
        let p = &self.pages[pi];
        let op = p.operation.as_ref().expect("api page");
        let target = self.update_target(pi);
        let Some(target) = target else {
            diagnostics.push(
                Diagnostic::new(
                    Code::NoPatchTarget,
                    &p.file,
                    operation.source.line,
                    "update page names no resource page the generator can find".to_owned(),
                )
                .help("link the resource in the first sentence: `Update the properties of a [x](../resources/x.md) object.`"),
            );
            return;
        };
        operation.target = Some(self.types[target].name.clone());
        match &op.body {
            Some(rows) => {
                operation.body_source = BodySource::Table;
                for row in rows {
                    let (prop, _) = self.row_property(pi, row, diagnostics);
                    if !self.chain_has(target, &prop.name, true) {
                        diagnostics.push(
                            Diagnostic::new(
                                Code::UnknownBodyProperty,
                                &p.file,
                                row.line,
                                format!(
                                    "request body names `{}`, which `{}` does not document",
                                    prop.name, self.types[target].name
                                ),
                            )
                            .column(row.column)
                            .help("document the property on the resource page, or fix its name"),
                        );
                    }
                    if operation
                        .body
                        .iter()
                        .any(|b: &Property| b.name == prop.name)
                    {
                        continue;
                    }
                    operation.body.push(prop);
                }
            }
            None => {
                operation.body_source = BodySource::TargetProperties;
                let mut ids = self.chain(target);
                ids.reverse();
                ids.push(target);
                for id in ids {
                    for prop in &self.types[id].properties {
                        if prop.read_only
                            || prop.navigation
                            || operation.body.iter().any(|b| b.name == prop.name)
                        {
                            continue;
                        }
                        let mut prop = prop.clone();
                        prop.required = false;
                        operation.body.push(prop);
                    }
                }
            }
        }
    }

    /// A create, replace or action page's Request body table: its rows, as they are (read
    /// where the examples are kept, for `lint`).
    fn table_body(&self, pi: usize, operation: &mut Operation, diagnostics: &mut Vec<Diagnostic>) {
        let op = self.pages[pi].operation.as_ref();
        if let Some(m) = op.and_then(|op| op.body_representation.as_ref()) {
            // The linked page first: prose links say "a [message](chatmessage.md)", where a
            // type cell's text would name the type.
            let by_page = Mention {
                text: String::new(),
                ..m.clone()
            };
            let ctx = self.ctx(pi);
            let resolved = match self.index.resolve(&ctx, &self.namespaces, &by_page) {
                Resolved::Unknown(_) => self.index.resolve(&ctx, &self.namespaces, m),
                known => known,
            };
            if let Resolved::Known(id) = resolved {
                if !self.types[id].is_enum {
                    operation.target = Some(self.types[id].name.clone());
                }
            }
        }
        let Some(rows) = op
            .and_then(|op| op.body.as_ref())
            .filter(|rows| !rows.is_empty())
        else {
            return;
        };
        operation.body_source = BodySource::Table;
        for row in rows {
            let (prop, _) = self.row_property(pi, row, diagnostics);
            if !operation.body.iter().any(|b| b.name == prop.name) {
                operation.body.push(prop);
            }
        }
    }

    /// What the page's first response annotation declares (`Collection(…)` where it says
    /// `isCollection`), if the docs define that type.
    fn response_type(&self, pi: usize) -> Option<TypeRef> {
        let op = self.pages[pi].operation.as_ref()?;
        let text = op.response_type.as_deref()?;
        let (text, collection) = match text
            .strip_prefix("Collection(")
            .and_then(|t| t.strip_suffix(')'))
        {
            Some(inner) => (inner, true),
            None => (text, op.response_collection),
        };
        let element = match text.strip_prefix("Edm.").and_then(Edm::from_name) {
            Some(edm) => TypeRef::Primitive(edm),
            None => {
                let m = Mention {
                    text: text.to_owned(),
                    ..Default::default()
                };
                match self.index.resolve(&self.ctx(pi), &self.namespaces, &m) {
                    Resolved::Known(id) => TypeRef::Named(self.types[id].name.clone()),
                    Resolved::Unknown(_) => return None,
                }
            }
        };
        Some(if collection {
            TypeRef::collection(element)
        } else {
            element
        })
    }

    /// The type an update page changes.
    fn update_target(&self, pi: usize) -> Option<usize> {
        let p = &self.pages[pi];
        let op = p.operation.as_ref()?;
        let ctx = self.ctx(pi);
        let is_struct = |id: usize| !self.types[id].is_enum;
        if let Some(m) = &op.intro_target {
            if let Resolved::Known(id) = self.index.resolve(&ctx, &self.namespaces, m) {
                if is_struct(id) {
                    return Some(id);
                }
            }
        }
        let stem = p.key.strip_suffix(".md").unwrap_or(&p.key);
        for suffix in ["-update", "-patch"] {
            if let Some(resource) = stem.strip_suffix(suffix) {
                if let Some(id) = self.index.page_type(&p.version, &format!("{resource}.md")) {
                    if is_struct(id) {
                        return Some(id);
                    }
                }
            }
        }
        let response = op.response_type.as_ref()?;
        let m = Mention {
            text: response.clone(),
            ..Default::default()
        };
        match self.index.resolve(&ctx, &self.namespaces, &m) {
            Resolved::Known(id) if is_struct(id) => Some(id),
            _ => None,
        }
    }
}
