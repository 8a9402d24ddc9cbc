//! The type space: every generated item by id, with its Rust module, name, fields or
//! variants, decided once (typify style) before any tokens are written.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use proc_macro2::TokenStream;
use quote::quote;
use rayon::prelude::*;

use crate::model::{
    split_qualified, Code, Diagnostic, Edm, Model, Property, TypeDef, TypeKind, TypeRef,
};

use super::names::{camel, ident, snake, Scope};

/// The field that keeps unknown members.
pub const EXTRA_FIELD: &str = "extra";
/// The enum variant that keeps values the docs do not list.
pub const CATCH_ALL: &str = "Unrecognized";
const JSON_TYPE: &str = "microsoft.graph.Json";

pub type TypeId = usize;

/// Names the generated code uses unqualified: the prelude's, and `rt` for the runtime.
const RESERVED_TYPE_NAMES: [&str; 11] = [
    "Option", "Some", "None", "String", "Vec", "Box", "Result", "Ok", "Err", "Self", "rt",
];

/// A module path below the crate root: the version module, then namespace segments.
pub type ModulePath = Vec<String>;

pub struct Item<'m> {
    pub def: &'m TypeDef,
    pub module: ModulePath,
    pub name: String,
    pub fields: Vec<Field>,
    pub variants: Vec<Variant>,
    /// The area feature this type belongs to (`beta-outlook`).
    pub feature: String,
    /// Types this item's code names (field types, PATCH body types): they must be compiled
    /// whenever this one is.
    pub refs: Vec<TypeId>,
    /// The `Any…` enum of a type that other types derive from (an index into
    /// [`Space::anys`]): wherever the docs declare this type, values are read and written
    /// through it.
    pub any: Option<usize>,
}

/// The enum that stands for a type other types derive from: a boxed variant for the type
/// itself and for each type derived from it, directly or not. Only the variants whose types
/// are compiled exist (each has its type's `cfg`), so an area feature does not pull in every
/// descendant of the bases it uses.
pub struct AnyItem {
    /// The declared type.
    pub base: TypeId,
    pub name: String,
    /// The base first, then its descendants by qualified name.
    pub variants: Vec<AnyVariant>,
    /// The base's fields (indexes into its `fields`) that every variant has alike, with the
    /// name of their accessor on the enum.
    pub shared: Vec<(usize, String)>,
    /// A PATCH body takes it: each variant's type converts into `Patch<Any…>`.
    pub in_patch: bool,
}

pub struct AnyVariant {
    pub ident: String,
    pub item: TypeId,
}

/// Methods users call on an `Any…` enum through the traits it implements: an accessor of a
/// shared member with one of these names would shadow it, so that member gets none.
const ANY_METHODS: [&str; 15] = [
    "type_name",
    "extra",
    "visit",
    "read_variant",
    "clone",
    "clone_from",
    "eq",
    "ne",
    "fmt",
    "from",
    "into",
    "default",
    "serialize",
    "deserialize",
    "to_owned",
];

pub struct Field {
    pub json: String,
    pub ident: String,
    /// The field's type (without `Option`).
    pub ty: RustType,
    pub doc: Vec<String>,
    /// The struct a single (non-collection) value of this field holds, for cycle detection.
    pub holds: Option<TypeId>,
}

/// A field's Rust type, as data: tokens are made from it where they are needed (tokens
/// cannot cross threads, and files are formatted in parallel).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RustType {
    Primitive(Edm),
    Item(TypeId),
    /// The `Any…` enum of a type other types derive from (the type's id).
    Any(TypeId),
    /// `serde_json::Value`: untyped JSON, streams, and types no page defines.
    Value,
    Vec(Box<RustType>),
    Boxed(Box<RustType>),
}

pub struct Variant {
    pub ident: String,
    pub json: String,
    pub doc: Vec<String>,
}

pub struct PatchItem {
    pub target: TypeId,
    pub name: String,
    pub odata_type: Option<String>,
    pub required: Vec<Field>,
    pub optional: Vec<Field>,
    /// The update pages it serialises for.
    pub pages: Vec<String>,
    pub titles: Vec<String>,
}

/// What one type contributes: its fields or variants, the types they use, and diagnostics.
#[derive(Default)]
struct Members {
    fields: Vec<Field>,
    variants: Vec<Variant>,
    refs: Vec<TypeId>,
    diagnostics: Vec<Diagnostic>,
}

pub struct Space<'m> {
    pub items: Vec<Item<'m>>,
    pub anys: Vec<AnyItem>,
    pub patches: Vec<PatchItem>,
    pub diagnostics: Vec<Diagnostic>,
    by_name: HashMap<(&'m str, &'m str), TypeId>,
}

/// The area of a type, the unit of the crate's features: a sub-namespace is one area
/// (`call-records`); the `microsoft.graph` root is split by the defining page's product
/// (`ms.prod`: `outlook`, `microsoft-teams`, …), Intune pages by their file's second word
/// (`intune-deviceconfig`), `non-product-specific` pages are `core`, the rest `other`.
pub fn area_of(def: &TypeDef) -> String {
    let (ns, _) = split_qualified(&def.name);
    let kebab = |s: &str| {
        heck::AsKebabCase(s.replace(|c: char| !c.is_ascii_alphanumeric(), " ")).to_string()
    };
    if ns != "microsoft.graph" {
        let sub = ns.strip_prefix("microsoft.graph.").unwrap_or(ns);
        return kebab(sub);
    }
    let file = def.source.file.rsplit('/').next().unwrap_or("");
    if let Some(rest) = file.strip_prefix("intune-") {
        let word = rest.split(['-', '.']).next().unwrap_or("shared");
        return format!("intune-{}", kebab(word));
    }
    match def.product.as_deref().map(kebab).as_deref() {
        None | Some("") => "other".to_owned(),
        Some("non-product-specific") => "core".to_owned(),
        Some(p) => p.to_owned(),
    }
}

/// `v1.0` → `v1_0`.
pub fn version_module(version: &str) -> String {
    snake(version)
}

/// The module path of a namespace in a version: `microsoft.graph` is the version's root,
/// `microsoft.graph.industryData` is `industry_data` below it.
pub fn module_of(version: &str, namespace: &str) -> ModulePath {
    let mut path = vec![version_module(version)];
    let rest = namespace
        .strip_prefix("microsoft.graph")
        .map(|r| r.trim_start_matches('.'))
        .unwrap_or(namespace);
    path.extend(rest.split('.').filter(|s| !s.is_empty()).map(snake));
    path
}

impl<'m> Space<'m> {
    pub fn build(model: &'m Model) -> Self {
        let mut space = Space {
            items: Vec::new(),
            anys: Vec::new(),
            patches: Vec::new(),
            diagnostics: Vec::new(),
            by_name: HashMap::default(),
        };
        // Names: one scope per module, types claimed in sorted order, so renames are stable.
        // The generated code uses the prelude's names, and `rt` for the runtime module.
        let mut scopes: BTreeMap<ModulePath, Scope> = BTreeMap::new();
        let reserved = RESERVED_TYPE_NAMES;
        for def in &model.types {
            let (ns, local) = split_qualified(&def.name);
            let module = module_of(&def.version, ns);
            let scope = scopes
                .entry(module.clone())
                .or_insert_with(|| Scope::with_reserved(&reserved));
            let (name, renamed) = scope.claim(&camel(local));
            if renamed {
                space.diagnostics.push(
                    Diagnostic::new(
                        Code::NameCollision,
                        &def.source.file,
                        def.source.line,
                        format!(
                            "`{}` and another type have the same Rust name; this one is `{name}`",
                            def.name
                        ),
                    )
                    .help("type names that differ only in case or punctuation collide in Rust"),
                );
            }
            let id = space.items.len();
            space
                .by_name
                .insert((def.version.as_str(), def.name.as_str()), id);
            space.items.push(Item {
                def,
                module,
                name,
                fields: Vec::new(),
                variants: Vec::new(),
                feature: format!("{}-{}", version_module(&def.version), area_of(def)),
                refs: Vec::new(),
                any: None,
            });
        }
        // Which declared types have derived types, before any field is typed: a field of
        // such a type is its `Any…` enum.
        space.find_derived_types(model);
        // Members of each type on all cores (inherited properties are redone for every
        // derived type), merged in type order so diagnostics stay in a stable order.
        let members: Vec<Members> = (0..space.items.len())
            .into_par_iter()
            .map(|id| match space.items[id].def.kind {
                TypeKind::Enum => space.variants(id),
                _ => space.fields(id),
            })
            .collect();
        for (id, m) in members.into_iter().enumerate() {
            let item = &mut space.items[id];
            item.fields = m.fields;
            item.variants = m.variants;
            item.refs = m.refs;
            space.diagnostics.extend(m.diagnostics);
        }
        space.box_recursive_fields();
        space.patches(model, &mut scopes);
        // Claimed after every type and PATCH body, so that no existing name changes.
        space.finish_anys(&mut scopes);
        space
    }

    /// Every type other types derive from, where the docs declare it (the type of a
    /// property, a request-body member or an operation's response), gets an [`AnyItem`]
    /// with its variants (names and accessors come later, in [`Space::finish_anys`]). A
    /// base no value is declared as needs none: its derived types are variants of the
    /// enums of the declared types above it.
    fn find_derived_types(&mut self, model: &Model) {
        let n = self.items.len();
        let mut declared = vec![false; n];
        let mut declare = |version: &str, t: Option<&TypeRef>| {
            if let Some(id) = t
                .and_then(TypeRef::named)
                .and_then(|name| self.lookup(version, name))
            {
                declared[id] = true;
            }
        };
        for def in &model.types {
            for p in &def.properties {
                declare(&def.version, p.type_ref.as_ref());
            }
        }
        // The generated code has PATCH bodies (not create or action bodies): their members,
        // and what operations return, are declared values.
        for op in &model.operations {
            if op.method == "PATCH" {
                for p in &op.body {
                    declare(&op.version, p.type_ref.as_ref());
                }
            }
            declare(&op.version, op.response.as_ref());
        }
        let mut children: Vec<Vec<TypeId>> = vec![Vec::new(); n];
        for (id, item) in self.items.iter().enumerate() {
            let def = item.def;
            if def.kind == TypeKind::Enum {
                continue;
            }
            if let Some(base) = def
                .base
                .as_deref()
                .and_then(|b| self.lookup(&def.version, b))
            {
                if base != id && self.items[base].def.kind != TypeKind::Enum {
                    children[base].push(id);
                }
            }
        }
        let mut seen = vec![false; n];
        for base in 0..n {
            if children[base].is_empty() || !declared[base] {
                continue;
            }
            // Every descendant once; a cycle of bases in the docs ends the walk.
            let mut descendants = Vec::new();
            let mut stack = children[base].clone();
            seen[base] = true;
            while let Some(id) = stack.pop() {
                if std::mem::replace(&mut seen[id], true) {
                    continue;
                }
                descendants.push(id);
                stack.extend(&children[id]);
            }
            seen[base] = false;
            for id in &descendants {
                seen[*id] = false;
            }
            // Items are in (version, name) order, and descendants share the base's version.
            descendants.sort_unstable();
            let variants = std::iter::once(base)
                .chain(descendants)
                .map(|item| AnyVariant {
                    ident: String::new(),
                    item,
                })
                .collect();
            self.items[base].any = Some(self.anys.len());
            self.anys.push(AnyItem {
                base,
                name: String::new(),
                variants,
                shared: Vec::new(),
                in_patch: false,
            });
        }
    }

    /// Names of the `Any…` enums and their variants, and the members their accessors give.
    fn finish_anys(&mut self, scopes: &mut BTreeMap<ModulePath, Scope>) {
        for a in 0..self.anys.len() {
            let base = self.anys[a].base;
            let (def, module) = (self.items[base].def, self.items[base].module.clone());
            let scope = scopes
                .entry(module)
                .or_insert_with(|| Scope::with_reserved(&RESERVED_TYPE_NAMES));
            let (name, renamed) = scope.claim(&format!("Any{}", self.items[base].name));
            if renamed {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::NameCollision,
                        &def.source.file,
                        def.source.line,
                        format!(
                            "the enum of `{}` and the types derived from it is `{name}`: a type already has the usual name",
                            def.name
                        ),
                    )
                    .help("rename the type whose name starts with `Any`"),
                );
            }
            // A variant is named as its type. Where two have the same name, the base and then
            // the types of the `microsoft.graph` namespace keep it, and a type of a
            // sub-namespace gets its namespace in front (`SecurityAlert`).
            let variants = &self.anys[a].variants;
            let mut order: Vec<usize> = (0..variants.len()).collect();
            order[1..].sort_by_key(|n| self.items[variants[*n].item].module.len() > 1);
            let mut variant_scope = Scope::default();
            let mut idents = vec![String::new(); variants.len()];
            for n in order {
                let item = &self.items[variants[n].item];
                let wanted = match item.module[1..].last() {
                    Some(namespace) if variant_scope.is_taken(&item.name) => {
                        format!("{}{}", camel(namespace), item.name)
                    }
                    _ => item.name.clone(),
                };
                idents[n] = variant_scope.claim(&wanted).0;
            }
            let shared = self.shared_fields(&self.anys[a]);
            let any = &mut self.anys[a];
            any.name = name;
            for (v, ident) in any.variants.iter_mut().zip(idents) {
                v.ident = ident;
            }
            any.shared = shared;
        }
    }

    /// The base's fields that every variant has with the same name and type.
    fn shared_fields(&self, any: &AnyItem) -> Vec<(usize, String)> {
        let base = &self.items[any.base];
        base.fields
            .iter()
            .enumerate()
            .filter(|(_, f)| !ANY_METHODS.contains(&f.ident.as_str()))
            .filter(|(i, f)| {
                any.variants[1..].iter().all(|v| {
                    let fields = &self.items[v.item].fields;
                    // Inherited fields come first, in the base's order.
                    let same = |g: &Field| g.json == f.json && g.ident == f.ident && g.ty == f.ty;
                    fields.get(*i).is_some_and(same) || fields.iter().any(same)
                })
            })
            .map(|(i, f)| (i, f.ident.clone()))
            .collect()
    }

    /// The `Any…` enum a field type holds, if any (through `Vec` and `Box`).
    pub fn any_in(t: &RustType) -> Option<TypeId> {
        match t {
            RustType::Any(base) => Some(*base),
            RustType::Vec(inner) | RustType::Boxed(inner) => Space::any_in(inner),
            _ => None,
        }
    }

    pub fn lookup(&self, version: &str, name: &str) -> Option<TypeId> {
        self.by_name.get(&(version, name)).copied()
    }

    fn variants(&self, id: TypeId) -> Members {
        let def = self.items[id].def;
        let mut scope = Scope::with_reserved(&[CATCH_ALL]);
        let mut out = Members::default();
        for m in &def.members {
            let (name, renamed) = scope.claim(&camel(&m.name));
            if renamed {
                out.diagnostics.push(
                    Diagnostic::new(
                        Code::NameCollision,
                        &def.source.file,
                        def.source.line,
                        format!(
                            "member `{}` of `{}` is the Rust variant `{name}`",
                            m.name, def.name
                        ),
                    )
                    .help("members that differ only in case collide in Rust"),
                );
            }
            out.variants.push(Variant {
                ident: name,
                json: m.name.clone(),
                doc: m.description.as_deref().map(doc_lines).unwrap_or_default(),
            });
        }
        out
    }

    /// Own and inherited properties, ancestors first, each JSON name once.
    pub fn all_properties(&self, id: TypeId) -> Vec<&'m Property> {
        let mut chain = vec![self.items[id].def];
        let mut cur = self.items[id].def;
        while let Some(base) = &cur.base {
            match self.lookup(&cur.version, base) {
                Some(b) if !chain.iter().any(|t| std::ptr::eq(*t, self.items[b].def)) => {
                    cur = self.items[b].def;
                    chain.push(cur);
                }
                _ => break,
            }
        }
        let mut out: Vec<&Property> = Vec::new();
        for t in chain.iter().rev() {
            for p in &t.properties {
                if !out.iter().any(|o| o.name == p.name) {
                    out.push(p);
                }
            }
        }
        out
    }

    fn fields(&self, id: TypeId) -> Members {
        let def = self.items[id].def;
        let mut scope = Scope::with_reserved(&[EXTRA_FIELD]);
        let mut out = Members::default();
        for p in self.all_properties(id) {
            let field = self.field(def, p, &mut scope, &mut out.diagnostics);
            out.fields.push(field);
            push_unique(&mut out.refs, self.ref_target(&def.version, p));
        }
        out
    }

    /// The generated type a property refers to, if any.
    fn ref_target(&self, version: &str, p: &Property) -> Option<TypeId> {
        p.type_ref
            .as_ref()
            .and_then(TypeRef::named)
            .and_then(|n| self.lookup(version, n))
    }

    fn field(
        &self,
        owner: &TypeDef,
        p: &Property,
        scope: &mut Scope,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Field {
        let (name, renamed) = scope.claim(&snake(&p.name));
        if renamed {
            diagnostics.push(
                Diagnostic::new(
                    Code::NameCollision,
                    &p.source.file,
                    p.source.line,
                    format!(
                        "property `{}` of `{}` is the Rust field `{name}`",
                        p.name, owner.name
                    ),
                )
                .help("property names that differ only in case or punctuation collide in Rust"),
            );
        }
        let ty = match &p.type_ref {
            Some(t) => self.rust_type(&owner.version, t, p, owner, diagnostics),
            None => {
                unresolved(diagnostics, owner, p, "the docs give no usable type");
                RustType::Value
            }
        };
        let mut doc = doc_lines(&p.description);
        if p.read_only && !p.description.to_ascii_lowercase().contains("read-only") {
            doc.push("Read-only: the service sets it.".to_owned());
        }
        // An `Any…` enum holds its variants boxed: it never makes a struct infinitely large.
        let holds = match &p.type_ref {
            Some(TypeRef::Named(n)) => self.lookup(&owner.version, n).filter(|id| {
                self.items[*id].def.kind != TypeKind::Enum && self.items[*id].any.is_none()
            }),
            _ => None,
        };
        Field {
            json: p.name.clone(),
            ident: name,
            ty,
            doc,
            holds,
        }
    }

    /// A struct that holds itself, directly or through others, would be infinitely large:
    /// fields inside such a cycle (a strongly connected component) are boxed.
    fn box_recursive_fields(&mut self) {
        let edges: Vec<Vec<TypeId>> = self
            .items
            .iter()
            .map(|i| i.fields.iter().filter_map(|f| f.holds).collect())
            .collect();
        let component = strongly_connected(&edges);
        for id in 0..self.items.len() {
            for f in &mut self.items[id].fields {
                if let Some(target) = f.holds {
                    if component[target] == component[id] {
                        f.ty = RustType::Boxed(Box::new(f.ty.clone()));
                    }
                }
            }
        }
    }

    /// The Rust type of a property's type (without `Option`).
    pub fn rust_type(
        &self,
        version: &str,
        t: &TypeRef,
        p: &Property,
        owner: &TypeDef,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> RustType {
        match t {
            TypeRef::Collection(inner) => RustType::Vec(Box::new(self.rust_type(
                version,
                inner,
                p,
                owner,
                diagnostics,
            ))),
            // Streams are media content, not JSON members; keep whatever arrives.
            TypeRef::Primitive(Edm::Stream) => RustType::Value,
            TypeRef::Primitive(e) => RustType::Primitive(*e),
            TypeRef::Named(n) => match self.lookup(version, n) {
                Some(id) if self.items[id].any.is_some() => RustType::Any(id),
                Some(id) => RustType::Item(id),
                None if n == JSON_TYPE => RustType::Value,
                None => {
                    unresolved(
                        diagnostics,
                        owner,
                        p,
                        &format!("`{n}` is not defined by any page in the input"),
                    );
                    RustType::Value
                }
            },
        }
    }

    /// Tokens of a field type.
    pub fn tokens(&self, t: &RustType) -> TokenStream {
        match t {
            RustType::Primitive(e) => primitive(*e),
            RustType::Item(id) => self.path(*id),
            RustType::Any(id) => self.any_path(*id),
            RustType::Value => quote!(rt::Value),
            RustType::Vec(inner) => {
                let inner = self.tokens(inner);
                quote!(Vec<#inner>)
            }
            RustType::Boxed(inner) => {
                let inner = self.tokens(inner);
                quote!(Box<#inner>)
            }
        }
    }

    /// `crate::beta::industry_data::RunStatus`.
    pub fn path(&self, id: TypeId) -> TokenStream {
        // Each version is a crate of its own: its root namespace is the crate root.
        let item = &self.items[id];
        let segments = item.module[1..].iter().map(|s| ident(s));
        let name = ident(&item.name);
        quote!(crate #(:: #segments)* :: #name)
    }

    /// `crate::AnyAttachment`: the `Any…` enum of a type with derived types.
    pub fn any_path(&self, id: TypeId) -> TokenStream {
        let item = &self.items[id];
        let segments = item.module[1..].iter().map(|s| ident(s));
        let any = item.any.expect("a type with derived types");
        let name = ident(&self.anys[any].name);
        quote!(crate #(:: #segments)* :: #name)
    }

    fn patches(&mut self, model: &'m Model, scopes: &mut BTreeMap<ModulePath, Scope>) {
        // One PATCH type per target: update pages of the same resource are merged.
        let mut by_target: BTreeMap<TypeId, Vec<&'m crate::model::Operation>> = BTreeMap::new();
        for op in &model.operations {
            if op.method != "PATCH" {
                continue;
            }
            let Some(target) = op
                .target
                .as_deref()
                .and_then(|t| self.lookup(&op.version, t))
            else {
                continue;
            };
            if self.items[target].def.kind == TypeKind::Enum {
                continue;
            }
            by_target.entry(target).or_default().push(op);
        }
        for (target, ops) in by_target {
            let def = self.items[target].def;
            let module = self.items[target].module.clone();
            let scope = scopes
                .entry(module)
                .or_insert_with(|| Scope::with_reserved(&RESERVED_TYPE_NAMES));
            let (name, renamed) = scope.claim(&format!("{}Patch", self.items[target].name));
            if renamed {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::NameCollision,
                        &ops[0].source.file,
                        ops[0].source.line,
                        format!(
                            "the PATCH body of `{}` is `{name}`: a type already has the usual name",
                            def.name
                        ),
                    )
                    .help("rename the type whose name ends in `Patch`"),
                );
            }
            let mut fields_scope = Scope::with_reserved(&["new"]);
            let mut required = Vec::new();
            let mut optional = Vec::new();
            let mut seen: Vec<&str> = Vec::new();
            for op in &ops {
                for p in &op.body {
                    if p.read_only || seen.contains(&p.name.as_str()) {
                        continue;
                    }
                    seen.push(&p.name);
                    // Required only where every page that lists it says so.
                    let all_required = ops.iter().all(|o| {
                        o.body
                            .iter()
                            .find(|b| b.name == p.name)
                            .is_none_or(|b| b.required)
                    });
                    let mut diagnostics = Vec::new();
                    let field = self.field(def, p, &mut fields_scope, &mut diagnostics);
                    self.diagnostics.extend(diagnostics);
                    // The PATCH body is compiled with its target: its types come along.
                    let used = self.ref_target(&def.version, p);
                    push_unique(&mut self.items[target].refs, used);
                    if let Some(any) = Space::any_in(&field.ty).and_then(|b| self.items[b].any) {
                        self.anys[any].in_patch = true;
                    }
                    if all_required && p.required {
                        required.push(field);
                    } else {
                        optional.push(field);
                    }
                }
            }
            let derived = def
                .base
                .as_deref()
                .is_some_and(|b| b != "microsoft.graph.entity");
            let sends = ops.iter().any(|o| o.sends_odata_type);
            self.patches.push(PatchItem {
                target,
                name,
                odata_type: (sends || derived).then(|| format!("#{}", def.name)),
                required,
                optional,
                pages: ops.iter().map(|o| o.source.file.clone()).collect(),
                titles: ops.iter().map(|o| o.title.clone()).collect(),
            });
        }
    }
}

/// Records a referenced type once.
fn push_unique(refs: &mut Vec<TypeId>, target: Option<TypeId>) {
    if let Some(t) = target {
        if !refs.contains(&t) {
            refs.push(t);
        }
    }
}

/// A property's type is generated as `serde_json::Value`; says why.
fn unresolved(diagnostics: &mut Vec<Diagnostic>, owner: &TypeDef, p: &Property, why: &str) {
    diagnostics.push(
        Diagnostic::new(
            Code::Unresolved,
            &p.source.file,
            p.source.line,
            format!(
                "`{}.{}` is generated as `serde_json::Value`: {why}",
                owner.name, p.name
            ),
        )
        .help("add the type's page to the docs so that the property gets its real type"),
    );
}

/// Tarjan's algorithm, iterative: the component number of every node.
fn strongly_connected(edges: &[Vec<TypeId>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![usize::MAX; n];
    let (mut next_index, mut next_component) = (0, 0);
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some((v, child)) = work.pop() {
            if child == 0 {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(child) {
                work.push((v, child + 1));
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
        }
    }
    component
}

fn primitive(e: Edm) -> TokenStream {
    match e {
        Edm::String => quote!(String),
        Edm::Boolean => quote!(bool),
        Edm::Byte => quote!(u8),
        Edm::SByte => quote!(i8),
        Edm::Int16 => quote!(i16),
        Edm::Int32 => quote!(i32),
        Edm::Int64 => quote!(i64),
        Edm::Single => quote!(rt::Single),
        Edm::Double => quote!(rt::Double),
        Edm::Decimal => quote!(rt::Decimal),
        Edm::DateTimeOffset => quote!(rt::DateTimeOffset),
        Edm::Date => quote!(rt::Date),
        Edm::TimeOfDay => quote!(rt::TimeOfDay),
        Edm::Duration => quote!(rt::Duration),
        Edm::Guid => quote!(rt::Guid),
        Edm::Binary => quote!(rt::Binary),
        Edm::Stream => quote!(rt::Value),
    }
}

/// A description as doc-comment lines (one `#[doc]` per line, markdown already cleaned),
/// escaped for rustdoc: brackets and angle brackets in prose are text, not intra-doc links
/// or HTML tags, and bare URLs become autolinks. Code spans are left alone.
pub fn doc_lines(text: &str) -> Vec<String> {
    text.lines().map(|l| escape_doc(l.trim())).collect()
}

fn escape_doc(line: &str) -> String {
    // Byte by byte, copying the runs between the characters that need a backslash: this
    // runs on every line of every description.
    let bytes = line.as_bytes();
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'h' if !in_code
                && (line[i..].starts_with("https://") || line[i..].starts_with("http://")) =>
            {
                let rest = &line[i..];
                let end = rest
                    .find(|c: char| {
                        c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')' | ']')
                    })
                    .unwrap_or(rest.len());
                let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
                out.push_str(&line[copied..i]);
                out.push('<');
                out.push_str(url);
                out.push('>');
                i += url.len();
                copied = i;
                continue;
            }
            b'`' => in_code = !in_code,
            b'[' | b']' | b'<' | b'>' | b'\\' | b'*' | b'_' | b'#' if !in_code => {
                out.push_str(&line[copied..i]);
                out.push('\\');
                copied = i;
            }
            _ => {}
        }
        i += 1;
    }
    out.push_str(&line[copied..]);
    // An unclosed code span would swallow the lines after it.
    if in_code {
        out.push('`');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_cannot_become_links_tags_or_code() {
        assert_eq!(
            escape_doc("a [term] in <store>"),
            "a \\[term\\] in \\<store\\>"
        );
        assert_eq!(
            escape_doc("see https://aka.ms/x."),
            "see <https://aka.ms/x>."
        );
        assert_eq!(escape_doc("`a[0] <b>`"), "`a[0] <b>`");
        assert_eq!(escape_doc("open `code"), "open `code`");
    }
}
