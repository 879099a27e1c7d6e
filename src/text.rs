//! Text fields that keep the user's typing exactly, while reading naturally in ENV files.
//!
//! A [`CidrList`] is what the user pasted into a list box; a [`PortText`] is what they
//! typed into a port box. Both serialize as the natural YAML shape (a list of strings, a
//! number) whenever that loses nothing, and as the raw string otherwise.

use std::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// The separators a pasted list may use: newlines, commas or spaces.
pub fn is_list_separator(c: char) -> bool {
    c == ',' || c.is_whitespace()
}

/// A list of CIDRs as the user typed or pasted it.
///
/// ```
/// use periscope_netpol::model::CidrList;
/// let list = CidrList::from("10.0.0.0/8, 192.168.0.0/16\nbad");
/// assert_eq!(list.entries().collect::<Vec<_>>(), ["10.0.0.0/8", "192.168.0.0/16", "bad"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct CidrList(pub String);

impl CidrList {
    /// The non-empty entries, in order.
    pub fn entries(&self) -> impl Iterator<Item = &str> {
        self.0.split(is_list_separator).filter(|s| !s.is_empty())
    }

    /// Whether the list has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries().next().is_none()
    }

    /// A list of the given entries, one a line.
    pub fn from_entries<I: IntoIterator<Item = S>, S: AsRef<str>>(entries: I) -> Self {
        let mut text = String::new();
        for e in entries {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(e.as_ref());
        }
        CidrList(text)
    }

    /// The raw text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for CidrList {
    fn from(s: &str) -> Self {
        CidrList(s.to_owned())
    }
}

impl Serialize for CidrList {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // A list when it is exactly "one entry a line", the raw text otherwise.
        let canonical = CidrList::from_entries(self.entries());
        if canonical == *self {
            s.collect_seq(self.entries())
        } else {
            s.serialize_str(&self.0)
        }
    }
}

impl<'de> Deserialize<'de> for CidrList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = CidrList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of CIDRs or a string of CIDRs")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<CidrList, E> {
                Ok(CidrList(v.to_owned()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<CidrList, E> {
                Ok(CidrList::default())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<CidrList, A::Error> {
                let mut items: Vec<String> = Vec::new();
                while let Some(item) = seq.next_element::<String>()? {
                    items.push(item);
                }
                Ok(CidrList::from_entries(items))
            }
        }
        d.deserialize_any(V)
    }
}

/// A port number or name as the user typed it.
///
/// ```
/// use periscope_netpol::model::PortText;
/// assert_eq!(PortText::from(8080).number(), Some(8080));
/// assert_eq!(PortText::from("http").number(), None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct PortText(pub String);

impl PortText {
    /// The port as a number, when it is a canonical decimal in 0..=65535.
    pub fn number(&self) -> Option<u16> {
        let n: u16 = self.0.parse().ok()?;
        (n.to_string() == self.0).then_some(n)
    }

    /// The raw text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether nothing was typed.
    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl From<u16> for PortText {
    fn from(n: u16) -> Self {
        PortText(n.to_string())
    }
}

impl From<&str> for PortText {
    fn from(s: &str) -> Self {
        PortText(s.to_owned())
    }
}

impl Serialize for PortText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.number() {
            Some(n) => s.serialize_u16(n),
            None => s.serialize_str(&self.0),
        }
    }
}

impl<'de> Deserialize<'de> for PortText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = PortText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a port number or name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<PortText, E> {
                Ok(PortText(v.to_owned()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<PortText, E> {
                Ok(PortText(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<PortText, E> {
                Ok(PortText(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<PortText, E> {
                Ok(PortText::default())
            }
        }
        d.deserialize_any(V)
    }
}

/// One `key: value` label as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Label {
    /// The label key, e.g. `kubernetes.io/metadata.name`.
    pub key: String,
    /// The label value.
    pub value: String,
}

impl Label {
    /// A label from a key and a value.
    pub fn new(key: &str, value: &str) -> Self {
        Self {
            key: key.to_owned(),
            value: value.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidr_list_splits_on_every_separator() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("  \n ,", &[]),
            ("a", &["a"]),
            ("a,b", &["a", "b"]),
            ("a, b\nc\td", &["a", "b", "c", "d"]),
            ("a,,b", &["a", "b"]),
        ];
        for (text, want) in cases {
            let list = CidrList::from(*text);
            let got: Vec<_> = list.entries().collect();
            assert_eq!(&got, want, "{text:?}");
        }
    }

    #[test]
    fn cidr_list_keeps_raw_text_through_yaml() {
        for text in ["10.0.0.0/8\n1.2.3.4/32", "10.0.0.0/8, bad ,", "", "x"] {
            let list = CidrList::from(text);
            let yaml = serde_yaml::to_string(&list).unwrap();
            let back: CidrList = serde_yaml::from_str(&yaml).unwrap();
            // An empty list reads back as the empty string.
            assert_eq!(back, list, "{yaml}");
        }
        let seq: CidrList = serde_yaml::from_str("[a, b]").unwrap();
        assert_eq!(seq.as_str(), "a\nb");
    }

    #[test]
    fn port_text_is_a_number_only_when_canonical() {
        let cases = [
            ("8080", Some(8080)),
            ("0", Some(0)),
            ("65535", Some(65535)),
            ("65536", None),
            ("08080", None),
            (" 80", None),
            ("http", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(PortText::from(text).number(), want, "{text:?}");
        }
        let p: PortText = serde_yaml::from_str("443").unwrap();
        assert_eq!(p, PortText::from(443));
        assert_eq!(
            serde_yaml::to_string(&PortText::from("08")).unwrap(),
            "'08'\n"
        );
    }
}
