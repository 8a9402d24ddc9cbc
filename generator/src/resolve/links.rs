//! Links to pages that are not in the input.

use rustc_hash::FxHashSet as HashSet;

use rayon::prelude::*;

use crate::model::{Code, Diagnostic};
use crate::parse::PageFacts;

use super::names::link_file;

/// Links to pages not in the input, in page order. It reads nothing but the pages, so
/// [`super::resolve`] runs it beside the steps that cannot use both cores.
pub(super) fn check_links(pages: &[PageFacts]) -> Vec<Diagnostic> {
    let present: HashSet<(&str, &str, &str)> = pages
        .iter()
        .map(|p| (p.version.as_str(), p.folder.as_str(), p.key.as_str()))
        .collect();
    // Pages are checked on all cores and their reports kept in page order.
    let reports: Vec<Vec<Diagnostic>> = pages
        .par_iter()
        .map(|p| {
            let mut reported = HashSet::default();
            let mut out = Vec::new();
            for link in &p.links {
                let Some((folder, key)) = link_file(&link.target, p.folder.as_str()) else {
                    continue;
                };
                if present.contains(&(p.version.as_str(), folder, key.as_str())) {
                    continue;
                }
                if !reported.insert(link.target.clone()) {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        Code::MissingPage,
                        &p.file,
                        link.line,
                        format!("link to `{}`, which is not in the input", link.target),
                    )
                    .column(link.column)
                    .help("add the linked page to the docs, or fix the link"),
                );
            }
            out
        })
        .collect();
    reports.into_iter().flatten().collect()
}
