//! Parse: one page's markdown → [`PageFacts`], with line numbers. Sees one page only.

pub mod annotation;
mod api;
pub mod blocks;
pub mod enums;
pub mod facts;
pub mod flags;
pub mod json_hints;
pub mod page;
mod rows;
mod spans;
pub mod table;
pub mod text;
pub mod type_cell;

pub use facts::*;
pub use page::{parse_page, ParseOptions};
