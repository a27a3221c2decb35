//! Walking paged list routes (`page` / `per_page`) as one lazy stream of items.
// Hand-written runtime: edit runtime/src/ (crate mainwp-runtime), never a generated copy.

use std::future::Future;

use futures::stream::{self, Stream, StreamExt, TryStreamExt};

use super::error::Error;

/// One page of a list answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// How many items all pages hold together, when the server says.
    pub total_items: Option<u64>,
    /// How many pages there are, when the server says.
    pub total_pages: Option<u64>,
}

impl<T> Page<T> {
    /// A page with these items and no totals.
    pub fn new(items: Vec<T>) -> Page<T> {
        Page {
            items,
            total_items: None,
            total_pages: None,
        }
    }

    /// Sets [`total_items`](Page::total_items).
    pub fn with_total_items(mut self, total_items: Option<u64>) -> Page<T> {
        self.total_items = total_items;
        self
    }

    /// Sets [`total_pages`](Page::total_pages).
    pub fn with_total_pages(mut self, total_pages: Option<u64>) -> Page<T> {
        self.total_pages = total_pages;
        self
    }
}

struct State<F> {
    fetch: F,
    next: Option<u64>,
    seen: u64,
}

/// Streams the items of every page, fetching page `first_page`, then the next one, and
/// so on, lazily: a page is only requested once the items before it have been consumed.
///
/// Page numbers are 1-based. The stream ends after an empty page, a page
/// shorter than `per_page` (when given), the page numbered `total_pages`, or once
/// `total_items` items have been seen (counting the skipped pages when `first_page > 1`
/// and `per_page` is known). The first error is yielded once and ends the stream.
///
/// Pass `per_page` whenever the route honours it: a route that ignores `page` and gives
/// no totals would otherwise be fetched until it answers an empty page.
pub fn paginate<T, F, Fut>(
    first_page: u64,
    per_page: Option<u64>,
    fetch: F,
) -> impl Stream<Item = Result<T, Error>>
where
    F: FnMut(u64) -> Fut,
    Fut: Future<Output = Result<Page<T>, Error>>,
{
    let per_page = per_page.filter(|&n| n > 0);
    let skipped = per_page.map_or(0, |n| first_page.saturating_sub(1).saturating_mul(n));
    let state = State {
        fetch,
        next: Some(first_page),
        seen: skipped,
    };
    stream::unfold(state, move |mut state| async move {
        let page_number = state.next?;
        match (state.fetch)(page_number).await {
            Err(error) => {
                state.next = None;
                Some((vec![Err(error)], state))
            }
            Ok(page) => {
                let count = u64::try_from(page.items.len()).unwrap_or(u64::MAX);
                if count == 0 {
                    return None;
                }
                state.seen = state.seen.saturating_add(count);
                let short = per_page.is_some_and(|n| count < n);
                let last_page = page.total_pages.is_some_and(|t| page_number >= t);
                let all_seen = page.total_items.is_some_and(|t| state.seen >= t);
                state.next = if short || last_page || all_seen {
                    None
                } else {
                    page_number.checked_add(1)
                };
                Some((page.items.into_iter().map(Ok).collect::<Vec<_>>(), state))
            }
        }
    })
    .flat_map(stream::iter)
}

/// Collects a stream of results (such as the one [`paginate`] returns) into a `Vec`,
/// stopping at the first error.
pub async fn collect_all<T, S>(stream: S) -> Result<Vec<T>, Error>
where
    S: Stream<Item = Result<T, Error>>,
{
    stream.try_collect().await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};

    fn run<T>(future: impl Future<Output = T>) -> T {
        futures::executor::block_on(future)
    }

    #[test]
    fn stops_on_a_short_page() {
        let calls = AtomicU64::new(0);
        let items = run(collect_all(paginate(1, Some(2), |page| {
            calls.fetch_add(1, Ordering::SeqCst);
            let items = match page {
                1 => vec![1, 2],
                2 => vec![3],
                _ => vec![99],
            };
            async move { Ok(Page::new(items)) }
        })));
        assert_eq!(items.ok(), Some(vec![1, 2, 3]));
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn stops_on_an_empty_page_without_per_page() {
        let items = run(collect_all(paginate(1, None, |page| async move {
            Ok(Page::new(if page <= 2 { vec![page] } else { vec![] }))
        })));
        assert_eq!(items.ok(), Some(vec![1, 2]));
    }

    #[test]
    fn stops_at_total_pages_and_total_items() {
        let items = run(collect_all(paginate(1, None, |page| async move {
            Ok(Page::new(vec![page]).with_total_pages(Some(2)))
        })));
        assert_eq!(items.ok(), Some(vec![1, 2]));
        let items = run(collect_all(paginate(1, Some(2), |page| async move {
            Ok(Page::new(vec![page, page]).with_total_items(Some(4)))
        })));
        assert_eq!(items.ok(), Some(vec![1, 1, 2, 2]));
        // Starting on page 2 of 2-item pages, 2 items are already behind us.
        let items = run(collect_all(paginate(2, Some(2), |page| async move {
            Ok(Page::new(vec![page, page]).with_total_items(Some(4)))
        })));
        assert_eq!(items.ok(), Some(vec![2, 2]));
    }

    #[test]
    fn yields_the_first_error_once_then_ends() {
        let calls = AtomicU64::new(0);
        let results: Vec<Result<u64, Error>> = run(paginate(1, Some(1), |page| {
            calls.fetch_add(1, Ordering::SeqCst);
            async move {
                if page == 2 {
                    Err(Error::Timeout)
                } else {
                    Ok(Page::new(vec![page]))
                }
            }
        })
        .collect());
        assert_eq!(results.len(), 2);
        assert!(matches!(results.first(), Some(Ok(1))));
        assert!(matches!(results.get(1), Some(Err(Error::Timeout))));
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }
}
