//! The search expression between the braces of `FIND {…}`: terms, quoted phrases, wildcards,
//! backslash escapes of the reserved characters, `AND`, `OR`, `AND NOT` and parentheses.

use super::SoslError;
use crate::text;

/// Characters that must be escaped with `\` to be searched literally.
pub const RESERVED: &[char] =
    &['?', '&', '|', '!', '{', '}', '[', ']', '(', ')', '^', '~', '*', ':', '\\', '"', '\'', '+', '-'];

/// Marks in a term pattern: any run of characters, and exactly one character.
pub const ANY_RUN: char = '*';
pub const ANY_ONE: char = '?';

/// One search term as the engine matches it: normalised word patterns that must appear in a
/// row (one pattern for a plain word; several for a phrase or a term like `O\'Neil`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    pub words: Vec<Vec<char>>,
    /// Written in a script without spaces: matched as a substring instead of by words.
    pub cjk: Option<String>,
    /// The term as the user wrote it (for messages).
    pub raw: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FindExpr {
    Term(Term),
    And(Box<FindExpr>, Box<FindExpr>),
    Or(Box<FindExpr>, Box<FindExpr>),
    AndNot(Box<FindExpr>, Box<FindExpr>),
}

/// A piece of a term: a literal character or a wildcard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Piece {
    Char(char),
    AnyRun,
    AnyOne,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Word { pieces: Vec<Piece>, raw: String },
    Phrase(String),
    Open,
    Close,
    And,
    Or,
    Not,
}

/// Parses the text between the braces. `offset` is the column of its first character in the
/// whole query, `query` the whole query (for positional messages).
pub fn parse(body: &str, offset: usize, query: &str) -> Result<FindExpr, SoslError> {
    let tokens = tokenize(body, offset, query)?;
    if tokens.is_empty() {
        return Err(SoslError::at(
            SoslError::MALFORMED,
            query,
            offset,
            "line 1:{offset} no viable alternative at character '}'",
        ));
    }
    let mut parser = ExprParser { tokens: &tokens, position: 0, query, offset };
    let expr = parser.or()?;
    if parser.position < tokens.len() {
        return Err(parser.unexpected());
    }
    Ok(expr)
}

fn tokenize(body: &str, offset: usize, query: &str) -> Result<Vec<(Token, usize)>, SoslError> {
    let chars: Vec<char> = body.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let column = offset + i;
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' {
            tokens.push((Token::Open, column));
            i += 1;
        } else if c == ')' {
            tokens.push((Token::Close, column));
            i += 1;
        } else if c == '"' {
            let mut phrase = String::new();
            i += 1;
            loop {
                match chars.get(i) {
                    None => {
                        return Err(SoslError::at(
                            SoslError::MALFORMED,
                            query,
                            column,
                            format!("line 1:{column} mismatched character '<EOF>' expecting '\"'"),
                        ));
                    }
                    Some('"') => break,
                    Some('\\') if i + 1 < chars.len() => {
                        phrase.push(chars[i + 1]);
                        i += 2;
                    }
                    Some(&other) => {
                        phrase.push(other);
                        i += 1;
                    }
                }
            }
            i += 1;
            tokens.push((Token::Phrase(phrase), column));
        } else {
            let start = i;
            let mut pieces = Vec::new();
            while i < chars.len() {
                let c = chars[i];
                if c.is_whitespace() || c == '(' || c == ')' || c == '"' {
                    break;
                }
                match c {
                    '\\' => {
                        let Some(&escaped) = chars.get(i + 1) else {
                            return Err(SoslError::at(
                                SoslError::MALFORMED,
                                query,
                                offset + i,
                                format!("line 1:{} mismatched character '<EOF>' expecting '}}'", offset + i),
                            ));
                        };
                        pieces.push(Piece::Char(escaped));
                        i += 2;
                    }
                    '*' => {
                        pieces.push(Piece::AnyRun);
                        i += 1;
                    }
                    '?' => {
                        pieces.push(Piece::AnyOne);
                        i += 1;
                    }
                    c if RESERVED.contains(&c) => {
                        let at = offset + i;
                        return Err(SoslError::at(
                            SoslError::MALFORMED,
                            query,
                            at,
                            format!("line 1:{at} mismatched character '{c}' expecting '}}'"),
                        ));
                    }
                    c => {
                        pieces.push(Piece::Char(c));
                        i += 1;
                    }
                }
            }
            let raw: String = chars[start..i].iter().collect();
            let token = match raw.to_ascii_uppercase().as_str() {
                "AND" => Token::And,
                "OR" => Token::Or,
                "NOT" => Token::Not,
                _ => Token::Word { pieces, raw },
            };
            tokens.push((token, offset + start));
        }
    }
    Ok(tokens)
}

struct ExprParser<'a> {
    tokens: &'a [(Token, usize)],
    position: usize,
    query: &'a str,
    offset: usize,
}

impl ExprParser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.position).map(|(t, _)| t)
    }

    fn unexpected(&self) -> SoslError {
        match self.tokens.get(self.position) {
            Some((token, column)) => {
                let text = match token {
                    Token::Word { raw, .. } => raw.clone(),
                    Token::Phrase(p) => format!("\"{p}\""),
                    Token::Open => "(".into(),
                    Token::Close => ")".into(),
                    Token::And => "AND".into(),
                    Token::Or => "OR".into(),
                    Token::Not => "NOT".into(),
                };
                SoslError::at(
                    SoslError::MALFORMED,
                    self.query,
                    *column,
                    format!("line 1:{column} unexpected token: '{text}'"),
                )
            }
            None => {
                let end = self.tokens.last().map_or(self.offset, |(_, c)| *c + 1);
                SoslError::at(SoslError::MALFORMED, self.query, end, format!("line 1:{end} unexpected token: '}}'"))
            }
        }
    }

    fn or(&mut self) -> Result<FindExpr, SoslError> {
        let mut left = self.and()?;
        while self.peek() == Some(&Token::Or) {
            self.position += 1;
            let right = self.and()?;
            left = FindExpr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    /// `a AND b`, `a AND NOT b`, and `a b` (adjacent terms mean AND).
    fn and(&mut self) -> Result<FindExpr, SoslError> {
        let mut left = self.primary()?;
        loop {
            match self.peek() {
                Some(Token::And) => {
                    self.position += 1;
                    if self.peek() == Some(&Token::Not) {
                        self.position += 1;
                        let right = self.primary()?;
                        left = FindExpr::AndNot(Box::new(left), Box::new(right));
                    } else {
                        let right = self.primary()?;
                        left = FindExpr::And(Box::new(left), Box::new(right));
                    }
                }
                Some(Token::Word { .. } | Token::Phrase(_) | Token::Open) => {
                    let right = self.primary()?;
                    left = FindExpr::And(Box::new(left), Box::new(right));
                }
                _ => return Ok(left),
            }
        }
    }

    fn primary(&mut self) -> Result<FindExpr, SoslError> {
        let Some((token, _)) = self.tokens.get(self.position) else { return Err(self.unexpected()) };
        match token {
            Token::Open => {
                self.position += 1;
                let inner = self.or()?;
                if self.peek() != Some(&Token::Close) {
                    return Err(self.unexpected());
                }
                self.position += 1;
                Ok(inner)
            }
            Token::Word { pieces, raw } => {
                self.position += 1;
                Ok(FindExpr::Term(term_from_pieces(pieces, raw)?))
            }
            Token::Phrase(phrase) => {
                self.position += 1;
                let pieces: Vec<Piece> = phrase.chars().map(Piece::Char).collect();
                Ok(FindExpr::Term(term_from_pieces(&pieces, phrase)?))
            }
            _ => Err(self.unexpected()),
        }
    }
}

/// Splits a term into normalised word patterns the way the index splits text.
fn term_from_pieces(pieces: &[Piece], raw: &str) -> Result<Term, SoslError> {
    let significant = pieces.iter().filter(|p| matches!(p, Piece::Char(c) if c.is_alphanumeric())).count();
    if significant < 2 {
        return Err(SoslError::plain(
            SoslError::INVALID_SEARCH,
            format!("search term must be longer than one character: {raw}"),
        ));
    }
    let literal: String = pieces.iter().filter_map(|p| if let Piece::Char(c) = p { Some(*c) } else { None }).collect();
    if literal.chars().any(text::is_cjk) {
        return Ok(Term { words: Vec::new(), cjk: Some(text::normalize(literal.trim())), raw: raw.to_owned() });
    }
    let mut words: Vec<Vec<char>> = Vec::new();
    let mut current: Vec<char> = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Char(c) if c.is_alphanumeric() => current.extend(text::normalize(&c.to_string()).chars()),
            Piece::Char(_) => {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
            }
            Piece::AnyRun => current.push(ANY_RUN),
            Piece::AnyOne => current.push(ANY_ONE),
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    // A pattern of wildcards only matches everything: drop it.
    words.retain(|w| w.iter().any(|c| *c != ANY_RUN && *c != ANY_ONE));
    Ok(Term { words, cjk: None, raw: raw.to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expr(body: &str) -> Result<FindExpr, SoslError> {
        let query = format!("FIND {{{body}}}");
        parse(body, 6, &query)
    }

    fn term(words: &[&str]) -> FindExpr {
        FindExpr::Term(Term {
            words: words.iter().map(|w| w.chars().collect()).collect(),
            cjk: None,
            raw: String::new(),
        })
    }

    fn without_raw(e: FindExpr) -> FindExpr {
        match e {
            FindExpr::Term(t) => FindExpr::Term(Term { raw: String::new(), ..t }),
            FindExpr::And(a, b) => FindExpr::And(Box::new(without_raw(*a)), Box::new(without_raw(*b))),
            FindExpr::Or(a, b) => FindExpr::Or(Box::new(without_raw(*a)), Box::new(without_raw(*b))),
            FindExpr::AndNot(a, b) => FindExpr::AndNot(Box::new(without_raw(*a)), Box::new(without_raw(*b))),
        }
    }

    #[test]
    fn every_reserved_character_unescaped_is_malformed_and_escaped_is_literal() {
        for c in RESERVED {
            if matches!(c, '*' | '?' | '(' | ')' | '"' | '\\' | '}') {
                continue; // wildcards, grouping, quotes and the escape itself have meanings of their own
            }
            let error = expr(&format!("ab{c}cd")).unwrap_err();
            assert_eq!(error.code, SoslError::MALFORMED, "{c}");
            assert!(
                error.message.contains(&format!("mismatched character '{c}' expecting '}}'")),
                "{c}: {}",
                error.message
            );
            assert!(error.message.contains("ERROR at Row:1:Column:8"), "{c}: {}", error.message);
            // Escaped, the character splits words like any punctuation in the index.
            assert_eq!(without_raw(expr(&format!("ab\\{c}cd")).unwrap()), term(&["ab", "cd"]), "{c}");
        }
        for c in ['*', '?', '(', ')', '"', '\\', '}'] {
            assert_eq!(without_raw(expr(&format!("ab\\{c}cd")).unwrap()), term(&["ab", "cd"]), "{c}");
        }
    }

    #[test]
    fn the_documented_hyphen_error() {
        let error = expr("Marie-Pier Martin").unwrap_err();
        assert_eq!(error.code, "MALFORMED_SEARCH");
        assert!(error.message.starts_with("\nFIND {Marie-Pier Martin}\n"));
        assert!(error.message.ends_with("line 1:11 mismatched character '-' expecting '}'"));
    }

    #[test]
    fn operators_wildcards_and_phrases() {
        assert_eq!(
            without_raw(expr("acme AND NOT corp OR gl*x").unwrap()),
            FindExpr::Or(
                Box::new(FindExpr::AndNot(Box::new(term(&["acme"])), Box::new(term(&["corp"])))),
                Box::new(term(&["gl*x"]))
            )
        );
        assert_eq!(
            without_raw(expr("acme corp").unwrap()),
            FindExpr::And(Box::new(term(&["acme"])), Box::new(term(&["corp"])))
        );
        assert_eq!(without_raw(expr("\"john smith\"").unwrap()), term(&["john", "smith"]));
        assert_eq!(without_raw(expr("(ab? or bb) and cc").unwrap()), without_raw(expr("(ab? OR bb) AND cc").unwrap()));
        assert_eq!(without_raw(expr("\"and\"").unwrap()), term(&["and"]));
        assert_eq!(without_raw(expr("Müller").unwrap()), term(&["muller"]));
    }

    #[test]
    fn one_character_terms_are_invalid() {
        for body in ["g", "g*", "\\-"] {
            let error = expr(body).unwrap_err();
            assert_eq!(error.code, SoslError::INVALID_SEARCH, "{body}");
            assert_eq!(error.message, format!("search term must be longer than one character: {body}"));
        }
    }

    #[test]
    fn structural_errors_are_malformed() {
        for body in ["", "acme AND", "(acme", "acme)", "OR acme", "\"open", "acme\\"] {
            assert_eq!(expr(body).unwrap_err().code, SoslError::MALFORMED, "{body:?}");
        }
    }

    #[test]
    fn cjk_terms_match_by_substring() {
        let FindExpr::Term(term) = expr("東京").unwrap() else { panic!() };
        assert_eq!(term.cjk.as_deref(), Some("東京"));
    }
}
