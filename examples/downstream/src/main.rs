//! Builds the PATCH body of the user's page ("Update incomingFlowRun") and prints it.

use msgraph_models::beta::industry_data::{IncomingFlowRunPatch, RunStatistics, RunStatus};
use msgraph_models::runtime::{DateTimeOffset, Patch};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let start: DateTimeOffset = "2026-11-28T02:00:00Z".parse()?;
    let body = IncomingFlowRunPatch::new(
        "Nightly roster import",
        start,
        RunStatus::Completed,
        RunStatistics::default(),
    )
    .end_date_time("2026-11-28T02:41:07.1234567Z".parse::<DateTimeOffset>()?)
    .blocking_error(Patch::Null);
    println!("{}", serde_json::to_string_pretty(&body)?);
    Ok(())
}
