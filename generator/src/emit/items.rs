//! Tokens of one generated item: read structs, open enums and PATCH bodies.
//!
//! Serialisation is written out as calls to the shared helpers of the runtime module (one
//! line per member) instead of serde derives, whose expansion costs about 13 times the
//! compile time of the types themselves.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use syn::punctuated::Punctuated;

use crate::model::TypeKind;

use super::names::ident;
use super::space::{Field, Item, PatchItem, Space, CATCH_ALL, EXTRA_FIELD};
use super::syntax::{self, ParseResult, Types};

fn docs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|l| Literal::string(&format!(" {l}")));
    quote!(#(#[doc = #lines])*)
}

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
        quote!(#[derive(Clone, Debug, Default, PartialEq)]),
    )?);
    let mut fields = Punctuated::new();
    for f in &item.fields {
        let mut doc = syntax::docs(&f.doc);
        doc.push(syntax::doc(&format!(" JSON member `{}`.", f.json)));
        let ty = syntax::wrap("Option", types.get(&f.ty)?);
        fields.push(syntax::field(doc, syntax::public(), ident(&f.ident), ty));
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
    let definition = syn::ItemStruct {
        attrs,
        vis: syntax::public(),
        struct_token: Default::default(),
        ident: name.clone(),
        generics: Default::default(),
        fields: syn::Fields::Named(syn::FieldsNamed {
            brace_token: Default::default(),
            named: fields,
        }),
        semi_token: None,
    };
    let pairs = item.fields.iter().map(|f| {
        let (id, json) = (ident(&f.ident), Literal::string(&f.json));
        quote!(#id: #json)
    });
    let impls = syntax::runtime_macro("__object", quote!(#name { #(#pairs),* }));
    Ok([syn::Item::Struct(definition), impls])
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
        let (id, json) = (ident(&v.ident), Literal::string(&v.json));
        quote!(#id: #json)
    });
    let impls = syntax::runtime_macro("__open_enum", quote!(#name { #(#pairs),* }));
    Ok([syn::Item::Enum(definition), impls])
}

/// A PATCH body: required members are constructor arguments, optional ones tri-state
/// [`Patch`](crate) values set by methods; read-only members are not there at all.
pub fn patch_struct(space: &Space, patch: &PatchItem) -> ParseResult<Vec<syn::Item>> {
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
    let doc = docs(&doc_text);
    let required_defs = patch.required.iter().map(|f| {
        let (id, ty, d) = (ident(&f.ident), space.tokens(&f.ty), docs(&f.doc));
        let json = Literal::string(&format!(" JSON member `{}`.", f.json));
        quote!(#d #[doc = #json] #id: #ty,)
    });
    let optional_defs = patch.optional.iter().map(|f| {
        let (id, ty, d) = (ident(&f.ident), space.tokens(&f.ty), docs(&f.doc));
        let json = Literal::string(&format!(" JSON member `{}`.", f.json));
        quote!(#d #[doc = #json] #id: rt::Patch<#ty>,)
    });
    let args = patch.required.iter().map(|f| {
        let (id, ty) = (ident(&f.ident), space.tokens(&f.ty));
        quote!(#id: impl ::std::convert::Into<#ty>)
    });
    let inits_required = patch.required.iter().map(|f| {
        let id = ident(&f.ident);
        quote!(#id: #id.into(),)
    });
    let inits_optional = patch.optional.iter().map(|f| {
        let id = ident(&f.ident);
        quote!(#id: rt::Patch::Absent,)
    });
    let setters = patch.optional.iter().map(|f| setter(space, f));
    let getters = patch.required.iter().map(|f| {
        let (id, ty) = (ident(&f.ident), space.tokens(&f.ty));
        let d = Literal::string(&format!(" The required member `{}`.", f.json));
        quote!(#[doc = #d] pub fn #id(&self) -> &#ty { &self.#id })
    });
    let odata = patch.odata_type.as_ref().map(|t| {
        let t = Literal::string(t);
        quote!(map.serialize_entry("@odata.type", #t)?;)
    });
    let writes_required = patch.required.iter().map(|f| {
        let (id, json) = (ident(&f.ident), Literal::string(&f.json));
        quote!(map.serialize_entry(#json, &self.#id)?;)
    });
    let writes_optional = patch.optional.iter().map(|f| {
        let (id, json) = (ident(&f.ident), Literal::string(&f.json));
        quote!(rt::patch_member(&mut map, #json, &self.#id)?;)
    });
    let writes_anything =
        odata.is_some() || !patch.required.is_empty() || !patch.optional.is_empty();
    let map_binding = if writes_anything {
        quote!(mut map)
    } else {
        quote!(map)
    };
    let new_doc = Literal::string(&format!(
        " A body with the required members{}.",
        if patch.required.is_empty() {
            " (there are none)"
        } else {
            ""
        }
    ));
    let tokens = quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        pub struct #name {
            #(#required_defs)*
            #(#optional_defs)*
        }

        impl #name {
            #[doc = #new_doc]
            #[allow(clippy::too_many_arguments)]
            pub fn new(#(#args),*) -> Self {
                #name {
                    #(#inits_required)*
                    #(#inits_optional)*
                }
            }

            #(#getters)*
            #(#setters)*
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap as _;
                let #map_binding = rt::begin(serializer)?;
                #odata
                #(#writes_required)*
                #(#writes_optional)*
                map.end()
            }
        }
    };
    Ok(syn::parse2::<syn::File>(tokens)?.items)
}

fn setter(space: &Space, f: &Field) -> TokenStream {
    let (id, ty) = (ident(&f.ident), space.tokens(&f.ty));
    let mut lines = f.doc.clone();
    lines.push(String::new());
    lines.push(format!(
        "Sets `{}`: a value, or `Patch::Null` to clear it.",
        f.json
    ));
    let d = docs(&lines);
    quote! {
        #d
        pub fn #id(mut self, value: impl ::std::convert::Into<rt::Patch<#ty>>) -> Self {
            self.#id = value.into();
            self
        }
    }
}
