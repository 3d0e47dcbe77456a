//! Tokens of the clauses after `FIND {…}` (and of SOQL-style conditions): identifiers,
//! numbers, quoted strings, date literals and punctuation, each with its column.

use super::SoslError;

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Ident(String),
    Number(String),
    Str(String),
    /// `YYYY-MM-DD`.
    Date(String),
    Symbol(&'static str),
    End,
}

impl Tok {
    pub fn describe(&self) -> String {
        match self {
            Tok::Ident(s) | Tok::Number(s) | Tok::Date(s) => s.clone(),
            Tok::Str(s) => format!("'{s}'"),
            Tok::Symbol(s) => (*s).to_owned(),
            Tok::End => "<EOF>".to_owned(),
        }
    }

    /// Whether this is the keyword `word` (case-insensitive).
    pub fn is_keyword(&self, word: &str) -> bool {
        matches!(self, Tok::Ident(s) if s.eq_ignore_ascii_case(word))
    }
}

const SYMBOLS: [&str; 11] = ["<=", ">=", "!=", "<>", "(", ")", ",", ".", "=", "<", ">"];

/// Splits `text` (starting at column `offset` of `query`) into tokens, ending with [`Tok::End`].
pub fn lex(text: &str, offset: usize, query: &str) -> Result<Vec<(Tok, usize)>, SoslError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let column = offset + i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            tokens.push((Tok::Ident(chars[start..i].iter().collect()), column));
            continue;
        }
        if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.' || chars[i] == '-') {
                i += 1;
            }
            let literal: String = chars[start..i].iter().collect();
            let token = if is_date(&literal) {
                Tok::Date(literal)
            } else if literal.chars().all(|c| c.is_ascii_digit() || c == '.') && literal.matches('.').count() <= 1 {
                Tok::Number(literal)
            } else {
                return Err(malformed(query, column, &literal));
            };
            tokens.push((token, column));
            continue;
        }
        if c == '\'' {
            let mut value = String::new();
            i += 1;
            loop {
                match chars.get(i) {
                    None => return Err(malformed(query, column, "'")),
                    Some('\'') => break,
                    Some('\\') => {
                        let escaped = chars.get(i + 1).ok_or_else(|| malformed(query, column, "'"))?;
                        value.push(match escaped {
                            'n' => '\n',
                            't' => '\t',
                            other => *other,
                        });
                        i += 2;
                    }
                    Some(other) => {
                        value.push(*other);
                        i += 1;
                    }
                }
            }
            i += 1;
            tokens.push((Tok::Str(value), column));
            continue;
        }
        let rest: String = chars[i..chars.len().min(i + 2)].iter().collect();
        match SYMBOLS.iter().find(|s| rest.starts_with(**s)) {
            Some(symbol) => {
                tokens.push((Tok::Symbol(symbol), column));
                i += symbol.len();
            }
            None => return Err(malformed(query, column, &c.to_string())),
        }
    }
    tokens.push((Tok::End, offset + chars.len()));
    Ok(tokens)
}

fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() == 3
        && [4, 2, 2]
            .iter()
            .zip(&parts)
            .all(|(len, part)| part.len() == *len && part.chars().all(|c| c.is_ascii_digit()))
}

fn malformed(query: &str, column: usize, text: &str) -> SoslError {
    SoslError::at(SoslError::MALFORMED, query, column, format!("line 1:{column} unexpected token: '{text}'"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexes_clauses() {
        let tokens: Vec<Tok> =
            lex("Account(Id WHERE Name != 'O\\'Neil' AND ActivityDate <= 2026-05-01) LIMIT 5", 0, "")
                .unwrap()
                .into_iter()
                .map(|(t, _)| t)
                .collect();
        assert_eq!(tokens[1], Tok::Symbol("("));
        assert_eq!(tokens[5], Tok::Symbol("!="));
        assert_eq!(tokens[6], Tok::Str("O'Neil".into()));
        assert_eq!(tokens[10], Tok::Date("2026-05-01".into()));
        assert_eq!(tokens.last(), Some(&Tok::End));
    }

    #[test]
    fn stray_characters_are_malformed() {
        assert_eq!(lex("Account; DROP", 0, "").unwrap_err().code, SoslError::MALFORMED);
        assert_eq!(lex("'open", 0, "").unwrap_err().code, SoslError::MALFORMED);
        assert_eq!(lex("12-3", 0, "").unwrap_err().code, SoslError::MALFORMED);
    }
}
