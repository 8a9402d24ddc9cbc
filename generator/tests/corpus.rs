//! The whole 2021 corpus (11,289 real pages) through `model`, and the v1.0 model against the
//! service's CSDL. The counts are asserted exactly so that any change in what the parser
//! reads shows up here; update them deliberately, with the reason in the commit.

mod common;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use msgraph_codegen::model::{Model, TypeDef, TypeKind};
use msgraph_codegen::pipeline::{build_model, DocsInput};
use msgraph_codegen::verify::{verify, Csdl};

fn corpus_model() -> Option<&'static Model> {
    static MODEL: OnceLock<Model> = OnceLock::new();
    let shared = common::shared_corpus()?;
    Some(MODEL.get_or_init(|| {
        build_model(&DocsInput::new(
            vec![shared.join("graph-docs-2021")],
            "beta",
        ))
        .expect("corpus builds")
        .model
    }))
}

macro_rules! model {
    () => {
        match corpus_model() {
            Some(m) => m,
            None => return,
        }
    };
}

fn ty<'a>(m: &'a Model, version: &str, name: &str) -> &'a TypeDef {
    m.find_type(version, &format!("microsoft.graph.{name}"))
        .unwrap_or_else(|| panic!("{version} {name} missing"))
}

fn prop_type(m: &Model, version: &str, name: &str, prop: &str) -> Option<String> {
    // Own or inherited.
    let mut t = Some(ty(m, version, name));
    while let Some(cur) = t {
        if let Some(p) = cur.properties.iter().find(|p| p.name == prop) {
            return p.type_ref.as_ref().map(ToString::to_string);
        }
        t = cur.base.as_deref().and_then(|b| m.find_type(version, b));
    }
    panic!("{version} {name}.{prop} missing")
}

#[test]
fn every_page_reads_with_the_expected_counts() {
    let m = model!();
    let mut kinds = BTreeMap::new();
    for t in &m.types {
        *kinds.entry((t.version.as_str(), t.kind)).or_insert(0) += 1;
    }
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        [
            (("beta", TypeKind::Entity), 1124),
            (("beta", TypeKind::Complex), 1235),
            (("beta", TypeKind::Enum), 803),
            (("v1.0", TypeKind::Entity), 474),
            (("v1.0", TypeKind::Complex), 527),
            (("v1.0", TypeKind::Enum), 320),
        ]
    );
    assert_eq!(m.operations.len(), 7109);
    assert_eq!(
        m.operations.iter().filter(|o| o.method == "PATCH").count(),
        1021
    );
    let mut codes = BTreeMap::new();
    for d in &m.diagnostics {
        *codes.entry(d.code.as_str()).or_insert(0) += 1;
    }
    let expected: BTreeMap<&str, usize> = [
        ("bad-annotation", 9),
        ("bad-json-block", 3),
        ("bad-property-name", 10),
        ("base-conflict", 6),
        ("continuation-row", 36),
        ("duplicate-property", 61),
        ("duplicate-type", 40),
        ("enum-conflict", 27),
        ("enum-from-description", 1),
        ("free-text-type", 5),
        ("json-only-property", 145),
        ("lenient-annotation", 85),
        ("missing-uri", 15),
        ("name-case", 5),
        ("namespace", 76),
        ("nested-table", 12),
        ("no-http-request", 19),
        ("no-patch-target", 8),
        ("no-type-name", 1),
        ("not-documented", 2048),
        ("placeholder-value", 2),
        ("ragged-row", 20),
        ("skipped-row", 101),
        ("string-enum", 106),
        ("todo", 23),
        ("union-type", 4),
        ("unknown-body-property", 66),
        ("unknown-type", 5),
        ("unknown-type-marker", 2),
        ("unrecognized-page", 155),
        ("unterminated-comment", 1),
    ]
    .into_iter()
    .collect();
    assert_eq!(codes, expected);
}

#[test]
fn two_runs_give_byte_identical_json() {
    let shared = require_shared!();
    let input = DocsInput::new(vec![shared.join("graph-docs-2021/v1.0")], "beta");
    let a = serde_json::to_string(&build_model(&input).unwrap().model).unwrap();
    let b = serde_json::to_string(&build_model(&input).unwrap().model).unwrap();
    assert!(a == b, "model JSON differs between runs");
}

#[test]
fn v1_model_agrees_with_the_csdl() {
    let shared = require_shared!();
    let m = model!();
    let xml = std::fs::read_to_string(shared.join("csdl-2021/v1.0_metadata.xml")).unwrap();
    let v = verify(m, "v1.0", &Csdl::parse(&xml).unwrap());
    println!("{}", v.render(20));
    assert!(
        v.type_agreement.percent() >= 98.5,
        "type agreement {}",
        v.type_agreement
    );
    assert!(
        v.properties_right_type.percent() >= 87.0,
        "right type {}",
        v.properties_right_type
    );
    assert!(v.bases_right.percent() >= 90.0, "bases {}", v.bases_right);
    assert!(v.enums_right.percent() >= 90.0, "enums {}", v.enums_right);
    assert!(
        v.types_found.percent() >= 92.0,
        "types found {}",
        v.types_found
    );
}

/// FORMAT.md §15: the 25 hardest real cases.
#[test]
fn the_hardest_real_cases() {
    let m = model!();
    let v1 = "v1.0";
    // 1. `[identitySet][]` reference links; `derived from [**baseItem**][baseItem]`;
    //    `## Instance Attributes` are not properties.
    assert_eq!(
        ty(m, v1, "driveItem").base.as_deref(),
        Some("microsoft.graph.baseItem")
    );
    assert_eq!(
        prop_type(m, v1, "driveItem", "createdBy").as_deref(),
        Some("microsoft.graph.identitySet")
    );
    assert!(!ty(m, v1, "driveItem")
        .properties
        .iter()
        .any(|p| p.name.starts_with('@')));
    // 2. `Collection([drive][])`, `[itemAnalytics][] resource`.
    assert_eq!(
        prop_type(m, v1, "site", "drives").as_deref(),
        Some("Collection(microsoft.graph.drive)")
    );
    assert_eq!(
        prop_type(m, v1, "site", "analytics").as_deref(),
        Some("microsoft.graph.itemAnalytics")
    );
    // 3. `[ageGroup](#agegroup-values)` → the in-page `#### ageGroup values`, `null` dropped.
    assert_eq!(
        prop_type(m, v1, "user", "ageGroup").as_deref(),
        Some("microsoft.graph.ageGroup")
    );
    let members: Vec<_> = ty(m, v1, "ageGroup")
        .members
        .iter()
        .map(|x| x.name.as_str())
        .collect();
    assert_eq!(members, ["minor", "notAdult", "adult"]);
    // 4. enums.md: `Member|Member|Description` (values in column 2) and friends.
    assert!(ty(m, v1, "lifecycleEventType").members.len() >= 3);
    // 5. `[a](…) or [b](…)` → the common base.
    assert_eq!(
        prop_type(m, v1, "call", "mediaConfig").as_deref(),
        Some("microsoft.graph.mediaConfig")
    );
    // 6. an unclosed link.
    assert_eq!(
        prop_type(m, v1, "invitation", "invitedUserMessageInfo").as_deref(),
        Some("microsoft.graph.invitedUserMessageInfo")
    );
    // 7. a row wrapped onto a second line.
    let threats = ty(m, v1, "secureScoreControlProfile")
        .properties
        .iter()
        .find(|p| p.name == "threats")
        .unwrap();
    assert_eq!(
        threats.type_ref.as_ref().unwrap().to_string(),
        "Collection(Edm.String)"
    );
    assert!(threats.description.contains("spoofing"));
    // 8. two Intune rows continued on the next line.
    let bw = ty(m, "beta", "deliveryOptimizationBandwidthAbsolute");
    assert_eq!(bw.properties.len(), 2);
    assert!(bw.properties[0]
        .description
        .ends_with("Valid values 0 to 4294967295"));
    // 9. an unescaped `|` in a description.
    let payload = ty(m, v1, "iosCustomConfiguration")
        .properties
        .iter()
        .find(|p| p.name == "payloadFileName")
        .unwrap();
    assert_eq!(
        payload.description,
        "Payload file name (*.mobileconfig | *.xml)."
    );
    // 10. `` `|` `` in a code span; bare namespaced enum types.
    assert_eq!(
        prop_type(m, v1, "externalConnectors.property", "aliases").as_deref(),
        Some("Collection(Edm.String)")
    );
    assert_eq!(
        prop_type(m, v1, "externalConnectors.property", "labels").as_deref(),
        Some("Collection(microsoft.graph.externalConnectors.label)")
    );
    // 11. description text plus the type in the Type cell.
    assert_eq!(
        prop_type(m, "beta", "educationResource", "createdDateTime").as_deref(),
        Some("Edm.DateTimeOffset")
    );
    // 12. `** Unknown Type `x` ** collection`: the named type, reported.
    assert_eq!(
        prop_type(
            m,
            v1,
            "tuple_2OfExecutionType_ICollection_1OfOperation",
            "item2"
        )
        .as_deref(),
        Some("Collection(microsoft.management.services.genericWorkloadActivity.models.operation)")
    );
    // 13. the policy `definition` schema table is not fields of the type.
    assert!(!ty(m, v1, "tokenLifetimePolicy")
        .properties
        .iter()
        .any(|p| p.name == "AccessTokenLifetime"));
    // 14. own properties split across H3 subsections.
    for p in ["emailSenderAddress", "fileName", "networkIPv4"] {
        assert!(prop_type(m, "beta", "tiIndicator", p).is_some(), "{p}");
    }
    // 15. a type named only by an H2 heading, lower-case Dynamics primitives.
    assert_eq!(
        prop_type(m, "beta", "postalAddress", "street").as_deref(),
        Some("Edm.String")
    );
    // 16. properties under an H3 with no H2; a table with no heading.
    assert_eq!(
        prop_type(m, v1, "settingTemplateValue", "defaultValue").as_deref(),
        Some("Edm.String")
    );
    assert_eq!(
        prop_type(m, "beta", "averageComparativeScore", "averageScore").as_deref(),
        Some("Edm.Double")
    );
    // 17. the table under `## JSON representation`.
    assert_eq!(
        prop_type(m, "beta", "package", "type").as_deref(),
        Some("Edm.String")
    );
    // 18. `Property name` header, bold names, mixed-case primitives.
    assert_eq!(
        prop_type(m, v1, "audio", "album").as_deref(),
        Some("Edm.String")
    );
    assert_eq!(
        prop_type(m, v1, "audio", "duration").as_deref(),
        Some("Edm.Int64")
    );
    // 19. `name (deprecated)` and a path instead of a name.
    let def = ty(m, "beta", "accessReviewScheduleDefinition");
    assert!(def
        .properties
        .iter()
        .any(|p| p.name == "backupReviewers" && p.deprecated));
    assert!(
        m.diagnostics
            .iter()
            .any(|d| d.file == "beta/resources/agreement.md"
                && d.code.as_str() == "bad-property-name")
    );
    // 20. wrong-case annotation, annotation and prose disagree on the base.
    assert_eq!(
        ty(m, v1, "orgContact").base.as_deref(),
        Some("microsoft.graph.directoryObject")
    );
    // 21. the docs say `string collection` (the CSDL says otherwise); the model says what
    //     the docs say and verify reports it.
    assert_eq!(
        prop_type(m, v1, "presence", "availability").as_deref(),
        Some("Collection(Edm.String)")
    );
    // 22. a JSON block that is not JSON; a header row without a trailing pipe.
    assert_eq!(
        prop_type(m, v1, "calculatedColumn", "formula").as_deref(),
        Some("Edm.String")
    );
    // 23. annotations that are not strict JSON are read leniently.
    assert!(m
        .diagnostics
        .iter()
        .any(|d| d.file == "v1.0/resources/detailsinfo.md"
            && d.code.as_str() == "lenient-annotation"));
    // 24. sub-namespace page; `Inherits from` with the link on the next line.
    let agent = ty(m, v1, "callRecords.clientUserAgent");
    assert_eq!(
        agent.base.as_deref(),
        Some("microsoft.graph.callRecords.userAgent")
    );
    assert_eq!(
        prop_type(m, v1, "callRecords.clientUserAgent", "platform").as_deref(),
        Some("microsoft.graph.callRecords.clientPlatform")
    );
    // 25. Namespace-line defects, and a page with none.
    assert!(m
        .find_type("beta", "microsoft.graph.termStore.term")
        .is_some());
    assert!(!m
        .types
        .iter()
        .any(|t| t.name.starts_with("microsoft.graph.termstore.")));
    assert_eq!(
        prop_type(m, v1, "calendarPermission", "allowedRoles").as_deref(),
        Some("Collection(microsoft.graph.calendarRoleType)")
    );
}
