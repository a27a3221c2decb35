//! The public API of a generated crate read from its printed files, and what changed
//! between two of them.
//!
//! Comparing collections ([`compare`](super::compare())) runs both through the *current*
//! generator, so it cannot see what a new generator does to the crate: a renamed type, a
//! field that changed type, a runtime method gone. Reading the surface of the crate as
//! committed and as generated now catches those, whatever caused them, with the same
//! classes as the collection comparison (see the module docs of [`diff`](super)).
//!
//! The surface is every `pub` item of every Rust file under `src/`, keyed by its module
//! path: structs and their `pub` fields, enums and their variants, functions, inherent
//! methods, trait impls, type aliases, constants, modules and re-exports. Items marked
//! `#[doc(hidden)]` are not part of it (the crate's `__private` helpers), nor are doc
//! comments: a change that only touches docs is not seen here.

use std::collections::BTreeMap;

use quote::ToTokens;
use serde::Serialize;

use super::Semver;
use crate::error::Error;

/// The public items of one crate, by module path (`types::Site`, `types::Site.id`,
/// `sites::ListSites::page`, ...), each with its spelling.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Surface {
    items: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    spelling: String,
    /// The struct or enum a field or variant belongs to: its changes are the parent's
    /// when the parent itself is new or gone.
    parent: Option<String>,
    /// A new field of an exhaustive struct, or a new variant of an exhaustive enum,
    /// breaks code that builds or matches the parent; anything else added is minor.
    breaks_when_added: bool,
}

/// One difference between two surfaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SurfaceChange {
    pub item: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub semver: Semver,
}

impl Surface {
    /// Reads the surface from a crate's files, `(path relative to the crate root,
    /// text)`; files outside `src/` and files that are not Rust are skipped.
    pub fn read<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Surface, Error> {
        let mut surface = Surface::default();
        for (path, text) in files {
            let Some(module) = module_of(path) else {
                continue;
            };
            let file = syn::parse_file(text).map_err(|err| Error::Emit {
                file: path.to_string(),
                message: format!("not Rust that syn reads: {err}"),
            })?;
            surface.items_of(&module, &file.items);
        }
        Ok(surface)
    }

    /// How many public items were read.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether no public item was read.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    fn add(&mut self, key: String, spelling: String, breaks_when_added: bool) {
        self.add_member(key, spelling, breaks_when_added, None);
    }

    fn add_member(
        &mut self,
        key: String,
        spelling: String,
        breaks_when_added: bool,
        parent: Option<&str>,
    ) {
        self.items.insert(
            key,
            Entry {
                spelling,
                parent: parent.map(str::to_string),
                breaks_when_added,
            },
        );
    }

    fn items_of(&mut self, module: &str, items: &[syn::Item]) {
        for item in items {
            self.item(module, item);
        }
    }

    fn item(&mut self, module: &str, item: &syn::Item) {
        let at = |name: &dyn std::fmt::Display| {
            if module.is_empty() {
                name.to_string()
            } else {
                format!("{module}::{name}")
            }
        };
        match item {
            syn::Item::Struct(s) if public(&s.vis) && shown(&s.attrs) => {
                let key = at(&s.ident);
                let exhaustive =
                    !non_exhaustive(&s.attrs) && s.fields.iter().all(|field| public(&field.vis));
                self.add(
                    key.clone(),
                    format!("struct {}{}", s.ident, spell(&s.generics)),
                    false,
                );
                for (index, field) in s.fields.iter().enumerate() {
                    if !public(&field.vis) || !shown(&field.attrs) {
                        continue;
                    }
                    let name = field
                        .ident
                        .as_ref()
                        .map_or_else(|| index.to_string(), ToString::to_string);
                    self.add_member(
                        format!("{key}.{name}"),
                        spell(&field.ty),
                        exhaustive,
                        Some(&key),
                    );
                }
            }
            syn::Item::Enum(e) if public(&e.vis) && shown(&e.attrs) => {
                let key = at(&e.ident);
                let exhaustive = !non_exhaustive(&e.attrs);
                self.add(
                    key.clone(),
                    format!("enum {}{}", e.ident, spell(&e.generics)),
                    false,
                );
                for variant in e.variants.iter().filter(|v| shown(&v.attrs)) {
                    self.add_member(
                        format!("{key}::{}", variant.ident),
                        format!("{}{}", variant.ident, spell(&variant.fields)),
                        exhaustive,
                        Some(&key),
                    );
                }
            }
            syn::Item::Fn(f) if public(&f.vis) && shown(&f.attrs) => {
                self.add(at(&f.sig.ident), signature(&f.sig), false);
            }
            syn::Item::Impl(i) if shown(&i.attrs) => self.impl_block(module, i),
            syn::Item::Type(t) if public(&t.vis) && shown(&t.attrs) => {
                self.add(at(&t.ident), format!("type = {}", spell(&t.ty)), false);
            }
            syn::Item::Const(c) if public(&c.vis) && shown(&c.attrs) => {
                self.add(at(&c.ident), format!("const: {}", spell(&c.ty)), false);
            }
            syn::Item::Static(s) if public(&s.vis) && shown(&s.attrs) => {
                self.add(at(&s.ident), format!("static: {}", spell(&s.ty)), false);
            }
            syn::Item::Trait(t) if public(&t.vis) && shown(&t.attrs) => {
                let key = at(&t.ident);
                self.add(key.clone(), format!("trait {}", t.ident), false);
                for item in &t.items {
                    if let syn::TraitItem::Fn(f) = item {
                        self.add(format!("{key}::{}", f.sig.ident), signature(&f.sig), false);
                    }
                }
            }
            syn::Item::Mod(m) if public(&m.vis) && shown(&m.attrs) => {
                let key = at(&m.ident);
                self.add(key.clone(), "mod".to_string(), false);
                if let Some((_, items)) = &m.content {
                    self.items_of(&key, items);
                }
            }
            syn::Item::Use(u) if public(&u.vis) && shown(&u.attrs) => {
                let mut names = Vec::new();
                reexports(&u.tree, String::new(), &mut names);
                for (name, source) in names {
                    self.add(at(&name), format!("use {source}"), false);
                }
            }
            _ => {}
        }
    }

    fn impl_block(&mut self, module: &str, block: &syn::ItemImpl) {
        let self_ty = spell(&block.self_ty);
        let owner = if module.is_empty() {
            self_ty
        } else {
            format!("{module}::{self_ty}")
        };
        if let Some((_, trait_path, _)) = &block.trait_ {
            // A trait impl is public whatever its items say; only its presence counts.
            self.add(
                format!("{owner} impl {}", spell(trait_path)),
                format!("impl{}", spell(&block.generics)),
                false,
            );
            return;
        }
        for item in &block.items {
            if let syn::ImplItem::Fn(f) = item {
                if public(&f.vis) && shown(&f.attrs) {
                    self.add(
                        format!("{owner}::{}", f.sig.ident),
                        signature(&f.sig),
                        false,
                    );
                }
            }
        }
    }
}

/// What changed from `old` to `new`, in the order of the item paths. A field or variant
/// of a struct or enum that is new, or gone, is not listed apart from it.
pub fn compare(old: &Surface, new: &Surface) -> Vec<SurfaceChange> {
    let mut changes = Vec::new();
    let parent_in = |surface: &Surface, entry: &Entry| {
        entry
            .parent
            .as_ref()
            .is_none_or(|parent| surface.items.contains_key(parent))
    };
    for (key, before) in &old.items {
        match new.items.get(key) {
            None if !parent_in(new, before) => {}
            None => changes.push(SurfaceChange {
                item: key.clone(),
                before: Some(before.spelling.clone()),
                after: None,
                semver: Semver::Major,
            }),
            Some(after) if after.spelling != before.spelling => changes.push(SurfaceChange {
                item: key.clone(),
                before: Some(before.spelling.clone()),
                after: Some(after.spelling.clone()),
                semver: Semver::Major,
            }),
            Some(_) => {}
        }
    }
    for (key, after) in &new.items {
        if !old.items.contains_key(key) && parent_in(old, after) {
            changes.push(SurfaceChange {
                item: key.clone(),
                before: None,
                after: Some(after.spelling.clone()),
                semver: if after.breaks_when_added {
                    Semver::Major
                } else {
                    Semver::Minor
                },
            });
        }
    }
    changes.sort_by(|a, b| a.item.cmp(&b.item));
    changes
}

/// The module a file of the crate defines: `src/lib.rs` is the root, `src/types.rs`
/// is `types`, `src/runtime/client.rs` is `runtime::client`.
fn module_of(path: &str) -> Option<String> {
    let rest = path.strip_prefix("src/")?.strip_suffix(".rs")?;
    if rest == "lib" {
        return Some(String::new());
    }
    Some(rest.strip_suffix("/mod").unwrap_or(rest).replace('/', "::"))
}

fn public(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

/// Not `#[doc(hidden)]`.
fn shown(attrs: &[syn::Attribute]) -> bool {
    !attrs.iter().any(|attr| {
        attr.path().is_ident("doc")
            && attr
                .parse_args::<syn::Ident>()
                .is_ok_and(|word| word == "hidden")
    })
}

fn non_exhaustive(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .any(|attr| attr.path().is_ident("non_exhaustive"))
}

/// Tokens as text, without the spaces the token printer puts around `::`, `<`, `>`,
/// `&` and before `,` (`std::collections::BTreeMap<String, Value>`).
fn spell(tokens: &impl ToTokens) -> String {
    let spaced = tokens.to_token_stream().to_string();
    let mut text = String::with_capacity(spaced.len());
    let mut chars = spaced.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' ' {
            let next = chars.peek().copied();
            let last = text.chars().last();
            let tight_after = matches!(last, Some(':' | '<' | '&' | '(' | '[') | None);
            let tight_before = matches!(next, Some(':' | '<' | '>' | ',' | ')' | ']'));
            if tight_after || tight_before {
                continue;
            }
        }
        text.push(c);
    }
    // A trailing comma the printer kept from a broken line.
    text.replace(",>", ">").replace(",)", ")")
}

/// A function's signature without its argument names, which callers do not see.
fn signature(sig: &syn::Signature) -> String {
    let inputs: Vec<String> = sig
        .inputs
        .iter()
        .map(|input| match input {
            syn::FnArg::Receiver(receiver) => spell(receiver),
            syn::FnArg::Typed(typed) => spell(&typed.ty),
        })
        .collect();
    format!(
        "{}fn{}({}) {} {}",
        if sig.asyncness.is_some() {
            "async "
        } else {
            ""
        },
        spell(&sig.generics),
        inputs.join(", "),
        spell(&sig.output),
        sig.generics
            .where_clause
            .as_ref()
            .map(spell)
            .unwrap_or_default()
    )
    .trim_end()
    .to_string()
}

/// The names a `pub use` tree makes public, each with the path it comes from.
fn reexports(tree: &syn::UseTree, prefix: String, out: &mut Vec<(String, String)>) {
    match tree {
        syn::UseTree::Path(path) => {
            reexports(&path.tree, format!("{prefix}{}::", path.ident), out);
        }
        syn::UseTree::Name(name) => {
            out.push((name.ident.to_string(), format!("{prefix}{}", name.ident)));
        }
        syn::UseTree::Rename(rename) => out.push((
            rename.rename.to_string(),
            format!("{prefix}{}", rename.ident),
        )),
        syn::UseTree::Glob(_) => out.push((format!("{prefix}*"), format!("{prefix}*"))),
        syn::UseTree::Group(group) => {
            for tree in &group.items {
                reexports(tree, prefix.clone(), out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surface(files: &[(&str, &str)]) -> Surface {
        Surface::read(files.iter().copied()).expect("reads")
    }

    fn classes(old: &str, new: &str) -> Vec<(String, Semver)> {
        compare(
            &surface(&[("src/types.rs", old)]),
            &surface(&[("src/types.rs", new)]),
        )
        .into_iter()
        .map(|change| (change.item, change.semver))
        .collect()
    }

    #[test]
    fn a_new_field_of_an_exhaustive_struct_breaks_and_of_a_non_exhaustive_one_does_not() {
        assert_eq!(
            classes(
                "pub struct Site { pub id: i64 }",
                "pub struct Site { pub id: i64, pub url: String }"
            ),
            [("types::Site.url".to_string(), Semver::Major)]
        );
        assert_eq!(
            classes(
                "#[non_exhaustive] pub struct Site { pub id: i64 }",
                "#[non_exhaustive] pub struct Site { pub id: i64, pub url: String }"
            ),
            [("types::Site.url".to_string(), Semver::Minor)]
        );
    }

    #[test]
    fn a_renamed_type_is_one_removal_and_one_addition() {
        let changes = classes(
            "pub struct CreateCostResponse { pub success: bool }",
            "pub struct CostAnswer { pub success: bool }",
        );
        assert_eq!(
            changes,
            [
                ("types::CostAnswer".to_string(), Semver::Minor),
                ("types::CreateCostResponse".to_string(), Semver::Major),
            ]
        );
    }

    #[test]
    fn a_retyped_field_or_method_breaks_and_a_new_method_does_not() {
        assert_eq!(
            classes(
                "pub struct Site { pub plugins: String }",
                "pub struct Site { pub plugins: JsonText<Vec<SitePlugin>> }"
            ),
            [("types::Site.plugins".to_string(), Semver::Major)]
        );
        assert_eq!(
            classes(
                "impl Sites { pub fn list(&self) -> ListSites { todo!() } }",
                "impl Sites { pub fn list(&self, page: i64) -> ListSites { todo!() } \
                 pub fn count(&self) -> CountSites { todo!() } }"
            ),
            [
                ("types::Sites::count".to_string(), Semver::Minor),
                ("types::Sites::list".to_string(), Semver::Major),
            ]
        );
    }

    #[test]
    fn docs_argument_names_private_and_hidden_items_are_not_the_surface() {
        assert!(classes(
            "/// Old words.\npub fn get(id: i64) {}\nfn helper() {}\n#[doc(hidden)] pub mod __private {}",
            "/// New words.\npub fn get(site: i64) {}\nfn other() {}\n#[doc(hidden)] pub mod __private { pub use x::Y; }"
        )
        .is_empty());
    }

    #[test]
    fn reexports_and_enum_variants_are_named_by_where_users_reach_them() {
        let lib = surface(&[
            (
                "src/lib.rs",
                "pub use runtime::{Client, error::Error as Failure};",
            ),
            (
                "src/params.rs",
                "#[non_exhaustive] pub enum PostStatus { Publish, Other(String) }",
            ),
            ("tests/contract.rs", "pub fn not_the_crate() {}"),
        ]);
        let keys: Vec<&str> = lib.items.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "Client",
                "Failure",
                "params::PostStatus",
                "params::PostStatus::Other",
                "params::PostStatus::Publish"
            ]
        );
    }

    #[test]
    fn types_are_spelled_as_written() {
        let lib = surface(&[(
            "src/types.rs",
            "pub struct A { pub extra: std::collections::BTreeMap<String, serde_json::Value>, \
             pub list: Vec<(i64, &'static str)> }",
        )]);
        let spelled: Vec<&str> = lib.items.values().map(|e| e.spelling.as_str()).collect();
        assert_eq!(
            spelled,
            [
                "struct A",
                "std::collections::BTreeMap<String, serde_json::Value>",
                "Vec<(i64, &'static str)>"
            ]
        );
    }

    #[test]
    fn module_paths_follow_the_file_layout() {
        assert_eq!(module_of("src/lib.rs").as_deref(), Some(""));
        assert_eq!(module_of("src/types.rs").as_deref(), Some("types"));
        assert_eq!(module_of("src/runtime/mod.rs").as_deref(), Some("runtime"));
        assert_eq!(
            module_of("src/runtime/client.rs").as_deref(),
            Some("runtime::client")
        );
        assert_eq!(module_of("src/sites_lib.rs").as_deref(), Some("sites_lib"));
        assert_eq!(module_of("tests/contract.rs"), None);
        assert_eq!(module_of("Cargo.toml"), None);
    }
}
