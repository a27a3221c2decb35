//! The conventions of one API family, as data: which answer members mean background
//! work, which query parameters page, which path parameters take an id or another key,
//! how an answer says it failed. Lowering reads them from here and nowhere else, so
//! another family is another value of [`Profile`].

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
    };
}

impl Default for Profile {
    /// The profile of the collection this project generates from.
    fn default() -> Profile {
        Profile::MAINWP
    }
}
