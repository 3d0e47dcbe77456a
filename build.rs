//! The widget's stylesheet goes into the bundle (see `mount::install_styles`): this writes it
//! without comments and without the whitespace only people need, which the bundle would carry
//! to every page view.

use std::{env, fs, path::PathBuf};

fn main() {
    println!("cargo::rerun-if-changed=style/widget.css");
    let css = fs::read_to_string("style/widget.css").expect("style/widget.css is readable");
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("widget.min.css");
    fs::write(out, minify(&css)).expect("OUT_DIR is writable");
}

/// Drops `/* … */` comments, folds whitespace runs into one space and removes the spaces next
/// to `{`, `}`, `;` and `,` and after `:` (never those inside selectors or values such as
/// `a b`, `a :hover`, `0 1rem` or `calc(a + b)`, where they matter). Not for quoted strings or
/// `url()`, whose spaces it would fold too: the widget's stylesheet has neither (its one string,
/// `content: ""`, is empty).
fn minify(css: &str) -> String {
    let mut without_comments = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        without_comments.push_str(&rest[..start]);
        rest = rest[start + 2..].find("*/").map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    without_comments.push_str(rest);
    let folded = without_comments.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut minified = String::with_capacity(folded.len());
    let mut chars = folded.chars().peekable();
    while let Some(c) = chars.next() {
        let tight = |c: char| matches!(c, '{' | '}' | ';' | ',');
        if c == ' ' && (minified.ends_with(|c| tight(c) || c == ':') || chars.peek().is_some_and(|next| tight(*next))) {
            continue;
        }
        minified.push(c);
    }
    minified
}
