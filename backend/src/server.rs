//! The HTTP server loop: `axum::serve` with the limits it does not offer. HTTP/1.1 only (what
//! browsers speak to plain http and what load balancers forward): a client must send its request
//! headers within a deadline from the first byte on (slowloris; hyper's protocol detection for
//! HTTP/2 would wait for the first bytes without one), at most so many connections are served
//! at once (more wait in the kernel's backlog), and shutdown lets requests in flight finish,
//! within a deadline.

use axum::{Router, body::Body, extract::ConnectInfo, http::Request};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::{
    rt::{TokioIo, TokioTimer},
    server::graceful::GracefulShutdown,
};
use std::{future::Future, sync::Arc, time::Duration};
use tokio::{net::TcpListener, sync::Semaphore};
use tower::ServiceExt;

/// How long shutdown waits for the requests in flight (above the Salesforce call timeout).
const SHUTDOWN_DEADLINE: Duration = Duration::from_secs(30);

/// What one backend process accepts from its clients.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Time a client has to send a request's headers.
    pub header_read: Duration,
    /// Connections served at once.
    pub connections: usize,
}

/// Serves `router` on `listener` until `shutdown` completes, then waits for the requests in
/// flight. Handlers see the peer address as `ConnectInfo<SocketAddr>`.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let permits = Arc::new(Semaphore::new(limits.connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        // A free slot first: while every slot is taken, new connections wait in the backlog.
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    tracing::warn!(%error, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            router.clone().oneshot(request.map(Body::new))
        });
        let mut builder = http1::Builder::new();
        builder.timer(TokioTimer::new()).header_read_timeout(limits.header_read);
        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection ended with an error");
            }
            drop(permit);
        });
    }
    drop(listener);
    // A connection that never finishes (a client reading its answer one byte a minute) must not
    // hold the process: the orchestrator's grace period is the outer bound anyway.
    if tokio::time::timeout(SHUTDOWN_DEADLINE, graceful.shutdown()).await.is_err() {
        tracing::warn!("stopped with connections still open after {SHUTDOWN_DEADLINE:?}");
    }
    Ok(())
}
