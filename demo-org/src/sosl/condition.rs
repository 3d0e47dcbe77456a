//! `WHERE` conditions (the SOQL subset that SOSL's RETURNING accepts), and their evaluation.

use super::FieldRef;
use crate::records::Value;
use chrono::{Duration, NaiveDate};

#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    Compare { field: FieldRef, operator: Operator, value: Literal },
    In { field: FieldRef, values: Vec<Literal>, negated: bool },
    And(Box<Condition>, Box<Condition>),
    Or(Box<Condition>, Box<Condition>),
    Not(Box<Condition>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operator {
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
    Like,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Null,
    Bool(bool),
    Text(String),
    Number(f64),
    Date(String),
    /// `TODAY` (0), `YESTERDAY` (-1), `TOMORROW` (1): days from the org's today.
    RelativeDate(i64),
}

impl Condition {
    /// Evaluates against a record; `value` resolves a field of it, `today` anchors date literals.
    pub fn matches(&self, value: &dyn Fn(&FieldRef) -> Value, today: NaiveDate) -> bool {
        match self {
            Condition::Compare { field, operator, value: literal } => compare(&value(field), *operator, literal, today),
            Condition::In { field, values, negated } => {
                let actual = value(field);
                values.iter().any(|literal| compare(&actual, Operator::Eq, literal, today)) != *negated
            }
            Condition::And(a, b) => a.matches(value, today) && b.matches(value, today),
            Condition::Or(a, b) => a.matches(value, today) || b.matches(value, today),
            Condition::Not(inner) => !inner.matches(value, today),
        }
    }
}

fn compare(actual: &Value, operator: Operator, literal: &Literal, today: NaiveDate) -> bool {
    use std::cmp::Ordering;
    let ordering: Option<Ordering> = match (actual, literal) {
        (Value::Null, Literal::Null) => Some(Ordering::Equal),
        (Value::Null, _) | (_, Literal::Null) => None,
        (Value::Bool(a), Literal::Bool(b)) => Some(a.cmp(b)),
        (Value::Text(a), Literal::Text(b)) => {
            if operator == Operator::Like {
                return like(&a.to_lowercase(), &b.to_lowercase());
            }
            Some(a.to_lowercase().cmp(&b.to_lowercase()))
        }
        (Value::Text(a), Literal::Date(b)) => Some(a.get(..10).unwrap_or(a).cmp(b.as_str())),
        (Value::Text(a), Literal::RelativeDate(days)) => {
            let date = (today + Duration::days(*days)).to_string();
            Some(a.get(..10).unwrap_or(a).cmp(date.as_str()))
        }
        (Value::Text(a), Literal::Number(b)) => a.parse::<f64>().ok().and_then(|a| a.partial_cmp(b)),
        (Value::Number(a), Literal::Number(b)) => a.partial_cmp(b),
        _ => None,
    };
    match (operator, ordering) {
        (Operator::Ne, None) => true,
        (_, None) => false,
        (Operator::Eq, Some(o)) => o == Ordering::Equal,
        (Operator::Ne, Some(o)) => o != Ordering::Equal,
        (Operator::Lt, Some(o)) => o == Ordering::Less,
        (Operator::Gt, Some(o)) => o == Ordering::Greater,
        (Operator::Le, Some(o)) => o != Ordering::Greater,
        (Operator::Ge, Some(o)) => o != Ordering::Less,
        (Operator::Like, Some(o)) => o == Ordering::Equal,
    }
}

/// SQL `LIKE` with `%` (any run) and `_` (one character).
fn like(text: &str, pattern: &str) -> bool {
    let glob: Vec<char> = pattern
        .chars()
        .map(|c| {
            if c == '%' {
                '*'
            } else if c == '_' {
                '?'
            } else {
                c
            }
        })
        .collect();
    crate::text::glob_match(&glob, &text.chars().collect::<Vec<_>>())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(actual: Value, operator: Operator, literal: Literal) -> bool {
        let today = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let field = FieldRef::Direct { index: 0, name: "F".to_owned() };
        Condition::Compare { field, operator, value: literal }.matches(&|_| actual.clone(), today)
    }

    #[test]
    fn text_comparisons_ignore_case_and_like_uses_wildcards() {
        assert!(eval(Value::text("Open"), Operator::Eq, Literal::Text("open".into())));
        assert!(eval(Value::text("Acme Inc."), Operator::Like, Literal::Text("acme%".into())));
        assert!(!eval(Value::text("Acme Inc."), Operator::Like, Literal::Text("%corp".into())));
    }

    #[test]
    fn nulls_and_dates() {
        assert!(eval(Value::Null, Operator::Eq, Literal::Null));
        assert!(eval(Value::Null, Operator::Ne, Literal::Text("x".into())));
        assert!(!eval(Value::Null, Operator::Lt, Literal::RelativeDate(0)));
        assert!(eval(Value::text("2026-10-31"), Operator::Lt, Literal::RelativeDate(0)));
        assert!(eval(Value::text("2026-11-01"), Operator::Eq, Literal::RelativeDate(0)));
        assert!(eval(Value::text("2026-11-01T10:00:00.000+0000"), Operator::Ge, Literal::Date("2026-11-01".into())));
        assert!(eval(Value::Bool(false), Operator::Eq, Literal::Bool(false)));
        assert!(eval(Value::Number(5_000.0), Operator::Gt, Literal::Number(0.0)));
        assert!(eval(Value::Number(5_000.0), Operator::Eq, Literal::Number(5_000.0)));
        assert!(!eval(Value::Number(5_000.0), Operator::Ne, Literal::Number(5_000.0)));
        assert!(eval(Value::Number(-5.0), Operator::Lt, Literal::Number(-1.0)));
    }
}
