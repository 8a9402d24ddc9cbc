//! The model as the example checker asks it: a type by name, a type's members (own and
//! inherited) by JSON name, whether one type derives from another.

use rustc_hash::FxHashMap as HashMap;

use crate::model::{split_qualified, Model, Property, TypeDef, TypeKind};

pub type TypeId = usize;

pub struct Schema<'m> {
    pub types: &'m [TypeDef],
    /// (version, qualified name) → type.
    by_name: HashMap<(&'m str, &'m str), TypeId>,
    /// (version, qualified name in ASCII lower case) → type, for names spelled in another case.
    by_lower: HashMap<(&'m str, String), TypeId>,
    /// Each type's base, where the docs define it.
    bases: Vec<Option<TypeId>>,
    /// Each type's direct derived types.
    children: Vec<Vec<TypeId>>,
}

impl<'m> Schema<'m> {
    pub fn new(model: &'m Model) -> Self {
        let types = model.types.as_slice();
        let mut by_name = HashMap::default();
        let mut by_lower = HashMap::default();
        for (id, t) in types.iter().enumerate() {
            by_name.insert((t.version.as_str(), t.name.as_str()), id);
            by_lower.insert((t.version.as_str(), t.name.to_ascii_lowercase()), id);
        }
        let bases: Vec<Option<TypeId>> = types
            .iter()
            .map(|t| {
                t.base
                    .as_deref()
                    .and_then(|b| by_name.get(&(t.version.as_str(), b)).copied())
            })
            .collect();
        let mut children = vec![Vec::new(); types.len()];
        for (id, base) in bases.iter().enumerate() {
            if let Some(b) = base.filter(|b| *b != id) {
                children[b].push(id);
            }
        }
        Schema {
            types,
            by_name,
            by_lower,
            bases,
            children,
        }
    }

    /// The type `name` (qualified, or in the `microsoft.graph` namespace) of `version`.
    pub fn lookup(&self, version: &str, name: &str) -> Option<TypeId> {
        let name = name.strip_prefix('#').unwrap_or(name);
        self.by_name.get(&(version, name)).copied().or_else(|| {
            (!name.contains('.'))
                .then(|| format!("microsoft.graph.{name}"))
                .and_then(|q| self.by_name.get(&(version, q.as_str())).copied())
        })
    }

    /// A type whose name differs from `name` only in ASCII case.
    pub fn lookup_any_case(&self, version: &str, name: &str) -> Option<TypeId> {
        let name = name.strip_prefix('#').unwrap_or(name);
        self.by_lower
            .get(&(version, name.to_ascii_lowercase()))
            .copied()
    }

    pub fn def(&self, id: TypeId) -> &'m TypeDef {
        &self.types[id]
    }

    pub fn is_struct(&self, id: TypeId) -> bool {
        self.types[id].kind != TypeKind::Enum
    }

    /// Whether `id` is `ancestor` or derives from it, directly or not.
    pub fn derives_from(&self, mut id: TypeId, ancestor: TypeId) -> bool {
        // Bounded: a cycle of bases in the docs cannot loop.
        for _ in 0..=self.types.len() {
            if id == ancestor {
                return true;
            }
            match self.bases[id] {
                Some(base) => id = base,
                None => return false,
            }
        }
        false
    }

    /// The types derived from `id`, directly or not, nearest first (each once; a cycle of
    /// bases in the docs ends the walk).
    pub fn descendants(&self, id: TypeId) -> Vec<TypeId> {
        let mut out: Vec<TypeId> = Vec::new();
        let mut next = 0;
        out.extend(&self.children[id]);
        while next < out.len() {
            let at = out[next];
            next += 1;
            for c in &self.children[at] {
                if *c != id && !out.contains(c) {
                    out.push(*c);
                }
            }
        }
        out
    }

    /// Whether any type of the chain from `id` up says `openType`: its values may have
    /// members the docs do not list.
    pub fn is_open(&self, id: TypeId) -> bool {
        self.chain(id).any(|t| self.types[t].open)
    }

    /// The member `json` of a type: its own property or one it inherits.
    pub fn member(&self, id: TypeId, json: &str) -> Option<&'m Property> {
        self.chain(id)
            .find_map(|t| self.types[t].properties.iter().find(|p| p.name == json))
    }

    /// Every member of a type, own and inherited, nearest first.
    pub fn members(&self, id: TypeId) -> impl Iterator<Item = &'m Property> + '_ {
        self.chain(id)
            .flat_map(move |t| self.types[t].properties.iter())
    }

    /// The type and its ancestors, nearest first.
    fn chain(&self, id: TypeId) -> impl Iterator<Item = TypeId> + '_ {
        let mut next = Some(id);
        let mut steps = 0;
        std::iter::from_fn(move || {
            let id = next?;
            steps += 1;
            next = self.bases[id].filter(|_| steps <= self.types.len());
            Some(id)
        })
    }

    /// `attachment` for `microsoft.graph.attachment`.
    pub fn short_name(&self, id: TypeId) -> &'m str {
        split_qualified(&self.types[id].name).1
    }
}
