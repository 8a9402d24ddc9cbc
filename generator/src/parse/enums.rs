//! Enum sections and tables: `### x values` headings at any level, `## Members` of enum
//! pages, and the table shapes they use (FORMAT.md §5).

use std::sync::LazyLock;

use regex::Regex;

use crate::model::EnumMember;

use super::table::Table;
use super::type_cell::strip_decoration;

static VALUES_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:the\s+)?`?\**([A-Za-z_][\w.]*)\**`?\s+(?:enum(?:eration)?\s+)?values?\s*$",
    )
    .unwrap()
});

/// The enum a heading introduces: `chatType values` → `chatType`.
pub fn enum_section_name(heading: &str) -> Option<String> {
    // Most headings are not enum sections: check the last word before the regex.
    let last = heading
        .trim_end()
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("");
    if !last.eq_ignore_ascii_case("values") && !last.eq_ignore_ascii_case("value") {
        return None;
    }
    VALUES_HEADING.captures(heading).map(|c| c[1].to_owned())
}

/// `Member`, `Member|Value|Description`, `Value|Description`, `Member|Int value|…`, …
pub fn is_enum_header(header: &[String]) -> bool {
    let first = header.first().map(String::as_str);
    matches!(
        first,
        Some("member" | "value" | "members" | "name" | "enum member")
    ) && !header.iter().any(|h| h == "type")
}

/// Members of an enum table, and the lines of rows that name none.
pub fn enum_table_members(table: &Table) -> (Vec<EnumMember>, Vec<u32>) {
    let h = &table.header;
    // The value column: `Value`, `Int value`, or a second `Member` column holding values.
    let value_col = if h.first().is_some_and(|f| f == "value") {
        None
    } else {
        h.iter()
            .skip(1)
            .position(|c| c == "value" || c == "int value" || c == "member" || c == "numeric value")
            .map(|i| i + 1)
    };
    let description_col = h.iter().position(|c| c.starts_with("description"));
    let mut members = Vec::new();
    let mut skipped = Vec::new();
    for row in &table.rows {
        let name = strip_decoration(&row.cells[0].text).trim().to_owned();
        let valid = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid || name == "null" {
            if !name.is_empty() && name != "null" {
                skipped.push(row.line);
            }
            continue;
        }
        let value = value_col
            .and_then(|c| row.cells.get(c))
            .and_then(|c| strip_decoration(&c.text).trim().parse::<i64>().ok());
        let description = description_col
            .and_then(|c| row.cells.get(c))
            .map(|c| super::text::clean_markdown(&c.text))
            .filter(|d| !d.is_empty());
        if members.iter().any(|m: &EnumMember| m.name == name) {
            continue;
        }
        members.push(EnumMember {
            name,
            value,
            description,
        });
    }
    (members, skipped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::table::parse_table;

    #[test]
    fn section_names() {
        assert_eq!(
            enum_section_name("chatType values").as_deref(),
            Some("chatType")
        );
        assert_eq!(
            enum_section_name("`riskLevel` values ").as_deref(),
            Some("riskLevel")
        );
        assert_eq!(
            enum_section_name("Legal age group property definitions"),
            None
        );
        // beta/resources/enums.md has a no-break space before `values`.
        assert_eq!(
            enum_section_name("chatMessagePolicyViolationDlpActionType\u{a0}values").as_deref(),
            Some("chatMessagePolicyViolationDlpActionType")
        );
    }

    #[test]
    fn every_table_shape() {
        let t = parse_table(
            "|Member|Value|Description|\n|:--|:--|:--|\n|unknown|-1|Unknown.|\n|low|0||\n",
            1,
        )
        .unwrap();
        assert!(is_enum_header(&t.header));
        let (m, _) = enum_table_members(&t);
        assert_eq!((m[0].name.as_str(), m[0].value), ("unknown", Some(-1)));
        assert_eq!(m[0].description.as_deref(), Some("Unknown."));
        let t = parse_table("|Member|Member|Description|\n|:--|:--|:--|\n|a|1|x|\n", 1).unwrap();
        assert_eq!(enum_table_members(&t).0[0].value, Some(1));
        let t = parse_table("|Value|Description|\n|:--|:--|\n|`a`|x|\n|null|y|\n", 1).unwrap();
        let (m, skipped) = enum_table_members(&t);
        assert_eq!((m.len(), m[0].name.as_str(), skipped.len()), (1, "a", 0));
    }
}
