//! The seed's own derived types in `generated/`, end to end: `run` is abstract and
//! `incomingFlowRun` derives from it (and both from `entity`); attachments and their kinds.

use msgraph_models::beta::industry_data::{AnyRun, IncomingFlowRun, RunStatus};
use msgraph_models::beta::{AnyAttachment, AnyEntity, FileAttachment, ReferenceAttachment};
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
fn an_entity_reads_as_any_type_derived_from_it() {
    assert_eq!(AnyEntity::DECLARED, "microsoft.graph.entity");
    let json = json!({"@odata.type": "#microsoft.graph.industryData.incomingFlowRun", "id": "1"});
    let entity: AnyEntity = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(
        entity.type_name(),
        "microsoft.graph.industryData.incomingFlowRun"
    );
    assert!(matches!(entity, AnyEntity::IncomingFlowRun(_)));
    // Derived twice: `fileAttachment` → `attachment` → `entity`.
    let file: AnyEntity =
        serde_json::from_value(json!({"@odata.type": "#microsoft.graph.fileAttachment"})).unwrap();
    assert!(matches!(file, AnyEntity::FileAttachment(_)));
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
