//! Bad input never panics and never silently vanishes: each defect yields a diagnostic and
//! the rest of the docs still become a model.

mod common;

use std::path::Path;

use msgraph_codegen::model::{Code, Model};
use msgraph_codegen::parse::{parse_page, ParseOptions};
use msgraph_codegen::pipeline::{build_model, DocsInput};
use msgraph_codegen::scan::{Folder, PageRef};
use proptest::prelude::*;

const GOOD: &str = "---\ntitle: \"thing resource type\"\ndoc_type: resourcePageType\n---\n\n# thing resource type\n\nNamespace: microsoft.graph\n\nA thing.\n\n## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n|id|String|The identifier. Read-only.|\n|name|String|The name.|\n\n## JSON representation\n\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.thing\", \"keyProperty\": \"id\" } -->\n\n```json\n{ \"id\": \"String\", \"name\": \"String\" }\n```\n";

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join("beta/resources").join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn model_of(dir: &Path) -> Model {
    build_model(&DocsInput::new(vec![dir.to_path_buf()], "beta"))
        .unwrap()
        .model
}

fn codes_for(model: &Model, file: &str) -> Vec<Code> {
    model
        .diagnostics
        .iter()
        .filter(|d| d.file.ends_with(file))
        .map(|d| d.code)
        .collect()
}

#[test]
fn every_bad_page_gets_a_diagnostic_and_the_rest_still_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(dir, "thing.md", GOOD.as_bytes());
    write(dir, "empty.md", b"");
    let mut invalid = GOOD.replace("thing", "other").into_bytes();
    invalid.splice(20..20, [0xff, 0xfe, 0x80]);
    write(dir, "invalid.md", &invalid);
    write(dir, "huge.md", &vec![b'a'; 10 * 1024 * 1024]);
    let wide = format!(
        "# wide resource type\n\n## Properties\n\n|{}\n|{}\n",
        "Property|".repeat(10_000),
        "---|".repeat(10_000)
    );
    write(dir, "wide.md", wide.as_bytes());
    write(
        dir,
        "fence.md",
        b"# fence resource type\n\n## Properties\n\n```json\n{ \"a\": 1\n",
    );
    write(
        dir,
        "comment.md",
        b"# comment resource type\n\n<!-- {\n \"blockType\": \"resource\"\n\n## Properties\n",
    );

    let model = model_of(dir);
    assert!(model.find_type("beta", "microsoft.graph.thing").is_some());
    assert!(
        model.find_type("beta", "microsoft.graph.other").is_some(),
        "invalid UTF-8 is read lossily"
    );
    assert_eq!(codes_for(&model, "empty.md"), [Code::EmptyPage]);
    assert!(codes_for(&model, "invalid.md").contains(&Code::InvalidUtf8));
    assert_eq!(codes_for(&model, "huge.md"), [Code::PageTooLarge]);
    assert!(codes_for(&model, "wide.md").contains(&Code::TableTooWide));
    assert!(codes_for(&model, "fence.md").contains(&Code::UnterminatedFence));
    assert!(codes_for(&model, "comment.md").contains(&Code::UnterminatedComment));
}

fn page_ref() -> PageRef {
    PageRef {
        version: "beta".into(),
        folder: Folder::Resources,
        file: "beta/resources/x.md".into(),
        key: "x.md".into(),
        path: "x.md".into(),
    }
}

/// Real pages to mutate: the shared corpus when present, else the project's own docs.
fn seed_pages() -> Vec<Vec<u8>> {
    let dirs = match common::shared_corpus() {
        Some(shared) => vec![
            shared.join("graph-docs-2021/v1.0/resources"),
            shared.join("graph-docs-2021/beta/api"),
            shared.join("doc-stubs/resources"),
        ],
        None => vec![common::workspace().join("docs-input/beta/resources")],
    };
    let mut pages = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        entries.sort();
        pages.extend(
            entries
                .iter()
                .step_by(97)
                .take(12)
                .filter_map(|p| std::fs::read(p).ok()),
        );
    }
    pages
}

#[derive(Debug, Clone)]
enum Mutation {
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Truncate(usize),
    DuplicateLines(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let snippets = prop::sample::select(vec![
        b"|".to_vec(),
        b"`".to_vec(),
        b"```".to_vec(),
        b"<!--".to_vec(),
        b"-->".to_vec(),
        b"[".to_vec(),
        b"](".to_vec(),
        b"\r\n".to_vec(),
        b"\n## Properties\n".to_vec(),
        b"** Unknown Type `x` **".to_vec(),
        b"{\"blockType\": \"resource\",".to_vec(),
        vec![0xff],
        vec![0xe2, 0x82],
        b"Inherited from [".to_vec(),
        b"Possible values are: `".to_vec(),
        b"\n|a|b|c|d|e|\n".to_vec(),
    ]);
    prop_oneof![
        (any::<usize>(), snippets).prop_map(|(at, s)| Mutation::Insert(at, s)),
        (any::<usize>(), 0usize..200).prop_map(|(at, n)| Mutation::Delete(at, n)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), 1usize..50).prop_map(|(at, n)| Mutation::DuplicateLines(at, n)),
    ]
}

fn apply(page: &mut Vec<u8>, m: &Mutation) {
    let len = page.len().max(1);
    match m {
        Mutation::Insert(at, s) => {
            let at = at % len.min(page.len() + 1).max(1);
            let at = at.min(page.len());
            page.splice(at..at, s.iter().copied());
        }
        Mutation::Delete(at, n) => {
            let at = (at % len).min(page.len());
            let end = (at + n).min(page.len());
            page.drain(at..end);
        }
        Mutation::Truncate(at) => page.truncate(at % len),
        Mutation::DuplicateLines(at, n) => {
            let at = (at % len).min(page.len());
            let end = (at + n * 40).min(page.len());
            let chunk = page[at..end].to_vec();
            page.splice(at..at, chunk);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Mutated real pages never panic the parser, and the resolver copes with the result.
    #[test]
    fn mutated_pages_never_panic(seed in 0usize..1000, mutations in prop::collection::vec(mutation(), 1..8)) {
        let pages = seed_pages();
        prop_assume!(!pages.is_empty());
        let mut page = pages[seed % pages.len()].clone();
        for m in &mutations {
            apply(&mut page, m);
        }
        let facts = parse_page(&page_ref(), &page, ParseOptions { examples: true });
        let _ = msgraph_codegen::resolve::resolve(&[facts]);
    }
}
