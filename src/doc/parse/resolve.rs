//! What a scalar means: serde_yaml 0.9's resolution, function for function.
//!
//! serde_yaml resolves a plain scalar (YAML 1.2 core schema plus its own spellings:
//! `0x`/`0o`/`0b` integers, a leading `+`, leading zeros making a string, `.inf`/`.nan`
//! only in their dotted forms); quoted and block scalars are strings. A core tag (`!!int`,
//! `!!float`, `!!bool`, `!!null`) forces a type and fails when the text does not fit; any
//! other `tag:yaml.org,2002:` tag (`!!str`, `!!binary`, ...) makes a string; a local tag
//! (`!name`) is dropped and the scalar resolved as if untagged. The helpers keep
//! serde_yaml's names (`parse_unsigned_int`, `digits_but_not_number`, ...) so the two can
//! be read side by side.

use std::num::ParseIntError;

use super::tokens::Style;
use crate::doc::float::parse as float;
use crate::doc::value::{Number, Value};

const CORE_BOOL: &[u8] = b"tag:yaml.org,2002:bool";
const CORE_INT: &[u8] = b"tag:yaml.org,2002:int";
const CORE_FLOAT: &[u8] = b"tag:yaml.org,2002:float";
const CORE_NULL: &[u8] = b"tag:yaml.org,2002:null";

/// The value of a scalar, or why it has none (a message without position).
pub(super) fn resolve(value: String, style: Style, tag: Option<&[u8]>) -> Result<Value, String> {
    let tag = tag.filter(|t| !t.starts_with(b"!"));
    let Some(tag) = tag else {
        return if style == Style::Plain {
            untagged(value)
        } else {
            Ok(Value::String(value))
        };
    };
    let refuse = |what: &str| {
        let short: String = value.chars().take(40).collect();
        Err(format!(
            "`{short}` is not {what} (it is tagged `!!{}`)",
            tag_name(tag)
        ))
    };
    if tag == CORE_BOOL {
        match parse_bool(&value) {
            Some(b) => Ok(Value::Bool(b)),
            None => refuse("a boolean"),
        }
    } else if tag == CORE_INT {
        match int(&value) {
            Some(Ok(n)) => Ok(Value::Number(n)),
            _ => refuse("an integer that fits 64 bits"),
        }
    } else if tag == CORE_FLOAT {
        match parse_f64(&value) {
            Some(f) => Ok(float(f)),
            None => refuse("a float"),
        }
    } else if tag == CORE_NULL {
        match parse_null(&value) {
            Some(()) => Ok(Value::Null),
            None => refuse("null"),
        }
    } else {
        Ok(Value::String(value))
    }
}

fn tag_name(tag: &[u8]) -> String {
    String::from_utf8_lossy(tag.strip_prefix(b"tag:yaml.org,2002:").unwrap_or(tag)).into_owned()
}

/// serde_yaml's `visit_untagged_scalar`.
fn untagged(v: String) -> Result<Value, String> {
    // A letter other than the first of null, true or false (or any non-ASCII character)
    // starts no number: Rust's float parser reads only `inf`, `infinity` and `nan` there,
    // and serde_yaml refuses those as not finite.
    if let Some(&first) = v.as_bytes().first() {
        if (first.is_ascii_alphabetic() && !b"nNtTfF".contains(&first)) || first >= 0x80 {
            return Ok(Value::String(v));
        }
    }
    if v.is_empty() || parse_null(&v).is_some() {
        return Ok(Value::Null);
    }
    if let Some(b) = parse_bool(&v) {
        return Ok(Value::Bool(b));
    }
    match int(&v) {
        Some(Ok(n)) => return Ok(Value::Number(n)),
        Some(Err(())) => {
            return Err(format!(
                "the integer `{v}` does not fit 64 bits (quote it to keep it as text)"
            ))
        }
        None => {}
    }
    if !digits_but_not_number(&v) {
        if let Some(f) = parse_f64(&v) {
            return Ok(float(f));
        }
    }
    Ok(Value::String(v))
}

/// serde_yaml's `visit_int`: `Some(Err(()))` for integers serde_yaml's `Value` refuses
/// (those that need 128 bits).
///
/// serde_yaml tries `u64`, then `i64`, then `u128` and `i128` (to refuse those). The rules
/// are the same at every width, only the range differs, so reading once in 128 bits and
/// checking the range gives the same answers with two integer parsers in the wasm, not
/// four (the tests compare it with the four tries).
fn int(v: &str) -> Option<Result<Number, ()>> {
    if let Some(n) = parse_unsigned_int(v, u128::from_str_radix) {
        return Some(u64::try_from(n).map(Number::PosInt).map_err(|_| ()));
    }
    if let Some(n) = parse_negative_int(v, i128::from_str_radix) {
        return Some(i64::try_from(n).map(Number::from).map_err(|_| ()));
    }
    None
}

/// A float as serde_yaml stores it: one NaN.
fn float(f: f64) -> Value {
    let f = if f.is_nan() {
        f64::NAN.copysign(1.0)
    } else {
        f
    };
    Value::Number(Number::Float(f))
}

fn parse_null(scalar: &str) -> Option<()> {
    match scalar {
        "null" | "Null" | "NULL" | "~" => Some(()),
        _ => None,
    }
}

fn parse_bool(scalar: &str) -> Option<bool> {
    match scalar {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

type FromStrRadix<T> = fn(&str, u32) -> Result<T, ParseIntError>;

/// `rest` after a radix prefix, unless it starts with a sign.
fn unsigned_rest<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    s.strip_prefix(prefix)
        .filter(|rest| !rest.starts_with(['+', '-']))
}

fn parse_unsigned_int<T>(scalar: &str, from_str_radix: FromStrRadix<T>) -> Option<T> {
    let unpositive = scalar.strip_prefix('+').unwrap_or(scalar);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if unpositive.starts_with(prefix) {
            let rest = unsigned_rest(unpositive, prefix)?;
            if let Ok(int) = from_str_radix(rest, radix) {
                return Some(int);
            }
        }
    }
    if unpositive.starts_with(['+', '-']) {
        return None;
    }
    if digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(unpositive, 10).ok()
}

fn parse_negative_int<T>(scalar: &str, from_str_radix: FromStrRadix<T>) -> Option<T> {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = scalar.strip_prefix(prefix) {
            let negative = format!("-{rest}");
            if let Ok(int) = from_str_radix(&negative, radix) {
                return Some(int);
            }
        }
    }
    if digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(scalar, 10).ok()
}

fn parse_f64(scalar: &str) -> Option<f64> {
    let unpositive = match scalar.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => scalar,
    };
    if let ".inf" | ".Inf" | ".INF" = unpositive {
        return Some(f64::INFINITY);
    }
    if let "-.inf" | "-.Inf" | "-.INF" = scalar {
        return Some(f64::NEG_INFINITY);
    }
    if let ".nan" | ".NaN" | ".NAN" = scalar {
        return Some(f64::NAN.copysign(1.0));
    }
    // std's `inf`/`nan` spellings are `None` there, as their non-finite parse was here.
    match float::from_decimal(unpositive) {
        Some(f) if f.is_finite() => Some(f),
        _ => None,
    }
}

/// Leading zero(s) followed by digits: a string in YAML 1.2.
fn digits_but_not_number(scalar: &str) -> bool {
    let scalar = scalar.strip_prefix(['-', '+']).unwrap_or(scalar);
    let mut bytes = scalar.bytes();
    scalar.len() > 1 && bytes.next() == Some(b'0') && bytes.all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// serde_yaml's four tries, as [`int`] had them.
    fn int_in_four_tries(v: &str) -> Option<Result<Number, ()>> {
        if let Some(n) = parse_unsigned_int(v, u64::from_str_radix) {
            return Some(Ok(Number::PosInt(n)));
        }
        if let Some(n) = parse_negative_int(v, i64::from_str_radix) {
            return Some(Ok(Number::from(n)));
        }
        if parse_unsigned_int(v, u128::from_str_radix).is_some()
            || parse_negative_int(v, i128::from_str_radix).is_some()
        {
            return Some(Err(()));
        }
        None
    }

    #[test]
    fn one_reading_in_128_bits_answers_as_the_four_tries() {
        // Every sign and prefix spelling, around every width's limits.
        let bodies = [
            "",
            "0",
            "00",
            "1",
            "7",
            "08",
            "1F",
            "1f",
            "g",
            "_1",
            "1_0",
            "+1",
            "-1",
            "0x1",
            "9223372036854775807",
            "9223372036854775808",
            "9223372036854775809",
            "18446744073709551615",
            "18446744073709551616",
            "170141183460469231731687303715884105727",
            "170141183460469231731687303715884105728",
            "170141183460469231731687303715884105729",
            "340282366920938463463374607431768211455",
            "340282366920938463463374607431768211456",
            "7fffffffffffffff",
            "8000000000000000",
            "8000000000000001",
            "ffffffffffffffff",
            "10000000000000000",
            "7fffffffffffffffffffffffffffffff",
            "80000000000000000000000000000000",
            "80000000000000000000000000000001",
            "ffffffffffffffffffffffffffffffff",
            "100000000000000000000000000000000",
            "777777777777777777777",
            "1000000000000000000000",
            "1777777777777777777777",
            "2000000000000000000000",
            "1111111111111111111111111111111111111111111111111111111111111111",
            "10000000000000000000000000000000000000000000000000000000000000000",
        ];
        let mut tried = 0;
        for sign in ["", "+", "-", "++", "+-", "-+", "--"] {
            for prefix in ["", "0x", "0o", "0b", "0X", "0x+", "0x-", "0o-", "0b+"] {
                for body in bodies {
                    let v = format!("{sign}{prefix}{body}");
                    assert_eq!(int(&v), int_in_four_tries(&v), "{v:?}");
                    tried += 1;
                }
            }
        }
        assert!(tried > 2_000);
    }

    fn n(v: &str) -> Result<Value, String> {
        untagged(v.to_owned())
    }

    #[test]
    fn plain_scalars_resolve_as_serde_yaml_does() {
        let pos = |u| Ok(Value::Number(Number::PosInt(u)));
        let neg = |i| Ok(Value::Number(Number::NegInt(i)));
        let flt = |f| Ok(Value::Number(Number::Float(f)));
        let s = |t: &str| Ok(Value::String(t.to_owned()));
        let cases: Vec<(&str, Result<Value, String>)> = vec![
            ("", Ok(Value::Null)),
            ("~", Ok(Value::Null)),
            ("null", Ok(Value::Null)),
            ("Null", Ok(Value::Null)),
            ("NULL", Ok(Value::Null)),
            ("nULL", s("nULL")),
            ("true", Ok(Value::Bool(true))),
            ("TRUE", Ok(Value::Bool(true))),
            ("False", Ok(Value::Bool(false))),
            ("yes", s("yes")),
            ("y", s("y")),
            ("on", s("on")),
            ("0", pos(0)),
            ("-0", pos(0)),
            ("+12", pos(12)),
            ("012", s("012")),
            ("-012", s("-012")),
            ("0x1F", pos(31)),
            ("0X1F", s("0X1F")),
            ("-0x10", neg(-16)),
            ("0o17", pos(15)),
            ("0b101", pos(5)),
            ("0x", s("0x")),
            ("0x+1", s("0x+1")),
            ("++1", s("++1")),
            ("18446744073709551615", pos(u64::MAX)),
            ("-9223372036854775808", neg(i64::MIN)),
            ("1.5", flt(1.5)),
            ("1e3", flt(1000.0)),
            (".5", flt(0.5)),
            ("+.inf", flt(f64::INFINITY)),
            ("-.Inf", flt(f64::NEG_INFINITY)),
            ("inf", s("inf")),
            ("Infinity", s("Infinity")),
            ("nan", s("nan")),
            ("NaN", s("NaN")),
            ("é1", s("é1")),
            ("1e400", s("1e400")),
            ("0.5.5", s("0.5.5")),
            ("080", s("080")),
            ("08.5", flt(8.5)),
            ("1_000", s("1_000")),
        ];
        for (text, want) in cases {
            assert_eq!(n(text), want, "{text:?}");
        }
        assert!(matches!(n(".NaN"), Ok(Value::Number(Number::Float(f))) if f.is_nan()));
        assert!(n("18446744073709551616").is_err());
        assert!(n("-9223372036854775809").is_err());
        assert_eq!(
            n("340282366920938463463374607431768211456"),
            flt(3.402823669209385e38)
        );
    }

    #[test]
    fn tags_force_or_drop_a_type() {
        let t = |v: &str, style, tag: &str| resolve(v.to_owned(), style, Some(tag.as_bytes()));
        assert_eq!(
            t("12", Style::DoubleQuoted, "tag:yaml.org,2002:int"),
            Ok(Value::from(12))
        );
        assert_eq!(
            t("12", Style::Plain, "tag:yaml.org,2002:str"),
            Ok(Value::from("12"))
        );
        assert_eq!(t("12", Style::Plain, "!local"), Ok(Value::from(12)));
        assert_eq!(
            t("12", Style::SingleQuoted, "!local"),
            Ok(Value::from("12"))
        );
        assert_eq!(
            t("x", Style::Plain, "tag:yaml.org,2002:binary"),
            Ok(Value::from("x"))
        );
        assert_eq!(
            t("1", Style::Plain, "tag:yaml.org,2002:float"),
            Ok(Value::Number(Number::Float(1.0)))
        );
        for (v, tag) in [
            ("yes", "bool"),
            ("012", "int"),
            ("", "null"),
            ("x", "float"),
        ] {
            let tag = format!("tag:yaml.org,2002:{tag}");
            assert!(t(v, Style::Plain, &tag).is_err(), "{v} {tag}");
        }
    }
}
