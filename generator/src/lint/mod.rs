//! Lint: every JSON example of the docs checked against the model — request bodies against
//! their operation's body, responses against their declared type, JSON representation
//! blocks against their page's type — with `@odata.type` dispatch to derived types. Sees
//! the model and the pages' examples; each finding is a diagnostic at the member's line
//! and column.

pub mod check;
mod example;
mod formats;
pub mod placeholders;
pub mod schema;

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use crate::model::{BodySource, Diagnostic, Model, Operation, TypeRef};
use crate::parse::{ExampleKind, JsonExample};

use check::{Body, Checker, Mode};
use example::Located;
use jsonc_parser::ast::Value;
use schema::Schema;

/// The examples of one page, kept from parsing for the checker.
pub struct PageExamples {
    pub file: String,
    pub version: String,
    pub examples: Vec<JsonExample>,
}

/// The diagnostics of every example, page by page on all cores, in page order.
pub fn lint_examples(model: &Model, pages: &[PageExamples]) -> Vec<Diagnostic> {
    let schema = Schema::new(model);
    let mut operations: HashMap<&str, Vec<&Operation>> = HashMap::default();
    for op in &model.operations {
        operations
            .entry(op.source.file.as_str())
            .or_default()
            .push(op);
    }
    pages
        .par_iter()
        .map(|page| {
            let ops = operations
                .get(page.file.as_str())
                .map(Vec::as_slice)
                .unwrap_or_default();
            lint_page(&schema, ops, page)
        })
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .collect()
}

fn lint_page(schema: &Schema, ops: &[&Operation], page: &PageExamples) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for ex in &page.examples {
        let at = Located::new(&page.file, ex);
        let value = match at.parse() {
            Ok(Some(value)) => value,
            Ok(None) => continue,
            // A representation block that is not JSON has its diagnostic from the parser.
            Err(d) if ex.kind != ExampleKind::Representation => {
                out.push(d);
                continue;
            }
            Err(_) => continue,
        };
        let mode = match ex.kind {
            ExampleKind::Request => Mode::Request,
            ExampleKind::Response => Mode::Response,
            ExampleKind::Representation => Mode::Representation,
        };
        let mut checker = Checker {
            schema,
            version: &page.version,
            at: &at,
            mode,
            read_only: false,
            out: Vec::new(),
        };
        match ex.kind {
            ExampleKind::Representation | ExampleKind::Response => {
                if let Some(declared) = declared(schema, &page.version, ex) {
                    response(
                        &mut checker,
                        &value,
                        &declared,
                        ex.kind == ExampleKind::Response && is_collection(ex),
                    );
                }
            }
            ExampleKind::Request => request(&mut checker, &value, ops, ex),
        }
        out.extend(checker.out);
    }
    out
}

/// What an example's annotation declares, as a type of the model (`None` when it names no
/// type the docs define, or nothing).
fn declared(schema: &Schema, version: &str, ex: &JsonExample) -> Option<TypeRef> {
    let declared: TypeRef = ex.odata_type.as_deref()?.parse().ok()?;
    match declared.element() {
        TypeRef::Named(name) => {
            let id = schema.lookup(version, name)?;
            Some(TypeRef::Named(schema.def(id).name.clone()))
        }
        primitive => Some(primitive.clone()),
    }
}

/// Whether a page's title says it creates a resource (`Create user`, `Add attachment`).
fn creates(title: &str) -> bool {
    let first = title.split_whitespace().next().unwrap_or_default();
    ["create", "add", "post", "upload"]
        .iter()
        .any(|w| first.eq_ignore_ascii_case(w))
}

fn is_collection(ex: &JsonExample) -> bool {
    ex.is_collection
        || ex
            .odata_type
            .as_deref()
            .is_some_and(|t| t.starts_with("Collection("))
}

/// A response body (or a representation block) declared as `declared`: a collection
/// response is a page, `{"value": […]}`; a primitive one may be wrapped as `{"value": …}`.
fn response(checker: &mut Checker, value: &Value, declared: &TypeRef, collection: bool) {
    let wrapped = match value {
        Value::Object(o) => o.properties.iter().find(|p| p.name.as_str() == "value"),
        _ => None,
    };
    if collection {
        match wrapped {
            Some(items) => checker.value(&items.value, &TypeRef::collection(declared.clone())),
            None => checker.not_a_page(value),
        }
        return;
    }
    match (declared, wrapped) {
        (TypeRef::Primitive(_) | TypeRef::Collection(_), Some(inner)) => {
            checker.value(&inner.value, declared)
        }
        // A page where one value is declared: the annotation lacks `isCollection`.
        (TypeRef::Named(_), Some(inner))
            if matches!(inner.value, Value::Array(_)) && !checker.declares_value(declared) =>
        {
            checker.uncollected(inner);
            checker.value(&inner.value, &TypeRef::collection(declared.clone()));
        }
        _ => checker.value(value, declared),
    }
}

/// A request body: checked against its operation's body (see [`Body`]), as the method of
/// its HTTP line says; a full example (not `truncated`) has every required member.
fn request(checker: &mut Checker, value: &Value, ops: &[&Operation], ex: &JsonExample) {
    let op = match ex.method {
        Some(method) => ops.iter().find(|op| op.method == method),
        None if ops.len() == 1 => ops.first(),
        None => None,
    };
    let (Some(op), Value::Object(object)) = (op, value) else {
        return;
    };
    let schema = checker.schema;
    let version = checker.version;
    let struct_of = |t: Option<&TypeRef>| match t {
        Some(TypeRef::Named(n)) => schema.lookup(version, n).filter(|id| schema.is_struct(*id)),
        _ => None,
    };
    let target = op.target.as_deref().and_then(|t| schema.lookup(version, t));
    let response = struct_of(op.response.as_ref());
    let rows = op.body.as_slice();
    let represented = target.filter(|id| schema.is_struct(*id));
    let body = match (op.method.as_str(), op.body_source, represented) {
        ("PATCH", BodySource::Table, _) => Body::Table(rows),
        ("PATCH", BodySource::TargetProperties, _) => match target {
            Some(id) => Body::Type { id, table: &[] },
            None => return,
        },
        // The Request body section says what the body represents: that type's members, and
        // the table's rows (often only the required ones, sometimes of a nested type).
        ("POST" | "PUT", _, Some(id)) => Body::Type { id, table: rows },
        ("POST" | "PUT", _, None) => match (response, rows.is_empty()) {
            // A create (or replace) page: its table lists some of the new resource's members.
            (Some(id), false) if rows.iter().all(|r| schema.member(id, &r.name).is_some()) => {
                Body::Type { id, table: rows }
            }
            (_, false) => Body::Table(rows),
            // Without a table, only a page that creates (or replaces) what it returns says
            // what its body is; an action's parameters are not its result's members.
            (Some(id), true) if op.method == "PUT" || creates(&op.title) => {
                Body::Type { id, table: &[] }
            }
            (_, true) => return,
        },
        _ => return,
    };
    let declared = match &body {
        Body::Type { id, .. } => Some(*id),
        Body::Table(_) => target,
    };
    checker.read_only = op.method == "PATCH" || matches!(body, Body::Table(_));
    checker.object(object, declared, Some(&body));
    if !ex.truncated {
        checker.required(object, rows);
    }
}
