//! msgraph-codegen: Microsoft Graph reference docs → typed Rust models.
//!
//! The pipeline is staged: [`scan`] → [`parse`] → [`resolve`] → emit → write. The
//! [`model`] (types and diagnostics) imports nothing of the stages.

pub mod diagnostics;
pub mod emit;
pub mod lint;
pub mod model;
pub mod model_json;
pub mod parse;
pub mod pipeline;
pub mod report;
pub mod repository;
pub mod resolve;
pub mod scan;
pub mod verify;
pub mod write;
