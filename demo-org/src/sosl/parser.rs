//! The statement around the search expression: `FIND {…} [IN … FIELDS] [RETURNING …] [LIMIT n]`.

use super::{
    Condition, FieldRef, Literal, Operator, OrderBy, Returning, Scope, SearchQuery, SoslError, find,
    lexer::{Tok, lex},
};
use crate::schema::{NAME_OBJECT_FIELDS, ObjectType, View};

/// Salesforce never returns more than this many records from one search.
pub const MAX_RECORDS: usize = 2_000;
/// The largest OFFSET Salesforce accepts, in SOSL and in SOQL.
pub const MAX_OFFSET: usize = 2_000;

/// Parses a whole SOSL statement against the schema as the searching user sees it.
pub fn parse(query: &str, view: View) -> Result<SearchQuery, SoslError> {
    let trimmed_start = query.len() - query.trim_start().len();
    let rest = &query[trimmed_start..];
    if !rest.get(..4).is_some_and(|w| w.eq_ignore_ascii_case("FIND")) {
        let first = rest.split_whitespace().next().unwrap_or("<EOF>");
        return Err(SoslError::at(
            SoslError::MALFORMED,
            query,
            column_of(query, trimmed_start),
            format!("unexpected token: '{first}'"),
        ));
    }
    let after_find = &rest[4..];
    let brace_at = after_find.len() - after_find.trim_start().len();
    if !after_find[brace_at..].starts_with('{') {
        return Err(SoslError::plain(
            SoslError::MALFORMED,
            "No search term found. The search term must be enclosed in braces.",
        ));
    }
    let body_start = trimmed_start + 4 + brace_at + 1;
    let body_end = closing_brace(query, body_start)?;
    let find = find::parse(&query[body_start..body_end], column_of(query, body_start), query)?;

    let tail_start = body_end + 1;
    let tokens = lex(&query[tail_start..], column_of(query, tail_start), query)?;
    let mut parser = ClauseParser::new(&tokens, query, view);
    let scope = parser.scope()?;
    let returning = parser.returning()?;
    let limit = if parser.keyword("LIMIT") { Some(parser.number()?) } else { None };
    parser.expect_end()?;
    check_offsets(&returning)?;
    Ok(SearchQuery { find, scope, returning, limit })
}

/// Salesforce: "OFFSET can be used only when querying a single object", and "Requesting an
/// offset greater than 2,000 will result in a MALFORMED_SEARCH: SOSL offset should be between
/// 0 to 2000 error" (SOQL and SOSL Reference, OFFSET n).
fn check_offsets(returning: &[Returning]) -> Result<(), SoslError> {
    let offsets: Vec<usize> = returning.iter().filter_map(|item| item.offset).collect();
    if offsets.iter().any(|&offset| offset > MAX_OFFSET) {
        return Err(SoslError::plain(SoslError::MALFORMED, "SOSL offset should be between 0 to 2000"));
    }
    if !offsets.is_empty() && returning.len() > 1 {
        return Err(SoslError::plain(SoslError::MALFORMED, "OFFSET can be used only when querying a single object"));
    }
    Ok(())
}

/// Column (0-based, in characters) of byte offset `at`.
fn column_of(query: &str, at: usize) -> usize {
    query[..at].chars().count()
}

/// Byte offset of the `}` closing the search expression (not escaped, not inside quotes).
fn closing_brace(query: &str, start: usize) -> Result<usize, SoslError> {
    let mut escaped = false;
    let mut quoted = false;
    for (offset, c) in query[start..].char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '}' if !quoted => return Ok(start + offset),
            _ => {}
        }
    }
    let column = query.chars().count();
    Err(SoslError::at(
        SoslError::MALFORMED,
        query,
        column,
        format!("line 1:{column} mismatched character '<EOF>' expecting '}}'"),
    ))
}

/// Parses the clauses shared by SOSL's RETURNING items and SOQL statements.
pub(crate) struct ClauseParser<'a> {
    tokens: &'a [(Tok, usize)],
    position: usize,
    query: &'a str,
    view: View<'a>,
}

impl<'a> ClauseParser<'a> {
    pub(crate) fn new(tokens: &'a [(Tok, usize)], query: &'a str, view: View<'a>) -> Self {
        Self { tokens, position: 0, query, view }
    }

    /// The current token's index (to come back to it with [`Self::rewind`]).
    pub(crate) fn mark(&self) -> usize {
        self.position
    }

    pub(crate) fn rewind(&mut self, mark: usize) {
        self.position = mark;
    }

    pub(crate) fn peek(&self) -> &Tok {
        &self.tokens[self.position.min(self.tokens.len() - 1)].0
    }

    pub(crate) fn column(&self) -> usize {
        self.tokens[self.position.min(self.tokens.len() - 1)].1
    }

    pub(crate) fn advance(&mut self) -> Tok {
        let token = self.peek().clone();
        if self.position < self.tokens.len() - 1 {
            self.position += 1;
        }
        token
    }

    pub(crate) fn unexpected(&self) -> SoslError {
        let column = self.column();
        SoslError::at(
            SoslError::MALFORMED,
            self.query,
            column,
            format!("line 1:{column} unexpected token: '{}'", self.peek().describe()),
        )
    }

    pub(crate) fn keyword(&mut self, word: &str) -> bool {
        if self.peek().is_keyword(word) {
            self.advance();
            true
        } else {
            false
        }
    }

    pub(crate) fn expect_keyword(&mut self, word: &str) -> Result<(), SoslError> {
        if self.keyword(word) { Ok(()) } else { Err(self.unexpected()) }
    }

    pub(crate) fn symbol(&mut self, symbol: &str) -> bool {
        if self.peek() == &Tok::Symbol(symbol_static(symbol)) {
            self.advance();
            true
        } else {
            false
        }
    }

    pub(crate) fn expect_symbol(&mut self, symbol: &str) -> Result<(), SoslError> {
        if self.symbol(symbol) { Ok(()) } else { Err(self.unexpected()) }
    }

    pub(crate) fn number(&mut self) -> Result<usize, SoslError> {
        match self.peek() {
            Tok::Number(n) if n.parse::<usize>().is_ok() => {
                let value = n.parse().unwrap_or_default();
                self.advance();
                Ok(value)
            }
            _ => Err(self.unexpected()),
        }
    }

    pub(crate) fn identifier(&mut self) -> Result<(String, usize), SoslError> {
        let column = self.column();
        match self.advance() {
            Tok::Ident(name) => Ok((name, column)),
            _ => {
                self.position -= 1;
                Err(self.unexpected())
            }
        }
    }

    pub(crate) fn expect_end(&mut self) -> Result<(), SoslError> {
        if self.peek() == &Tok::End { Ok(()) } else { Err(self.unexpected()) }
    }

    fn scope(&mut self) -> Result<Scope, SoslError> {
        if !self.keyword("IN") {
            return Ok(Scope::All);
        }
        let (group, column) = self.identifier()?;
        let scope = match group.to_ascii_uppercase().as_str() {
            "ALL" | "SIDEBAR" => Scope::All,
            "NAME" => Scope::Name,
            "EMAIL" => Scope::Email,
            "PHONE" => Scope::Phone,
            _ => {
                return Err(SoslError::at(
                    SoslError::MALFORMED,
                    self.query,
                    column,
                    format!("line 1:{column} unexpected token: '{group}'"),
                ));
            }
        };
        self.expect_keyword("FIELDS")?;
        Ok(scope)
    }

    fn returning(&mut self) -> Result<Vec<Returning>, SoslError> {
        if !self.keyword("RETURNING") {
            return Ok(Vec::new());
        }
        let mut list = Vec::new();
        loop {
            list.push(self.returning_object()?);
            if !self.symbol(",") {
                return Ok(list);
            }
        }
    }

    fn returning_object(&mut self) -> Result<Returning, SoslError> {
        let (name, column) = self.identifier()?;
        let object = (self.view.object(&name))
            .filter(|o| o.is_searchable())
            .cloned()
            .ok_or_else(|| SoslError::unsupported_type(self.query, column, &name))?;
        let mut returning =
            Returning { object, fields: Vec::new(), condition: None, order_by: Vec::new(), limit: None, offset: None };
        if !self.symbol("(") {
            return Ok(returning);
        }
        loop {
            returning.fields.push(self.field_ref(&returning.object)?);
            if !self.symbol(",") {
                break;
            }
        }
        self.select_tail(&mut returning)?;
        self.expect_symbol(")")?;
        Ok(returning)
    }

    /// `[WHERE …] [ORDER BY …] [LIMIT n] [OFFSET n]` of one object's selection.
    pub(crate) fn select_tail(&mut self, returning: &mut Returning) -> Result<(), SoslError> {
        let object = returning.object.clone();
        if self.keyword("WHERE") {
            returning.condition = Some(self.or_condition(&object)?);
        }
        if self.keyword("ORDER") {
            self.expect_keyword("BY")?;
            loop {
                let column = self.column();
                let field = self.field_ref(&object)?;
                self.check_long_text(&field, &object, column, "sorted in a")?;
                let descending = if self.keyword("DESC") {
                    true
                } else {
                    self.keyword("ASC");
                    false
                };
                let nulls_last = if self.keyword("NULLS") {
                    if self.keyword("LAST") {
                        true
                    } else {
                        self.expect_keyword("FIRST")?;
                        false
                    }
                } else {
                    descending
                };
                returning.order_by.push(OrderBy { field, descending, nulls_last });
                if !self.symbol(",") {
                    break;
                }
            }
        }
        if self.keyword("LIMIT") {
            returning.limit = Some(self.number()?);
        }
        if self.keyword("OFFSET") {
            // Its range differs between SOSL and SOQL: each statement checks it.
            returning.offset = Some(self.number()?);
        }
        Ok(())
    }

    /// `Name`, or `Owner.Name` through a relationship; canonical names whatever the case. A
    /// field the user may not see (field-level security) is answered as one that does not exist.
    pub(crate) fn field_ref(&mut self, object: &ObjectType) -> Result<FieldRef, SoslError> {
        let (name, column) = self.identifier()?;
        if self.symbol(".") {
            let (parent_field, _) = self.identifier()?;
            let no_such = |entity: &str, field: &str| self.no_such_column(column, entity, field);
            let reference_index = object
                .relationship(&name)
                .filter(|&i| object.fields()[i].visible_to(self.view.profile))
                .ok_or_else(|| self.unknown_relationship(column, &name))?;
            let reference = object.fields()[reference_index].reference.as_ref().expect("a relationship's field");
            let relationship = reference.relationship.clone();
            if reference.polymorphic {
                let field = NAME_OBJECT_FIELDS
                    .iter()
                    .find(|f| f.eq_ignore_ascii_case(&parent_field))
                    .ok_or_else(|| no_such("Name", &parent_field))?;
                return Ok(FieldRef::Parent {
                    reference_index,
                    relationship,
                    parent: None,
                    field: (*field).to_owned(),
                });
            }
            let parent = reference.to.first().and_then(|to| self.view.object(to)).ok_or_else(|| no_such(&name, ""))?;
            let field = self
                .view
                .field_index(parent, &parent_field)
                .map(|i| parent.fields()[i].name.clone())
                .ok_or_else(|| no_such(parent.api_name(), &parent_field))?;
            return Ok(FieldRef::Parent { reference_index, relationship, parent: Some(parent.clone()), field });
        }
        let index = self
            .view
            .field_index(object, &name)
            .ok_or_else(|| self.no_such_column(column, object.api_name(), &name))?;
        Ok(FieldRef::Direct { index, name: object.fields()[index].name.clone() })
    }

    /// Long text areas can be returned but never filtered or sorted on (describe says
    /// `filterable` and `sortable` are false).
    fn check_long_text(
        &self,
        field: &FieldRef,
        object: &ObjectType,
        column: usize,
        what: &str,
    ) -> Result<(), SoslError> {
        let long_text = match field {
            FieldRef::Direct { index, name } => (!object.fields()[*index].filterable()).then_some(name),
            // A parent's field (`What.Description` is not reachable: the Name pseudo-object has none).
            FieldRef::Parent { parent: Some(parent), field, .. } => {
                parent.fields().iter().find(|f| f.name == *field && !f.filterable()).map(|f| &f.name)
            }
            FieldRef::Parent { parent: None, .. } => None,
        };
        match long_text {
            Some(name) => Err(SoslError::at(
                SoslError::INVALID_FIELD,
                self.query,
                column,
                format!("field '{name}' can not be {what} query call"),
            )),
            None => Ok(()),
        }
    }

    /// Salesforce's answer for a relationship that does not exist or that the user may not see.
    fn unknown_relationship(&self, column: usize, relationship: &str) -> SoslError {
        SoslError::at(
            SoslError::INVALID_FIELD,
            self.query,
            column,
            format!(
                "Didn't understand relationship '{relationship}' in field path. If you are attempting to use a \
                 custom relationship, be sure to append the '__r' after the custom relationship name. Please \
                 reference your WSDL or the describe call for the appropriate names."
            ),
        )
    }

    fn no_such_column(&self, column: usize, entity: &str, field: &str) -> SoslError {
        SoslError::at(
            SoslError::INVALID_FIELD,
            self.query,
            column,
            format!(
                "No such column '{field}' on entity '{entity}'. If you are attempting to use a custom field, be sure \
                 to append the '__c' after the custom field name. Please reference your WSDL or the describe call for \
                 the appropriate names."
            ),
        )
    }

    fn or_condition(&mut self, object: &ObjectType) -> Result<Condition, SoslError> {
        let mut left = self.and_condition(object)?;
        while self.keyword("OR") {
            left = Condition::Or(Box::new(left), Box::new(self.and_condition(object)?));
        }
        Ok(left)
    }

    fn and_condition(&mut self, object: &ObjectType) -> Result<Condition, SoslError> {
        let mut left = self.not_condition(object)?;
        while self.keyword("AND") {
            left = Condition::And(Box::new(left), Box::new(self.not_condition(object)?));
        }
        Ok(left)
    }

    fn not_condition(&mut self, object: &ObjectType) -> Result<Condition, SoslError> {
        if self.keyword("NOT") {
            return Ok(Condition::Not(Box::new(self.not_condition(object)?)));
        }
        if self.symbol("(") {
            let inner = self.or_condition(object)?;
            self.expect_symbol(")")?;
            return Ok(inner);
        }
        let column = self.column();
        let field = self.field_ref(object)?;
        self.check_long_text(&field, object, column, "filtered in")?;
        let negated_in = self.keyword("NOT");
        if self.keyword("IN") {
            self.expect_symbol("(")?;
            let mut values = Vec::new();
            loop {
                values.push(self.literal()?);
                if !self.symbol(",") {
                    break;
                }
            }
            self.expect_symbol(")")?;
            return Ok(Condition::In { field, values, negated: negated_in });
        }
        if negated_in {
            return Err(self.unexpected());
        }
        let operator = match self.peek() {
            Tok::Symbol("=") => Operator::Eq,
            Tok::Symbol("!=" | "<>") => Operator::Ne,
            Tok::Symbol("<") => Operator::Lt,
            Tok::Symbol(">") => Operator::Gt,
            Tok::Symbol("<=") => Operator::Le,
            Tok::Symbol(">=") => Operator::Ge,
            t if t.is_keyword("LIKE") => Operator::Like,
            _ => return Err(self.unexpected()),
        };
        self.advance();
        let value = self.literal()?;
        self.check_literal_type(&field, object, &value, column)?;
        Ok(Condition::Compare { field, operator, value })
    }

    fn literal(&mut self) -> Result<Literal, SoslError> {
        let literal = match self.peek() {
            Tok::Str(s) => Literal::Text(s.clone()),
            Tok::Number(n) => Literal::Number(n.parse().map_err(|_| self.unexpected())?),
            Tok::Date(d) => Literal::Date(d.clone()),
            t if t.is_keyword("NULL") => Literal::Null,
            t if t.is_keyword("TRUE") => Literal::Bool(true),
            t if t.is_keyword("FALSE") => Literal::Bool(false),
            t if t.is_keyword("TODAY") => Literal::RelativeDate(0),
            t if t.is_keyword("YESTERDAY") => Literal::RelativeDate(-1),
            t if t.is_keyword("TOMORROW") => Literal::RelativeDate(1),
            _ => return Err(self.unexpected()),
        };
        self.advance();
        Ok(literal)
    }

    /// Salesforce refuses quoted booleans and dates, and text compared with unquoted words.
    fn check_literal_type(
        &self,
        field: &FieldRef,
        object: &ObjectType,
        value: &Literal,
        column: usize,
    ) -> Result<(), SoslError> {
        use crate::schema::FieldKind;
        let FieldRef::Direct { index, name } = field else { return Ok(()) };
        let expected = match (object.fields()[*index].kind, value) {
            (FieldKind::Currency, Literal::Number(_)) => return Ok(()),
            (FieldKind::Currency, Literal::Text(_)) => "double and should not be enclosed in quotes",
            (_, Literal::Null) => return Ok(()),
            (FieldKind::Boolean, Literal::Bool(_)) => return Ok(()),
            (FieldKind::Boolean, _) => "boolean and should not be enclosed in quotes",
            (FieldKind::Date | FieldKind::DateTime, Literal::Date(_) | Literal::RelativeDate(_)) => return Ok(()),
            (FieldKind::Date, _) => "date and should not be enclosed in quotes",
            (FieldKind::DateTime, _) => "dateTime and should not be enclosed in quotes",
            (_, Literal::Text(_)) => return Ok(()),
            _ => "string and should be enclosed in quotes",
        };
        Err(SoslError::at(
            SoslError::INVALID_FIELD,
            self.query,
            column,
            format!("value of filter criterion for field '{name}' must be of type {expected}"),
        ))
    }
}

fn symbol_static(symbol: &str) -> &'static str {
    match symbol {
        "(" => "(",
        ")" => ")",
        "," => ",",
        "." => ".",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Language, standard};

    fn parse(query: &str) -> Result<SearchQuery, SoslError> {
        super::parse(query, standard::schema().unrestricted())
    }

    #[test]
    fn the_products_query_parses_with_canonical_names() {
        let query = parse(
            "FIND {acme*} IN ALL FIELDS RETURNING account(id, name, owner.name ORDER BY Name LIMIT 5), \
             Lead(Id, Name WHERE IsConverted = false LIMIT 5), Task(Subject, what.name, WHO.NAME), Campaign LIMIT 20",
        )
        .unwrap();
        assert_eq!(query.scope, Scope::All);
        assert_eq!(query.limit, Some(20));
        assert_eq!(query.returning.len(), 4);
        assert_eq!(query.returning[0].fields[1], FieldRef::Direct { index: 1, name: "Name".to_owned() });
        assert!(matches!(
            &query.returning[0].fields[2],
            FieldRef::Parent { relationship, field, parent: Some(_), .. } if relationship == "Owner" && field == "Name"
        ));
        assert!(matches!(
            &query.returning[2].fields[2],
            FieldRef::Parent { relationship, parent: None, .. } if relationship == "Who"
        ));
        assert_eq!(query.returning[0].limit, Some(5));
        assert!(query.returning[1].condition.is_some());
        assert!(query.returning[3].fields.is_empty());
    }

    #[test]
    fn unknown_objects_and_fields_get_salesforce_codes() {
        let error = parse("FIND {acme} RETURNING Contract(Id)").unwrap_err();
        assert_eq!(error.code, "INVALID_TYPE");
        assert!(error.message.contains("sObject type 'Contract' is not supported."));
        let error = parse("FIND {acme} RETURNING Account(Foo)").unwrap_err();
        assert_eq!(error.code, "INVALID_FIELD");
        assert!(error.message.contains("No such column 'Foo' on entity 'Account'"));
        assert!(error.message.contains("ERROR at Row:1:Column:30"), "{}", error.message);
        let error = parse("FIND {acme} RETURNING Account(Boss.Name)").unwrap_err();
        assert_eq!(error.code, "INVALID_FIELD");
        assert!(error.message.contains("Didn't understand relationship 'Boss' in field path."), "{}", error.message);
        let error = parse("FIND {acme} RETURNING Task(What.Industry)").unwrap_err();
        assert!(error.message.contains("No such column 'Industry' on entity 'Name'"));
        let error = parse("FIND {acme} RETURNING Lead(Id WHERE IsConverted = 'false')").unwrap_err();
        assert_eq!(error.code, "INVALID_FIELD");
        let error = parse("FIND {acme} RETURNING Opportunity(Id WHERE Amount = '5')").unwrap_err();
        assert!(error.message.contains("must be of type double"), "{}", error.message);
    }

    #[test]
    fn a_field_hidden_by_field_level_security_is_no_such_column_for_that_user_only() {
        let schema = standard::schema();
        let statement = "FIND {acme} RETURNING Opportunity(Name, Amount), Project__c(Name, Account__r.Name)";
        assert!(super::parse(statement, schema.seen_by("Standard User", Language::English)).is_ok());
        let error =
            super::parse(statement, schema.seen_by(standard::PROFILE_WITHOUT_AMOUNTS, Language::English)).unwrap_err();
        assert_eq!(error.code, "INVALID_FIELD");
        assert!(error.message.contains("No such column 'Amount' on entity 'Opportunity'"), "{}", error.message);
    }

    #[test]
    fn clause_errors_are_malformed() {
        for query in [
            "SEARCH {acme}",
            "FIND acme",
            "FIND {acme",
            "FIND {acme} IN WHATEVER FIELDS",
            "FIND {acme} RETURNING",
            "FIND {acme} RETURNING Account(Id",
            "FIND {acme} RETURNING Account(Id) LIMIT x",
            "FIND {acme} RETURNING Account(Id) extra",
            "FIND {acme} RETURNING Account(Id WHERE Name = )",
        ] {
            assert_eq!(parse(query).unwrap_err().code, SoslError::MALFORMED, "{query}");
        }
        assert_eq!(
            parse("FIND acme").unwrap_err().message,
            "No search term found. The search term must be enclosed in braces."
        );
    }

    #[test]
    fn braces_inside_escapes_and_quotes_do_not_end_the_term() {
        assert!(parse("FIND {ab\\}cd} RETURNING Account").is_ok());
        assert!(parse("FIND {\"ab}cd\"} RETURNING Account").is_ok());
    }
}
