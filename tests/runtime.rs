//! The runtime support every generated crate carries: primitive types that keep what the
//! service sent and convert to real types, and the tri-state PATCH value.

use msgraph_models::runtime::{
    Binary, Date, DateTimeOffset, Decimal, Double, Duration, Guid, Patch, Single, TimeOfDay,
};
use serde_json::{json, Value};

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(text: &str) -> String {
    let value: T = serde_json::from_str(text).unwrap();
    serde_json::to_string(&value).unwrap()
}

#[test]
fn numbers_keep_their_form() {
    for text in [
        "1", "1.0", "1.5", "-0.25", "\"NaN\"", "\"INF\"", "\"-INF\"", "\"1.50\"", "1e300",
    ] {
        let out = round_trip::<Double>(text);
        assert_eq!(
            serde_json::from_str::<Value>(&out).unwrap(),
            serde_json::from_str::<Value>(text).unwrap(),
            "{text}"
        );
    }
    assert!(serde_json::from_str::<Double>("\"NaN\"")
        .unwrap()
        .get()
        .is_nan());
    assert_eq!(serde_json::to_string(&Single::new(0.1)).unwrap(), "0.1");
    assert_eq!(round_trip::<Single>("0.1"), "0.1");
    assert_eq!(
        serde_json::to_string(&Double::new(f64::NEG_INFINITY)).unwrap(),
        "\"-INF\""
    );
}

#[test]
fn decimals_never_go_through_f64() {
    let text = "12345678901234567890.12345678901234567890";
    assert_eq!(round_trip::<Decimal>(text), text);
    assert_eq!(round_trip::<Decimal>("\"0.10\""), "\"0.10\"");
    let d: Decimal = serde_json::from_str(text).unwrap();
    assert_eq!(d.as_str(), text);
    assert!("1.5".parse::<Decimal>().is_ok() && "1.5x".parse::<Decimal>().is_err());
}

#[test]
fn date_and_time_types_keep_text_and_convert() {
    for digits in 0..=7 {
        let fraction = if digits == 0 {
            String::new()
        } else {
            format!(".{}", "1234567".get(..digits).unwrap())
        };
        let text = format!("\"2021-07-16T18:32:44{fraction}Z\"");
        assert_eq!(round_trip::<DateTimeOffset>(&text), text);
        let d: DateTimeOffset = serde_json::from_str(&text).unwrap();
        assert!(d.to_offset_date_time().is_ok(), "{text}");
    }
    let offset: DateTimeOffset = "2021-07-16T18:32:44+02:00".parse().unwrap();
    assert_eq!(
        offset.to_offset_date_time().unwrap().offset().whole_hours(),
        2
    );
    assert!("yesterday".parse::<DateTimeOffset>().is_err());
    // Lenient on the wire: a value the docs mistyped is kept, not an error.
    let odd: DateTimeOffset = serde_json::from_str("\"not a date\"").unwrap();
    assert_eq!(odd.as_str(), "not a date");
    assert!(odd.to_offset_date_time().is_err());

    let date: Date = "2024-02-29".parse().unwrap();
    assert_eq!(date.to_date().unwrap().ordinal(), 60);
    assert!("2023-02-29".parse::<Date>().is_err());
    assert_eq!(Date::from(date.to_date().unwrap()).as_str(), "2024-02-29");

    let t: TimeOfDay = "08:30:15.5".parse().unwrap();
    assert_eq!(t.to_time().unwrap().millisecond(), 500);
    assert_eq!(TimeOfDay::from(t.to_time().unwrap()).as_str(), "08:30:15.5");

    let d: Duration = "P1DT2H3M4.5S".parse().unwrap();
    assert_eq!(
        d.to_duration().unwrap().whole_milliseconds(),
        ((26 * 60 + 3) * 60 + 4) * 1000 + 500
    );
    assert_eq!(
        Duration::from(d.to_duration().unwrap()).as_str(),
        "P1DT2H3M4.5S"
    );
    assert_eq!(
        "-PT30M"
            .parse::<Duration>()
            .unwrap()
            .to_duration()
            .unwrap()
            .whole_minutes(),
        -30
    );
    assert!(
        "P1Y".parse::<Duration>().is_err(),
        "years have no fixed length"
    );
}

#[test]
fn guid_and_binary() {
    let g: Guid = "9F3A2C1E-0000-4000-8000-000000000001".parse().unwrap();
    assert_eq!(
        g.as_str(),
        "9F3A2C1E-0000-4000-8000-000000000001",
        "sent text is kept"
    );
    assert_eq!(
        Guid::from(g.to_uuid().unwrap()).as_str(),
        "9f3a2c1e-0000-4000-8000-000000000001"
    );
    let b = Binary::encode(b"hello");
    assert_eq!(b.as_str(), "aGVsbG8=");
    assert_eq!(b.decode().unwrap(), b"hello");
}

#[test]
fn patch_is_tri_state() {
    assert!(Patch::<i32>::default().is_absent());
    assert_eq!(Patch::from(3), Patch::Value(3));
    assert_eq!(Patch::Value(3).as_value(), Some(&3));
    assert_eq!(Patch::<i32>::Null.as_value(), None);
    let _ = json!(null);
}
