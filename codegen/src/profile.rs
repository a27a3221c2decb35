//! The conventions of one API family, as data: which answer members mean background
//! work, which query parameters page, which path parameters take an id or another key,
//! how an answer says it failed. Lowering reads them from here and nowhere else, so
//! another family is another value of [`Profile`].
//!
//! A collection gets [`Profile::MAINWP`] only when it is a MainWP collection (its
//! requests go below `/wp-json/mainwp/`), or when asked for by name; every other API
//! gets [`Profile::GENERIC`], which assumes nothing a generic REST API does not do.

use crate::resolve;

/// The conventions lowering applies to a collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// Which API family this is, for messages.
    pub name: &'static str,
    /// Answer members that say work was started in the background.
    pub background_fields: &'static [&'static str],
    /// The query parameter that picks a page.
    pub page_param: &'static str,
    /// Query parameters that set the page size, in any of the spellings the API uses.
    pub per_page_params: &'static [&'static str],
    /// Members of a paged answer that hold the items, in order of preference.
    pub items_fields: &'static [&'static str],
    /// Members of a paged answer that count all items.
    pub total_items_fields: &'static [&'static str],
    /// Members of a paged answer that count the pages.
    pub total_pages_fields: &'static [&'static str],
    /// First word of a path parameter that takes an id or another key (`id_domain`:
    /// a numeric id, or a domain), when the API has such parameters.
    pub id_or_key_prefix: Option<&'static str>,
    /// How a 2xx answer says it failed, when the API does that.
    pub failure_flag: Option<FailureFlag>,
    /// The collection ticks exactly the query parameters a route requires (MainWP's
    /// does, and leaves the optional ones unticked). Elsewhere a ticked parameter is only
    /// what the author last sent, and required needs other evidence.
    pub enabled_query_is_required: bool,
    /// Answers carry lists as JSON text inside a string (WordPress stores them that way
    /// and MainWP hands them on: a site's `plugins`, `themes`, `recent_posts`): a string
    /// member whose every example holds a JSON array or object is typed by its contents
    /// and decoded on demand. Elsewhere such a string is only a string.
    pub json_text_members: bool,
}

/// An answer member that says the call failed although the HTTP status says it worked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureFlag {
    /// The member (`success`), failing when `false`, `0`, `"0"` or `"false"`.
    pub member: &'static str,
    /// Members that carry the reason; a flag without one of them is not a failure (a
    /// job that is merely not done yet says `success: false` too, but no message).
    pub reason_members: &'static [&'static str],
}

impl Profile {
    /// MainWP Dashboard REST API (WordPress conventions plus MainWP's own).
    pub const MAINWP: Profile = Profile {
        name: "MainWP",
        background_fields: &[
            "job_id",
            "queued_count",
            "last_time_start_batch_updates",
            "status_url",
        ],
        page_param: "page",
        // `pre_page` is how some MainWP routes spell `per_page`.
        per_page_params: &["per_page", "pre_page", "limit", "page_size"],
        items_fields: &["data", "items", "results", "records"],
        total_items_fields: &["total", "total_items", "count"],
        total_pages_fields: &["pages", "total_pages"],
        id_or_key_prefix: Some("id"),
        failure_flag: Some(FailureFlag {
            member: "success",
            reason_members: &["message", "error"],
        }),
        enabled_query_is_required: true,
        json_text_members: true,
    };
}

impl Profile {
    /// Any other REST API: pages by `page` / `per_page` when an answer shows it, and
    /// nothing else assumed: no background work, no `id_*` path types, no failure flag
    /// in 2xx answers (a 2xx status means success).
    pub const GENERIC: Profile = Profile {
        name: "generic",
        background_fields: &[],
        page_param: "page",
        per_page_params: &["per_page", "page_size", "limit"],
        items_fields: &["data", "items", "results", "records"],
        total_items_fields: &["total", "total_items", "count"],
        total_pages_fields: &["total_pages"],
        id_or_key_prefix: None,
        failure_flag: None,
        enabled_query_is_required: false,
        json_text_members: false,
    };

    /// Every profile, by the name `cargo xtask codegen --profile` takes.
    pub const ALL: &'static [(&'static str, &'static Profile)] =
        &[("mainwp", &Profile::MAINWP), ("generic", &Profile::GENERIC)];

    /// The profile named `name` (`mainwp`, `generic`).
    pub fn named(name: &str) -> Option<&'static Profile> {
        Profile::ALL
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, p)| *p)
    }

    /// The profile of a collection: MainWP when a request goes below the MainWP API
    /// root (`/wp-json/mainwp/`), in its url or in the base url its variables give;
    /// otherwise generic.
    pub fn detect(collection: &resolve::Collection) -> &'static Profile {
        if any_request(&collection.root, &|request| is_mainwp_url(request)) {
            &Profile::MAINWP
        } else {
            &Profile::GENERIC
        }
    }
}

fn is_mainwp_url(request: &resolve::Request) -> bool {
    let mut url = request.host.resolved.to_ascii_lowercase();
    for segment in &request.path {
        url.push('/');
        if let resolve::Segment::Literal(text) = segment {
            url.push_str(&text.to_ascii_lowercase());
        }
    }
    url.contains("/wp-json/mainwp/") || url.ends_with("/wp-json/mainwp")
}

fn any_request(folder: &resolve::Folder, test: &dyn Fn(&resolve::Request) -> bool) -> bool {
    folder.requests.iter().any(test) || folder.folders.iter().any(|f| any_request(f, test))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;

    fn detect(url: &str) -> &'static str {
        let json = serde_json::json!({
            "info": {"name": "T", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": [{"name": "r", "request": {"method": "GET", "url": url}}],
        });
        let parsed: crate::postman::Collection = serde_json::from_value(json).expect("collection");
        let resolved = resolve::resolve(&parsed, &mut Diagnostics::new());
        Profile::detect(&resolved).name
    }

    #[test]
    fn mainwp_is_detected_by_its_api_root_and_nothing_else_is() {
        assert_eq!(
            detect("https://dash.example.com/wp-json/mainwp/v2/sites"),
            "MainWP"
        );
        assert_eq!(
            detect("https://dash.example.com/sub/wp-json/mainwp/v1"),
            "MainWP"
        );
        assert_eq!(
            detect("https://blog.example.com/wp-json/wp/v2/posts"),
            "generic"
        );
        assert_eq!(detect("https://api.example.com/mainwp/sites"), "generic");
    }

    #[test]
    fn profiles_are_found_by_name() {
        assert_eq!(Profile::named("MAINWP"), Some(&Profile::MAINWP));
        assert_eq!(Profile::named("generic"), Some(&Profile::GENERIC));
        assert_eq!(Profile::named("github"), None);
    }
}
