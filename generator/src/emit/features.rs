//! Features: each type is compiled by its own area's feature and by every area feature
//! whose types refer to it, directly or through other types (a closure over type
//! references, not over whole areas: `beta-outlook` pulls in the 121 types Outlook's types
//! use, not the 874 types of the areas they come from).

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::space::Space;

pub struct Gates {
    /// For each item, the sorted features that compile it.
    pub per_item: Vec<Vec<String>>,
    /// Version module → its area features.
    pub areas: BTreeMap<String, BTreeSet<String>>,
}

pub fn gates(space: &Space) -> Gates {
    let mut per_item: Vec<BTreeSet<String>> = vec![BTreeSet::new(); space.items.len()];
    let mut seeds: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut areas: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (id, item) in space.items.iter().enumerate() {
        seeds.entry(item.feature.as_str()).or_default().push(id);
        areas
            .entry(item.module[0].clone())
            .or_default()
            .insert(item.feature.clone());
    }
    let mut seen = vec![usize::MAX; space.items.len()];
    for (n, (feature, ids)) in seeds.iter().enumerate() {
        let mut stack = ids.clone();
        while let Some(id) = stack.pop() {
            if seen[id] == n {
                continue;
            }
            seen[id] = n;
            per_item[id].insert((*feature).to_owned());
            stack.extend(
                space.items[id]
                    .refs
                    .iter()
                    .copied()
                    .filter(|r| seen[*r] != n),
            );
        }
    }
    Gates {
        per_item: per_item
            .into_iter()
            .map(|s| s.into_iter().collect())
            .collect(),
        areas,
    }
}

/// `#[cfg(any(feature = "a", feature = "b"))]`, or `#[cfg(feature = "a")]` for one.
pub fn cfg(features: &[String]) -> TokenStream {
    if let [one] = features {
        return quote!(#[cfg(feature = #one)]);
    }
    let names = features.iter().map(|f| f.as_str());
    quote!(#[cfg(any(#(feature = #names),*))])
}
