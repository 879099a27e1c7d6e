//! A compact JSON writer for a YAML document: the share payload.
//!
//! JSON is YAML, so the decoder reads it with the YAML parser the app already has, while
//! the app never links a YAML emitter. Every character outside printable ASCII is
//! escaped, so no YAML reader can trip on a raw control or special character.

use std::fmt::Write;

use crate::doc::{float, Number, Value};

/// Writes `doc` as compact JSON.
pub fn to_string(doc: &Value) -> String {
    let mut out = String::new();
    write(doc, &mut out);
    out
}

fn write(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => number(n, out),
        Value::String(s) => string(s, out),
        Value::Sequence(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        Value::Mapping(map) => {
            out.push('{');
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                match k {
                    Value::String(s) => string(s, out),
                    other => string(&to_string(other), out),
                }
                out.push(':');
                write(item, out);
            }
            out.push('}');
        }
    }
}

/// A number as YAML reads it back (an Environment only ever writes integers).
fn number(n: &Number, out: &mut String) {
    let _ = match *n {
        Number::PosInt(u) => write!(out, "{u}"),
        Number::NegInt(i) => write!(out, "{i}"),
        Number::Float(f) if f.is_nan() => write!(out, ".nan"),
        Number::Float(f) if f.is_infinite() && f > 0.0 => write!(out, ".inf"),
        Number::Float(f) if f.is_infinite() => write!(out, "-.inf"),
        Number::Float(f) => {
            out.push_str(&float::debug(f));
            Ok(())
        }
    };
}

fn string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            c if u32::from(c) <= 0xFFFF => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => {
                let _ = write!(out, "\\U{:08x}", u32::from(c));
            }
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_read_back_through_yaml() {
        let cases = [
            "",
            "plain",
            "a\"b\\c",
            "tab\there",
            "line\nbreak",
            "é",
            "\u{85}\u{2028}\u{feff}",
            "😀",
            "\u{0}",
            "null",
            "08",
            "- x",
            "#",
            "key: value",
        ];
        for s in cases {
            let text = to_string(&Value::String(s.to_owned()));
            let back = crate::doc::parse(&text).expect(&text);
            assert_eq!(back, Value::String(s.to_owned()), "{text}");
        }
    }
}
