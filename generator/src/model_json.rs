//! The model as pretty JSON (`msgraph-codegen model`), its lists serialised on all cores.
//!
//! The bytes are exactly those of `serde_json::to_writer_pretty(&model)` (a test checks):
//! each type, operation and diagnostic is serialised on its own and then indented by its
//! depth, which is safe because a JSON string never holds a raw newline. One thread spent
//! ~0.3 G instructions serialising the whole 2021 corpus's model.

use std::io::Write;

use rayon::prelude::*;
use serde::Serialize;

use crate::model::Model;

/// Elements per parallel task: enough to amortise a task, few enough to balance two cores.
const CHUNK: usize = 256;

/// The model as `serde_json::to_vec_pretty` writes it.
pub fn to_pretty_json(model: &Model) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    write_pretty_json(model, &mut out)?;
    Ok(out)
}

/// Writes the model as `serde_json::to_writer_pretty` would. Each list is serialised in
/// chunks on all cores and written chunk by chunk, so no second copy of the whole text is
/// ever held.
pub fn write_pretty_json(model: &Model, out: &mut impl Write) -> std::io::Result<()> {
    out.write_all(b"{\n")?;
    write_list(out, "types", &model.types)?;
    out.write_all(b",\n")?;
    write_list(out, "operations", &model.operations)?;
    out.write_all(b",\n")?;
    write_list(out, "diagnostics", &model.diagnostics)?;
    out.write_all(b"\n}")
}

/// `  "key": []`, or `  "key": [`, each element on its lines indented by 4, `  ]`.
fn write_list<T: Serialize + Sync>(
    out: &mut impl Write,
    key: &str,
    items: &[T],
) -> std::io::Result<()> {
    write!(out, "  \"{key}\": ")?;
    if items.is_empty() {
        return out.write_all(b"[]");
    }
    let chunks: Vec<Vec<u8>> = items
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut text = Vec::new();
            let mut one = Vec::new();
            for (i, item) in chunk.iter().enumerate() {
                if i > 0 {
                    text.extend_from_slice(b",\n");
                }
                one.clear();
                serde_json::to_writer_pretty(&mut one, item)?;
                indent(&mut text, &one, b"    ");
            }
            Ok(text)
        })
        .collect::<serde_json::Result<_>>()?;
    out.write_all(b"[\n")?;
    for (i, chunk) in chunks.iter().enumerate() {
        if i > 0 {
            out.write_all(b",\n")?;
        }
        out.write_all(chunk)?;
    }
    out.write_all(b"\n  ]")
}

/// Appends `text` with `prefix` before each of its lines.
fn indent(out: &mut Vec<u8>, text: &[u8], prefix: &[u8]) {
    let mut start = 0;
    for newline in memchr::memchr_iter(b'\n', text) {
        out.extend_from_slice(prefix);
        out.extend_from_slice(&text[start..=newline]);
        start = newline + 1;
    }
    out.extend_from_slice(prefix);
    out.extend_from_slice(&text[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Code, Diagnostic, EnumMember, Operation, Source, TypeDef, TypeKind};

    fn ty(name: &str) -> TypeDef {
        TypeDef {
            name: name.into(),
            kind: TypeKind::Enum,
            version: "beta".into(),
            base: None,
            is_abstract: false,
            open: false,
            source: Source {
                file: "beta/resources/x.md".into(),
                line: 3,
            },
            pages: vec!["a \"quoted\"\nname".into()],
            description: Some("line one\nline two".into()),
            product: None,
            properties: Vec::new(),
            members: vec![EnumMember {
                name: "a".into(),
                value: Some(1),
                description: None,
            }],
        }
    }

    #[test]
    fn bytes_are_those_of_serde_json_pretty() {
        let mut model = Model::default();
        assert_eq!(
            to_pretty_json(&model).unwrap(),
            serde_json::to_vec_pretty(&model).unwrap()
        );
        // More than one chunk of types, no operations, one diagnostic.
        model.types = (0..CHUNK * 2 + 3).map(|i| ty(&format!("t{i}"))).collect();
        model.diagnostics = vec![Diagnostic::new(Code::Todo, "x.md", 1, "TODO").help("fix")];
        assert_eq!(
            String::from_utf8(to_pretty_json(&model).unwrap()).unwrap(),
            serde_json::to_string_pretty(&model).unwrap()
        );
        model.operations = vec![Operation {
            method: "PATCH".into(),
            version: "beta".into(),
            paths: vec!["/a/{id}".into(), "/b".into()],
            target: Some("microsoft.graph.x".into()),
            source: Source::default(),
            title: "Update x".into(),
            body: Vec::new(),
            body_source: Default::default(),
            sends_odata_type: true,
        }];
        assert_eq!(
            to_pretty_json(&model).unwrap(),
            serde_json::to_vec_pretty(&model).unwrap()
        );
    }
}
