//! Walking paged list routes (`page` / `per_page`) as one lazy stream of items.
// Hand-written runtime: edit runtime/src/ (crate mainwp-runtime), never a generated copy.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::stream::{self, Stream, StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;

use super::client::{self, Answer, Client, Sending};
use super::error::Error;
use super::request::Request;

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

/// Where a walk through the pages stands: the next page to fetch, if any, and how many
/// items lie behind it. Shared by [`paginate`] and [`Pages`].
#[derive(Debug, Clone, Copy)]
struct Cursor {
    next: Option<u64>,
    seen: u64,
    per_page: Option<u64>,
}

impl Cursor {
    fn new(first_page: u64, per_page: Option<u64>) -> Cursor {
        let per_page = per_page.filter(|&n| n > 0);
        let skipped = per_page.map_or(0, |n| first_page.saturating_sub(1).saturating_mul(n));
        Cursor {
            next: Some(first_page),
            seen: skipped,
            per_page,
        }
    }

    /// Takes page `number` into account, holding `count` items; `false` when the page
    /// is empty (the walk is over and its items, none, are not yielded).
    fn advance(
        &mut self,
        number: u64,
        count: usize,
        total_items: Option<u64>,
        total_pages: Option<u64>,
    ) -> bool {
        let count = u64::try_from(count).unwrap_or(u64::MAX);
        if count == 0 {
            self.next = None;
            return false;
        }
        self.seen = self.seen.saturating_add(count);
        let short = self.per_page.is_some_and(|n| count < n);
        let last_page = total_pages.is_some_and(|t| number >= t);
        let all_seen = total_items.is_some_and(|t| self.seen >= t);
        self.next = if short || last_page || all_seen {
            None
        } else {
            number.checked_add(1)
        };
        true
    }
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
    let state = (fetch, Cursor::new(first_page, per_page));
    stream::unfold(state, move |(mut fetch, mut cursor)| async move {
        let page_number = cursor.next?;
        match fetch(page_number).await {
            Err(error) => {
                cursor.next = None;
                Some((vec![Err(error)], (fetch, cursor)))
            }
            Ok(page) => {
                let count = page.items.len();
                if !cursor.advance(page_number, count, page.total_items, page.total_pages) {
                    return None;
                }
                let items = page.items.into_iter().map(Ok).collect::<Vec<_>>();
                Some((items, (fetch, cursor)))
            }
        }
    })
    .flat_map(stream::iter)
}

/// The items of every page of a paged list route, fetched lazily like [`paginate`]
/// does: what the generated builders' `stream` returns.
///
/// One type for every paged operation: each page's request is the operation's request
/// with the page parameter set, sent by the same code whatever the answer type; only
/// the decode of the answer `A` and `items_of`, which takes a page out of it, differ.
/// Both are compiled where the stream is polled, not once per operation.
#[must_use = "a `Pages` stream does nothing until it is polled"]
pub struct Pages<'a, A, T> {
    walk: Walk<'a>,
    items_of: fn(A) -> Page<T>,
    items: std::vec::IntoIter<T>,
}

/// The part of [`Pages`] that does not depend on the answer type: which page comes
/// next, its request, and the answer on its way.
struct Walk<'a> {
    client: &'a Client,
    /// The first page's request; `Err` when it could not be built (yielded once).
    request: Result<Request, Option<Error>>,
    page_param: &'static str,
    cursor: Cursor,
    fetching: Option<(u64, Sending<'a>)>,
}

// Nothing is pinned in place: the page being fetched is boxed, the items are owned.
impl<A, T> Unpin for Pages<'_, A, T> {}

impl<'a, A, T> Pages<'a, A, T> {
    /// Pages through `request`'s route with `client`: page `first_page` first, the
    /// query parameter `page_param` set to each page's number (replacing the value
    /// `request` has), `items_of` taking each decoded answer's items and totals.
    pub fn new(
        client: &'a Client,
        request: Result<Request, Error>,
        page_param: &'static str,
        first_page: u64,
        per_page: Option<u64>,
        items_of: fn(A) -> Page<T>,
    ) -> Pages<'a, A, T> {
        Pages {
            walk: Walk::new(client, request, page_param, first_page, per_page),
            items_of,
            items: Vec::new().into_iter(),
        }
    }
}

impl<'a> Walk<'a> {
    fn new(
        client: &'a Client,
        request: Result<Request, Error>,
        page_param: &'static str,
        first_page: u64,
        per_page: Option<u64>,
    ) -> Walk<'a> {
        Walk {
            client,
            request: request.map_err(Some),
            page_param,
            cursor: Cursor::new(first_page, per_page),
            fetching: None,
        }
    }

    /// The next page's answer and number, fetching it if need be; `None` after the
    /// last page. An error ends the walk.
    fn poll_answer(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<(u64, Answer), Error>>> {
        let (number, sending) = match self.fetching.as_mut() {
            Some(fetching) => fetching,
            None => {
                let Some(number) = self.cursor.next else {
                    return Poll::Ready(None);
                };
                let request = match &mut self.request {
                    Ok(request) => request,
                    Err(error) => {
                        self.cursor.next = None;
                        return Poll::Ready(error.take().map(Err));
                    }
                };
                let mut request = request.clone();
                request.set_query(self.page_param, number.to_string());
                self.fetching
                    .insert((number, client::start(self.client, request)))
            }
        };
        let number = *number;
        let answer = match sending.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(answer) => answer,
        };
        self.fetching = None;
        if answer.is_err() {
            self.cursor.next = None;
        }
        Poll::Ready(Some(answer.map(|answer| (number, answer))))
    }
}

impl<A: DeserializeOwned, T> Stream for Pages<'_, A, T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.items.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            let (number, answer) = match this.walk.poll_answer(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(Some(Ok(arrived))) => arrived,
            };
            let page = match client::decode_arrived::<A>(this.walk.client, &answer) {
                Ok(answer) => (this.items_of)(answer),
                Err(error) => {
                    this.walk.cursor.next = None;
                    return Poll::Ready(Some(Err(error)));
                }
            };
            let (count, total_items, total_pages) =
                (page.items.len(), page.total_items, page.total_pages);
            if !this
                .walk
                .cursor
                .advance(number, count, total_items, total_pages)
            {
                return Poll::Ready(None);
            }
            this.items = page.items.into_iter();
        }
    }
}

impl<A, T> fmt::Debug for Pages<'_, A, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("page_param", &self.walk.page_param)
            .field("next_page", &self.walk.cursor.next)
            .field(
                "fetching",
                &self.walk.fetching.as_ref().map(|(number, _)| number),
            )
            .finish_non_exhaustive()
    }
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

    #[test]
    fn pages_yield_a_request_that_could_not_be_built_once_then_end() {
        let client = crate::ClientBuilder::new(crate::ApiConfig {
            api_name: "Example",
            api_root: "/api",
            auth_scheme: crate::AuthScheme::Bearer,
            failure_flag: None,
        })
        .base_url("https://dash.example.com")
        .token("tok")
        .build()
        .unwrap_or_else(|e| panic!("client: {e}"));
        let pages: Pages<'_, Vec<u64>, u64> = Pages::new(
            &client,
            Err(Error::Config("bad body".to_owned())),
            "page",
            1,
            Some(10),
            Page::new,
        );
        let results: Vec<Result<u64, Error>> = run(pages.collect());
        assert_eq!(results.len(), 1);
        assert!(matches!(results.first(), Some(Err(Error::Config(m))) if m == "bad body"));
    }
}
