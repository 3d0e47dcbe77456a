//! Where a browser may be sent back to: only a path on this origin. Absolute URLs,
//! protocol-relative `//host`, backslashes (which browsers read as slashes), control
//! characters, and their percent-encoded forms are refused.

/// Why a `return_to` was refused (the sentence is shown to the person).
pub const INVALID: &str = "The page to return to must be a page of this intranet.";

pub fn validate(raw: &str) -> Result<&str, &'static str> {
    if raw.is_empty() || raw.len() > 2048 || !raw.starts_with('/') {
        return Err(INVALID);
    }
    if raw.chars().any(|c| c == '\\' || c.is_control() || c.is_whitespace()) {
        return Err(INVALID);
    }
    let decoded = percent_decode(raw);
    let start: String = decoded.chars().take(2).collect();
    if start == "//" || start == "/\\" || decoded.chars().any(|c| c == '\\' || c.is_control()) {
        return Err(INVALID);
    }
    Ok(raw)
}

/// Repeatedly percent-decodes (so `%252F` cannot hide a slash); invalid escapes stay as is.
fn percent_decode(raw: &str) -> String {
    let mut current = raw.to_owned();
    for _ in 0..3 {
        let bytes = current.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%'
                && i + 2 < bytes.len()
                && let Ok(byte) = u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16)
            {
                out.push(byte);
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        let next = String::from_utf8_lossy(&out).into_owned();
        if next == current {
            break;
        }
        current = next;
    }
    current
}

#[cfg(test)]
mod tests {
    use super::validate;

    #[test]
    fn same_origin_paths_are_accepted() {
        for ok in ["/", "/news/today?tab=2#top", "/a/b%20c", "/search?q=%2F"] {
            assert_eq!(validate(ok), Ok(ok), "{ok}");
        }
    }

    #[test]
    fn everything_that_can_leave_the_origin_is_refused() {
        for bad in [
            "",
            "https://evil.example/",
            "http:/evil.example",
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/%2F/evil.example",
            "/%5Cevil.example",
            "/%252F%252Fevil.example",
            "javascript:alert(1)",
            "evil.example",
            "/ok\r\nSet-Cookie: x=1",
            "/\tevil",
        ] {
            assert!(validate(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
