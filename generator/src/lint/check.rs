//! Checks one parsed example against the model: every member is one its type defines (the
//! type `@odata.type` names, where that type derives from the declared one), every value
//! fits its member's type, and a request sets no read-only member and leaves out no
//! required one.

use jsonc_parser::ast::{Object, ObjectProp, Value};

use crate::model::{Code, Diagnostic, Property, TypeRef};

use super::example::{range_of, Located};
use super::formats::{self, quoted, Scalar};
use super::placeholders::is_placeholder;
use super::schema::{Schema, TypeId};

/// What kind of example is checked: what it may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// A request body: read-only members are defects.
    Request,
    /// A response body.
    Response,
    /// A resource page's JSON representation: placeholder values (`"String"`) are its
    /// convention, not defects.
    Representation,
}

/// The members a request body may have.
pub enum Body<'m> {
    /// Exactly the Request body table's rows (an action's parameters, an update's members).
    Table(&'m [Property]),
    /// A type's members, and the table's rows where the page has one (a create or a
    /// replace; an update page without a table).
    Type { id: TypeId, table: &'m [Property] },
}

pub struct Checker<'s, 'm, 'e> {
    pub schema: &'s Schema<'m>,
    pub version: &'s str,
    pub at: &'s Located<'e>,
    pub mode: Mode,
    /// Read-only members of the body's outermost object are defects: an update's, an
    /// action's parameters. (A create's body often sets members the docs call read-only
    /// because no update can change them, and a nested value, such as a reference, often
    /// names members read-only on the resource it refers to.)
    pub read_only: bool,
    pub out: Vec<Diagnostic>,
}

/// The open type whose values are any JSON.
const JSON_TYPE: &str = "microsoft.graph.Json";

impl<'m> Checker<'_, 'm, '_> {
    /// A value declared as `t`.
    pub fn value(&mut self, value: &Value, t: &TypeRef) {
        if let Value::NullKeyword(_) = value {
            return;
        }
        // A representation block writes `{"@odata.type": "x"}` or `"microsoft.graph.x"` for
        // a value of type `x`, whatever the type; objects are checked for what they name.
        if self.mode == Mode::Representation && self.names_its_type(value, t) {
            return;
        }
        match t {
            TypeRef::Collection(element) => match value {
                Value::Array(items) => {
                    for item in &items.elements {
                        self.value(item, element);
                    }
                }
                // A representation block's `"[String]"`: a collection of strings.
                Value::StringLit(s)
                    if self.mode == Mode::Representation
                        && s.value.starts_with('[')
                        && s.value.ends_with(']') => {}
                other => self.mismatch(other, &format!("an array of {}", describe(element))),
            },
            TypeRef::Primitive(edm) => {
                let Some(scalar) = self.scalar(value) else {
                    return;
                };
                if let Err(expected) = formats::fits(*edm, scalar) {
                    self.mismatch(value, expected);
                }
            }
            TypeRef::Named(name) if name == JSON_TYPE => {}
            TypeRef::Named(name) => match self.schema.lookup(self.version, name) {
                Some(id) if self.schema.is_struct(id) => match value {
                    Value::Object(object) => self.object(object, Some(id), None),
                    other => self.mismatch(
                        other,
                        &format!("an object (a `{}`)", self.schema.short_name(id)),
                    ),
                },
                Some(id) => self.enum_value(value, id),
                // `microsoft.graph.Json`, or a type no page defines: anything goes.
                None => {}
            },
        }
    }

    /// An object declared as `declared` (`None`: a request body that is no type's, an
    /// action's parameters); `body` for a request's outermost object.
    pub fn object(&mut self, object: &Object, declared: Option<TypeId>, body: Option<&Body>) {
        let actual = declared.map(|d| self.dispatch(object, d));
        for prop in &object.properties {
            let name = prop.name.as_str();
            // Annotations: `@odata.type`, `members@odata.bind`, `@microsoft.graph.…`; and
            // OData 3's `odata.type`, which `dispatch` has reported.
            if name.contains('@') || (actual.is_some() && name == LEGACY_ODATA_TYPE) {
                continue;
            }
            let member = actual.and_then(|t| self.schema.member(t, name));
            let (member, row) = match body {
                Some(Body::Table(rows)) => (None, rows.iter().find(|r| r.name == name)),
                Some(Body::Type { table, .. }) => (member, table.iter().find(|r| r.name == name)),
                None => (member, None),
            };
            let Some(found) = row.or(member) else {
                let open = actual.is_some_and(|t| self.schema.is_open(t));
                if body.is_some() || !open {
                    self.unknown_member(prop, actual, body);
                }
                continue;
            };
            if self.read_only && body.is_some() && member.or(row).is_some_and(|p| p.read_only) {
                let d = self
                    .at
                    .diagnostic(
                        Code::ExampleReadOnly,
                        prop.name_range(),
                        format!("`{name}` is read-only: a request cannot set it"),
                    )
                    .help("remove it from the request example, or fix the Properties table if the service lets callers set it");
                self.out.push(d);
                continue;
            }
            if let Some(t) = &found.type_ref {
                self.value(&prop.value, t);
            }
        }
    }

    /// The type an object is checked as: the one its `@odata.type` names where that type
    /// derives from the declared one, else the declared one (and the `@odata.type` is a
    /// defect).
    fn dispatch(&mut self, object: &Object, declared: TypeId) -> TypeId {
        let tag = |name: &str| object.properties.iter().find(|p| p.name.as_str() == name);
        let prop = match (tag("@odata.type"), tag(LEGACY_ODATA_TYPE)) {
            (Some(prop), _) => prop,
            // Read as what it means, so that the value's members are checked as its type's.
            (None, Some(prop)) => {
                let d = self
                    .at
                    .diagnostic(
                        Code::ExampleOdataType,
                        prop.name_range(),
                        format!("`{LEGACY_ODATA_TYPE}` is OData 3's spelling: Graph reads only `@odata.type`"),
                    )
                    .help("write `\"@odata.type\"`");
                self.out.push(d);
                prop
            }
            (None, None) => return self.infer(object, declared),
        };
        let key = prop.name.as_str();
        let Value::StringLit(text) = &prop.value else {
            return declared;
        };
        let name = text.value.as_ref();
        let declared_name = &self.schema.def(declared).name;
        let (named, help) = match self.schema.lookup(self.version, name) {
            Some(id) => (Some(id), None),
            None => match self.schema.lookup_any_case(self.version, name) {
                Some(id) => (
                    None,
                    Some(format!(
                        "type names are case-sensitive: write `#{}`",
                        self.schema.def(id).name
                    )),
                ),
                None => (None, None),
            },
        };
        match named {
            Some(id) if self.schema.derives_from(id, declared) => id,
            // Checked as the type it names: its members are that type's, whatever the
            // docs say of the two types.
            Some(id) => {
                let d = self
                    .at
                    .diagnostic(
                        Code::ExampleOdataType,
                        text.range,
                        format!(
                            "`{key}` names `{}`, which is not `{declared_name}` nor derived from it",
                            self.schema.def(id).name
                        ),
                    )
                    .help(format!(
                        "name `{declared_name}` or a type derived from it, or say on the named type's page that it derives from `{declared_name}`"
                    ));
                self.out.push(d);
                id
            }
            None => {
                let d = self
                    .at
                    .diagnostic(
                        Code::ExampleOdataType,
                        text.range,
                        format!(
                            "`{key}` names {}, which no page of {} defines",
                            quoted(name),
                            self.version
                        ),
                    )
                    .help(help.unwrap_or_else(|| {
                        format!("name `{declared_name}` or a type derived from it, as `#microsoft.graph.…`")
                    }));
                self.out.push(d);
                declared
            }
        }
    }

    /// An object without `@odata.type` whose members the declared type does not define but
    /// a type derived from it does: the value is of that type, and says not so. One
    /// diagnostic, and the members are checked as that type's.
    fn infer(&mut self, object: &Object, declared: TypeId) -> TypeId {
        let unknown: Vec<&str> = object
            .properties
            .iter()
            .map(|p| p.name.as_str())
            .filter(|n| !n.contains('@') && self.schema.member(declared, n).is_none())
            .collect();
        if unknown.is_empty() || self.schema.is_open(declared) {
            return declared;
        }
        let fits = |id: &TypeId| unknown.iter().all(|n| self.schema.member(*id, n).is_some());
        let Some(derived) = self.schema.descendants(declared).into_iter().find(fits) else {
            return declared;
        };
        let (name, base) = (
            &self.schema.def(derived).name,
            &self.schema.def(declared).name,
        );
        let d = self
            .at
            .diagnostic(
                Code::ExampleOdataType,
                object.range,
                format!(
                    "the value has no `@odata.type`, but `{}` {} of `{name}`, derived from `{base}`",
                    unknown.join("`, `"),
                    if unknown.len() == 1 { "is a member" } else { "are members" }
                ),
            )
            .help(format!("add `\"@odata.type\": \"#{name}\"` to the value"));
        self.out.push(d);
        derived
    }

    fn unknown_member(&mut self, prop: &ObjectProp, id: Option<TypeId>, body: Option<&Body>) {
        let name = prop.name.as_str();
        // `odata.context`, `odata.nextLink`: annotations as OData 3 spelled them.
        if name.starts_with("odata.") {
            let d = self
                .at
                .diagnostic(
                    Code::ExampleUnknownMember,
                    prop.name_range(),
                    format!("`{name}` is OData 3's spelling of the annotation `@{name}`"),
                )
                .help(format!("write `\"@{name}\"`"));
            self.out.push(d);
            return;
        }
        let (message, candidates, type_name): (String, Vec<&str>, &str) = match (body, id) {
            (Some(Body::Table(rows)), _) => (
                format!("`{name}` is not in the Request body table of this page"),
                rows.iter().map(|r| r.name.as_str()).collect(),
                "",
            ),
            (_, None) => (
                format!("`{name}` is not in the Request body table of this page"),
                Vec::new(),
                "",
            ),
            (_, Some(id)) => {
                let type_name = self.schema.def(id).name.as_str();
                (
                    format!("`{name}` is not a member of `{type_name}`"),
                    self.schema.members(id).map(|p| p.name.as_str()).collect(),
                    type_name,
                )
            }
        };
        let help = match closest(name, &candidates) {
            Some(c) => format!("did you mean `{c}`?"),
            None if type_name.is_empty() => {
                "add the member to the Request body table, or remove it from the example".to_owned()
            }
            None => {
                format!("document `{name}` on `{type_name}`'s page, or remove it from the example")
            }
        };
        let d = self
            .at
            .diagnostic(Code::ExampleUnknownMember, prop.name_range(), message)
            .help(help);
        self.out.push(d);
    }

    /// Whether `t` (a struct) has a member named `value` of its own.
    pub fn declares_value(&self, t: &TypeRef) -> bool {
        match t {
            TypeRef::Named(n) => self
                .schema
                .lookup(self.version, n)
                .is_some_and(|id| self.schema.member(id, "value").is_some()),
            _ => false,
        }
    }

    /// A collection page whose annotation declares one value.
    pub fn uncollected(&mut self, value: &ObjectProp) {
        let d = self
            .at
            .diagnostic(
                Code::ExampleTypeMismatch,
                value.name_range(),
                "the response is a collection page, but its annotation declares one value"
                    .to_owned(),
            )
            .help("add `\"isCollection\": true` to the response's annotation");
        self.out.push(d);
    }

    /// Whether a representation block's value stands for its type by naming it: an object
    /// with only `@odata.type` (but for a struct, whose object is checked as a value), or
    /// the type's name as a string.
    fn names_its_type(&self, value: &Value, t: &TypeRef) -> bool {
        let named = match t.element() {
            TypeRef::Named(n) => Some((n.as_str(), self.schema.lookup(self.version, n))),
            _ => None,
        };
        match value {
            Value::StringLit(s) => named.is_some_and(|(name, id)| {
                let short = id.map_or(name, |id| self.schema.short_name(id));
                s.value.eq_ignore_ascii_case(name) || s.value.eq_ignore_ascii_case(short)
            }),
            Value::Object(_) => {
                let is_struct = named
                    .and_then(|(_, id)| id)
                    .is_some_and(|id| self.schema.is_struct(id));
                !is_struct && names_a_type(value)
            }
            _ => false,
        }
    }

    /// A collection response that is not a page.
    pub fn not_a_page(&mut self, value: &Value) {
        self.mismatch(value, "a collection page, an object with a `value` array");
    }

    /// The required rows of a full (not truncated) request body that it leaves out.
    pub fn required(&mut self, object: &Object, rows: &[Property]) {
        for row in rows.iter().filter(|r| r.required && !r.read_only) {
            // A member spelled in another case has a diagnostic of its own; a navigation
            // member may be given as a link (`printer@odata.bind`).
            if object.properties.iter().any(|p| {
                let name = p.name.as_str();
                let member = name.strip_suffix("@odata.bind").unwrap_or(name);
                member.eq_ignore_ascii_case(&row.name)
            }) {
                continue;
            }
            let d = self
                .at
                .diagnostic(
                    Code::ExampleMissingRequired,
                    object.range,
                    format!(
                        "the request body lacks `{}`, which the Request body table marks Required",
                        row.name
                    ),
                )
                .help("add the member to the example, or mark the row Optional if the service does not need it");
            self.out.push(d);
        }
    }

    fn enum_value(&mut self, value: &Value, id: TypeId) {
        let def = self.schema.def(id);
        let text = match self.scalar(value) {
            Some(Scalar::String(text)) => text,
            Some(scalar) => {
                let expected = format!("a member of `{}`, as a string", def.name);
                self.mismatch_scalar(value, scalar, &expected);
                return;
            }
            None => return,
        };
        if def.members.is_empty() {
            return;
        }
        // Flag enums list several members: `"a,b"`; a representation block may list the
        // members a value can be: `"a | b"`.
        let known = |m: &str| def.members.iter().any(|d| d.name == m.trim());
        let alternatives = self.mode == Mode::Representation && text.split('|').all(known);
        if text.split(',').all(known) || alternatives {
            return;
        }
        let members: Vec<&str> = def.members.iter().map(|m| m.name.as_str()).collect();
        if let Some(m) = members.iter().find(|m| m.eq_ignore_ascii_case(text)) {
            // Either the example or the enum's table is misspelled.
            let d = self
                .at
                .diagnostic(
                    Code::ExampleTypeMismatch,
                    range_of(value),
                    format!(
                        "{} differs in case from the member `{m}` of `{}`",
                        quoted(text),
                        def.name
                    ),
                )
                .help("enum members are case-sensitive: make the example and the enum's table agree (`lint --csdl` says which the service uses)");
            self.out.push(d);
            return;
        }
        let mut expected = format!("a member of `{}`", def.name);
        if let Some(c) = closest(text, &members) {
            expected.push_str(&format!(" (`{c}`?)"));
        } else if members.len() <= 8 {
            expected.push_str(&format!(": `{}`", members.join("`, `")));
        }
        self.mismatch(value, &expected);
    }

    /// A value's kind and text; `None` (after its diagnostic) for a placeholder in a request
    /// or response, which is not checked further, or for `null`.
    fn scalar<'v>(&mut self, value: &'v Value) -> Option<Scalar<'v>> {
        Some(match value {
            Value::StringLit(s) => {
                let text = s.value.as_ref();
                if is_placeholder(text) {
                    // The convention of representation blocks; a defect in real examples
                    // (`<Unknown None>` has a diagnostic of its own, from the page's text).
                    if self.mode != Mode::Representation && !text.starts_with("<Unknown") {
                        let d = self
                            .at
                            .diagnostic(
                                Code::PlaceholderValue,
                                s.range,
                                format!("example value {} is a placeholder", quoted(text)),
                            )
                            .help("show a realistic value");
                        self.out.push(d);
                    }
                    return None;
                }
                Scalar::String(text)
            }
            Value::NumberLit(n) => Scalar::Number(n.value),
            Value::BooleanLit(_) => Scalar::Boolean,
            Value::Object(_) => Scalar::Object,
            Value::Array(_) => Scalar::Array,
            Value::NullKeyword(_) => return None,
        })
    }

    fn mismatch(&mut self, value: &Value, expected: &str) {
        if let Some(scalar) = self.scalar(value) {
            self.mismatch_scalar(value, scalar, expected);
        }
    }

    fn mismatch_scalar(&mut self, value: &Value, scalar: Scalar, expected: &str) {
        let d = self
            .at
            .diagnostic(
                Code::ExampleTypeMismatch,
                range_of(value),
                format!("{} is not {expected}", capitalize(&scalar.describe())),
            )
            .help("fix the example's value, or the member's Type in the Properties table");
        self.out.push(d);
    }
}

/// The type annotation as OData 3's JSON wrote it, still found in examples.
const LEGACY_ODATA_TYPE: &str = "odata.type";

/// `{"@odata.type": "x"}` and nothing else but annotations.
fn names_a_type(value: &Value) -> bool {
    matches!(value, Value::Object(o)
        if !o.properties.is_empty() && o.properties.iter().all(|p| p.name.as_str().contains('@')))
}

/// `a DateTimeOffset`, `a \`identitySet\``: a type for a message.
fn describe(t: &TypeRef) -> String {
    match t {
        TypeRef::Primitive(edm) => format!("`Edm.{}`", edm.name()),
        TypeRef::Named(n) => format!("`{n}`"),
        TypeRef::Collection(inner) => describe(inner),
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The candidate `name` most likely misspells: the same but for case, or close in edit
/// distance.
fn closest<'c>(name: &str, candidates: &[&'c str]) -> Option<&'c str> {
    if let Some(c) = candidates.iter().find(|c| c.eq_ignore_ascii_case(name)) {
        return Some(c);
    }
    candidates
        .iter()
        .map(|c| {
            (
                strsim::jaro_winkler(&name.to_ascii_lowercase(), &c.to_ascii_lowercase()),
                *c,
            )
        })
        .filter(|(score, _)| *score >= 0.9)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// The span of a member's name.
trait NameRange {
    fn name_range(&self) -> jsonc_parser::common::Range;
}

impl NameRange for ObjectProp<'_> {
    fn name_range(&self) -> jsonc_parser::common::Range {
        match &self.name {
            jsonc_parser::ast::ObjectPropName::String(s) => s.range,
            jsonc_parser::ast::ObjectPropName::Word(w) => w.range,
        }
    }
}
