//! The page our first user gave us, "Update incomingFlowRun", end to end: the generated
//! PATCH body and read types as a Rust developer uses them.

use msgraph_models::beta::industry_data::{
    IncomingFlowRun, IncomingFlowRunPatch, RunStatistics, RunStatus,
};
use msgraph_models::beta::PublicError;
use msgraph_models::runtime::{DateTimeOffset, Patch};
use serde_json::{json, Value};

fn start() -> DateTimeOffset {
    "2026-11-28T02:00:00Z".parse().unwrap()
}

fn stats() -> RunStatistics {
    let mut s = RunStatistics::default();
    s.extra.insert("recordsRead", json!(1200));
    s
}

#[test]
fn patch_sends_exactly_what_was_set() {
    let body = IncomingFlowRunPatch::new(
        "Nightly roster import",
        start(),
        RunStatus::Completed,
        stats(),
    )
    .end_date_time(
        "2026-11-28T02:41:07.1234567Z"
            .parse::<DateTimeOffset>()
            .unwrap(),
    )
    .blocking_error(Patch::Null);
    let sent = serde_json::to_value(&body).unwrap();
    assert_eq!(
        sent,
        json!({
            "@odata.type": "#microsoft.graph.industryData.incomingFlowRun",
            "displayName": "Nightly roster import",
            "startDateTime": "2026-11-28T02:00:00Z",
            "status": "completed",
            "statistics": {"recordsRead": 1200},
            "endDateTime": "2026-11-28T02:41:07.1234567Z",
            "blockingError": null
        })
    );
    // `Debug` shows the body as it is sent.
    assert_eq!(
        format!("{body:?}"),
        format!(
            "IncomingFlowRunPatch {}",
            serde_json::to_string(&body).unwrap()
        )
    );
}

#[test]
fn an_untouched_optional_member_is_absent() {
    let body = IncomingFlowRunPatch::new(
        "Nightly roster import",
        start(),
        RunStatus::Running,
        stats(),
    );
    let sent = serde_json::to_value(&body).unwrap();
    let keys: Vec<&str> = sent
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert!(
        !keys.contains(&"endDateTime") && !keys.contains(&"blockingError"),
        "{keys:?}"
    );
    assert_eq!(keys.len(), 5, "{keys:?}");
    // Setting a value, then Absent again, leaves it out too.
    let error = PublicError {
        code: Some("quota".into()),
        ..Default::default()
    };
    let body = body.blocking_error(error).blocking_error(Patch::Absent);
    assert!(serde_json::to_value(&body)
        .unwrap()
        .get("blockingError")
        .is_none());
}

#[test]
fn read_types_round_trip_without_losing_anything() {
    let sent = json!({
        "@odata.context": "https://graph.microsoft.com/beta/$metadata#external/industryData/runs/$entity",
        "@odata.type": "#microsoft.graph.industryData.incomingFlowRun",
        "@odata.etag": "W/\"JzEtUnVuQDE0\"",
        "id": "9f3a2c1e",
        "displayName": "Nightly roster import",
        "startDateTime": "2026-11-28T02:00:00.1234567Z",
        "endDateTime": null,
        "status": "pausedForMaintenance",
        "statistics": {"recordsRead": 1200, "byTable": {"students": 800}},
        "blockingError": {"code": "quota", "message": "Over quota", "details": [], "futureMember": true},
        "newPropertyTheDocsLack": [1, 2.5, "three"]
    });
    let run: IncomingFlowRun = serde_json::from_value(sent.clone()).unwrap();
    // Typed where the docs say how…
    assert_eq!(run.display_name.as_deref(), Some("Nightly roster import"));
    assert_eq!(
        run.status,
        Some(RunStatus::Unrecognized("pausedForMaintenance".into()))
    );
    let started = run
        .start_date_time
        .as_ref()
        .unwrap()
        .to_offset_date_time()
        .unwrap();
    assert_eq!(started.nanosecond(), 123_456_700);
    assert_eq!(run.end_date_time, None);
    assert_eq!(
        run.blocking_error.as_ref().unwrap().code.as_deref(),
        Some("quota")
    );
    // …kept where they do not.
    assert_eq!(
        run.extra.get("@odata.etag"),
        Some(&json!("W/\"JzEtUnVuQDE0\""))
    );
    assert!(run.extra.is_null("endDateTime"));
    let back: Value = serde_json::to_value(&run).unwrap();
    assert_eq!(back, sent);
    // From text as well as from a value.
    let text = serde_json::to_string(&sent).unwrap();
    let run: IncomingFlowRun = serde_json::from_str(&text).unwrap();
    assert_eq!(serde_json::to_value(&run).unwrap(), sent);
}

#[test]
fn enums_are_open_and_print_their_json_text() {
    assert_eq!(
        RunStatus::CompletedWithWarnings.as_str(),
        "completedWithWarnings"
    );
    assert_eq!(
        "unknownFutureValue".parse::<RunStatus>().unwrap(),
        RunStatus::UnknownFutureValue
    );
    assert_eq!(RunStatus::Unrecognized("x".into()).to_string(), "x");
    assert_eq!(RunStatus::MEMBERS.len(), 6);
    let v: RunStatus = serde_json::from_value(json!("failed")).unwrap();
    assert_eq!(serde_json::to_value(v).unwrap(), json!("failed"));
}

#[test]
fn debug_shows_the_members_that_are_there_as_json() {
    let run: IncomingFlowRun = serde_json::from_value(json!({
        "displayName": "Nightly roster import",
        "status": "someFutureStatus",
        "@odata.etag": "W/\"1\""
    }))
    .unwrap();
    assert_eq!(
        format!("{run:?}"),
        r#"IncomingFlowRun {"@odata.etag":"W/\"1\"","displayName":"Nightly roster import","status":"someFutureStatus"}"#
    );
    // `{:#?}` is the same JSON, pretty-printed.
    let pretty = format!("{run:#?}");
    assert!(
        pretty.starts_with("IncomingFlowRun {\n  \"@odata.etag\""),
        "{pretty}"
    );
}
