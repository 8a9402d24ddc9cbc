//! Syntax of one generated item: read structs, open enums and PATCH bodies.
//!
//! Each is its definition plus one invocation of a runtime macro (`__object!`,
//! `__open_enum!`, `__patch!`) that writes its impls from `member: "jsonName"` lists, as
//! one call per member to shared helpers, instead of serde derives, whose expansion costs
//! about 13 times the compile time of the types themselves.

use proc_macro2::Literal;
use quote::quote;
use syn::punctuated::Punctuated;

use crate::model::TypeKind;

use super::features;
use super::names::ident;
use super::space::{AnyItem, Field, Item, PatchItem, RustType, CATCH_ALL, EXTRA_FIELD};
use super::syntax::{self, ParseResult, Types};

/// Where the version crate keeps its table of bases (see `emit::hierarchy_file`).
pub const HIERARCHY_MODULE: &str = "__hierarchy";

fn source_doc(item: &Item, gate: &[String]) -> Vec<String> {
    let mut lines = item
        .def
        .description
        .as_deref()
        .map(super::space::doc_lines)
        .unwrap_or_default();
    if !lines.is_empty() {
        lines.push(String::new());
    }
    let kind = match item.def.kind {
        TypeKind::Entity => "entity",
        TypeKind::Complex => "complex type",
        TypeKind::Enum => "enum",
    };
    lines.push(format!(
        "`{}` ({kind}, {}), documented in `{}`.",
        item.def.name, item.def.version, item.def.source.file
    ));
    if let Some(base) = &item.def.base {
        lines.push(format!(
            "Derives from `{base}`; its properties are included."
        ));
    }
    lines.push(match gate.len().saturating_sub(1) {
        0 => format!("Compiled with the `{}` feature.", item.feature),
        1 => format!(
            "Compiled with the `{}` feature, or with the one other feature whose types use it.",
            item.feature
        ),
        n => format!(
            "Compiled with the `{}` feature, or with any of {n} other features whose types use it.",
            item.feature
        ),
    });
    lines
}

/// A read type: every member optional (Graph omits members under `$select`), unknown ones
/// kept in `extra`; its serde impls come from the runtime's `__object!` macro.
pub fn read_struct(types: &mut Types, item: &Item, gate: &[String]) -> ParseResult<[syn::Item; 2]> {
    let name = ident(&item.name);
    let mut attrs = syntax::docs(&source_doc(item, gate));
    attrs.extend(syntax::attrs(
        // `Debug` comes from `__object!`, through the JSON.
        quote!(#[derive(Clone, Default, PartialEq)]),
    )?);
    let mut fields = Punctuated::new();
    for f in &item.fields {
        let ty = syntax::wrap("Option", types.get(&f.ty)?);
        fields.push(syntax::field(
            member_docs(f),
            syntax::public(),
            ident(&f.ident),
            ty,
        ));
    }
    fields.push(syntax::field(
        syntax::docs(&[
            "Members the docs do not list (`@odata.*` annotations included) and members that"
                .to_owned(),
            "arrived as `null`; written back unchanged.".to_owned(),
        ]),
        syntax::public(),
        ident(EXTRA_FIELD),
        syn::parse2(quote!(rt::Extra))?,
    ));
    let definition = syntax::named_struct(attrs, name.clone(), fields);
    let pairs = item.fields.iter().map(|f| {
        let (id, json) = (ident(&f.ident), syntax::string_literal(&f.json));
        quote!(#id: #json)
    });
    let qualified = syntax::string_literal(&item.def.name);
    let impls = syntax::runtime_macro("__object", quote!(#name: #qualified { #(#pairs),* }));
    Ok([definition, impls])
}

/// An open enum: the documented members plus a catch-all keeping any other value; its
/// methods and impls come from the runtime's `__open_enum!` macro.
pub fn open_enum(item: &Item, gate: &[String]) -> ParseResult<[syn::Item; 2]> {
    let name = ident(&item.name);
    let mut attrs = syntax::docs(&source_doc(item, gate));
    attrs.extend(syntax::attrs(
        quote!(#[derive(Clone, Debug, PartialEq, Eq, Hash)]),
    )?);
    let mut variants: Punctuated<syn::Variant, syn::Token![,]> = item
        .variants
        .iter()
        .map(|v| {
            let mut attrs = vec![syntax::doc(&format!(" `{}`", v.json))];
            if !v.doc.is_empty() {
                attrs.push(syntax::doc(""));
                attrs.extend(syntax::docs(&v.doc));
            }
            syn::Variant {
                attrs,
                ident: ident(&v.ident),
                fields: syn::Fields::Unit,
                discriminant: None,
            }
        })
        .collect();
    variants.push(syn::Variant {
        attrs: syntax::docs(&[
            "A value the docs do not list, kept exactly as the service sent it.".to_owned(),
        ]),
        ident: ident(CATCH_ALL),
        fields: syn::Fields::Unnamed(syn::parse2(quote!((String)))?),
        discriminant: None,
    });
    let definition = syn::ItemEnum {
        attrs,
        vis: syntax::public(),
        enum_token: Default::default(),
        ident: name.clone(),
        generics: Default::default(),
        brace_token: Default::default(),
        variants,
    };
    let pairs = item.variants.iter().map(|v| {
        let (id, json) = (ident(&v.ident), syntax::string_literal(&v.json));
        quote!(#id: #json)
    });
    let impls = syntax::runtime_macro("__open_enum", quote!(#name { #(#pairs),* }));
    Ok([syn::Item::Enum(definition), impls])
}

/// A PATCH body: required members are constructor arguments, optional ones tri-state
/// [`Patch`](crate) values set by methods; read-only members are not there at all. The
/// struct is written out; its methods and `Serialize` come from the runtime's `__patch!`.
pub fn patch_struct(types: &mut Types, patch: &PatchItem) -> ParseResult<[syn::Item; 2]> {
    let space = types.space();
    let target = &space.items[patch.target];
    let name = ident(&patch.name);
    let mut doc_text = vec![format!(
        "Request body of `PATCH` on [`{}`]: sends exactly the members that were set.",
        target.name
    )];
    doc_text.push(String::new());
    for (title, page) in patch.titles.iter().zip(&patch.pages) {
        doc_text.push(format!("{title} (`{page}`)."));
    }
    doc_text.push(String::new());
    doc_text.push(
        "Members marked Required are arguments of `new`; the others are left out unless a"
            .to_owned(),
    );
    doc_text.push("method sets them to `Patch::Value(…)` or `Patch::Null`.".to_owned());
    let mut attrs = syntax::docs(&doc_text);
    // `Debug` comes from `__patch!`, through the JSON it sends.
    attrs.extend(syntax::attrs(quote!(#[derive(Clone, PartialEq)]))?);

    let mut fields = Punctuated::new();
    let mut required = Vec::new();
    for f in &patch.required {
        let ty = types.get(&f.ty)?;
        fields.push(syntax::field(
            member_docs(f),
            syn::Visibility::Inherited,
            ident(&f.ident),
            ty.clone(),
        ));
        let (id, json) = (ident(&f.ident), syntax::string_literal(&f.json));
        required.push(quote!(#id: #ty = #json));
    }
    let mut optional = Vec::new();
    for f in &patch.optional {
        let ty = types.get(&f.ty)?;
        fields.push(syntax::field(
            member_docs(f),
            syn::Visibility::Inherited,
            ident(&f.ident),
            syntax::wrap_path(&["rt", "Patch"], ty.clone()),
        ));
        // The setter's docs: the member's own.
        let docs = f
            .doc
            .iter()
            .map(|l| syntax::string_literal(&format!(" {l}")));
        let (id, json) = (ident(&f.ident), syntax::string_literal(&f.json));
        optional.push(quote!(#(#[doc = #docs])* #id: #ty = #json));
    }
    let definition = syntax::named_struct(attrs, name.clone(), fields);
    let odata = match &patch.odata_type {
        Some(t) => {
            let t = Literal::string(t);
            quote!(Some(#t))
        }
        None => quote!(None),
    };
    let methods = syntax::runtime_macro(
        "__patch",
        quote! {
            #name {
                odata_type: #odata,
                required: { #(#required),* },
                optional: { #(#optional),* },
            }
        },
    );
    Ok([definition, methods])
}

/// A member's docs on its field: the description and its JSON name.
fn member_docs(f: &Field) -> Vec<syn::Attribute> {
    let mut docs = syntax::docs(&f.doc);
    docs.push(syntax::doc(&format!(" JSON member `{}`.", f.json)));
    docs
}

/// The enum of a type other types derive from: a boxed variant for the type and for each
/// compiled type derived from it (each variant has its type's `cfg` where that is not
/// implied by the enum's own), non-exhaustive because features add variants. Its impls,
/// `@odata.type` dispatch included, come from the runtime's `__any!` macro.
pub fn any_enum(
    types: &mut Types,
    any: &AnyItem,
    gates: &[Vec<String>],
) -> ParseResult<[syn::Item; 2]> {
    let space = types.space();
    let base = &space.items[any.base];
    let declared = &base.def.name;
    let base_variant = &any.variants[0].ident;
    let name = ident(&any.name);
    let mut doc = vec![
        format!("`{declared}` or a type derived from it: the type its `@odata.type` names."),
        String::new(),
        "Reading picks the variant of the type `@odata.type` names, among the derived types"
            .to_owned(),
        "compiled with the enabled features; a derived type that is not compiled is read as its"
            .to_owned(),
        format!(
            "nearest compiled ancestor, and a value without `@odata.type` (or whose `@odata.type` names no type derived from `{declared}`) as [`{base_variant}`](Self::{base_variant})."
        ),
        "Every member is kept either way. Writing a derived type adds its `@odata.type` unless"
            .to_owned(),
        "the value has one.".to_owned(),
        String::new(),
        "Non-exhaustive: enabling a feature can add variants.".to_owned(),
    ];
    if base.def.is_abstract {
        doc.push(format!(
            "`{declared}` is abstract: its own variant holds the values that name no compiled type derived from it."
        ));
    }
    let mut attrs = syntax::docs(&doc);
    // `Clone`, `PartialEq` and `Debug` come from `__any!`: derives would `match` over the
    // variants once each.
    attrs.extend(syntax::attrs(quote!(#[non_exhaustive]))?);
    let base_gate = &gates[any.base];
    let mut variants = Punctuated::<syn::Variant, syn::Token![,]>::new();
    let mut listed = Vec::with_capacity(any.variants.len());
    for (n, v) in any.variants.iter().enumerate() {
        let item = &space.items[v.item];
        let gate = &gates[v.item];
        let cfg = (!base_gate.iter().all(|f| gate.contains(f))).then(|| features::cfg(gate));
        let mut variant_attrs = vec![syntax::doc(&if n == 0 {
            format!(
                " `{}`: the declared type, and values that name no compiled type derived from it.",
                item.def.name
            )
        } else {
            format!(" `{}`.", item.def.name)
        })];
        if let Some(cfg) = &cfg {
            variant_attrs.extend(syntax::attrs(cfg.clone())?);
        }
        let boxed = types.get(&RustType::Boxed(Box::new(RustType::Item(v.item))))?;
        variants.push(syn::Variant {
            attrs: variant_attrs,
            ident: ident(&v.ident),
            fields: syn::Fields::Unnamed(syn::parse2(quote!((#boxed)))?),
            discriminant: None,
        });
        let (variant, ty) = (ident(&v.ident), types.get(&RustType::Item(v.item))?);
        let json = syntax::string_literal(&item.def.name);
        listed.push((&item.def.name, quote!(#cfg #variant(#ty) = #json)));
    }
    // By type name: the runtime searches the compiled ones by it.
    listed.sort_by(|a, b| a.0.cmp(b.0));
    let listed = listed.into_iter().map(|(_, tokens)| tokens);
    let definition = syn::ItemEnum {
        attrs,
        vis: syntax::public(),
        enum_token: Default::default(),
        ident: name.clone(),
        generics: Default::default(),
        brace_token: Default::default(),
        variants,
    };
    let mut shared = Vec::with_capacity(any.shared.len());
    for (i, method) in &any.shared {
        let f = &base.fields[*i];
        let (method, ty) = (ident(method), types.get(&f.ty)?);
        let json = syntax::string_literal(&f.json);
        shared.push(quote!(#method: #ty = #json));
    }
    let (declared, base_variant) = (syntax::string_literal(declared), ident(base_variant));
    let hierarchy = ident(HIERARCHY_MODULE);
    let patch = if any.in_patch {
        quote!(true)
    } else {
        quote!(false)
    };
    let impls = syntax::runtime_macro(
        "__any",
        quote! {
            #name: #declared = #base_variant in crate::#hierarchy::BASES,
            variants { #(#listed),* },
            shared { #(#shared),* },
            patch #patch,
        },
    );
    Ok([syn::Item::Enum(definition), impls])
}
