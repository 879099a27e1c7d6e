//! Why the builder left an input out, as data: the bad input and what was wrong, so the
//! CLI, the app and the tests see the cause, not only its sentence.

use std::fmt;

use crate::cidr::CidrError;
use crate::names::NameError;

/// Why an input was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputError {
    /// A CIDR entry that does not parse (the error carries the entry).
    Cidr(CidrError),
    /// A name Kubernetes refuses: a label key or value, a namespace, a port name.
    Name(NameError),
    /// A label key given twice in one list.
    DuplicateLabelKey(String),
    /// A port box left empty: what the port is for.
    EmptyPort(String),
    /// A port box that is not a port from 1 to 65535: what it is for, and the text.
    BadPort {
        /// What the port is for.
        what: String,
        /// The text typed.
        text: String,
    },
    /// A custom rule's port number outside 1-65535.
    PortNumber(String),
    /// A protocol other than TCP, UDP or SCTP.
    Protocol(String),
    /// An `endPort` without a numeric `port` to start the range.
    EndPortWithoutPort(String),
    /// An `endPort` that is not a number from the port to 65535.
    EndPort {
        /// The text typed.
        text: String,
        /// The range's first port.
        start: i64,
    },
    /// An `except` entry that is not a strict subset of its `cidr`.
    ExceptOutside {
        /// The except entry.
        except: String,
        /// The block's cidr.
        cidr: String,
    },
    /// Something the input needs is missing, so it is left out (the sentence says what).
    Incomplete(&'static str),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Cidr(e) => e.fmt(f),
            InputError::Name(e) => e.fmt(f),
            InputError::DuplicateLabelKey(key) => {
                write!(f, "label key '{key}' is given twice: keep one")
            }
            InputError::EmptyPort(what) => {
                write!(f, "{what} is empty: enter a port from 1 to 65535")
            }
            InputError::BadPort { what, text } => write!(
                f,
                "invalid port '{text}' for {what}: enter a number from 1 to 65535"
            ),
            InputError::PortNumber(text) => write!(
                f,
                "invalid port '{text}': a port number must be from 1 to 65535"
            ),
            InputError::Protocol(text) => {
                write!(f, "invalid protocol '{text}': use TCP, UDP or SCTP")
            }
            InputError::EndPortWithoutPort(text) => {
                write!(f, "endPort '{text}' needs a numeric port to start the range")
            }
            InputError::EndPort { text, start } => write!(
                f,
                "invalid endPort '{text}': it must be a number from the port ({start}) to 65535"
            ),
            InputError::ExceptOutside { except, cidr } => write!(
                f,
                "except '{except}' must be a strict subset of cidr '{cidr}' (same family, inside it, longer prefix)"
            ),
            InputError::Incomplete(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for InputError {}

impl From<CidrError> for InputError {
    fn from(e: CidrError) -> Self {
        InputError::Cidr(e)
    }
}

impl From<NameError> for InputError {
    fn from(e: NameError) -> Self {
        InputError::Name(e)
    }
}
