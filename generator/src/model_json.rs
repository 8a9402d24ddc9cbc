//! The model as pretty JSON (`msgraph-codegen model`), its lists serialised on all cores.
//!
//! The bytes are exactly those of `serde_json::to_writer_pretty(&model)` (a test checks):
//! each type, operation and diagnostic is serialised on its own by a formatter that does
//! what serde_json's `PrettyFormatter` does, but starts at the element's depth. One thread
//! spent ~0.3 G instructions serialising the whole 2021 corpus's model.

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
/// chunks on all cores and written batch by batch, so the whole text is never held. The
/// keys are `Model`'s fields in order: a field added there must be added here (the test
/// compares with serde_json's own output of a `Model`, so it fails until it is).
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
    // A few chunks per thread at a time: the text of a batch is written before the next
    // is made, into the same buffers, so the whole text is never held and the memory of
    // the first batch serves all (fresh memory costs more than the serialising).
    let per_batch = rayon::current_num_threads() * 2;
    let mut buffers: Vec<Vec<u8>> = vec![Vec::new(); per_batch];
    out.write_all(b"[\n")?;
    for (b, items) in items.chunks(CHUNK * per_batch).enumerate() {
        let chunks = items.len().div_ceil(CHUNK);
        buffers[..chunks]
            .par_iter_mut()
            .zip(items.par_chunks(CHUNK))
            .try_for_each(|(text, chunk)| -> serde_json::Result<()> {
                text.clear();
                for (i, item) in chunk.iter().enumerate() {
                    if i > 0 {
                        text.extend_from_slice(b",\n");
                    }
                    text.extend_from_slice(b"    ");
                    let mut ser =
                        serde_json::Serializer::with_formatter(&mut *text, AtDepth::new(2));
                    item.serialize(&mut ser)?;
                }
                Ok(())
            })?;
        for (i, chunk) in buffers[..chunks].iter().enumerate() {
            if b > 0 || i > 0 {
                out.write_all(b",\n")?;
            }
            out.write_all(chunk)?;
        }
    }
    out.write_all(b"\n  ]")
}

/// serde_json's `PrettyFormatter` with a two-space indent, starting `depth` levels deep.
struct AtDepth {
    depth: usize,
    has_value: bool,
}

impl AtDepth {
    fn new(depth: usize) -> Self {
        AtDepth {
            depth,
            has_value: false,
        }
    }

    fn newline(&self, out: &mut (impl Write + ?Sized), comma: bool) -> std::io::Result<()> {
        // `,` `\n` and the indent in one write: the model has ~700,000 lines, most four
        // or five levels deep, and a write per level cost more than the line's text.
        const PAD: &[u8; 2 + 2 * 32] =
            b",\n                                                                ";
        let from = usize::from(!comma);
        match PAD.get(from..2 + 2 * self.depth) {
            Some(pad) => out.write_all(pad),
            None => {
                out.write_all(&PAD[from..2])?;
                (0..self.depth).try_for_each(|_| out.write_all(b"  "))
            }
        }
    }

    fn close(&mut self, out: &mut (impl Write + ?Sized), bracket: &[u8]) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.newline(out, false)?;
        }
        out.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for AtDepth {
    fn begin_array<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.close(out, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.newline(out, !first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.close(out, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.newline(out, !first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
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
        // Several batches of several chunks of types, no operations, one diagnostic.
        model.types = (0..CHUNK * 9 + 3).map(|i| ty(&format!("t{i}"))).collect();
        model.diagnostics = vec![Diagnostic::new(Code::Todo, "x.md", 1, "TODO").help("fix")];
        let one_thread = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        assert_eq!(
            String::from_utf8(one_thread.install(|| to_pretty_json(&model)).unwrap()).unwrap(),
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
            response: Some("Collection(microsoft.graph.x)".parse().unwrap()),
        }];
        assert_eq!(
            to_pretty_json(&model).unwrap(),
            serde_json::to_vec_pretty(&model).unwrap()
        );
    }
}
