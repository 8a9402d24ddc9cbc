//! Declares every type the pages define, so that links and names can find them.

use crate::model::{split_qualified, Code, Diagnostic, Source};
use crate::parse::{NamedBy, Role};

use super::names::clean_namespace;
use super::{Builder, Resolver};

impl Resolver<'_> {
    /// Namespace lines that are missing or misspelled.
    pub(super) fn check_namespaces(&mut self) {
        for (i, p) in self.pages.iter().enumerate() {
            let documents = !p.types.is_empty() || !p.enums.is_empty() || p.role == Role::Api;
            match &p.namespace {
                None if documents => self.diagnostics.push(
                    Diagnostic::new(
                        Code::Namespace,
                        &p.file,
                        p.title_line,
                        format!(
                            "page has no `Namespace:` line; assuming `{}`",
                            self.page_ns[i]
                        ),
                    )
                    .help(format!(
                        "add `Namespace: {}` under the title",
                        self.page_ns[i]
                    )),
                ),
                Some((written, line)) if *written != self.page_ns[i] => {
                    let fixed = &self.page_ns[i];
                    let why = if clean_namespace(written) != *written {
                        "is malformed"
                    } else {
                        "differs in case from the other pages"
                    };
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::Namespace,
                            &p.file,
                            *line,
                            format!("namespace `{written}` {why}; read as `{fixed}`"),
                        )
                        .help(format!("write `Namespace: {fixed}`")),
                    );
                }
                _ => {}
            }
        }
    }

    pub(super) fn declare_types(&mut self) {
        // Room for every type and enum section the pages document (a few merge): the
        // builders live to the end of resolve, and doubling would leave up to half unused.
        let documented: usize = self
            .pages
            .iter()
            .map(|p| p.types.len() + p.enums.len())
            .sum();
        self.types.reserve_exact(documented);
        for (pi, p) in self.pages.iter().enumerate() {
            for (ti, t) in p.types.iter().enumerate() {
                if t.name.is_empty() {
                    continue;
                }
                let name = if t.named_by == NamedBy::Annotation && t.name.contains('.') {
                    let (ns, local) = split_qualified(&t.name);
                    // `microsoft.graph.orgcontact` under the title `orgContact resource type`:
                    // an all-lower-case annotation name lost its capitals. (Titles are not
                    // better in general: many are lower-cased.)
                    let lost_case = local.chars().all(|c| !c.is_ascii_uppercase());
                    let camel = |t: &str| {
                        t.starts_with(|c: char| c.is_ascii_lowercase())
                            && t.contains(|c: char| c.is_ascii_uppercase())
                    };
                    let local = match &p.title_type {
                        Some(title)
                            if ti == 0
                                && lost_case
                                && camel(title)
                                && title.eq_ignore_ascii_case(local) =>
                        {
                            self.diagnostics.push(
                                Diagnostic::new(
                                    Code::NameCase,
                                    &p.file,
                                    t.line,
                                    format!("the annotation names `{local}`, the title `{title}`; the title's spelling is used"),
                                )
                                .help(format!("write `\"@odata.type\": \"{ns}.{title}\"`")),
                            );
                            title.as_str()
                        }
                        _ => local,
                    };
                    format!("{}.{local}", self.namespaces.canonical(ns))
                } else {
                    format!("{}.{}", self.page_ns[pi], t.name)
                };
                if t.named_by == NamedBy::Heading {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::NoTypeName,
                            &p.file,
                            t.line,
                            format!("type named `{name}` after its heading; the page has no resource annotation"),
                        )
                        .help("add a resource annotation with the type's `@odata.type`"),
                    );
                }
                let source = Source {
                    file: p.file.clone(),
                    line: t.line,
                };
                if let Some(id) = self.index.get(&p.version, &name) {
                    let existing = &mut self.types[id];
                    if existing.is_enum {
                        continue;
                    }
                    existing.pages.push(p.file.clone());
                    let first = existing.source.clone();
                    existing.origins.push((pi, ti));
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::DuplicateType,
                            &p.file,
                            t.line,
                            format!(
                                "`{name}` is also documented in {}:{}; both pages are read",
                                first.file, first.line
                            ),
                        )
                        .help("document each type on one page"),
                    );
                    if ti == 0 {
                        self.index.insert_page(&p.version, &p.key, id);
                    }
                    continue;
                }
                let id = self.types.len();
                let mut b = Builder::new(name.clone(), &p.version, source);
                b.origins.push((pi, ti));
                b.description = t.description.clone();
                b.product = p.product.clone();
                b.is_abstract = t.is_abstract;
                b.open = t.is_open;
                let has_id = t.rows.iter().any(|r| r.name == "id");
                let has_navigation = t.rows.iter().any(|r| r.navigation);
                // Entities have keys; pages without a `keyProperty` still show one by an
                // `id` row on a type with methods or relationships.
                b.keyed = has_id && (t.has_methods || has_navigation);
                if let Some(a) = &t.annotation {
                    b.open |= a.open_type;
                    b.keyed |= a.key_property.is_some();
                    b.no_base = a.base_type == Some(None);
                }
                self.types.push(b);
                self.index.insert(&p.version, &name, id);
                if ti == 0 {
                    self.index.insert_page(&p.version, &p.key, id);
                }
            }
        }
    }

    /// A type an api page returns for a request whose path ends in a key (`/{id}`) is
    /// addressable by key: an entity, even where its page has no `keyProperty`.
    pub(super) fn keys_from_api_pages(&mut self) {
        use crate::parse::type_cell::Mention;
        for pi in 0..self.pages.len() {
            let p = &self.pages[pi];
            let Some(op) = &p.operation else { continue };
            let Some(response) = &op.response_type else {
                continue;
            };
            let keyed_path = op.requests.iter().any(|(method, path, _)| {
                method == "GET"
                    && path.as_deref().is_some_and(|path| {
                        let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
                        last.starts_with('{') && last.ends_with('}')
                    })
            });
            if !keyed_path {
                continue;
            }
            let m = Mention {
                text: response.clone(),
                ..Default::default()
            };
            let ctx = self.ctx(pi);
            if let super::names::Resolved::Known(id) =
                self.index.resolve(&ctx, &self.namespaces, &m)
            {
                if !self.types[id].is_enum {
                    self.types[id].keyed = true;
                }
            }
        }
    }

    pub(super) fn declare_enums(&mut self) {
        for (pi, p) in self.pages.iter().enumerate() {
            for e in &p.enums {
                let name = if e.name.to_lowercase().starts_with("microsoft.") {
                    let (ns, local) = split_qualified(&e.name);
                    format!("{}.{local}", self.namespaces.canonical(ns))
                } else {
                    format!("{}.{}", self.page_ns[pi], e.name)
                };
                let list: Vec<String> = e.members.iter().map(|m| m.name.clone()).collect();
                let id = match self.index.get(&p.version, &name) {
                    Some(id) if self.types[id].is_enum => {
                        let b = &mut self.types[id];
                        if !b.pages.contains(&p.file) {
                            b.pages.push(p.file.clone());
                        }
                        for m in &e.members {
                            if !b.members.iter().any(|x| x.name == m.name) {
                                b.members.push(m.clone());
                            }
                        }
                        id
                    }
                    Some(id) => {
                        let other = self.types[id].source.clone();
                        self.diagnostics.push(
                            Diagnostic::new(
                                Code::DuplicateType,
                                &p.file,
                                e.line,
                                format!("enum `{name}` has the name of the type documented in {}:{}; the enum is ignored", other.file, other.line),
                            )
                            .help("rename the enum section to the enum's real name"),
                        );
                        continue;
                    }
                    None => {
                        let id = self.types.len();
                        let mut b = Builder::new(
                            name.clone(),
                            &p.version,
                            Source {
                                file: p.file.clone(),
                                line: e.line,
                            },
                        );
                        b.is_enum = true;
                        b.product = p.product.clone();
                        b.members = e.members.clone();
                        self.types.push(b);
                        self.index.insert(&p.version, &name, id);
                        id
                    }
                };
                self.types[id]
                    .member_sources
                    .push((p.file.clone(), e.line, true, list));
                self.index.insert_anchor(&p.version, &p.key, &e.anchor, id);
                if p.types.is_empty() && p.enums.len() == 1 {
                    self.index.insert_page(&p.version, &p.key, id);
                }
            }
        }
    }
}
