//! Keeping the host page responsive: work that several widgets would otherwise do in one go is
//! spread over tasks of its own, so no single task blocks the page for long.

/// Resolves in a new task of the page's event loop (a zero-delay timer): whatever follows runs
/// after the browser had a chance to paint and to handle input.
pub async fn next_task() {
    let (fired, timer) = futures::channel::oneshot::channel::<()>();
    leptos::prelude::set_timeout(
        move || {
            let _ = fired.send(());
        },
        std::time::Duration::ZERO,
    );
    // Fires: the widget runs only in a page, where setTimeout does not fail.
    let _ = timer.await;
}
