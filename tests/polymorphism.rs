//! The seed's own derived types in `generated/`, end to end: `run` is abstract and
//! `incomingFlowRun` derives from it; attachments and their kinds. Both are declared by the
//! responses of docs-input's list pages.

use msgraph_models::beta::industry_data::{AnyRun, IncomingFlowRun, RunStatus};
use msgraph_models::beta::{AnyAttachment, FileAttachment, ReferenceAttachment};
use msgraph_models::runtime::{Page, Polymorphic};
use serde_json::{json, Value};

#[test]
fn a_page_of_runs_reads_each_as_the_type_it_names() {
    let json = json!({
        "@odata.context": "https://graph.microsoft.com/beta/$metadata#external/industryData/runs",
        "value": [
            {"@odata.type": "#microsoft.graph.industryData.incomingFlowRun", "id": "1",
             "displayName": "Nightly roster import", "status": "completed"},
            {"@odata.type": "#microsoft.graph.industryData.outgoingFlowRun", "id": "2",
             "status": "running", "destination": "sis"},
            {"id": "3", "status": "failed"}
        ],
        "@odata.nextLink": "https://graph.microsoft.com/beta/external/industryData/runs?$skiptoken=3"
    });
    let page: Page<AnyRun> = serde_json::from_value(json.clone()).unwrap();
    match &page.value[0] {
        AnyRun::IncomingFlowRun(run) => {
            assert_eq!(run.display_name.as_deref(), Some("Nightly roster import"))
        }
        other => panic!("read as {other:?}"),
    }
    // `run` is abstract: its own variant holds a kind the docs do not list, and a value
    // that names no type; every member is kept.
    match &page.value[1] {
        AnyRun::Run(run) => assert_eq!(run.extra.get("destination"), Some(&json!("sis"))),
        other => panic!("read as {other:?}"),
    }
    assert!(matches!(&page.value[2], AnyRun::Run(_)));
    let statuses: Vec<_> = page.value.iter().map(|r| r.status().cloned()).collect();
    assert_eq!(
        statuses,
        [
            Some(RunStatus::Completed),
            Some(RunStatus::Running),
            Some(RunStatus::Failed)
        ]
    );
    assert_eq!(serde_json::to_value(&page).unwrap(), json);
}

#[test]
fn the_list_attachments_example_of_the_docs_reads_and_writes_back() {
    // The response example of `docs-input/beta/api/message-list-attachments.md`.
    let page = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("docs-input/beta/api/message-list-attachments.md"),
    )
    .unwrap();
    let start = page.rfind("\n{\n").unwrap() + 1;
    let end = page.rfind("\n}\n").unwrap() + 2;
    let json: Value = serde_json::from_str(&page[start..end]).unwrap();
    let attachments: Page<AnyAttachment> = serde_json::from_value(json.clone()).unwrap();
    let kinds: Vec<_> = attachments.value.iter().map(|a| a.type_name()).collect();
    assert_eq!(
        kinds,
        [
            "microsoft.graph.fileAttachment",
            "microsoft.graph.referenceAttachment"
        ]
    );
    assert_eq!(AnyAttachment::DECLARED, "microsoft.graph.attachment");
    assert_eq!(serde_json::to_value(&attachments).unwrap(), json);
}

#[test]
fn a_derived_value_says_its_type_where_its_base_is_declared() {
    let run = IncomingFlowRun {
        display_name: Some("Nightly roster import".into()),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(AnyRun::from(run.clone())).unwrap(),
        json!({"@odata.type": "#microsoft.graph.industryData.incomingFlowRun", "displayName": "Nightly roster import"})
    );
    // Where it is declared as itself, it needs none.
    assert_eq!(
        serde_json::to_value(&run).unwrap(),
        json!({"displayName": "Nightly roster import"})
    );
    let link = ReferenceAttachment {
        source_url: Some("https://contoso.sharepoint.com/budget.xlsx".into()),
        ..Default::default()
    };
    let sent: Value = serde_json::to_value(AnyAttachment::from(link)).unwrap();
    assert_eq!(sent["@odata.type"], "#microsoft.graph.referenceAttachment");
    let read: AnyAttachment = serde_json::from_value(sent.clone()).unwrap();
    assert!(matches!(read, AnyAttachment::ReferenceAttachment(_)));
    assert_eq!(serde_json::to_value(&read).unwrap(), sent);
    let _ = FileAttachment::default();
}
