//! Errors a record can have on its own, before any store sees it.

use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum DomainError {
    #[error("unknown {field} '{value}' (expected one of: {expected})")]
    UnknownValue {
        field: &'static str,
        value: String,
        expected: String,
    },
    #[error("{kind} {id}: field '{field}' must not be empty")]
    EmptyField {
        kind: &'static str,
        id: String,
        field: &'static str,
    },
    #[error("a '{relation}' link cannot go from a {from} to a {to}")]
    LinkNotAllowed {
        relation: &'static str,
        from: &'static str,
        to: &'static str,
    },
}
