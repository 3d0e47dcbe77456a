//! How the demo org's search engine sees text: case- and accent-insensitive words, wildcard
//! terms, and CJK text matched by substring (it has no spaces between words).

use unicode_normalization::UnicodeNormalization;

/// Lowercase with accents removed: `Müller` → `muller`, `Société` → `societe`.
pub fn normalize(text: &str) -> String {
    text.nfd().filter(|c| !unicode_normalization::char::is_combining_mark(*c)).flat_map(char::to_lowercase).collect()
}

/// The searchable words of `text`, normalised.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(normalize)
}

/// Han, Hiragana, Katakana and Hangul: scripts written without spaces.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF66..=0xFF9F)
}

/// Matches a normalised word against a normalised pattern with `*` (any run) and `?` (one char).
pub fn glob_match(pattern: &[char], word: &[char]) -> bool {
    let (mut p, mut w) = (0, 0);
    let (mut star, mut star_w) = (None, 0);
    while w < word.len() {
        if p < pattern.len() && (pattern[p] == '?' || pattern[p] == word[w]) {
            p += 1;
            w += 1;
        } else if p < pattern.len() && pattern[p] == '*' {
            star = Some(p);
            star_w = w;
            p += 1;
        } else if let Some(s) = star {
            p = s + 1;
            star_w += 1;
            w = star_w;
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|c| *c == '*')
}

/// Digits only, for phone searches: `(415) 555-0100` → `4155550100`.
pub fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glob(p: &str, w: &str) -> bool {
        glob_match(&p.chars().collect::<Vec<_>>(), &w.chars().collect::<Vec<_>>())
    }

    #[test]
    fn accents_and_case_do_not_matter() {
        assert_eq!(normalize("Société Générale"), "societe generale");
        assert_eq!(words("O'Brien-Müller & Co.").collect::<Vec<_>>(), ["o", "brien", "muller", "co"]);
    }

    #[test]
    fn wildcards_match_like_sosl() {
        assert!(glob("acm*", "acme"));
        assert!(glob("acm*", "acm"));
        assert!(glob("a?me", "acme"));
        assert!(!glob("a?me", "ame"));
        assert!(glob("gl*x", "globex"));
        assert!(!glob("acme", "acmes"));
    }

    #[test]
    fn cjk_is_recognised() {
        assert!("東京精密".chars().all(is_cjk));
        assert!(!is_cjk('a'));
    }
}
