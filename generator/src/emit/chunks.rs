//! Large areas split into several files, by the first letters of their type names.
//!
//! One area of the 2021 beta docs (Intune device configuration) is over a quarter of all
//! generated code. Formatted as one file, it keeps one core busy while the other waits, and a
//! change to any of its pages rewrites 5 MB. Split by name prefix, the parts are formatted in
//! parallel, and a type stays in the same file as long as its neighbours' sizes do not move a
//! boundary across it.

use std::collections::BTreeMap;

use super::space::Space;

/// Weight (fields, variants, PATCH members) per file: at most about 600 KB of formatted code.
const BUDGET: usize = 1_200;

/// How deep the name prefixes go before a part is kept whole, however large.
const MAX_PREFIX: usize = 16;

/// One file's share of an area: the file-name suffix (`""` when the area is one file, else
/// `_part_a`, `_part_b_d`, `_part_wi`) and its items in the area's order.
pub struct Chunk<'a, T> {
    pub suffix: String,
    pub items: Vec<&'a T>,
}

/// Splits `items` (each with its item id) so no part much exceeds the budget; an area under
/// the budget stays one part with an empty suffix.
pub fn split<'a, T>(
    space: &Space,
    patches_of: &BTreeMap<usize, Vec<usize>>,
    items: &'a [T],
    id_of: impl Fn(&T) -> usize,
) -> Vec<Chunk<'a, T>> {
    let weighed: Vec<(String, usize, &T)> = items
        .iter()
        .map(|t| {
            let id = id_of(t);
            (key(&space.items[id].name), weight(space, patches_of, id), t)
        })
        .collect();
    let total: usize = weighed.iter().map(|w| w.1).sum();
    if total <= BUDGET {
        return vec![Chunk {
            suffix: String::new(),
            items: items.iter().collect(),
        }];
    }
    let mut parts = Vec::new();
    split_at_depth(&weighed, 0, &mut parts);
    parts
        .into_iter()
        .map(|(first, last, members)| {
            let suffix = if first == last {
                format!("_part_{first}")
            } else {
                format!("_part_{first}_{last}")
            };
            // Members keep the area's order.
            let mut members: Vec<(usize, &T)> = members;
            members.sort_by_key(|(i, _)| *i);
            Chunk {
                suffix,
                items: members.into_iter().map(|(_, t)| t).collect(),
            }
        })
        .collect()
}

type Part<'a, T> = (String, String, Vec<(usize, &'a T)>);

/// Groups by the prefix of length `depth + 1`, then merges neighbouring groups up to the
/// budget; a group over the budget is split one letter deeper.
fn split_at_depth<'a, T>(
    weighed: &[(String, usize, &'a T)],
    depth: usize,
    parts: &mut Vec<Part<'a, T>>,
) {
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, (key, _, _)) in weighed.iter().enumerate() {
        let prefix: String = key.chars().take(depth + 1).collect();
        groups.entry(prefix).or_default().push(i);
    }
    let mut open: Option<Part<'a, T>> = None;
    let mut open_weight = 0;
    for (prefix, members) in groups {
        let weight: usize = members.iter().map(|i| weighed[*i].1).sum();
        let longer = members.iter().any(|i| weighed[*i].0.len() > depth + 1);
        if weight > BUDGET && depth + 1 < MAX_PREFIX && longer {
            parts.extend(open.take());
            open_weight = 0;
            let sub: Vec<(String, usize, &'a T)> = members
                .iter()
                .map(|i| (weighed[*i].0.clone(), weighed[*i].1, weighed[*i].2))
                .collect();
            let mut sub_parts = Vec::new();
            split_at_depth(&sub, depth + 1, &mut sub_parts);
            // Positions back in this level's numbering, which is the area's order.
            for (first, last, m) in sub_parts {
                let m = m
                    .into_iter()
                    .map(|(j, t)| (members[j], t))
                    .collect::<Vec<_>>();
                parts.push((first, last, m));
            }
            continue;
        }
        match &mut open {
            Some(part) if open_weight + weight <= BUDGET => {
                part.1 = prefix;
                part.2.extend(members.iter().map(|i| (*i, weighed[*i].2)));
                open_weight += weight;
            }
            _ => {
                parts.extend(open.take());
                open = Some((
                    prefix.clone(),
                    prefix,
                    members.iter().map(|i| (*i, weighed[*i].2)).collect(),
                ));
                open_weight = weight;
            }
        }
    }
    parts.extend(open);
}

/// The sort key of a type name: lowercase ASCII letters and digits, so that prefixes make
/// file names.
fn key(name: &str) -> String {
    let key: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if key.is_empty() {
        "x".to_owned()
    } else {
        key
    }
}

/// Roughly proportional to the item's formatted size: its fields, variants, PATCH fields, and
/// its `Any…` enum's variants and accessors.
fn weight(space: &Space, patches_of: &BTreeMap<usize, Vec<usize>>, id: usize) -> usize {
    let item = &space.items[id];
    let patch_fields: usize = patches_of
        .get(&id)
        .into_iter()
        .flatten()
        .map(|p| space.patches[*p].required.len() + space.patches[*p].optional.len())
        .sum();
    let any = item.any.map_or(0, |a| {
        let any = &space.anys[a];
        any.variants.len() * (1 + any.shared.len())
    });
    1 + item.fields.len() + item.variants.len() + patch_fields + any
}
