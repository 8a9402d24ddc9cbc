//! `<!-- { … } -->` annotations and JSON blocks, read leniently.
//!
//! Strict JSON first; then JSON5 (trailing commas, unquoted keys, comments); then JSON5
//! after escaping raw newlines inside strings (FORMAT.md §8 counts each defect).

use serde_json::{Map, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strictness {
    Strict,
    Lenient,
}

/// Parses JSON text leniently. The error is the strict parser's message.
pub fn parse_json(text: &str) -> Result<(Value, Strictness), String> {
    let strict_error = match serde_json::from_str::<Value>(text) {
        Ok(v) => return Ok((v, Strictness::Strict)),
        Err(e) => e.to_string(),
    };
    if let Ok(v) = json5::from_str::<Value>(text) {
        return Ok((v, Strictness::Lenient));
    }
    let repaired = escape_raw_newlines(text);
    if repaired != text {
        if let Ok(v) = json5::from_str::<Value>(&repaired) {
            return Ok((v, Strictness::Lenient));
        }
    }
    Err(strict_error)
}

/// The JSON inside an HTML comment, if the comment holds an object.
pub fn comment_json(html: &str) -> Option<&str> {
    let inner = html.trim().strip_prefix("<!--")?;
    let inner = inner.trim_end().strip_suffix("-->").unwrap_or(inner).trim();
    inner.starts_with('{').then_some(inner)
}

fn escape_raw_newlines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in text.chars() {
        if in_string {
            match c {
                '\n' | '\r' => {
                    out.push(' ');
                    continue;
                }
                '\\' if !escaped => escaped = true,
                '"' if !escaped => in_string = false,
                _ => escaped = false,
            }
            if c != '\\' {
                escaped = false;
            }
        } else if c == '"' {
            in_string = true;
        }
        out.push(c);
    }
    out
}

/// A `blockType: resource` annotation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResourceAnnotation {
    /// `@odata.type` (or `@type`), leading `#` removed.
    pub odata_type: Option<String>,
    /// `Some(None)` for an explicit `"baseType": null`.
    pub base_type: Option<Option<String>>,
    pub key_property: Option<String>,
    pub open_type: bool,
    pub is_abstract: bool,
}

pub fn block_type(v: &Value) -> Option<&str> {
    v.get("blockType").and_then(Value::as_str)
}

/// `@odata.type` or `@type` of an annotation, without a leading `#`.
pub fn odata_type(obj: &Map<String, Value>) -> Option<String> {
    obj.get("@odata.type")
        .or_else(|| obj.get("@type"))
        .and_then(Value::as_str)
        .map(|s| s.trim().trim_start_matches('#').to_owned())
        .filter(|s| !s.is_empty())
}

/// Whether an annotation's flag is set: `true`, or the text `"true"` in any case.
pub fn flag(obj: &Map<String, Value>, key: &str) -> bool {
    match obj.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

pub fn resource_annotation(v: &Value) -> Option<ResourceAnnotation> {
    let obj = v.as_object()?;
    let truthy = |k: &str| flag(obj, k);
    Some(ResourceAnnotation {
        odata_type: odata_type(obj),
        base_type: obj.get("baseType").map(|b| {
            b.as_str()
                .map(|s| s.trim().trim_start_matches('#').to_owned())
                .filter(|s| !s.is_empty())
        }),
        key_property: obj
            .get("keyProperty")
            .and_then(Value::as_str)
            .map(str::to_owned),
        open_type: truthy("openType"),
        is_abstract: truthy("abstract") || truthy("isAbstract"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_forms_parse() {
        assert_eq!(parse_json(r#"{"a": 1}"#).unwrap().1, Strictness::Strict);
        for text in [
            r#"{ "blockType": "response", }"#,
            r#"{ "blockType": "response", isCollection: true }"#,
            "{ \"description\": \"two\nlines\" }",
            "{ /* relationships */ \"a\": 1 }",
        ] {
            let (v, s) = parse_json(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(s, Strictness::Lenient);
            assert!(v.is_object());
        }
        assert!(parse_json(r#"{ "description": translation resource" }"#).is_err());
    }

    #[test]
    fn resource_annotations_are_read() {
        let v = parse_json(
            r##"{"blockType": "resource", "@type": "#microsoft.graph.x", "baseType": null, "keyProperty": "id", "openType": "true"}"##,
        )
        .unwrap()
        .0;
        let a = resource_annotation(&v).unwrap();
        assert_eq!(a.odata_type.as_deref(), Some("microsoft.graph.x"));
        assert_eq!(a.base_type, Some(None));
        assert!(a.open_type);
        assert_eq!(comment_json("<!-- {\"a\":1} -->"), Some("{\"a\":1}"));
        assert_eq!(comment_json("<!-- note -->"), None);
    }
}
