//! The workspace's root package: it turns on msgraph-models' `regenerate` feature for
//! `cargo build` and compiles the README's examples as doc tests.
#![doc = include_str!("../README.md")]

pub use msgraph_models;
