//! A minimal HTTP/1.1 server on 127.0.0.1 answering fixed JSON bodies by path.
//!
//! The server runs as tasks of the caller's Tokio runtime. With a current-thread
//! runtime, client and server then share one thread: a request costs the client's
//! work, the server's work and the loopback TCP round trip, all on one core, with no
//! cross-thread wake-up whose latency would depend on what else the machine is running
//! (on a busy 2-core machine that latency varies by 5x and drowns client overhead).
//! Routing is one hash lookup; the answer bodies are `Bytes` shared between requests
//! (no copy), so the server's cost is the same for every client measured.

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::runtime::Runtime;

/// A running server; it stops with its runtime.
pub struct Server {
    addr: SocketAddr,
}

impl Server {
    /// Starts a server on `runtime` answering `GET <path>` (path without query) with
    /// `200` and the JSON body given for it, `404` for any other path.
    pub fn start(runtime: &Runtime, routes: HashMap<String, Bytes>) -> Server {
        let routes = Arc::new(routes);
        let listener = runtime.block_on(async {
            tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("binding 127.0.0.1")
        });
        let addr = listener.local_addr().expect("a local address");
        runtime.spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let routes = Arc::clone(&routes);
                tokio::spawn(async move {
                    let service = service_fn(move |request: Request<Incoming>| {
                        let routes = Arc::clone(&routes);
                        async move { Ok::<_, Infallible>(answer(&routes, &request)) }
                    });
                    let _ = http1::Builder::new()
                        .keep_alive(true)
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Server { addr }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

fn answer(routes: &HashMap<String, Bytes>, request: &Request<Incoming>) -> Response<Full<Bytes>> {
    match routes.get(request.uri().path()) {
        Some(body) => Response::builder()
            .status(StatusCode::OK)
            .header("content-type", "application/json; charset=UTF-8")
            .body(Full::new(body.clone()))
            .expect("a valid response"),
        None => Response::builder()
            .status(StatusCode::NOT_FOUND)
            .header("content-type", "application/json; charset=UTF-8")
            .body(Full::new(Bytes::from_static(
                br#"{"code":"rest_no_route","message":"No route","data":{"status":404}}"#,
            )))
            .expect("a valid response"),
    }
}
