//! Small HTML pages for the steps a browser navigates to (sign-in failures, the deprecated
//! callback). Every value is escaped.

use axum::{
    http::StatusCode,
    response::{Html, IntoResponse, Response},
};
use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};

/// A page with a heading, an explanation, and one way forward.
pub fn message(status: StatusCode, title: &str, sentence: &str, link: (&str, &str)) -> Response {
    let (href, label) = link;
    let body = format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · Acme Intranet</title><style>
body{{font-family:system-ui,sans-serif;background:#f4f6f9;margin:0;display:grid;place-items:center;min-height:100vh;color:#1b1f24}}
main{{background:#fff;border-radius:8px;padding:2rem;box-shadow:0 1px 3px rgba(0,0,0,.15);max-width:32rem;width:calc(100% - 2rem)}}
a{{display:inline-block;margin-top:1rem;padding:.5rem 1rem;border-radius:6px;background:#0b5cab;color:#fff;text-decoration:none}}
code{{word-break:break-all;background:#eef1f5;padding:.1rem .3rem;border-radius:3px}}
</style></head><body><main><h1>{title}</h1><p data-testid="message">{sentence}</p><a href="{href}">{label}</a></main></body></html>"#,
        title = text(title),
        sentence = sentence,
        href = attr(href),
        label = text(label),
    );
    (status, Html(body)).into_response()
}

/// Escapes text for use inside [`message`]'s sentence (which may carry markup of ours).
pub fn escape(value: &str) -> String {
    text(value).into_owned()
}
