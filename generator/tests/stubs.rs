//! The page our first user gave us and the four stub pages it links to, end to end through
//! the model: what the generator reads from them and every defect it reports.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use msgraph_codegen::model::{BodySource, Code, Model, TypeKind};
use msgraph_codegen::pipeline::{build_model, DocsInput};

fn stubs_model(dir: &Path) -> Model {
    build_model(&DocsInput::new(vec![dir.to_path_buf()], "beta"))
        .unwrap()
        .model
}

fn count(model: &Model) -> BTreeMap<Code, usize> {
    let mut m = BTreeMap::new();
    for d in &model.diagnostics {
        *m.entry(d.code).or_default() += 1;
    }
    m
}

#[test]
fn stub_types_operation_and_defects() {
    let shared = require_shared!();
    let model = stubs_model(&shared.join("doc-stubs"));

    let run = model
        .find_type("beta", "microsoft.graph.industryData.incomingFlowRun")
        .unwrap();
    assert_eq!(run.kind, TypeKind::Entity);
    assert_eq!(
        run.base.as_deref(),
        Some("microsoft.graph.industryData.run")
    );
    assert!(
        run.properties.is_empty(),
        "inherited rows belong to run: {:?}",
        run.properties
    );
    assert_eq!(
        run.source.file,
        "beta/resources/industrydata-incomingflowrun.md"
    );

    let base = model
        .find_type("beta", "microsoft.graph.industryData.run")
        .unwrap();
    assert!(base.is_abstract);
    let props: Vec<(&str, String)> = base
        .properties
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.type_ref
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        props,
        [
            ("displayName", "Edm.String".to_owned()),
            ("endDateTime", "Edm.DateTimeOffset".to_owned()),
            ("startDateTime", "Edm.DateTimeOffset".to_owned()),
            (
                "statistics",
                "microsoft.graph.industryData.runStatistics".to_owned()
            ),
            (
                "status",
                "microsoft.graph.industryData.runStatus".to_owned()
            ),
            ("process", "microsoft.graph.industryData.process".to_owned()),
            // Only the derived page lists it, as inherited from run: it belongs to run.
            ("blockingError", "microsoft.graph.publicError".to_owned()),
        ]
    );
    assert!(
        base.properties
            .iter()
            .find(|p| p.name == "process")
            .unwrap()
            .navigation
    );

    let stats = model
        .find_type("beta", "microsoft.graph.industryData.runStatistics")
        .unwrap();
    assert_eq!(stats.kind, TypeKind::Complex);
    assert!(stats.properties.is_empty());

    // Known only from "The possible values are: …", in the page's namespace.
    let status = model
        .find_type("beta", "microsoft.graph.industryData.runStatus")
        .unwrap();
    assert_eq!(status.kind, TypeKind::Enum);
    let members: Vec<&str> = status.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        members,
        [
            "running",
            "failed",
            "completed",
            "completedWithErrors",
            "completedWithWarnings",
            "unknownFutureValue"
        ]
    );

    let op = &model.operations[0];
    assert_eq!(op.method, "PATCH");
    assert!(op.paths.is_empty());
    assert_eq!(
        op.target.as_deref(),
        Some("microsoft.graph.industryData.incomingFlowRun")
    );
    assert_eq!(op.body_source, BodySource::Table);
    assert!(op.sends_odata_type);
    let body: Vec<(&str, bool)> = op
        .body
        .iter()
        .map(|p| (p.name.as_str(), p.required))
        .collect();
    assert_eq!(
        body,
        [
            ("displayName", true),
            ("startDateTime", true),
            ("endDateTime", false),
            ("status", true),
            ("blockingError", false),
            ("statistics", true),
        ]
    );

    let counts = count(&model);
    // 23 TODO lines, the two `** Unknown Type **` cells, the missing URI in the request
    // section and in the example, three `<Unknown None>` values, the links to pages that
    // are not in the input, the enums page's missing Namespace line.
    assert_eq!(counts.get(&Code::Todo), Some(&23));
    assert_eq!(counts.get(&Code::UnknownTypeMarker), Some(&2));
    assert_eq!(counts.get(&Code::MissingUri), Some(&2));
    assert_eq!(counts.get(&Code::PlaceholderValue), Some(&3));
    assert_eq!(counts.get(&Code::Namespace), Some(&1));
    assert!(counts[&Code::MissingPage] >= 2);
    let unknown: Vec<&str> = model
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::UnknownType)
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        unknown
            .iter()
            .any(|m| m.contains("microsoft.graph.publicError")),
        "{unknown:?}"
    );
    assert!(
        unknown
            .iter()
            .any(|m| m.contains("microsoft.graph.industryData.process")),
        "{unknown:?}"
    );
    assert!(model
        .diagnostics
        .iter()
        .any(|d| d.code == Code::MissingPage && d.message.contains("industrydata-process.md")));
    // Every diagnostic points at a real line with its source text and a fix.
    for d in &model.diagnostics {
        assert!(!d.help.is_empty(), "{d:?}");
        if d.line > 0 {
            assert!(d.snippet.is_some(), "{d:?}");
        }
    }
}

#[test]
fn crlf_and_bom_read_the_same_as_lf() {
    let shared = require_shared!();
    let tmp = tempfile::tempdir().unwrap();
    for sub in ["api", "resources"] {
        let from = shared.join("doc-stubs").join(sub);
        std::fs::create_dir_all(tmp.path().join(sub)).unwrap();
        for entry in std::fs::read_dir(&from).unwrap() {
            let entry = entry.unwrap();
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
            std::fs::write(tmp.path().join(sub).join(entry.file_name()), crlf).unwrap();
        }
    }
    let lf = stubs_model(&shared.join("doc-stubs"));
    let mut crlf = stubs_model(tmp.path());
    // Snippets are the only thing that differs: the BOM on line 1.
    for (a, b) in crlf.diagnostics.iter_mut().zip(&lf.diagnostics) {
        if a.line == 1 {
            a.snippet = b.snippet.clone();
        }
    }
    assert_eq!(
        serde_json::to_string(&lf).unwrap(),
        serde_json::to_string(&crlf).unwrap()
    );
}
