//! Api pages: the HTTP request lines, the resource an update changes, the request body
//! and the JSON examples.

use serde_json::Value;

use crate::model::Code;

use super::annotation;
use super::blocks::Block;
use super::facts::*;
use super::page::PageParser;
use super::rows::PropertyColumns;
use super::spans::link_middles;
use super::table::parse_table;
use super::text::{char_column, char_width, contains_ignore_ascii_case};
use super::type_cell::{strip_decoration, Mention};

/// `PATCH /path` → the method, the rest trimmed, and the byte offset of the rest in the line.
/// (Was a regex with a lazy group before `\s*$`: ~20,000 instructions a line.)
fn http_line(line: &str) -> Option<(&'static str, &str, usize)> {
    let text = line.trim_start();
    let lead = line.len() - text.len();
    let method = ["GET", "POST", "PATCH", "PUT", "DELETE"]
        .into_iter()
        .find(|m| text.starts_with(m))?;
    let after = &text[method.len()..];
    if !after.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = after.trim_start();
    let start = lead + method.len() + (after.len() - rest.len());
    let rest = rest.trim_end();
    (!rest.is_empty()).then_some((method, rest, start))
}

/// The H2 sections of an api page the parser reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    HttpRequest,
    RequestBody,
    Other,
}

impl Section {
    /// By title, case ignored (ASCII case suffices: the only char outside ASCII that
    /// lower-cases into ASCII is the Kelvin sign, and neither title has a `k`).
    fn of(title: &str) -> Section {
        if title.eq_ignore_ascii_case("http request") {
            Section::HttpRequest
        } else if title.eq_ignore_ascii_case("request body") {
            Section::RequestBody
        } else {
            Section::Other
        }
    }
}

impl PageParser<'_> {
    pub(super) fn parse_api(&mut self, blocks: &[Block<'_>]) {
        let mut op = OperationFacts::default();
        let mut h2: Option<Section> = None;
        let mut pending: Option<Value> = None;
        // What each Request body paragraph says the body represents (`None`: alternatives).
        let mut representations: Vec<Option<Mention>> = Vec::new();
        for block in blocks {
            match block {
                Block::Heading { level, text, .. } if *level <= 2 => {
                    h2 = (*level == 2).then(|| Section::of(text));
                }
                Block::Paragraph { start, end, .. }
                    if h2.is_none() && op.intro_target.is_none() =>
                {
                    let raw = &self.text[*start..*end];
                    op.intro_target = first_resource_link(raw);
                }
                Block::Paragraph { start, end, .. } if h2 == Some(Section::RequestBody) => {
                    representations.extend(representation_link(&self.text[*start..*end]));
                }
                Block::Html { text, line, .. } => {
                    if let Some(v) = self.annotation(text, *line) {
                        if annotation::block_type(&v) == Some("response")
                            && op.response_type.is_none()
                        {
                            let obj = v.as_object();
                            op.response_type = obj.and_then(annotation::odata_type);
                            op.response_collection =
                                obj.is_some_and(|o| annotation::flag(o, "isCollection"));
                        }
                        pending = Some(v);
                    }
                }
                Block::Code { body, line, .. } => {
                    let ann = pending.take();
                    if h2 == Some(Section::HttpRequest) {
                        self.request_lines(body, *line, &mut op);
                        continue;
                    }
                    let Some(ann) = ann else { continue };
                    match annotation::block_type(&ann) {
                        Some("request") => {
                            if let Some(first) = body.lines().next() {
                                let upper = first.trim_start();
                                if http_line(upper).is_some()
                                    && (upper.contains("**") || upper.contains(" not found"))
                                {
                                    // Underlined from the placeholder's `**` (else the
                                    // whole request) to the end of the line.
                                    let lead = first.len() - upper.len();
                                    let from = upper.find("**").unwrap_or(0);
                                    self.diag_span(
                                        Code::MissingUri,
                                        *line + 1,
                                        char_column(first, lead + from),
                                        char_width(upper[from..].trim_end()),
                                        format!("example request has no URI: `{}`", first.trim()),
                                        "replace the placeholder with the resource's path",
                                    );
                                }
                            }
                            let (json, offset) = http_body(body);
                            if top_level_member(json, "@odata.type") {
                                op.sends_odata_type = true;
                            }
                            if self.options.examples && is_json_body(body, json) {
                                let method = body.lines().next().and_then(http_line).map(|h| h.0);
                                let offsets = self.text_offsets(json, *line + 1 + offset);
                                self.facts.examples.push(JsonExample {
                                    kind: ExampleKind::Request,
                                    line: *line + 1 + offset,
                                    offsets,
                                    method,
                                    odata_type: ann.as_object().and_then(annotation::odata_type),
                                    is_collection: false,
                                    truncated: false,
                                    json: json.to_owned(),
                                });
                            }
                        }
                        Some("response") => {
                            let (json, offset) = http_body(body);
                            if self.options.examples && is_json_body(body, json) {
                                let obj = ann.as_object();
                                let flag = |k: &str| obj.is_some_and(|o| annotation::flag(o, k));
                                let offsets = self.text_offsets(json, *line + 1 + offset);
                                self.facts.examples.push(JsonExample {
                                    kind: ExampleKind::Response,
                                    line: *line + 1 + offset,
                                    offsets,
                                    method: None,
                                    odata_type: obj.and_then(annotation::odata_type),
                                    is_collection: flag("isCollection"),
                                    truncated: flag("truncated"),
                                    json: json.to_owned(),
                                });
                            }
                        }
                        _ => {}
                    }
                }
                Block::Table { start, end, line } if h2 == Some(Section::RequestBody) => {
                    let table = match parse_table(&self.text[*start..*end], *line) {
                        Ok(t) => t,
                        Err(e) => {
                            self.table_error(e, *line);
                            continue;
                        }
                    };
                    let Some(cols) = PropertyColumns::find(&table.header) else {
                        continue;
                    };
                    // Only an update's body becomes part of the model; other bodies
                    // (create, actions) are checked for the same defects but not read,
                    // unless the examples are kept (`lint` checks them against the body).
                    // A page whose request lines come after its body is read in full.
                    let updates_nothing = !op.requests.is_empty()
                        && op.requests.iter().all(|(method, _, _)| method != "PATCH");
                    if updates_nothing && !self.options.examples {
                        self.check_property_rows(&table, &cols);
                        op.body.get_or_insert_with(Vec::new);
                        continue;
                    }
                    let rows = self.property_rows(&table, &cols, false);
                    op.body.get_or_insert_with(Vec::new).extend(rows);
                }
                _ => {}
            }
        }
        if op.requests.is_empty() {
            self.diag(
                Code::NoHttpRequest,
                1,
                0,
                "the `HTTP request` section has no request line".into(),
                "add a line such as `PATCH /users/{id}` in an ```http block",
            );
        }
        // Paragraphs that name different resources ("in Azure AD B2C, a [x] or a [y]")
        // leave the body's type to the examples.
        op.body_representation = match representations.split_first() {
            Some((Some(first), rest))
                if rest
                    .iter()
                    .all(|r| r.as_ref().is_some_and(|m| m.target == first.target)) =>
            {
                Some(first.clone())
            }
            _ => None,
        };
        self.facts.operation = Some(op);
    }

    pub(super) fn request_lines(&mut self, body: &str, block_line: u32, op: &mut OperationFacts) {
        for (i, l) in body.lines().enumerate() {
            let Some((method, rest, rest_start)) = http_line(l) else {
                continue;
            };
            let line = block_line + 1 + i as u32;
            let method = method.to_owned();
            // ASCII case ignored: no other char lower-cases into these letters.
            if rest.contains("**") || contains_ignore_ascii_case(rest, "not found") {
                self.diag_span(
                    Code::MissingUri,
                    line,
                    char_column(l, rest_start),
                    char_width(rest),
                    format!("request line has no URI: `{rest}`"),
                    "replace the placeholder with the resource's path, e.g. `/external/industryData/runs/{id}`",
                );
                op.requests.push((method, None, line));
                continue;
            }
            let path = strip_host(rest).trim().to_owned();
            let path = if path.starts_with('/') {
                path
            } else {
                format!("/{path}")
            };
            op.requests.push((method, Some(path), line));
        }
    }
}

/// The resource a Request body paragraph says the body represents: the link right after
/// "JSON representation of (a|an|the)" ("… of the parameters" names none); `Some(None)`
/// when the link is one of alternatives ("of [x], [y] or an [z]").
fn representation_link(raw: &str) -> Option<Option<Mention>> {
    const PHRASE: &str = "JSON representation of ";
    let rest = &raw[raw.find(PHRASE)? + PHRASE.len()..];
    let rest = ["a ", "an ", "the "]
        .iter()
        .find_map(|article| rest.strip_prefix(article))
        .unwrap_or(rest);
    if !rest.starts_with('[') {
        return None;
    }
    // That one link only: `[text](target)`.
    let end = rest.find(')').map_or(rest.len(), |i| i + 1);
    let after = rest[end..].trim_start();
    let alternatives = after.starts_with(',') || after.starts_with("or ");
    Some(first_resource_link(&rest[..end]).filter(|_| !alternatives))
}

fn first_resource_link(raw: &str) -> Option<Mention> {
    // `[text](…resources/…)`: text without brackets, target without parentheses or spaces.
    // Scanned by hand (the regex cost more than the rest of an api page's intro), the
    // bracket before each `](` by a byte search (`rfind` of a char list decodes chars).
    let bytes = raw.as_bytes();
    for close in link_middles(raw) {
        let Some(open) = memchr::memrchr2(b'[', b']', &bytes[..close]) else {
            continue;
        };
        let text = &raw[open + 1..close];
        if bytes[open] != b'[' || text.is_empty() {
            continue;
        }
        let rest = &raw[close + 2..];
        let end = rest
            .find(|c: char| c == '(' || c == ')' || c.is_whitespace())
            .unwrap_or(rest.len());
        let dest = &rest[..end];
        if !rest[end..].starts_with(')') || !dest.contains("resources/") {
            continue;
        }
        let (target, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p.to_owned(), Some(a.to_lowercase())),
            None => (dest.to_owned(), None),
        };
        return Some(Mention {
            text: strip_decoration(text).trim().to_owned(),
            target: Some(target),
            anchor,
        });
    }
    None
}

/// `https://graph.microsoft.com/v1.0/me` → `/me`.
fn strip_host(url: &str) -> &str {
    let mut rest = url;
    for host in ["https://graph.microsoft.com", "http://graph.microsoft.com"] {
        if url
            .get(..host.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(host))
        {
            rest = &url[host.len()..];
        }
    }
    for version in ["/v1.0", "/beta"] {
        if let Some(r) = rest.strip_prefix(version) {
            if r.is_empty() || r.starts_with(['/', '?', '(']) {
                return r;
            }
        }
    }
    rest
}

/// The JSON body of an HTTP example block (after the blank line following headers), with
/// the number of lines before it.
/// Whether the outermost object of a JSON text has the member `key` (a member of a nested
/// object, such as a derived value's own `@odata.type`, does not count). A scan that counts
/// brackets outside strings, lenient with the docs' JSON.
fn top_level_member(json: &str, key: &str) -> bool {
    let bytes = json.as_bytes();
    let (mut depth, mut i) = (0usize, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let name = &bytes[i + 1..];
                if depth == 1
                    && name.starts_with(key.as_bytes())
                    && name.get(key.len()) == Some(&b'"')
                {
                    return true;
                }
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    false
}

/// Whether an HTTP block's body is meant as JSON: its `Content-Type` says so, or, without
/// one, the body starts as JSON does. A report's CSV, a file's bytes or a header written
/// after the blank line are not examples to check.
fn is_json_body(block: &str, json: &str) -> bool {
    let headers = &block[..block.len() - json.len()];
    let content_type = headers.lines().find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("content-type")
            .then_some(value)
    });
    match content_type {
        Some(value) => value.to_ascii_lowercase().contains("json"),
        None => json.starts_with(['{', '[']),
    }
}

fn http_body(body: &str) -> (&str, u32) {
    let trimmed = body.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        let lead = body[..body.len() - trimmed.len()].matches('\n').count() as u32;
        return (trimmed, lead);
    }
    match body.find("\n\n") {
        Some(i) => {
            let rest = &body[i + 2..];
            let t = rest.trim_start();
            let lead = body[..i + 2].matches('\n').count() as u32
                + rest[..rest.len() - t.len()].matches('\n').count() as u32;
            (t, lead)
        }
        None => ("", 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_represents_the_one_resource_its_paragraph_links() {
        let target = |raw: &str| representation_link(raw).map(|m| m.and_then(|m| m.target));
        assert_eq!(
            target("In the request body, supply a JSON representation of a [message](../resources/chatmessage.md) object."),
            Some(Some("../resources/chatmessage.md".to_owned()))
        );
        // Alternatives: no one type.
        assert_eq!(
            target("provide a JSON representation of [x](../resources/x.md), [y](../resources/y.md) or an [z](../resources/z.md) object."),
            Some(None)
        );
        assert_eq!(
            target("In the request body, supply a JSON representation of the parameters."),
            None
        );
    }

    #[test]
    fn bodies_are_json_by_their_content_type_or_their_look() {
        let check = |block: &str| is_json_body(block, http_body(block).0);
        assert!(check(
            "HTTP/1.1 200 OK\nContent-type: application/json\n\n{\"a\": 1}"
        ));
        assert!(check("HTTP/1.1 200 OK\n\n[1]"));
        assert!(!check(
            "HTTP/1.1 200 OK\nContent-Type: text/csv\n\nReport Date,Count"
        ));
        assert!(!check(
            "POST /x\nContent-Type: application/zip\n\n[Zip file]"
        ));
        assert!(!check("GET /x\n\nPrefer: odata.maxpagesize=2"));
        assert!(!check("GET /x"));
    }

    #[test]
    fn only_the_outermost_object_sends_odata_type() {
        let key = "@odata.type";
        assert!(top_level_member(r##"{"a": 1, "@odata.type": "#x"}"##, key));
        assert!(!top_level_member(
            r##"{"grading": {"@odata.type": "#x"}}"##,
            key
        ));
        assert!(!top_level_member(r##"[{"@odata.type": "#x"}]"##, key));
        assert!(!top_level_member(
            r##"{"a": "say \"@odata.type\"", "b": {"@odata.type": 1}}"##,
            key
        ));
        assert!(!top_level_member(r##"{"@odata.typeX": 1}"##, key));
    }

    #[test]
    fn request_lines_split_into_method_and_rest() {
        assert_eq!(
            http_line("  PATCH /me/events/{id} \t"),
            Some(("PATCH", "/me/events/{id}", 8))
        );
        assert_eq!(
            http_line("GET https://graph.microsoft.com/v1.0/me"),
            Some(("GET", "https://graph.microsoft.com/v1.0/me", 4))
        );
        assert_eq!(http_line("PATCHY /x"), None);
        assert_eq!(http_line("POST   "), None);
        assert_eq!(http_line("Content-Type: application/json"), None);
    }

    #[test]
    fn the_first_link_to_a_resource_page_is_the_target() {
        let m = first_resource_link(
            "Update the properties of a [[x]] [run](other.md) [**incomingFlowRun**](../resources/industrydata-incomingflowrun.md#props) object.",
        )
        .unwrap();
        assert_eq!(m.text, "incomingFlowRun");
        assert_eq!(
            m.target.as_deref(),
            Some("../resources/industrydata-incomingflowrun.md")
        );
        assert_eq!(m.anchor.as_deref(), Some("props"));
        assert!(first_resource_link(
            "[a](../resources/a b.md) [](../resources/b.md) [c](../api/c.md)"
        )
        .is_none());
    }
}
