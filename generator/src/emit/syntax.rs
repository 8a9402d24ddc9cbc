//! syn items built directly, without printing tokens and parsing them back.
//!
//! Structs and enums are most of the generated code; making their syntax trees from
//! `quote!` tokens meant `syn::parse2` over 20 MB of tokens, three times the cost of printing
//! the result with prettyplease. Here the trees are assembled from their parts: identifiers
//! from `names::ident`, strings as `LitStr` (escaped by proc-macro2), so docs text still
//! cannot become code. Impls are runtime macro invocations whose bodies stay tokens; small
//! pieces (field types, attributes, module shells) are still written with `quote!` and
//! parsed.

use rustc_hash::FxHashMap as HashMap;

use proc_macro2::{Span, TokenStream};
use syn::punctuated::Punctuated;

use super::space::{RustType, Space};

/// An error from parsing generated tokens: always a bug in the emitter.
pub type ParseResult<T> = syn::Result<T>;

/// `#[doc = " …"]` for each line (the leading space keeps `///` comments readable).
pub fn docs(lines: &[String]) -> Vec<syn::Attribute> {
    let mut text = String::new();
    lines
        .iter()
        .map(|l| {
            text.clear();
            text.push(' ');
            text.push_str(l);
            doc(&text)
        })
        .collect()
}

/// `#[doc = "…"]`, the text as it is. Remembered per thread: inherited members repeat
/// their ancestors' doc lines in every derived type and PATCH body.
pub fn doc(text: &str) -> syn::Attribute {
    thread_local! {
        static MADE: std::cell::RefCell<HashMap<String, syn::Attribute>> = Default::default();
    }
    MADE.with_borrow_mut(|made| {
        if let Some(attr) = made.get(text) {
            return attr.clone();
        }
        let attr = make_doc(text);
        made.insert(text.to_owned(), attr.clone());
        attr
    })
}

/// A string literal as `proc_macro2::Literal::string` makes it, remembered per thread.
pub fn string_literal(text: &str) -> proc_macro2::Literal {
    thread_local! {
        static MADE: std::cell::RefCell<HashMap<String, proc_macro2::Literal>> = Default::default();
    }
    MADE.with_borrow_mut(|made| {
        if let Some(lit) = made.get(text) {
            return lit.clone();
        }
        let lit = proc_macro2::Literal::string(text);
        made.insert(text.to_owned(), lit.clone());
        lit
    })
}

fn make_doc(text: &str) -> syn::Attribute {
    syn::Attribute {
        pound_token: Default::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: Default::default(),
        meta: syn::Meta::NameValue(syn::MetaNameValue {
            path: syn::Ident::new("doc", Span::call_site()).into(),
            eq_token: Default::default(),
            value: syn::Expr::Lit(syn::ExprLit {
                attrs: Vec::new(),
                lit: syn::Lit::Str(doc_literal(text)),
            }),
        }),
    }
}

/// A doc text as a raw string literal (`r"…"`, `r#"…"#`, …). prettyplease prints a one-line
/// doc attribute as a `///` comment from the literal's value, so the output is the same as
/// with an escaped literal; but the escaped one is escaped and unescaped again character
/// by character, a sixth of all the instructions of generating the 2021 corpus. Texts
/// prettyplease would print as an attribute keep the escaped form.
fn doc_literal(text: &str) -> syn::LitStr {
    if !text.contains(['\n', '\r']) && !text.starts_with('/') {
        let hashes = raw_hashes(text);
        let mut repr = String::with_capacity(text.len() + 2 * hashes + 3);
        repr.push('r');
        repr.extend(std::iter::repeat_n('#', hashes));
        repr.push('"');
        repr.push_str(text);
        repr.push('"');
        repr.extend(std::iter::repeat_n('#', hashes));
        if let Ok(token) = repr.parse::<proc_macro2::Literal>() {
            if let syn::Lit::Str(lit) = syn::Lit::new(token) {
                return lit;
            }
        }
    }
    syn::LitStr::new(text, Span::call_site())
}

/// How many `#` a raw string needs so that no `"` inside it ends it early.
fn raw_hashes(text: &str) -> usize {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'"', bytes)
        .map(|quote| {
            1 + bytes[quote + 1..]
                .iter()
                .take_while(|b| **b == b'#')
                .count()
        })
        .max()
        .unwrap_or(0)
}

/// Outer attributes written as tokens: `#[derive(…)]`, `#[cfg(…)]`.
pub fn attrs(tokens: TokenStream) -> ParseResult<Vec<syn::Attribute>> {
    syn::parse::Parser::parse2(syn::Attribute::parse_outer, tokens)
}

pub fn public() -> syn::Visibility {
    syn::Visibility::Public(Default::default())
}

/// A named field: `#attrs pub #ident: #ty` (or private without `pub`).
pub fn field(
    attrs: Vec<syn::Attribute>,
    vis: syn::Visibility,
    ident: proc_macro2::Ident,
    ty: syn::Type,
) -> syn::Field {
    syn::Field {
        attrs,
        vis,
        mutability: syn::FieldMutability::None,
        ident: Some(ident),
        colon_token: Some(Default::default()),
        ty,
    }
}

/// `#attrs pub struct #name { #fields }`.
pub fn named_struct(
    attrs: Vec<syn::Attribute>,
    name: proc_macro2::Ident,
    fields: Punctuated<syn::Field, syn::Token![,]>,
) -> syn::Item {
    syn::Item::Struct(syn::ItemStruct {
        attrs,
        vis: public(),
        struct_token: Default::default(),
        ident: name,
        generics: Default::default(),
        fields: syn::Fields::Named(syn::FieldsNamed {
            brace_token: Default::default(),
            named: fields,
        }),
        semi_token: None,
    })
}

/// `Wrapper<ty>` for a one-segment wrapper such as `Option`.
pub fn wrap(wrapper: &str, ty: syn::Type) -> syn::Type {
    wrap_path(&[wrapper], ty)
}

/// `a::b::Wrapper<ty>`.
pub fn wrap_path(wrapper: &[&str], ty: syn::Type) -> syn::Type {
    let (last, parents) = wrapper.split_last().expect("a wrapper has a name");
    let mut segment = syn::PathSegment::from(syn::Ident::new(last, Span::call_site()));
    segment.arguments = syn::PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
        colon2_token: None,
        lt_token: Default::default(),
        args: Punctuated::from_iter([syn::GenericArgument::Type(ty)]),
        gt_token: Default::default(),
    });
    let mut path = syn::Path {
        leading_colon: None,
        segments: Punctuated::new(),
    };
    for p in parents {
        path.segments
            .push(syn::Ident::new(p, Span::call_site()).into());
    }
    path.segments.push(segment);
    syn::Type::Path(syn::TypePath { qself: None, path })
}

/// Field types, each parsed once per file: the same few hundred types recur thousands of
/// times.
pub struct Types<'s, 'm> {
    space: &'s Space<'m>,
    parsed: HashMap<RustType, syn::Type>,
}

impl<'s, 'm> Types<'s, 'm> {
    pub fn new(space: &'s Space<'m>) -> Self {
        Types {
            space,
            parsed: HashMap::default(),
        }
    }

    pub fn space(&self) -> &'s Space<'m> {
        self.space
    }

    pub fn get(&mut self, t: &RustType) -> ParseResult<syn::Type> {
        if let Some(ty) = self.parsed.get(t) {
            return Ok(ty.clone());
        }
        let ty: syn::Type = syn::parse2(self.space.tokens(t))?;
        self.parsed.insert(t.clone(), ty.clone());
        Ok(ty)
    }
}

/// `rt::#name! { #body }`: the runtime macro that writes an item's impls. Its body stays
/// tokens (prettyplease prints them as they are), so nothing is parsed here.
pub fn runtime_macro(name: &str, body: TokenStream) -> syn::Item {
    let mut path = syn::Path::from(syn::Ident::new("rt", Span::call_site()));
    path.segments
        .push(syn::Ident::new(name, Span::call_site()).into());
    syn::Item::Macro(syn::ItemMacro {
        attrs: Vec::new(),
        ident: None,
        mac: syn::Macro {
            path,
            bang_token: Default::default(),
            delimiter: syn::MacroDelimiter::Brace(Default::default()),
            tokens: body,
        },
        semi_token: None,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn doc_literals_keep_their_value() {
        for text in [
            "",
            " The `id` of the run.",
            " Says \"hi\" and \"#tag\"## done",
            " back\\slash \\n and {braces} and unicode é ✓",
            "/ starts with a slash",
            " two\nlines",
        ] {
            let lit = super::doc_literal(text);
            assert_eq!(lit.value(), text);
        }
        assert_eq!(super::raw_hashes("a \"# b \"### c"), 4);
        assert_eq!(super::raw_hashes("no quotes"), 0);
    }
}
