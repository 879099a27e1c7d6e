//! [`CidrList`], [`PortText`] and [`Label`] read from and written to a [`Value`] tree.
//!
//! Each reader accepts exactly what `serde_yaml::from_value` accepted through the serde
//! impls in the parent module (kept as the native tests' oracle): a CIDR list is a
//! string, a list of strings or null; a port is an integer, a string or null.

use super::{CidrList, Label, PortText};
use crate::doc::{read_items, FromValue, Map, Number, Path, ShapeError, ToValue, Value};

impl FromValue for CidrList {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        match v {
            Value::Null => Ok(CidrList::default()),
            Value::String(s) => Ok(CidrList(s.clone())),
            Value::Sequence(_) => {
                let mut entries = Vec::new();
                read_items(v, at, "a sequence", &mut |item, at| {
                    entries.push(String::from_value(item, at)?);
                    Ok(())
                })?;
                Ok(CidrList::from_entries(entries))
            }
            other => Err(at.expected("a list of CIDRs or a string of CIDRs", other)),
        }
    }
}

impl ToValue for CidrList {
    /// A list when the text is exactly "one entry a line", the raw text otherwise.
    fn to_value(&self) -> Value {
        if CidrList::from_entries(self.entries()) == *self {
            Value::Sequence(self.entries().map(Value::from).collect())
        } else {
            Value::String(self.0.clone())
        }
    }
}

impl FromValue for PortText {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        match v {
            Value::Null => Ok(PortText::default()),
            Value::String(s) => Ok(PortText(s.clone())),
            Value::Number(Number::PosInt(n)) => Ok(PortText(n.to_string())),
            Value::Number(Number::NegInt(n)) => Ok(PortText(n.to_string())),
            other => Err(at.expected("a port number or name", other)),
        }
    }
}

impl ToValue for PortText {
    /// A number when the text is a canonical port number, the text otherwise.
    fn to_value(&self) -> Value {
        match self.number() {
            Some(n) => n.to_value(),
            None => Value::String(self.0.clone()),
        }
    }
}

impl FromValue for Label {
    /// A `{key, value}` mapping (null is the empty label); an unknown key is an error.
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let map = match v {
            Value::Null => return Ok(Label::default()),
            Value::Mapping(map) => map,
            other => return Err(at.expected("a label (a mapping of `key` and `value`)", other)),
        };
        let mut out = Label::default();
        for (k, item) in map.iter() {
            let Some(key) = k.as_str() else {
                return Err(at.expected("string keys", k));
            };
            let slot = match key {
                "key" => &mut out.key,
                "value" => &mut out.value,
                _ => {
                    return Err(
                        at.error(format!("unknown field `{key}`, expected `key` or `value`"))
                    )
                }
            };
            at.push_key(key);
            let read = String::from_value(item, at);
            at.pop();
            *slot = read?;
        }
        Ok(out)
    }
}

impl ToValue for Label {
    fn to_value(&self) -> Value {
        let mut map = Map::new();
        map.push(Value::from("key"), self.key.to_value());
        map.push(Value::from("value"), self.value.to_value());
        Value::Mapping(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::doc::read_yaml as read;

    #[test]
    fn cidr_lists_read_like_serde() {
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("~", Ok("")),
            ("[]", Ok("")),
            ("[a, b]", Ok("a\nb")),
            ("'a, b ,'", Ok("a, b ,")),
            (
                "[a, 1]",
                Err("[1]: expected a string, found the integer `1`"),
            ),
            ("[a, ~]", Err("[1]: expected a string, found null")),
            (
                "1",
                Err("expected a list of CIDRs or a string of CIDRs, found the integer `1`"),
            ),
            (
                "{a: b}",
                Err("expected a list of CIDRs or a string of CIDRs, found a mapping"),
            ),
        ];
        for (yaml, want) in cases {
            let got = read::<CidrList>(yaml);
            assert_eq!(
                got.as_ref().map(CidrList::as_str).map_err(String::as_str),
                *want,
                "{yaml}"
            );
        }
    }

    #[test]
    fn ports_read_like_serde() {
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("~", Ok("")),
            ("443", Ok("443")),
            ("70000", Ok("70000")),
            ("-1", Ok("-1")),
            ("'08'", Ok("08")),
            ("http", Ok("http")),
            (
                "1.5",
                Err("expected a port number or name, found a floating-point number"),
            ),
            (
                "true",
                Err("expected a port number or name, found the boolean `true`"),
            ),
            (
                "[1]",
                Err("expected a port number or name, found a sequence"),
            ),
        ];
        for (yaml, want) in cases {
            let got = read::<PortText>(yaml);
            assert_eq!(
                got.as_ref().map(PortText::as_str).map_err(String::as_str),
                *want,
                "{yaml}"
            );
        }
    }

    #[test]
    fn labels_deny_unknown_fields() {
        assert_eq!(
            read::<Label>("{key: a, value: b}"),
            Ok(Label::new("a", "b"))
        );
        assert_eq!(read::<Label>("~"), Ok(Label::default()));
        assert_eq!(read::<Label>("{value: b}"), Ok(Label::new("", "b")));
        assert_eq!(
            read::<Label>("{key: a, val: b}"),
            Err("unknown field `val`, expected `key` or `value`".to_owned())
        );
        assert_eq!(
            read::<Label>("{key: 1}"),
            Err("key: expected a string, found the integer `1`".to_owned())
        );
    }

    #[test]
    fn writes_the_natural_shape_when_nothing_is_lost() {
        let list = |s: &str| CidrList::from(s).to_value();
        assert_eq!(list("a\nb"), Value::Sequence(vec!["a".into(), "b".into()]));
        assert_eq!(list(""), Value::Sequence(vec![]));
        assert_eq!(list("a, b"), Value::from("a, b"));
        assert_eq!(PortText::from(443).to_value(), Value::from(443));
        assert_eq!(PortText::from("08").to_value(), Value::from("08"));
        assert_eq!(PortText::from("").to_value(), Value::from(""));
    }
}
