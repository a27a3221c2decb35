//! The future of a sent request: one type for every operation's `send`.
// Hand-written runtime: edit runtime/src/ (crate mainwp-runtime), never a generated copy.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use serde::de::DeserializeOwned;

use super::client::{self, Client, Sending};
use super::error::Error;
use super::request::Request;

/// The answer to a request on its way, decoded as `T` once it has arrived: what
/// [`Client::execute`] and every generated builder's `send` return. `.await` it.
///
/// Sending (retries included) is the same code whatever `T` is, compiled once in the
/// runtime; only the decode of `T` is generic, and it is compiled where the future is
/// awaited. An `async fn send` per operation would instead compile a state machine and
/// the whole decode path per operation, whether the program calls it or not.
#[must_use = "a `ResponseFuture` does nothing until it is `.await`ed"]
pub struct ResponseFuture<'a, T> {
    client: &'a Client,
    state: State<'a>,
    answer: PhantomData<fn() -> T>,
}

enum State<'a> {
    /// The request could not be built: the error is the answer.
    Failed(Error),
    Sending(Sending<'a>),
    Done,
}

impl<'a, T> ResponseFuture<'a, T> {
    /// Sends `request` with `client` when first polled; a request that could not be
    /// built (`Err`) resolves to that error without sending anything.
    pub fn new(client: &'a Client, request: Result<Request, Error>) -> ResponseFuture<'a, T> {
        ResponseFuture {
            client,
            state: State::start(client, request),
            answer: PhantomData,
        }
    }
}

impl<'a> State<'a> {
    // Not generic: the part of `new` every answer type shares.
    fn start(client: &'a Client, request: Result<Request, Error>) -> State<'a> {
        match request {
            Ok(request) => State::Sending(client::start(client, request)),
            Err(error) => State::Failed(error),
        }
    }
}

impl<T: DeserializeOwned> Future for ResponseFuture<'_, T> {
    type Output = Result<T, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // Every field is `Unpin` (the sending future is boxed).
        let this = self.get_mut();
        let answer = match &mut this.state {
            State::Sending(sending) => match sending.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(answer) => answer,
            },
            State::Failed(_) | State::Done => {
                return match std::mem::replace(&mut this.state, State::Done) {
                    State::Failed(error) => Poll::Ready(Err(error)),
                    _ => panic!("`ResponseFuture` polled after it completed"),
                };
            }
        };
        this.state = State::Done;
        Poll::Ready(answer.and_then(|answer| client::decode_arrived(this.client, &answer)))
    }
}

impl<T> fmt::Debug for ResponseFuture<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match self.state {
            State::Failed(_) => "failed",
            State::Sending(_) => "sending",
            State::Done => "done",
        };
        f.debug_struct("ResponseFuture")
            .field("client", self.client)
            .field("state", &state)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ApiConfig, AuthScheme, ClientBuilder};

    fn client() -> Client {
        ClientBuilder::new(ApiConfig {
            api_name: "Example",
            api_root: "/api",
            auth_scheme: AuthScheme::Bearer,
            failure_flag: None,
        })
        .base_url("https://dash.example.com")
        .token("tok")
        .build()
        .unwrap_or_else(|e| panic!("client: {e}"))
    }

    #[test]
    fn a_request_that_could_not_be_built_resolves_to_its_error() {
        let client = client();
        let future: ResponseFuture<'_, serde_json::Value> = ResponseFuture::new(
            &client,
            Err(Error::Config("the body does not serialize".to_owned())),
        );
        let answer = futures::executor::block_on(future);
        assert!(
            matches!(&answer, Err(Error::Config(m)) if m == "the body does not serialize"),
            "{answer:?}"
        );
    }

    #[test]
    fn the_future_can_move_to_another_task() {
        fn is_send<F: Send>(_: &F) {}
        let client = client();
        let future: ResponseFuture<'_, serde_json::Value> =
            client.execute(Request::new(reqwest::Method::GET, "sites"));
        is_send(&future);
    }
}
