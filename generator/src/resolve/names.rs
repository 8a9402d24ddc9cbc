//! Names: canonical namespaces, the index of declared types, and turning a [`Mention`]
//! (`[x](x.md)`, a bare `x`, `microsoft.graph.ns.x`, `#x-values`) into a qualified name.

use rustc_hash::FxHashMap as HashMap;

use crate::model::split_qualified;
use crate::parse::type_cell::Mention;
use crate::parse::PageFacts;

pub const ROOT_NAMESPACE: &str = "microsoft.graph";

/// Namespace spellings seen across all pages, keyed by lower case, with their canonical form.
#[derive(Default)]
pub struct Namespaces {
    canonical: HashMap<String, String>,
}

impl Namespaces {
    /// Learns spellings from Namespace lines and annotation types; the most frequent wins
    /// (ties: the lexically first, so the choice is deterministic).
    pub fn learn(pages: &[PageFacts]) -> Self {
        let mut counts: HashMap<String, HashMap<String, usize>> = HashMap::default();
        let mut count = |ns: &str| {
            let ns = clean_namespace(ns);
            if ns.starts_with(ROOT_NAMESPACE) {
                *counts
                    .entry(ns.to_lowercase())
                    .or_default()
                    .entry(ns)
                    .or_default() += 1;
            }
        };
        for p in pages {
            if let Some((ns, _)) = &p.namespace {
                count(ns);
            }
            for t in &p.types {
                if t.name.contains('.') {
                    count(split_qualified(&t.name).0);
                }
            }
        }
        let canonical = counts
            .into_iter()
            .map(|(lower, spellings)| {
                let best = spellings
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                    .map(|(s, _)| s)
                    .unwrap_or_else(|| lower.clone());
                (lower, best)
            })
            .collect();
        Namespaces { canonical }
    }

    /// The canonical spelling of a namespace as written (`microsoft.graph.termstore` →
    /// `microsoft.graph.termStore`).
    pub fn canonical(&self, written: &str) -> String {
        let clean = clean_namespace(written);
        self.canonical
            .get(&clean.to_lowercase())
            .cloned()
            .unwrap_or(clean)
    }

    /// The namespace a file-name prefix implies (`callrecords-session.md` → callRecords).
    pub fn from_file_prefix(&self, key: &str) -> Option<String> {
        let prefix = key.split('-').next()?;
        let mut hits: Vec<&String> = self
            .canonical
            .iter()
            .filter(|(lower, _)| {
                lower.starts_with("microsoft.graph.") && split_qualified(lower).1 == prefix
            })
            .map(|(_, c)| c)
            .collect();
        hits.sort();
        hits.first().map(|s| (*s).clone())
    }

    /// The namespace of a page: its Namespace line, else its file prefix, else the root.
    pub fn of_page(&self, page: &PageFacts) -> String {
        match &page.namespace {
            Some((ns, _)) if clean_namespace(ns).starts_with(ROOT_NAMESPACE) => self.canonical(ns),
            _ => self
                .from_file_prefix(&page.key)
                .unwrap_or_else(|| ROOT_NAMESPACE.to_owned()),
        }
    }
}

/// Repairs the Namespace-line defects of FORMAT.md §11: a trailing dot
/// (`microsoft.graph.`) and a doubled last segment (`….ediscovery.ediscovery`).
pub fn clean_namespace(ns: &str) -> String {
    let ns = ns.trim().trim_end_matches('.');
    let parts: Vec<&str> = ns.split('.').collect();
    let n = parts.len();
    if n > 3 && parts[n - 1].eq_ignore_ascii_case(parts[n - 2]) {
        return parts[..n - 1].join(".");
    }
    ns.to_owned()
}

/// Where a link points, as (folder, lower-cased file name): `../resources/x.md` →
/// (`resources`, `x.md`); `x.md` keeps the linking page's folder. (Tens of thousands of
/// links a run: the pieces are found without collecting them, and only the file name is
/// built.)
pub fn link_file<'a>(target: &str, from_folder: &'a str) -> Option<(&'a str, String)> {
    let t = target.trim().trim_start_matches('<').trim_end_matches('>');
    let bytes = t.as_bytes();
    // `contains("://")` builds a substring searcher per call; colons are rare in links.
    let absolute = memchr::memchr_iter(b':', bytes).any(|i| bytes[i + 1..].starts_with(b"//"));
    if t.is_empty() || absolute || t.starts_with("mailto:") {
        return None;
    }
    let t = &t[..memchr::memchr2(b'?', b'#', bytes).unwrap_or(t.len())];
    // The path's segments from the last: the file, then the folders it is in.
    let mut segments = t.rsplit('/').filter(|s| !s.is_empty() && *s != ".");
    let file = segments.next()?;
    let file = if file.ends_with(".md") {
        file.to_lowercase()
    } else if t.starts_with("/graph/api/") || t.starts_with("/graph/") {
        let mut name = file.to_lowercase();
        name.push_str(".md");
        name
    } else {
        return None;
    };
    let folder = match segments.find(|s| *s == "resources" || *s == "api") {
        Some("resources") => "resources",
        Some(_) => "api",
        None if t.starts_with("/graph/api/") && !t.contains("/resources/") => "api",
        None => from_folder,
    };
    Some((folder, file))
}

/// Every declared type by (version, lower-cased qualified name) and by local name, and the
/// types and enum sections of each page. Each map is keyed by version first, so that a
/// lookup (tens of thousands per run) borrows its keys instead of building them.
#[derive(Default)]
pub struct TypeIndex {
    by_name: PerVersion<usize>,
    by_local: PerVersion<Vec<usize>>,
    /// Lower file name → the page's primary type.
    by_page: PerVersion<usize>,
    /// (lower file name, anchor) → enum.
    by_anchor: HashMap<String, HashMap<(String, String), usize>>,
    names: Vec<String>,
}

/// version → key → value.
type PerVersion<V> = HashMap<String, HashMap<String, V>>;

/// `text` lower-cased (as `str::to_lowercase`), handed to `f` without allocating when the
/// text is ASCII.
fn with_lowercase<T>(text: &str, f: impl FnOnce(&str) -> T) -> T {
    if !text.is_ascii() {
        return f(&text.to_lowercase());
    }
    thread_local! {
        static LOWER: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    LOWER.with_borrow_mut(|lower| {
        lower.clear();
        lower.push_str(text);
        lower.make_ascii_lowercase();
        f(lower)
    })
}

/// What a mention resolves to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolved {
    /// A declared type (its id).
    Known(usize),
    /// A name no page declares, qualified as well as the docs allow.
    Unknown(String),
}

/// The page a mention is read on.
pub struct Context<'a> {
    pub version: &'a str,
    pub namespace: &'a str,
    pub folder: &'a str,
    pub page_key: &'a str,
}

impl TypeIndex {
    pub fn insert(&mut self, version: &str, name: &str, id: usize) {
        self.by_name
            .entry(version.to_owned())
            .or_default()
            .entry(name.to_lowercase())
            .or_insert(id);
        let local = split_qualified(name).1.to_lowercase();
        let ids = self
            .by_local
            .entry(version.to_owned())
            .or_default()
            .entry(local)
            .or_default();
        if !ids.contains(&id) {
            ids.push(id);
        }
        if self.names.len() <= id {
            self.names.resize(id + 1, String::new());
        }
        self.names[id] = name.to_owned();
    }

    pub fn insert_page(&mut self, version: &str, key: &str, id: usize) {
        self.by_page
            .entry(version.to_owned())
            .or_default()
            .entry(key.to_owned())
            .or_insert(id);
    }

    pub fn insert_anchor(&mut self, version: &str, key: &str, anchor: &str, id: usize) {
        self.by_anchor
            .entry(version.to_owned())
            .or_default()
            .entry((key.to_owned(), anchor.to_owned()))
            .or_insert(id);
    }

    pub fn get(&self, version: &str, qualified: &str) -> Option<usize> {
        let names = self.by_name.get(version)?;
        with_lowercase(qualified, |lower| names.get(lower).copied())
    }

    /// [`Self::get`] of `prefix.rest`.
    fn get_joined(&self, version: &str, prefix: &str, rest: &str) -> Option<usize> {
        let mut joined = String::with_capacity(prefix.len() + 1 + rest.len());
        joined.push_str(prefix);
        joined.push('.');
        joined.push_str(rest);
        self.get(version, &joined)
    }

    pub fn page_type(&self, version: &str, key: &str) -> Option<usize> {
        self.by_page.get(version)?.get(key).copied()
    }

    pub fn name(&self, id: usize) -> &str {
        &self.names[id]
    }

    /// A name as written (`x`, `ns.x`, `microsoft.graph.ns.x`, `graph.x`) looked up from a page.
    pub fn lookup(&self, ctx: &Context, namespaces: &Namespaces, text: &str) -> Option<usize> {
        let text = text.trim().trim_start_matches('#');
        if text.is_empty() {
            return None;
        }
        if text
            .get(..10)
            .is_some_and(|p| p.eq_ignore_ascii_case("microsoft."))
        {
            let (ns, local) = split_qualified(text);
            return self
                .get_joined(ctx.version, &namespaces.canonical(ns), local)
                .or_else(|| self.get(ctx.version, text));
        }
        if let Some(rest) = text.strip_prefix("graph.") {
            return self.lookup(ctx, namespaces, &format!("{ROOT_NAMESPACE}.{rest}"));
        }
        if text.contains('.') {
            // `callRecords.session`: a namespace suffix.
            return self.get_joined(ctx.version, ROOT_NAMESPACE, text);
        }
        self.get_joined(ctx.version, ctx.namespace, text)
            .or_else(|| self.get_joined(ctx.version, ROOT_NAMESPACE, text))
            .or_else(|| {
                let locals = self.by_local.get(ctx.version)?;
                let ids = with_lowercase(text, |lower| locals.get(lower))?;
                (ids.len() == 1).then(|| ids[0])
            })
    }

    /// The qualified name a mention that no page declares would have.
    pub fn qualify(ctx: &Context, namespaces: &Namespaces, text: &str) -> String {
        let text = text.trim().trim_start_matches('#');
        if text.to_lowercase().starts_with("microsoft.") {
            let (ns, local) = split_qualified(text);
            format!("{}.{local}", namespaces.canonical(ns))
        } else if let Some(rest) = text.strip_prefix("graph.") {
            format!("{ROOT_NAMESPACE}.{rest}")
        } else if text.contains('.') {
            format!("{ROOT_NAMESPACE}.{text}")
        } else {
            format!("{}.{text}", ctx.namespace)
        }
    }

    /// Resolves a mention: link target (with anchor) first, then the name.
    pub fn resolve(&self, ctx: &Context, namespaces: &Namespaces, m: &Mention) -> Resolved {
        let by_name = self.lookup(ctx, namespaces, &m.text);
        let target = m
            .target
            .as_deref()
            .and_then(|t| link_file(t, ctx.folder))
            .filter(|(folder, _)| *folder == "resources" || *folder == ctx.folder);
        let target_key = match (&target, &m.anchor) {
            (Some((_, key)), _) => Some(key.clone()),
            (None, Some(_)) if m.target.is_none() => Some(ctx.page_key.to_owned()),
            _ => None,
        };
        if let (Some(key), Some(anchor)) = (&target_key, &m.anchor) {
            if let Some(id) = self
                .by_anchor
                .get(ctx.version)
                .and_then(|anchors| anchors.get(&(key.clone(), anchor.clone())))
            {
                return Resolved::Known(*id);
            }
        }
        if let Some((_, key)) = &target {
            if let Some(id) = self.page_type(ctx.version, key) {
                let same = split_qualified(self.name(id))
                    .1
                    .eq_ignore_ascii_case(split_qualified(&m.text).1);
                return match by_name {
                    // The link text names another declared type: the text is the type, the
                    // link points at a related page.
                    Some(other) if !same => Resolved::Known(other),
                    _ => Resolved::Known(id),
                };
            }
        }
        match by_name {
            Some(id) => Resolved::Known(id),
            None if is_type_name(&m.text) => {
                Resolved::Unknown(Self::qualify(ctx, namespaces, &m.text))
            }
            None => Resolved::Unknown(String::new()),
        }
    }
}

/// Whether text could be a (possibly qualified) type name.
pub fn is_type_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        && !text.ends_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespace_defects_are_repaired() {
        assert_eq!(clean_namespace("microsoft.graph."), "microsoft.graph");
        assert_eq!(
            clean_namespace("microsoft.graph.ediscovery.ediscovery"),
            "microsoft.graph.ediscovery"
        );
        assert_eq!(clean_namespace("microsoft.graph"), "microsoft.graph");
    }

    #[test]
    fn link_files() {
        assert_eq!(
            link_file("../resources/IdentitySet.md#x", "api"),
            Some(("resources", "identityset.md".into()))
        );
        assert_eq!(
            link_file("identityset.md", "resources"),
            Some(("resources", "identityset.md".into()))
        );
        assert_eq!(
            link_file("/graph/api/resources/user?view=graph-rest-1.0", "api"),
            Some(("resources", "user.md".into()))
        );
        assert_eq!(
            link_file("/graph/api/user-get", "resources"),
            Some(("api", "user-get.md".into()))
        );
        assert_eq!(
            link_file("./api/./x/Y.md", "resources"),
            Some(("api", "y.md".into()))
        );
        assert_eq!(link_file("https://example.com/x.md", "api"), None);
        assert_eq!(link_file("#anchor", "api"), None);
    }
}
