//! Defaults left out: a share payload holds only what differs from a frozen baseline.
//!
//! Each format version freezes the Environment defaults it was made with
//! ([`BASELINE_V1`]), so a link keeps meaning the same configuration after the app's
//! defaults change. Mappings are compared key by key; sequences and tagged choices
//! (`kind:` / `backend:` maps) are kept or left out whole.

use std::sync::OnceLock;

use serde_yaml::{Mapping, Value};

/// `Environment::default()` as format version 1 serialized it. Never edit: a new default
/// needs a new format version (a test fails when the two drift apart).
pub const BASELINE_V1: &str = "\
release:
  name: periscope
  namespace: periscope
  nameOverride: ''
  fullnameOverride: ''
  chartVersion: 1.0.0
  appVersion: 1.0.0
  servicePort: 8080
enabled: true
ingress:
- kind: controller
  controller: ingress-nginx
  namespace: ingress-nginx
agent:
  enabled: false
  port: 8443
  cidrs: []
idp:
  issuer: ''
  reach:
    kind: internet
aws:
  credentials: irsa
  region: us-east-1
  apiAccess: public
  apiCidrs: []
clusters:
- backend: eks
  name: prod
  region: us-east-1
  endpoint: public
  cidrs: []
secretsMode: kubernetes
egress:
  kind: internet-https
dns: kube-dns
ipFamily: ipv4
custom: []
";

/// The frozen baseline, parsed once: every edit re-encodes the link.
pub fn baseline() -> &'static Value {
    static BASELINE: OnceLock<Value> = OnceLock::new();
    // The constant is checked by a test; a parse failure would only give longer links.
    BASELINE.get_or_init(|| serde_yaml::from_str(BASELINE_V1).unwrap_or(Value::Null))
}

/// A mapping that carries a variant tag is replaced whole, never merged key by key.
fn is_tagged(map: &Mapping) -> bool {
    map.contains_key("kind") || map.contains_key("backend")
}

/// Removes from `doc` every entry equal to the same entry of `baseline`.
pub fn prune(doc: &mut Value, baseline: &Value) {
    let (Value::Mapping(map), Value::Mapping(base)) = (doc, baseline) else {
        return;
    };
    if is_tagged(map) || is_tagged(base) {
        return;
    }
    map.retain(|k, v| base.get(k) != Some(v));
    for (k, v) in map.iter_mut() {
        if let Some(b) = base.get(k) {
            prune(v, b);
        }
    }
}

/// JSON text that YAML readers take too: serde_json writes every character but `"`, `\`
/// and the C0 controls as it is, and a YAML reader refuses DEL, the C1 controls and the
/// noncharacters U+FFFE and U+FFFF, and reads NEL, U+2028 and U+2029 as line breaks.
/// Outside strings JSON is ASCII, so escaping them wherever they stand keeps the JSON
/// the same.
pub fn yaml_safe(json: String) -> String {
    let unsafe_char = |c: char| {
        matches!(
            c,
            '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{fffe}' | '\u{ffff}'
        )
    };
    if !json.contains(unsafe_char) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// The payload as JSON, for the nesting check: links made before serde_json wrote them
/// escaped characters outside the BMP as YAML does (`\U0001f600`), which JSON has no
/// escape for. Each such escape becomes the character itself; everything else is left
/// as it is.
pub fn legacy_escapes(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("\\U") {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\\') {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let decoded = from
            .strip_prefix("\\U")
            .and_then(|hex| hex.get(..8))
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .and_then(char::from_u32);
        match decoded {
            Some(c) => {
                out.push(c);
                rest = from.get(10..).unwrap_or_default();
            }
            None => {
                // Any other escape (`\\`, `\"`, `\u00e9`) is copied whole.
                out.push_str(from.get(..2).unwrap_or(from));
                rest = from.get(2..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_safe_json_reads_back_through_yaml_and_json() {
        let cases = [
            "",
            "plain",
            "a\"b\\c",
            "tab\there",
            "line\nbreak",
            "é",
            "\u{7f}\u{80}\u{85}\u{9f}",
            "\u{2028}\u{2029}\u{feff}\u{fffe}\u{ffff}",
            "😀",
            "\u{0}",
            "null",
            "08",
            "- x",
            "#",
            "key: value",
        ];
        for s in cases {
            let json = yaml_safe(serde_json::to_string(s).expect("json"));
            let back: String = serde_yaml::from_str(&json).expect(&json);
            assert_eq!(back, s, "{json}");
            let again: String = serde_json::from_str(&json).expect(&json);
            assert_eq!(again, s, "{json}");
        }
    }

    #[test]
    fn legacy_escapes_become_characters() {
        let cases = [
            (r#"{"a":"\U0001f600"}"#, "{\"a\":\"😀\"}"),
            (r#"{"a":"x\\U0001f600"}"#, r#"{"a":"x\\U0001f600"}"#),
            (r#"{"a":"\u00e9\U0001F600\""}"#, "{\"a\":\"\\u00e9😀\\\"\"}"),
            (r#"{"a":"\U0011ffff"}"#, r#"{"a":"\U0011ffff"}"#),
            (r#"{"a":"\U12"}"#, r#"{"a":"\U12"}"#),
            ("plain", "plain"),
        ];
        for (text, want) in cases {
            assert_eq!(legacy_escapes(text), want, "{text}");
        }
    }
}
