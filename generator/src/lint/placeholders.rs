//! Values the docs put where an example value belongs: a type's name (`"String"`,
//! `"String (timestamp)"`, `"Int32"`), `"<Unknown None>"`.

/// Whether `s` is such a placeholder.
pub fn is_placeholder(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "string",
        "boolean",
        "bool",
        "int32",
        "int64",
        "int16",
        "integer",
        "double",
        "single",
        "decimal",
        "guid",
        "date",
        "datetime",
        "datetimeoffset",
        "timeofday",
        "duration",
        "binary",
        "stream",
        "byte",
        "number",
        "<unknown none>",
        "json",
        "object",
        "timestamp",
        "url",
        "uri",
        "sbyte",
        "float",
    ];
    let lower = s.trim().to_ascii_lowercase();
    // The older pages' `"id-value"`, `"datetime-value"`, `"sideIndex-value"`.
    let named_value = lower.strip_suffix("-value").is_some_and(|name| {
        !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    });
    named_value
        || WORDS.contains(&lower.as_str())
        || lower.starts_with("string (")
        || lower.starts_with("string(")
        || lower.starts_with("edm.")
        || lower.starts_with("<unknown")
}

#[cfg(test)]
mod tests {
    #[test]
    fn type_names_are_placeholders_real_values_are_not() {
        for p in [
            "String",
            "String (timestamp)",
            "Int32",
            "<Unknown None>",
            "Edm.Guid",
            "datetime-value",
            "sideIndex-value",
        ] {
            assert!(super::is_placeholder(p), "{p}");
        }
        for v in ["Contoso", "2021-07-16T18:32:44Z", "a string with words", ""] {
            assert!(!super::is_placeholder(v), "{v}");
        }
    }
}
