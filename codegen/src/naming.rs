//! Rust identifiers from collection names: case, keywords, invalid characters, collisions.
//!
//! Every name in the IR goes through here, so the emitter can print them as they are.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words Rust reserves (strict, reserved and weak keywords that bite as identifiers).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Splits any text into ASCII words: anything not a letter or digit separates words,
/// and letters outside ASCII are dropped (identifiers stay typeable everywhere). A sign
/// before a number is a word (`+1` -> `plus 1`, `-1` -> `minus 1`: reactions, scores),
/// and an acronym's plural stays one word (`APIs` -> `apis`, not `ap_is`).
fn ascii_words(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let next_is_digit = chars.get(i + 1).is_some_and(char::is_ascii_digit);
        let starts_word = i == 0 || !chars[i - 1].is_ascii_alphanumeric();
        if c == '+' && next_is_digit {
            out.push_str(" plus ");
        } else if c == '-' && next_is_digit && starts_word {
            out.push_str(" minus ");
        } else if c == 's'
            && i >= 2
            && chars[i - 1].is_ascii_uppercase()
            && chars[i - 2].is_ascii_uppercase()
            && !chars.get(i + 1).is_some_and(char::is_ascii_alphanumeric)
        {
            out.push('S');
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else {
            out.push(' ');
        }
    }
    out
}

/// The case conversions are pure functions of their text, asked again and again for the
/// same member names ("id", "name", ...) by every type that has them; each thread keeps
/// what it already converted (forgetting it all past a bound, for long-lived callers such
/// as the fuzzer, which see endless new names).
fn converted(case: Case, text: &str) -> String {
    thread_local! {
        static CONVERTED: RefCell<HashMap<(Case, String), String>> = RefCell::new(HashMap::new());
    }
    CONVERTED.with_borrow_mut(|done| {
        if let Some(name) = done.get(&(case, text.to_string())) {
            return name.clone();
        }
        let words = ascii_words(text);
        let name = match case {
            Case::Snake => words.to_snake_case(),
            Case::UpperCamel => words.to_upper_camel_case(),
        };
        if done.len() >= 1 << 18 {
            done.clear();
        }
        done.insert((case, text.to_string()), name.clone());
        name
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Case {
    Snake,
    UpperCamel,
}

/// `snake_case` identifier for a method, field, argument or module.
/// `fallback` is used when the text has no usable characters.
pub fn snake_ident(text: &str, fallback: &str) -> String {
    let mut name = converted(Case::Snake, text);
    if name.is_empty() {
        name = fallback.to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// `UpperCamelCase` identifier for a type or enum variant.
pub fn type_ident(text: &str, fallback: &str) -> String {
    let mut name = converted(Case::UpperCamel, text);
    if name.is_empty() {
        name = fallback.to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'N');
    }
    if name == "Self" {
        // `Self_` would trip the camel-case lint.
        name.push_str("Value");
    }
    name
}

/// The singular of an English plural, good enough for resource and field names.
pub fn singular(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    if lower.ends_with("ies") && word.len() > 3 {
        format!("{}y", &word[..word.len() - 3])
    } else if lower.ends_with("sses")
        || lower.ends_with("xes")
        || lower.ends_with("ches")
        || lower.ends_with("shes")
    {
        word[..word.len() - 2].to_string()
    } else if lower.ends_with('s')
        && !lower.ends_with("ss")
        && !lower.ends_with("us")
        && !lower.ends_with("is")
        && word.len() > 1
    {
        word[..word.len() - 1].to_string()
    } else {
        word.to_string()
    }
}

/// Hands out names, never the same one twice: a taken name gets `_2`, `_3`, ... (or
/// `2`, `3` for types) in the order asked, which keeps output deterministic.
#[derive(Debug, Default, Clone)]
pub struct NameSet {
    taken: BTreeSet<String>,
}

impl NameSet {
    pub fn new() -> Self {
        NameSet::default()
    }

    /// Marks names as already used (e.g. methods the generated code defines itself).
    pub fn reserve<'a>(&mut self, names: impl IntoIterator<Item = &'a str>) {
        self.taken.extend(names.into_iter().map(str::to_string));
    }

    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Takes `wanted`, or the first free numbered variant of it.
    pub fn claim(&mut self, wanted: &str) -> String {
        if self.taken.insert(wanted.to_string()) {
            return wanted.to_string();
        }
        let separator = if wanted.ends_with(|c: char| c.is_ascii_digit())
            || wanted.contains('_')
            || wanted.starts_with(|c: char| c.is_ascii_lowercase())
        {
            "_"
        } else {
            ""
        };
        let base = wanted.trim_end_matches('_');
        (2..)
            .map(|n| format!("{base}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }

    /// Takes the first free name of `candidates`, or a numbered variant of the first.
    /// Gives back a name claimed for something that turned out not to need it.
    pub fn release(&mut self, name: &str) {
        self.taken.remove(name);
    }

    pub fn claim_first(&mut self, candidates: &[String]) -> String {
        for candidate in candidates {
            if self.taken.insert(candidate.clone()) {
                return candidate.clone();
            }
        }
        self.claim(&candidates[0])
    }
}

/// The method name of a request inside its folder: the request name without the
/// words that repeat the folder's name ("List sites" in Sites is `list`).
pub fn operation_method_name(request: &str, folders: &[String]) -> String {
    let full = snake_ident(request, "call");
    let mut words: Vec<&str> = full.split('_').filter(|w| !w.is_empty()).collect();
    for folder in folders.iter().rev() {
        let folder_snake = snake_ident(folder, "");
        let plural: Vec<String> = folder_snake
            .split('_')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        if plural.is_empty() {
            continue;
        }
        let mut singular_words = plural.clone();
        if let Some(last) = singular_words.last_mut() {
            *last = singular(last);
        }
        for candidate in [&plural, &singular_words] {
            if let Some(start) = find_run(&words, candidate) {
                if words.len() > candidate.len() {
                    words.drain(start..start + candidate.len());
                    // "Activate plugin on a site" in "Sites" is `activate_plugin`, not
                    // `activate_plugin_on_a`: the words that led to the folder's name go
                    // with it.
                    let at_end = start == words.len();
                    while at_end
                        && words.len() > 1
                        && words.last().is_some_and(|w| LEAD_WORDS.contains(w))
                    {
                        words.pop();
                    }
                    break;
                }
            }
        }
    }
    // Articles say nothing in a method name: "Get the forecast for a city" in
    // "Forecast" is `get_for_city`, not `get_the_for_a_city`.
    if words.len() > 1 {
        let kept: Vec<&str> = words
            .iter()
            .copied()
            .filter(|w| !ARTICLES.contains(w))
            .collect();
        if !kept.is_empty() {
            words = kept;
        }
    }
    // "Add new client" in "Add" must not read `add_add_new_client`; nor a repeat anywhere.
    words.dedup();
    let joined = words.join("_");
    snake_ident(&joined, "call")
}

const ARTICLES: &[&str] = &["a", "an", "the"];

/// Articles and prepositions that only lead to a noun.
const LEAD_WORDS: &[&str] = &[
    "a", "an", "the", "on", "of", "for", "to", "in", "by", "with", "from", "one", "each", "its",
    "their", "this",
];

fn find_run(words: &[&str], run: &[String]) -> Option<usize> {
    if run.is_empty() || run.len() > words.len() {
        return None;
    }
    (0..=words.len() - run.len()).find(|&start| {
        words[start..start + run.len()]
            .iter()
            .zip(run)
            .all(|(a, b)| *a == b)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_and_invalid_names_become_valid_identifiers() {
        assert_eq!(snake_ident("type", "x"), "type_");
        assert_eq!(snake_ident("Self", "x"), "self_");
        assert_eq!(type_ident("self", "X"), "SelfValue");
        assert_eq!(snake_ident("2fa code", "x"), "_2fa_code");
        assert_eq!(type_ident("2fa code", "X"), "N2faCode");
        assert_eq!(snake_ident("???", "field"), "field");
        assert_eq!(snake_ident("café ☕ menu", "x"), "caf_menu");
        assert_eq!(type_ident("error", "X"), "Error");
    }

    #[test]
    fn folder_words_are_dropped_from_method_names() {
        let sites = vec!["Sites".to_string()];
        assert_eq!(operation_method_name("List sites", &sites), "list");
        assert_eq!(operation_method_name("Get site", &sites), "get");
        assert_eq!(operation_method_name("Sync all sites", &sites), "sync_all");
        assert_eq!(operation_method_name("Sites", &sites), "sites");
        let keys = vec!["API Keys".to_string()];
        assert_eq!(operation_method_name("Edit API key", &keys), "edit");
        let plugins = vec!["Sites".to_string(), "Plugins".to_string()];
        assert_eq!(operation_method_name("List site plugins", &plugins), "list");
        let forecast = vec!["Forecast".to_string()];
        assert_eq!(
            operation_method_name("Get the forecast for a city", &forecast),
            "get_for_city"
        );
        assert_eq!(operation_method_name("The", &forecast), "the");
    }

    #[test]
    fn taken_names_get_numbered_in_order() {
        let mut names = NameSet::new();
        assert_eq!(names.claim("list"), "list");
        assert_eq!(names.claim("list"), "list_2");
        assert_eq!(names.claim("Site"), "Site");
        assert_eq!(names.claim("Site"), "Site2");
        assert_eq!(
            names.claim_first(&["Site".into(), "GetSiteData".into()]),
            "GetSiteData"
        );
    }

    #[test]
    fn plurals_become_singular() {
        assert_eq!(singular("sites"), "site");
        assert_eq!(singular("categories"), "category");
        assert_eq!(singular("addresses"), "address");
        assert_eq!(singular("status"), "status");
        assert_eq!(singular("data"), "data");
    }

    #[test]
    fn signs_and_acronym_plurals_read_as_words() {
        assert_eq!(snake_ident("+1", "f"), "plus_1");
        assert_eq!(snake_ident("-1", "f"), "minus_1");
        assert_eq!(snake_ident("Get all APIs", "f"), "get_all_apis");
        assert_eq!(snake_ident("site-2", "f"), "site_2");
    }

    #[test]
    fn words_leading_to_a_dropped_folder_name_go_with_it() {
        let sites = ["Sites".to_string()];
        assert_eq!(
            operation_method_name("Activate plugin on a site", &sites),
            "activate_plugin"
        );
        assert_eq!(operation_method_name("Update an site", &sites), "update");
        let pets = ["Pets".to_string()];
        assert_eq!(operation_method_name("Get a pet", &pets), "get");
        assert_eq!(
            operation_method_name("Link a pet to its owner", &pets),
            "link_to_its_owner"
        );
        let add = ["Add".to_string()];
        assert_eq!(
            operation_method_name("Add add new client", &add),
            "add_new_client"
        );
    }
}
