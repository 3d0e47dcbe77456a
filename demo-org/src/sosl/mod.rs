//! SOSL, the subset the product uses: `FIND {…} [IN … FIELDS] [RETURNING Obj(fields [WHERE …]
//! [ORDER BY …] [LIMIT n] [OFFSET n]), …] [LIMIT n]`, parsed into a [`SearchQuery`] and run by
//! [`engine`]. Bad input gets Salesforce's error codes and message shapes; nothing panics.

pub mod condition;
pub mod engine;
mod find;
pub(crate) mod lexer;
pub(crate) mod parser;

pub use condition::{Condition, Literal, Operator};
pub use find::{FindExpr, Term};
pub use parser::parse;

use crate::schema::ObjectType;

/// A parsed search.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchQuery {
    pub find: FindExpr,
    pub scope: Scope,
    /// Empty: every searchable object, `Id` only.
    pub returning: Vec<Returning>,
    /// Overall cap on records (Salesforce caps at 2,000 anyway).
    pub limit: Option<usize>,
}

/// `IN … FIELDS`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    All,
    Name,
    Email,
    Phone,
}

/// One object of the `RETURNING` clause.
#[derive(Clone, Debug, PartialEq)]
pub struct Returning {
    pub object: ObjectType,
    pub fields: Vec<FieldRef>,
    pub condition: Option<Condition>,
    pub order_by: Vec<OrderBy>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

/// A selected field, resolved against the schema (canonical names, whatever the query's case).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldRef {
    /// A field of the object itself.
    Direct { index: usize, name: String },
    /// A parent's field through a relationship (`Owner.Name`, `What.Name`); `parent` is None
    /// where the relationship is polymorphic (the `Name` pseudo-object).
    Parent { reference_index: usize, relationship: String, parent: Option<ObjectType>, field: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderBy {
    pub field: FieldRef,
    pub descending: bool,
    pub nulls_last: bool,
}

/// A Salesforce REST error for a bad search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SoslError {
    pub code: &'static str,
    pub message: String,
}

impl SoslError {
    pub const MALFORMED: &'static str = "MALFORMED_SEARCH";
    pub const INVALID_SEARCH: &'static str = "INVALID_SEARCH";
    pub const INVALID_FIELD: &'static str = "INVALID_FIELD";
    pub const INVALID_TYPE: &'static str = "INVALID_TYPE";

    /// Salesforce's positional format: the query, a caret, the row and column, then the text.
    pub fn at(code: &'static str, query: &str, column: usize, text: impl std::fmt::Display) -> Self {
        let first_line = query.lines().next().unwrap_or_default();
        let caret = format!("{}^", " ".repeat(column));
        Self { code, message: format!("\n{first_line}\n{caret}\nERROR at Row:1:Column:{column}\n{text}") }
    }

    /// Salesforce's sentence for an object type that does not exist or that the user cannot read.
    pub fn unsupported_type_text(name: &str) -> String {
        format!(
            "sObject type '{name}' is not supported. If you are attempting to use a custom object, be sure to \
             append the '__c' after the entity name. Please reference your WSDL or the describe call for the \
             appropriate names."
        )
    }

    /// `INVALID_TYPE` for the object `name` at `column` of `query`.
    pub fn unsupported_type(query: &str, column: usize, name: &str) -> Self {
        Self::at(Self::INVALID_TYPE, query, column, Self::unsupported_type_text(name))
    }

    pub fn plain(code: &'static str, text: impl Into<String>) -> Self {
        Self { code, message: text.into() }
    }
}
