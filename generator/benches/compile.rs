//! `cargo bench -p msgraph-codegen --bench compile`: the generated crate's compile cost
//! against the same types with `#[derive(Serialize, Deserialize)]`, and the generator's own
//! speed against its floor, over the whole 2021 corpus.
//!
//! 1. Generation: `generate` (read, parse, resolve, emit, format, write) next to the floor
//!    of reading the pages, running pulldown-cmark over them and prettyplease over the
//!    same output, in one run, all cores.
//! 2. `cargo check` of the whole generated crate (all features, debug; dependencies
//!    already built) and of the derive variant, with wall time and peak memory from
//!    `/usr/bin/time`. The derive variant is made here, from the generated files, by
//!    replacing the generated serde impls with derives; it is not part of the product.
//! 3. `cargo check` of one mid-sized area feature alone.
//!
//! Needs `../shared/corpus/graph-docs-2021` (or `MSGRAPH_CORPUS`) and `/usr/bin/time`.
//! `cargo bench -p msgraph-codegen --bench compile -- generation` runs part 1 only.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use msgraph_codegen::emit::{EmitOptions, GeneratedFile};
use msgraph_codegen::pipeline::{generate, DocsInput};
use msgraph_codegen::scan::scan;
use quote::ToTokens;
use rayon::prelude::*;
use syn::visit_mut::VisitMut;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const MID_AREA: &str = "beta-outlook";

mod common;
use common::corpus;

fn options() -> EmitOptions {
    EmitOptions {
        docs_label: "graph-docs-2021".into(),
        hook: None,
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let Some(corpus) = corpus() else {
        eprintln!("skipped: the 2021 corpus is not at ../shared/corpus/graph-docs-2021 (set MSGRAPH_CORPUS)");
        return;
    };
    let work = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/bench-compile");
    let ours = work.join("ours");
    let derive = work.join("derive");
    let input = DocsInput::new(vec![corpus.clone()], "beta");

    // 1. Generation against its floor, the two alternating so that both see the same
    // machine (on a shared VM its speed drifts by more than the differences measured).
    let _ = std::fs::remove_dir_all(&ours);
    let (run, _) = generate(&input, &ours, &options()).expect("corpus generates");
    let files = run.emitted.files;
    let outputs: Vec<&str> = files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "rs"))
        .map(|f| f.contents.as_str())
        .collect();
    let (mut gen_times, mut floor_times, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    // Where the time goes: the model alone (read, parse, resolve; `build_model` also
    // quotes the diagnostics' source lines and frees the page facts) against the read +
    // pulldown-cmark part of the floor, and the rest (emit, format, write, and freeing
    // the run) against the prettyplease part.
    let (mut model_ratios, mut rest_ratios) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        let t = Instant::now();
        let (run, _) = generate(&input, &ours, &options()).expect("corpus generates");
        let model = run.model_elapsed.as_secs_f64();
        drop(run); // freed inside the timing, as before the stages were measured
        let gen = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let pages = scan(std::slice::from_ref(&corpus), "beta").expect("corpus scans");
        let events: usize = pages
            .par_iter()
            .map(|p| {
                let text = std::fs::read_to_string(&p.path).unwrap_or_default();
                let options = pulldown_cmark::Options::ENABLE_TABLES
                    | pulldown_cmark::Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
                pulldown_cmark::Parser::new_ext(&text, options).count()
            })
            .sum();
        std::hint::black_box(events);
        let read_parse = t.elapsed().as_secs_f64();
        let format = format_floor(&outputs);
        let floor = read_parse + format;
        gen_times.push(gen);
        floor_times.push(floor);
        ratios.push(gen / floor);
        model_ratios.push(model / read_parse);
        rest_ratios.push((gen - model) / format);
    }
    let (gen_s, floor_s) = (median(gen_times), median(floor_times));
    let out_bytes: usize = files.iter().map(|f| f.contents.len()).sum();
    println!(
        "generation of the whole corpus ({} files, {:.1} MB): {gen_s:.3} s",
        files.len(),
        out_bytes as f64 / 1e6
    );
    println!("floor (read + pulldown-cmark + prettyplease of the same output): {floor_s:.3} s");
    println!(
        "generation / floor: {:.2}x (median of the per-run ratios {:.2}x)",
        gen_s / floor_s,
        median(ratios)
    );
    println!(
        "  of which the model (read, parse, resolve) / read + pulldown-cmark: {:.2}x; the rest (emit, format, write, free) / prettyplease: {:.2}x (medians of the per-run ratios)",
        median(model_ratios),
        median(rest_ratios)
    );
    let peak = measure_generate_peak(&corpus, &work);
    if let Some(kib) = peak {
        println!(
            "generation peak memory (msgraph-codegen generate): {} MiB",
            kib / 1024
        );
    }

    // `cargo bench --bench compile -- generation` stops here.
    if std::env::args().skip(1).any(|a| a == "generation") {
        return;
    }

    // 2. cargo check: ours against the derive variant.
    prepare_crate(&ours);
    make_derive_variant(&files, &derive);
    prepare_crate(&derive);
    let (ours_s, ours_kib) = check(&ours, &[]);
    let (derive_s, derive_kib) = check(&derive, &[]);
    println!("cargo check, all features: generated {ours_s:.1} s / {} MiB; with serde derives {derive_s:.1} s / {} MiB", ours_kib / 1024, derive_kib / 1024);
    println!(
        "generated / derives: {:.2}x time, {:.2}x memory",
        ours_s / derive_s,
        ours_kib as f64 / derive_kib as f64
    );

    // 3. One mid-sized area alone.
    let (area_s, area_kib) = check(&ours, &["--no-default-features", "--features", MID_AREA]);
    println!(
        "cargo check --features {MID_AREA} alone: {area_s:.1} s / {} MiB",
        area_kib / 1024
    );
}

/// prettyplease over the generated files on all cores, the syntax trees parsed beforehand
/// (untimed; syn trees cannot cross threads, so each thread parses its share).
fn format_floor(outputs: &[&str]) -> f64 {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut shares: Vec<Vec<&str>> = vec![Vec::new(); threads];
    let mut sizes = vec![0usize; threads];
    let mut by_size: Vec<&str> = outputs.to_vec();
    by_size.sort_by_key(|t| std::cmp::Reverse(t.len()));
    for text in by_size {
        let i = (0..threads)
            .min_by_key(|i| sizes[*i])
            .expect("one thread at least");
        sizes[i] += text.len();
        shares[i].push(text);
    }
    let barrier = std::sync::Barrier::new(threads + 1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = shares
            .iter()
            .map(|share| {
                let barrier = &barrier;
                scope.spawn(move || {
                    let trees: Vec<syn::File> = share
                        .iter()
                        .map(|t| syn::parse_file(t).expect("output parses"))
                        .collect();
                    barrier.wait();
                    let bytes: usize = trees.iter().map(|f| prettyplease::unparse(f).len()).sum();
                    (Instant::now(), bytes)
                })
            })
            .collect();
        barrier.wait();
        let start = Instant::now();
        let end = handles
            .into_iter()
            .map(|h| h.join().expect("thread").0)
            .max()
            .expect("threads");
        (end - start).as_secs_f64()
    })
}

/// Peak memory of the `msgraph-codegen generate` binary over the corpus.
fn measure_generate_peak(corpus: &Path, work: &Path) -> Option<u64> {
    let bin = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/release/msgraph-codegen");
    if !bin.exists() {
        println!("(build the release binary for the peak-memory figure: cargo build --release -p msgraph-codegen)");
        return None;
    }
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%e %M"])
        .arg(&bin)
        .args(["generate", "--message-format", "json", "--docs"])
        .arg(corpus)
        .arg("--out")
        .arg(work.join("ours-cli"))
        .output()
        .ok()?;
    let err = String::from_utf8_lossy(&out.stderr);
    let last = err.lines().last()?;
    last.split_whitespace().nth(1)?.parse().ok()
}

/// Makes a generated crate checkable on its own, with the workspace's locked versions.
fn prepare_crate(dir: &Path) {
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    if !text.contains("[workspace]") {
        std::fs::write(&manifest, format!("{text}\n[workspace]\n")).expect("manifest");
    }
    std::fs::copy(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock"),
        dir.join("Cargo.lock"),
    )
    .expect("lock");
}

/// `cargo check` of the crate alone (dependencies built first, untimed): wall seconds and
/// peak KiB.
fn check(dir: &Path, args: &[&str]) -> (f64, u64) {
    let target = dir.join("target");
    let warm = Command::new("cargo")
        .args(["check", "--offline", "--quiet"])
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .expect("cargo runs");
    assert!(warm.success(), "cargo check failed in {}", dir.display());
    // Clean the generated crates (not their dependencies) so that all of them are checked
    // from scratch, as on a first build.
    let mut clean = Command::new("cargo");
    clean
        .args(["clean", "--offline", "--quiet"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", &target);
    for krate in generated_crates(dir) {
        clean.args(["-p", &krate]);
    }
    assert!(clean.status().expect("cargo runs").success());
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%e %M", "cargo", "check", "--offline", "--quiet"])
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .expect("/usr/bin/time runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let last = err.lines().last().expect("time prints");
    let mut parts = last.split_whitespace();
    let secs = parts.next().and_then(|s| s.parse().ok()).expect("seconds");
    let kib = parts.next().and_then(|s| s.parse().ok()).expect("peak");
    (secs, kib)
}

/// The package names of the generated crates under `dir`.
fn generated_crates(dir: &Path) -> Vec<String> {
    let mut names = vec!["msgraph-models".to_owned()];
    if let Ok(entries) = std::fs::read_dir(dir.join("crates")) {
        for e in entries.flatten() {
            names.push(format!(
                "msgraph-models-{}",
                e.file_name().to_string_lossy()
            ));
        }
    }
    names.sort();
    names
}

/// The same crate with serde derives: the generated serde impls (`__object!`, the serde
/// half of `__open_enum!`) removed, `#[derive(Serialize, Deserialize)]` with the usual field
/// attributes added, unknown members in a `#[serde(flatten)]` map.
fn make_derive_variant(files: &[GeneratedFile], out: &Path) {
    let _ = std::fs::remove_dir_all(out);
    for f in files {
        let path = out.join(&f.path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("dir");
        let contents = if f.path.ends_with("Cargo.toml") {
            f.contents.replace(
                "serde = { version = \"1\", default-features = false, features = [\"std\"] }",
                "serde = { version = \"1\", features = [\"derive\"] }",
            )
        } else if f.path.ends_with("crates/runtime/src/lib.rs") {
            format!("{}\n{PATCH_SERIALIZE}", f.contents)
        } else if f.path.starts_with("crates/runtime") {
            // The runtime's own types keep their impls.
            f.contents.clone()
        } else if f.path.extension().is_some_and(|e| e == "rs") {
            let mut file = syn::parse_file(&f.contents).expect("output parses");
            Derive.visit_file_mut(&mut file);
            prettyplease::unparse(&file)
        } else {
            f.contents.clone()
        };
        std::fs::write(path, contents).expect("write");
    }
}

/// Added to the derive variant's runtime: `Patch` serialises as its value (with
/// `skip_serializing_if`), and `__any_derive!`, the `Any…` enums' impls written the way
/// derives write them (a `match` over the variants per method), their dispatch done the way
/// serde's derives do it for internally tagged enums: the object is read into a buffer
/// (`Value`), then into the variant its `@odata.type` selects.
const PATCH_SERIALIZE: &str = r#"
impl<T: serde::Serialize> serde::Serialize for Patch<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Patch::Value(v) => v.serialize(serializer),
            _ => serializer.serialize_unit(),
        }
    }
}

#[doc(hidden)]
#[macro_export]
macro_rules! __any_derive {
    ($name:ident : $declared:literal = $base:ident in $bases:path,
        variants $variants:tt,
        shared { $($field:ident : $fty:ty = $fjson:literal),* $(,)? },
        patch $patch:ident $(,)?) => {
        impl ::core::default::Default for $name {
            fn default() -> Self {
                Self::$base(::core::default::Default::default())
            }
        }

        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                $crate::debug_object(::core::stringify!($name), self, f)
            }
        }

        impl $name {
            $($crate::__any_get! { $field : $fty = $fjson, $variants })*
        }

        impl<T: $crate::VariantOf<Self>> ::core::convert::From<T> for $name {
            fn from(value: T) -> Self {
                T::WRAP(::std::boxed::Box::new(value))
            }
        }

        $crate::__any_derive_variants! { $name : $declared in $bases, $variants }
        $crate::__any_patch! { $patch $name $variants }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __any_derive_variants {
    ($name:ident : $declared:literal in $bases:path,
        { $($(#[$cfg:meta])* $variant:ident($ty:ty) = $json:literal),+ $(,)? }) => {
        $(
            $(#[$cfg])*
            impl $crate::VariantOf<$name> for $ty {
                const WRAP: fn(::std::boxed::Box<Self>) -> $name = $name::$variant;
            }
        )+

        impl $crate::Polymorphic for $name {
            const DECLARED: &'static str = $declared;
            const BASES: &'static [(&'static str, &'static str)] = $bases;
            const COMPILED: &'static [&'static str] = &[$($(#[$cfg])* $json),+];

            fn type_name(&self) -> &'static str {
                match self {
                    $($(#[$cfg])* Self::$variant(_) => $json,)+
                }
            }
        }

        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                match self {
                    $($(#[$cfg])* Self::$variant(v) => {
                        let typed = v.extra.contains_key($crate::ODATA_TYPE);
                        $crate::serialize_variant(&**v, typed, $json, $declared, serializer)
                    })+
                }
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                use $crate::__serde::de::Error as _;
                let value = <$crate::Value as $crate::__serde::Deserialize>::deserialize(deserializer)?;
                let name = value
                    .get($crate::ODATA_TYPE)
                    .and_then(|t| t.as_str())
                    .map_or($declared, $crate::select::<Self>);
                match name {
                    $($(#[$cfg])* $json => {
                        <$ty as $crate::__serde::Deserialize>::deserialize(value)
                            .map(|v| Self::$variant(::std::boxed::Box::new(v)))
                            .map_err(D::Error::custom)
                    })+
                    other => ::core::result::Result::Err(D::Error::custom(other)),
                }
            }
        }
    };
}
"#;

struct Derive;

/// The JSON name a generated doc line records: `JSON member `x`.` or `` `x` `` (variants).
fn json_name(attrs: &[syn::Attribute]) -> Option<String> {
    for a in attrs {
        let syn::Meta::NameValue(nv) = &a.meta else {
            continue;
        };
        let syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) = &nv.value
        else {
            continue;
        };
        let text = s.value();
        let text = text.trim();
        let inner = text
            .strip_prefix("JSON member `")
            .and_then(|t| t.strip_suffix("`."))
            .or_else(|| text.strip_prefix('`').and_then(|t| t.strip_suffix('`')));
        if let Some(name) = inner {
            return Some(name.to_owned());
        }
    }
    None
}

impl VisitMut for Derive {
    fn visit_item_mod_mut(&mut self, m: &mut syn::ItemMod) {
        if let Some((_, items)) = &mut m.content {
            // The generated serde impls go: `__object!`, `__open_enum!` and `__patch!` keep
            // their non-serde part (`__object_methods!`, `__open_enum_methods!`,
            // `__patch_methods!`); derives take their place.
            for item in items.iter_mut() {
                if let syn::Item::Macro(m) = item {
                    if let Some(last) = m.mac.path.segments.last_mut() {
                        if ["__object", "__open_enum", "__patch"]
                            .iter()
                            .any(|name| last.ident == name)
                        {
                            let methods = format!("{}_methods", last.ident);
                            last.ident = syn::Ident::new(&methods, last.ident.span());
                        } else if last.ident == "__any" {
                            last.ident = syn::Ident::new("__any_derive", last.ident.span());
                        }
                    }
                }
            }
            for item in items.iter_mut() {
                self.visit_item_mut(item);
            }
        }
    }

    fn visit_item_struct_mut(&mut self, s: &mut syn::ItemStruct) {
        let is_patch = s.ident.to_string().ends_with("Patch");
        let derive: syn::Attribute = if is_patch {
            syn::parse_quote!(#[derive(::serde::Serialize)])
        } else {
            syn::parse_quote!(#[derive(::serde::Serialize, ::serde::Deserialize)])
        };
        s.attrs.push(derive);
        for field in s.fields.iter_mut() {
            let name = field
                .ident
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default();
            if name == "extra" {
                field.ty = syn::parse_quote!(::std::collections::BTreeMap<String, rt::Value>);
                field.attrs.push(syn::parse_quote!(#[serde(flatten)]));
                continue;
            }
            let Some(json) = json_name(&field.attrs) else {
                continue;
            };
            let ty = field.ty.to_token_stream().to_string();
            let attr: syn::Attribute = if ty.starts_with("Option") {
                syn::parse_quote!(#[serde(rename = #json, default, skip_serializing_if = "Option::is_none")])
            } else if ty.starts_with("rt :: Patch") {
                syn::parse_quote!(#[serde(rename = #json, skip_serializing_if = "rt::Patch::is_absent")])
            } else {
                syn::parse_quote!(#[serde(rename = #json)])
            };
            field.attrs.push(attr);
        }
    }

    fn visit_item_enum_mut(&mut self, e: &mut syn::ItemEnum) {
        // `Any…` enums (the non-exhaustive ones) keep their dispatch, `__any_derive!`, and
        // derive what derives can give them.
        if e.attrs.iter().any(|a| a.path().is_ident("non_exhaustive")) {
            e.attrs.push(syn::parse_quote!(#[derive(Clone, PartialEq)]));
            return;
        }
        e.attrs
            .push(syn::parse_quote!(#[derive(::serde::Serialize, ::serde::Deserialize)]));
        for v in e.variants.iter_mut() {
            if v.ident == "Unrecognized" {
                v.attrs.push(syn::parse_quote!(#[serde(untagged)]));
            } else if let Some(json) = json_name(&v.attrs) {
                v.attrs.push(syn::parse_quote!(#[serde(rename = #json)]));
            }
        }
    }
}
