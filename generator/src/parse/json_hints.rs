//! The JSON representation block's members and the types their placeholder values suggest
//! (`"String (timestamp)"` → `Edm.DateTimeOffset`, `{"@odata.type": "microsoft.graph.x"}` → x).

use serde_json::{Map, Value};

use crate::model::Edm;

use super::facts::{JsonHint, JsonHintFact};
use super::type_cell::primitive;

pub fn json_hints(obj: &Map<String, Value>) -> Vec<JsonHintFact> {
    obj.iter()
        .filter(|(k, _)| !k.starts_with('@') && !k.contains('@'))
        .map(|(k, v)| {
            let (hint, collection) = match v {
                Value::Array(items) => (items.first().map_or(JsonHint::Unknown, hint_of), true),
                other => (hint_of(other), false),
            };
            JsonHintFact {
                name: k.clone(),
                hint,
                collection,
            }
        })
        .collect()
}

fn hint_of(v: &Value) -> JsonHint {
    match v {
        Value::Bool(_) => JsonHint::Primitive(Edm::Boolean),
        Value::String(s) => string_hint(s),
        Value::Object(o) => match o.get("@odata.type").and_then(Value::as_str) {
            Some(t) => JsonHint::Named(t.trim_start_matches('#').to_owned()),
            None => JsonHint::Unknown,
        },
        _ => JsonHint::Unknown,
    }
}

fn string_hint(s: &str) -> JsonHint {
    let lower = s.to_ascii_lowercase();
    let edm = match lower.as_str() {
        "string (timestamp)" | "datetimeoffset" | "string (datetime)" => Edm::DateTimeOffset,
        "string (identifier)" | "string (url)" | "string (email)" => Edm::String,
        "string (iso 8601 duration)" | "string (duration)" => Edm::Duration,
        "string (time of day)" | "string (timeofday)" => Edm::TimeOfDay,
        "string (date)" => Edm::Date,
        "string (binary)" | "string (base64)" => Edm::Binary,
        _ => match primitive(s) {
            // Only placeholder spellings count: real example values say nothing about the type.
            Some(p) if s.chars().all(|c| c.is_ascii_alphanumeric() || c == '.') => p,
            _ => return JsonHint::Unknown,
        },
    };
    JsonHint::Primitive(edm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_suggest_types() {
        let v: Value = serde_json::from_str(
            r##"{"@odata.type": "#x", "a": "String (timestamp)", "b": [{"@odata.type": "microsoft.graph.y"}], "c": true, "d": "hello world", "e": "Guid"}"##,
        )
        .unwrap();
        let hints = json_hints(v.as_object().unwrap());
        let get = |n: &str| hints.iter().find(|h| h.name == n).unwrap();
        assert_eq!(get("a").hint, JsonHint::Primitive(Edm::DateTimeOffset));
        assert_eq!(get("b").hint, JsonHint::Named("microsoft.graph.y".into()));
        assert!(get("b").collection);
        assert_eq!(get("c").hint, JsonHint::Primitive(Edm::Boolean));
        assert_eq!(get("d").hint, JsonHint::Unknown);
        assert_eq!(get("e").hint, JsonHint::Primitive(Edm::Guid));
        assert!(hints.iter().all(|h| h.name != "@odata.type"));
    }
}
