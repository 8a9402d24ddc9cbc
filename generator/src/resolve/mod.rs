//! Resolve: all page facts → one [`Model`]. The only stage that sees every page.
//!
//! Order matters and is fixed: declare every type (so links can find them), create enums
//! known only from descriptions, resolve property types, settle inheritance (which moves
//! `Inherited from` rows to their ancestors), fill gaps from JSON blocks, merge enums, join
//! update pages to their targets, check links.

mod declare;
mod enums;
mod inheritance;
mod links;
pub mod names;
mod operations;
mod properties;

use rayon::prelude::*;

use crate::model::{Diagnostic, EnumMember, Model, Operation, Property, Source, TypeDef, TypeKind};
use crate::parse::PageFacts;

use names::{Context, Namespaces, TypeIndex};

/// A type while it is being assembled.
#[derive(Clone, Debug)]
struct Builder {
    name: String,
    version: String,
    /// `Some(Enum)` for enums; entity or complex is decided once bases are known.
    is_enum: bool,
    source: Source,
    pages: Vec<String>,
    /// (page index, index into that page's `types`) of each defining page, first the primary.
    origins: Vec<(usize, usize)>,
    description: Option<String>,
    product: Option<String>,
    is_abstract: bool,
    open: bool,
    keyed: bool,
    /// The annotation says `"baseType": null`: no default or inferred base applies.
    no_base: bool,
    base: Option<String>,
    properties: Vec<Property>,
    members: Vec<EnumMember>,
    /// Each source of the members, for conflict reports: (file, line, from a table, names).
    member_sources: Vec<(String, u32, bool, Vec<String>)>,
    kind: TypeKind,
}

impl Builder {
    fn new(name: String, version: &str, source: Source) -> Self {
        Builder {
            pages: vec![source.file.clone()],
            name,
            version: version.to_owned(),
            is_enum: false,
            source,
            origins: Vec::new(),
            description: None,
            product: None,
            is_abstract: false,
            open: false,
            keyed: false,
            no_base: false,
            base: None,
            properties: Vec::new(),
            members: Vec::new(),
            member_sources: Vec::new(),
            kind: TypeKind::Complex,
        }
    }
}

struct Resolver<'a> {
    pages: &'a [PageFacts],
    namespaces: Namespaces,
    /// Namespace of each page.
    page_ns: Vec<String>,
    index: TypeIndex,
    types: Vec<Builder>,
    operations: Vec<Operation>,
    diagnostics: Vec<Diagnostic>,
    /// `Inherited from [x]` rows, held until bases are known: (type id, ancestor, property).
    inherited: Vec<(usize, names::Resolved, Property)>,
    /// String properties whose description lists values: (type id, property name, values).
    listed: Vec<(usize, String, Vec<String>)>,
    /// Union-typed properties: (type id, property name, candidate type ids).
    unions: Vec<(usize, String, Vec<usize>)>,
}

impl<'a> Resolver<'a> {
    fn ctx(&self, page: usize) -> Context<'_> {
        let p = &self.pages[page];
        Context {
            version: &p.version,
            namespace: &self.page_ns[page],
            folder: p.folder.as_str(),
            page_key: &p.key,
        }
    }
}

/// Builds the model from every page's facts.
pub fn resolve(pages: &[PageFacts]) -> Model {
    let namespaces = Namespaces::learn(pages);
    let page_ns = pages.par_iter().map(|p| namespaces.of_page(p)).collect();
    let mut r = Resolver {
        pages,
        namespaces,
        page_ns,
        index: TypeIndex::default(),
        types: Vec::new(),
        operations: Vec::new(),
        diagnostics: pages.iter().flat_map(|p| p.diagnostics.clone()).collect(),
        inherited: Vec::new(),
        listed: Vec::new(),
        unions: Vec::new(),
    };
    // Most steps below run on one core; the link check needs nothing of theirs and takes
    // the other meanwhile. Its reports join the others at the end, as if made there.
    let (missing_pages, ()) = rayon::join(
        || links::check_links(pages),
        || {
            r.check_namespaces();
            r.declare_types();
            r.declare_enums();
            r.keys_from_api_pages();
            r.enums_from_descriptions();
            r.build_properties();
            r.settle_inheritance();
            r.fill_from_json();
            r.resolve_unions();
            r.check_enum_sources();
            r.enums_for_string_properties();
            r.build_operations();
        },
    );
    r.diagnostics.extend(missing_pages);
    r.finish()
}

impl Resolver<'_> {
    fn finish(self) -> Model {
        let mut types: Vec<TypeDef> = self
            .types
            .into_iter()
            .map(|b| TypeDef {
                name: b.name,
                kind: if b.is_enum { TypeKind::Enum } else { b.kind },
                version: b.version,
                base: b.base,
                is_abstract: b.is_abstract,
                open: b.open,
                source: b.source,
                pages: b.pages,
                description: b.description,
                product: b.product,
                properties: b.properties,
                members: b.members,
            })
            .collect();
        let mut operations = self.operations;
        let mut diagnostics = self.diagnostics;
        // Three independent sorts, side by side.
        rayon::join(
            || types.sort_by(|a, b| (&a.version, &a.name).cmp(&(&b.version, &b.name))),
            || {
                rayon::join(
                    || {
                        operations.sort_by(|a, b| {
                            (&a.version, &a.source, &a.method)
                                .cmp(&(&b.version, &b.source, &b.method))
                        })
                    },
                    || {
                        diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
                        diagnostics.dedup();
                    },
                )
            },
        );
        Model {
            types,
            operations,
            diagnostics,
        }
    }
}
