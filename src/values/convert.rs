//! The values types read from and written to a [`Value`] tree, by hand.
//!
//! The readers keep the semantics of the serde derives they replace (`default`,
//! camelCase keys, unknown keys ignored, entries read in document order so the first bad
//! one is reported, `skip_serializing_if = "Option::is_none"` when writing) so that the
//! wasm build links no serde visitor. Like serde_yaml, a text field takes any scalar:
//! `version: 1` in `matchLabels` is the label value "1".
//!
//! Null counts as absent, where serde_yaml told an empty value from a spelled-out `~`:
//! a boolean, struct or list that is null reads as its default (serde_yaml refused
//! `enabled:` and `ingress: ~`; Helm itself unsets a null key, so the chart's default
//! applies), and a text that is null reads as "" (serde_yaml read `key:` as "" but
//! `key: ~` as "~"). `tests/values_convert.rs` checks both against serde on every corpus.

use super::{
    EgressRule, EgressValues, IngressRule, IngressValues, IpBlock, LabelSelector,
    LabelSelectorRequirement, Labels, Peer, PolicyPort, PortValue, Values, ValuesFile,
};
use crate::doc::{
    float, read, read_items, read_some, FromValue, Number, Out, Path, ShapeError, ToValue, Value,
};

/// A scalar as the text a string field gets (serde_yaml read any scalar into a string).
/// `None` for a sequence or a mapping.
pub(crate) fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => Some(String::new()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(number_text(n)),
        Value::String(s) => Some(s.clone()),
        Value::Sequence(_) | Value::Mapping(_) => None,
    }
}

/// A number as YAML writes it (`.inf`, `.nan`, `1.5`, `1e20`).
pub(crate) fn number_text(n: &Number) -> String {
    match *n {
        Number::PosInt(u) => u.to_string(),
        Number::NegInt(i) => i.to_string(),
        Number::Float(f) if f.is_nan() => ".nan".to_owned(),
        Number::Float(f) if f.is_infinite() && f > 0.0 => ".inf".to_owned(),
        Number::Float(f) if f.is_infinite() => "-.inf".to_owned(),
        Number::Float(f) => float::debug(f),
    }
}

/// A text field: any scalar, as its text.
struct Text(String);

impl FromValue for Text {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        scalar_text(v)
            .map(Text)
            .ok_or_else(|| at.expected("a string", v))
    }
}

/// A label map: scalar keys and values, as text; null is the empty map.
struct LabelMap(Labels);

impl FromValue for LabelMap {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let map = match v {
            Value::Null => return Ok(LabelMap(Labels::new())),
            Value::Mapping(map) => map,
            other => return Err(at.expected("a mapping of labels", other)),
        };
        let mut out = Labels::new();
        for (k, item) in map.iter() {
            let key = scalar_text(k).ok_or_else(|| at.expected("a label key", k))?;
            at.push_key(&key);
            let read = Text::from_value(item, at);
            at.pop();
            out.insert(key, read?.0);
        }
        Ok(LabelMap(out))
    }
}

/// Reads a struct's mapping entry by entry, in document order (so the first bad entry is
/// the one reported, as with serde): `field` reads the keys it knows and ignores the
/// others. Null, as a whole or as an entry's value, reads nothing: the defaults stand.
/// Keys need not be strings (serde matched a scalar key's text against the field names)
/// but may not be sequences or mappings.
///
/// `field` is a `dyn`: one copy of the loop in the wasm, not one per struct.
fn read_fields(
    v: &Value,
    at: &mut Path,
    what: &str,
    field: &mut dyn FnMut(&str, &Value, &mut Path) -> Result<(), ShapeError>,
) -> Result<(), ShapeError> {
    let map = match v {
        Value::Null => return Ok(()),
        Value::Mapping(map) => map,
        other => return Err(at.expected(what, other)),
    };
    for (k, item) in map.iter() {
        if k.is_sequence() || k.is_mapping() {
            return Err(at.expected("a field name", k));
        }
        let Some(key) = k.as_str() else { continue };
        if item.is_null() {
            continue;
        }
        at.push_key(key);
        let read = field(key, item, at);
        at.pop();
        read?;
    }
    Ok(())
}

/// A text field, read into its slot.
fn text(slot: &mut String, v: &Value, at: &mut Path) -> Result<(), ShapeError> {
    *slot = Text::from_value(v, at)?.0;
    Ok(())
}

/// An optional text field that is present, read into its slot.
fn some_text(slot: &mut Option<String>, v: &Value, at: &mut Path) -> Result<(), ShapeError> {
    *slot = Some(Text::from_value(v, at)?.0);
    Ok(())
}

/// An optional list of text fields that is present, read into its slot.
fn some_text_list(
    slot: &mut Option<Vec<String>>,
    v: &Value,
    at: &mut Path,
) -> Result<(), ShapeError> {
    let mut out = Vec::new();
    read_items(v, at, "a sequence", &mut |item, at| {
        out.push(Text::from_value(item, at)?.0);
        Ok(())
    })?;
    *slot = Some(out);
    Ok(())
}

impl FromValue for ValuesFile {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let mut out = ValuesFile::default();
        read_fields(
            v,
            at,
            "a values file (a mapping)",
            &mut |key, item, at| match key {
                "networkPolicy" => read(&mut out.network_policy, item, at),
                _ => Ok(()),
            },
        )?;
        Ok(out)
    }
}

impl FromValue for Values {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let mut out = Values::default();
        read_fields(
            v,
            at,
            "the networkPolicy mapping",
            &mut |key, item, at| match key {
                "enabled" => read(&mut out.enabled, item, at),
                "ingress" => read(&mut out.ingress, item, at),
                "egress" => read(&mut out.egress, item, at),
                _ => Ok(()),
            },
        )?;
        Ok(out)
    }
}

impl FromValue for IngressValues {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let mut out = IngressValues::default();
        read_fields(
            v,
            at,
            "the ingress mapping",
            &mut |key, item, at| match key {
                "fromNamespaces" => {
                    let read = Vec::<LabelMap>::from_value(item, at)?;
                    out.from_namespaces = read.into_iter().map(|l| l.0).collect();
                    Ok(())
                }
                "extra" => read(&mut out.extra, item, at),
                _ => Ok(()),
            },
        )?;
        Ok(out)
    }
}

impl FromValue for EgressValues {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let mut out = EgressValues::default();
        read_fields(
            v,
            at,
            "the egress mapping",
            &mut |key, item, at| match key {
                "extra" => read(&mut out.extra, item, at),
                _ => Ok(()),
            },
        )?;
        Ok(out)
    }
}

impl FromValue for IngressRule {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let mut out = IngressRule::default();
        read_fields(
            v,
            at,
            "an ingress rule (a mapping)",
            &mut |key, item, at| match key {
                "from" => read_some(&mut out.from, item, at),
                "ports" => read_some(&mut out.ports, item, at),
                _ => Ok(()),
            },
        )?;
        Ok(out)
    }
}

impl FromValue for EgressRule {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let mut out = EgressRule::default();
        read_fields(
            v,
            at,
            "an egress rule (a mapping)",
            &mut |key, item, at| match key {
                "to" => read_some(&mut out.to, item, at),
                "ports" => read_some(&mut out.ports, item, at),
                _ => Ok(()),
            },
        )?;
        Ok(out)
    }
}

impl FromValue for Peer {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let mut out = Peer::default();
        read_fields(
            v,
            at,
            "a peer (a mapping)",
            &mut |key, item, at| match key {
                "podSelector" => read_some(&mut out.pod_selector, item, at),
                "namespaceSelector" => read_some(&mut out.namespace_selector, item, at),
                "ipBlock" => read_some(&mut out.ip_block, item, at),
                _ => Ok(()),
            },
        )?;
        Ok(out)
    }
}

impl FromValue for LabelSelector {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let mut out = LabelSelector::default();
        read_fields(
            v,
            at,
            "a label selector (a mapping)",
            &mut |key, item, at| match key {
                "matchLabels" => {
                    out.match_labels = Some(LabelMap::from_value(item, at)?.0);
                    Ok(())
                }
                "matchExpressions" => read_some(&mut out.match_expressions, item, at),
                _ => Ok(()),
            },
        )?;
        Ok(out)
    }
}

impl FromValue for LabelSelectorRequirement {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let mut out = LabelSelectorRequirement::default();
        read_fields(
            v,
            at,
            "a label selector requirement (a mapping)",
            &mut |key, item, at| match key {
                "key" => text(&mut out.key, item, at),
                "operator" => text(&mut out.operator, item, at),
                "values" => some_text_list(&mut out.values, item, at),
                _ => Ok(()),
            },
        )?;
        Ok(out)
    }
}

impl FromValue for IpBlock {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let mut out = IpBlock::default();
        read_fields(
            v,
            at,
            "an ipBlock (a mapping)",
            &mut |key, item, at| match key {
                "cidr" => text(&mut out.cidr, item, at),
                "except" => some_text_list(&mut out.except, item, at),
                _ => Ok(()),
            },
        )?;
        Ok(out)
    }
}

impl FromValue for PolicyPort {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let mut out = PolicyPort::default();
        read_fields(
            v,
            at,
            "a port (a mapping)",
            &mut |key, item, at| match key {
                "protocol" => some_text(&mut out.protocol, item, at),
                "port" => read_some(&mut out.port, item, at),
                "endPort" => read_some(&mut out.end_port, item, at),
                _ => Ok(()),
            },
        )?;
        Ok(out)
    }
}

impl FromValue for PortValue {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        match v {
            Value::Number(Number::PosInt(n)) => i64::try_from(*n)
                .map(PortValue::Number)
                .map_err(|_| at.error(format!("port {n} is out of range"))),
            Value::Number(Number::NegInt(n)) => Ok(PortValue::Number(*n)),
            Value::String(s) => Ok(PortValue::Name(s.clone())),
            other => Err(at.expected("a number or a port name", other)),
        }
    }
}

impl ToValue for ValuesFile {
    fn to_value(&self) -> Value {
        Out::new().put("networkPolicy", &self.network_policy).done()
    }
}

impl ToValue for Values {
    fn to_value(&self) -> Value {
        Out::new()
            .put("enabled", &self.enabled)
            .put("ingress", &self.ingress)
            .put("egress", &self.egress)
            .done()
    }
}

impl ToValue for IngressValues {
    fn to_value(&self) -> Value {
        Out::new()
            .put("fromNamespaces", &self.from_namespaces)
            .put("extra", &self.extra)
            .done()
    }
}

impl ToValue for EgressValues {
    fn to_value(&self) -> Value {
        Out::new().put("extra", &self.extra).done()
    }
}

impl ToValue for IngressRule {
    fn to_value(&self) -> Value {
        Out::new()
            .opt("from", &self.from)
            .opt("ports", &self.ports)
            .done()
    }
}

impl ToValue for EgressRule {
    fn to_value(&self) -> Value {
        Out::new()
            .opt("to", &self.to)
            .opt("ports", &self.ports)
            .done()
    }
}

impl ToValue for Peer {
    fn to_value(&self) -> Value {
        Out::new()
            .opt("podSelector", &self.pod_selector)
            .opt("namespaceSelector", &self.namespace_selector)
            .opt("ipBlock", &self.ip_block)
            .done()
    }
}

impl ToValue for LabelSelector {
    fn to_value(&self) -> Value {
        Out::new()
            .opt("matchLabels", &self.match_labels)
            .opt("matchExpressions", &self.match_expressions)
            .done()
    }
}

impl ToValue for LabelSelectorRequirement {
    fn to_value(&self) -> Value {
        Out::new()
            .put("key", &self.key)
            .put("operator", &self.operator)
            .opt("values", &self.values)
            .done()
    }
}

impl ToValue for IpBlock {
    fn to_value(&self) -> Value {
        Out::new()
            .put("cidr", &self.cidr)
            .opt("except", &self.except)
            .done()
    }
}

impl ToValue for PolicyPort {
    fn to_value(&self) -> Value {
        Out::new()
            .opt("protocol", &self.protocol)
            .opt("port", &self.port)
            .opt("endPort", &self.end_port)
            .done()
    }
}

impl ToValue for PortValue {
    fn to_value(&self) -> Value {
        match self {
            PortValue::Number(n) => Value::from(*n),
            PortValue::Name(s) => Value::from(s.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::doc::read_yaml as read;
    use crate::doc::Map;

    #[test]
    fn reads_like_the_derives() {
        let cases: &[(&str, Result<Values, &str>)] = &[
            ("{}", Ok(Values::default())),
            ("enabled: true\nbogus: 1\n", Ok(Values { enabled: true, ..Values::default() })),
            ("ingress:\negress: ~\n", Ok(Values::default())),
            ("enabled: yes\n", Err("enabled: expected a boolean, found the string `yes`")),
            ("[1]", Err("expected the networkPolicy mapping, found a sequence")),
            (
                "egress: {extra: [{ports: [{port: [1]}]}]}",
                Err("egress.extra[0].ports[0].port: expected a number or a port name, found a sequence"),
            ),
            (
                "egress: {extra: [{ports: [{port: 9223372036854775808}]}]}",
                Err("egress.extra[0].ports[0].port: port 9223372036854775808 is out of range"),
            ),
            (
                "ingress: {fromNamespaces: [{a: [1]}]}",
                Err("ingress.fromNamespaces[0].a: expected a string, found a sequence"),
            ),
            (
                "egress: {extra: [{to: 1}]}",
                Err("egress.extra[0].to: expected a sequence, found the integer `1`"),
            ),
        ];
        for (yaml, want) in cases {
            let got = read::<Values>(yaml);
            match want {
                Ok(v) => assert_eq!(got.as_ref(), Ok(v), "{yaml}"),
                Err(msg) => assert_eq!(got.as_ref().map_err(String::as_str), Err(*msg), "{yaml}"),
            }
        }
    }

    #[test]
    fn field_names_are_scalars() {
        // The YAML reader refuses such keys; a tree built otherwise may have them.
        let mut rule = Map::new();
        rule.insert(Value::Sequence(vec![Value::from("a")]), Value::from(1));
        let mut at = Path::keys(&["ingress"]);
        assert_eq!(
            IngressValues::from_value(&Value::Mapping(rule), &mut at).map_err(|e| e.to_string()),
            Err("ingress: expected a field name, found a sequence".to_owned())
        );
        assert_eq!(at, Path::keys(&["ingress"]));
    }

    #[test]
    fn text_fields_take_any_scalar() {
        let v: Values = read(
            "ingress:\n  fromNamespaces: [{version: 1, on: true}]\n  extra:\n  - from:\n    - ipBlock: {cidr: 10.0.0.0/8, except: [1.5]}\n",
        )
        .unwrap_or_default();
        let labels = v
            .ingress
            .from_namespaces
            .first()
            .cloned()
            .unwrap_or_default();
        assert_eq!(labels.get("version").map(String::as_str), Some("1"));
        assert_eq!(labels.get("on").map(String::as_str), Some("true"));
        let peer = v
            .ingress
            .extra
            .first()
            .and_then(|r| r.from.as_ref())
            .and_then(|p| p.first())
            .cloned()
            .unwrap_or_default();
        assert_eq!(peer, Peer::ip_block("10.0.0.0/8", vec!["1.5".into()]));
    }

    #[test]
    fn writes_declared_order_without_nones() {
        let rule = EgressRule {
            to: Some(vec![Peer::ip_block("10.0.0.0/8", vec![])]),
            ports: Some(vec![PolicyPort::number("TCP", 443)]),
        };
        let v = rule.to_value();
        let keys: Vec<_> = v
            .as_mapping()
            .map(|m| m.keys().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        assert_eq!(keys, ["to", "ports"]);
        let back = EgressRule::from_value(&v, &mut Path::root());
        assert_eq!(back, Ok(rule));
        assert_eq!(EgressRule::default().to_value(), Value::Mapping(Map::new()));
    }
}
