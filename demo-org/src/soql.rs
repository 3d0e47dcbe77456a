//! SOQL, the subset the product uses: `SELECT fields FROM Object [WHERE …] [ORDER BY …]
//! [LIMIT n] [OFFSET n] [FOR VIEW | FOR REFERENCE]`. It shares SOSL's lexer, field resolution
//! and conditions (SOSL's RETURNING items are SOQL selections), with SOQL's error code.

use crate::{
    records::Record,
    schema::View,
    sosl::{
        Returning, SoslError,
        engine::{self, SearchContext},
        lexer::lex,
        parser::ClauseParser,
    },
};
use serde_json::{Value as Json, json};

/// Salesforce answers at most this many records per query response.
pub const BATCH_SIZE: usize = 2_000;

/// A parsed query.
#[derive(Clone, Debug, PartialEq)]
pub struct SelectQuery {
    pub select: Returning,
    /// `FOR VIEW` / `FOR REFERENCE`: the records become the user's recently viewed ones.
    pub usage: Option<Usage>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Usage {
    View,
    Reference,
}

pub const MALFORMED_QUERY: &str = "MALFORMED_QUERY";

/// Parses a SOQL statement; errors carry Salesforce's codes (`MALFORMED_QUERY`,
/// `INVALID_FIELD`, `INVALID_TYPE`) and positional messages.
pub fn parse(query: &str, view: View) -> Result<SelectQuery, SoslError> {
    parse_statement(query, view).map_err(|mut error| {
        if error.code == SoslError::MALFORMED {
            error.code = MALFORMED_QUERY;
        }
        error
    })
}

fn parse_statement(query: &str, view: View) -> Result<SelectQuery, SoslError> {
    let tokens = lex(query, 0, query)?;
    let mut parser = ClauseParser::new(&tokens, query, view);
    parser.expect_keyword("SELECT")?;
    // Fields are resolved against the object named after FROM: find it first.
    let fields_start = parser.mark();
    let from = tokens.iter().position(|(token, _)| token.is_keyword("FROM")).ok_or_else(|| {
        SoslError::at(SoslError::MALFORMED, query, query.chars().count(), "unexpected token: '<EOF>'")
    })?;
    if from == fields_start {
        return Err(parser.unexpected());
    }
    parser.rewind(from + 1);
    let (name, column) = parser.identifier()?;
    let object = view.object(&name).cloned().ok_or_else(|| SoslError::unsupported_type(query, column, &name))?;
    let after_object = parser.mark();
    parser.rewind(fields_start);
    let mut select =
        Returning { object, fields: Vec::new(), condition: None, order_by: Vec::new(), limit: None, offset: None };
    loop {
        if parser.peek().is_keyword("FROM") {
            return Err(parser.unexpected());
        }
        select.fields.push(parser.field_ref(&select.object)?);
        if !parser.symbol(",") {
            break;
        }
    }
    if parser.mark() != from {
        return Err(parser.unexpected());
    }
    parser.rewind(after_object);
    parser.select_tail(&mut select)?;
    // "Requesting an offset greater than 2,000 results in a NUMBER_OUTSIDE_VALID_RANGE error."
    if select.offset.is_some_and(|offset| offset > crate::sosl::parser::MAX_OFFSET) {
        return Err(SoslError::plain(
            "NUMBER_OUTSIDE_VALID_RANGE",
            format!("Maximum SOQL offset allowed is {}", crate::sosl::parser::MAX_OFFSET),
        ));
    }
    let usage = if parser.keyword("FOR") {
        if parser.keyword("VIEW") {
            Some(Usage::View)
        } else {
            parser.expect_keyword("REFERENCE")?;
            Some(Usage::Reference)
        }
    } else {
        None
    };
    parser.expect_end()?;
    Ok(SelectQuery { select, usage })
}

/// The records a query selects for the context's user, in order, after OFFSET and LIMIT.
pub fn run<'a>(query: &SelectQuery, context: &SearchContext<'a>) -> Vec<&'a Record> {
    let records = engine::select(&query.select, context);
    records
        .into_iter()
        .skip(query.select.offset.unwrap_or(0))
        .take(query.select.limit.unwrap_or(usize::MAX).min(BATCH_SIZE))
        .collect()
}

/// The query resource's answer: `totalSize`, `done`, and the records in Salesforce's shape.
pub fn response(query: &SelectQuery, records: &[&Record], context: &SearchContext) -> Json {
    let shaped: Vec<Json> = records.iter().map(|r| engine::shape(r, &query.select, context)).collect();
    json!({ "totalSize": shaped.len(), "done": true, "records": shaped })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{schema::standard, sosl::Literal};

    fn parse(query: &str) -> Result<SelectQuery, SoslError> {
        super::parse(query, standard::schema().unrestricted())
    }

    #[test]
    fn the_products_queries_parse() {
        let query = parse(
            "SELECT Id, Subject, ActivityDate, What.Name FROM Task WHERE OwnerId = '005xx' AND IsClosed = false \
             ORDER BY ActivityDate ASC NULLS LAST, Subject LIMIT 20",
        )
        .unwrap();
        assert!(query.select.object.is("Task"));
        assert_eq!(query.select.fields.len(), 4);
        assert_eq!(query.select.order_by.len(), 2);
        assert!(query.select.order_by[0].nulls_last);
        assert_eq!(query.select.limit, Some(20));
        assert_eq!(query.usage, None);
        let viewed = parse("select id from account where id = '001xx' for view").unwrap();
        assert_eq!(viewed.usage, Some(Usage::View));
        let overdue = parse("SELECT Id FROM Task WHERE ActivityDate < TODAY FOR REFERENCE").unwrap();
        assert_eq!(overdue.usage, Some(Usage::Reference));
        assert!(matches!(
            overdue.select.condition,
            Some(crate::sosl::Condition::Compare { value: Literal::RelativeDate(0), .. })
        ));
    }

    #[test]
    fn errors_have_soql_codes() {
        for bad in [
            "SELECT FROM Account",
            "SELECT Id Account",
            "SELECT Id, FROM Account",
            "SELECT Id FROM Account WHERE",
            "SELECT Id FROM Account LIMIT x",
            "SELECT Id FROM Account FOR UPDATE",
            "SELECT Id FROM Account extra",
            "FIND {x}",
        ] {
            assert_eq!(parse(bad).unwrap_err().code, MALFORMED_QUERY, "{bad}");
        }
        assert_eq!(parse("SELECT Id FROM Contract").unwrap_err().code, "INVALID_TYPE");
        assert_eq!(parse("SELECT Foo FROM Account").unwrap_err().code, "INVALID_FIELD");
        assert_eq!(parse("SELECT Id FROM Task WHERE IsClosed = 'false'").unwrap_err().code, "INVALID_FIELD");
    }
}
