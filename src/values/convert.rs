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
    float, read_items, read_some, record, FromValue, Number, Path, SetField, ShapeError, ToValue,
    Value,
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
/// the one reported, as with serde): a key of `names` is read by `set`, with its index
/// there, and other keys are ignored. Null, as a whole or as an entry's value, reads
/// nothing: the defaults stand. Keys need not be strings (serde matched a scalar key's
/// text against the field names) but may not be sequences or mappings.
///
/// The [`record!`] tables below expand around it: one copy of the loop in the wasm.
fn read_fields(
    v: &Value,
    at: &mut Path,
    what: &str,
    names: &[&str],
    set: &mut SetField<'_>,
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
        let Some(index) = names.iter().position(|n| *n == key) else {
            continue;
        };
        at.push_key(key);
        let read = set(index, item, at);
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

/// A list of label maps, read into its slot.
fn label_maps(slot: &mut Vec<Labels>, v: &Value, at: &mut Path) -> Result<(), ShapeError> {
    let read = Vec::<LabelMap>::from_value(v, at)?;
    *slot = read.into_iter().map(|l| l.0).collect();
    Ok(())
}

/// An optional label map that is present, read into its slot.
fn some_labels(slot: &mut Option<Labels>, v: &Value, at: &mut Path) -> Result<(), ShapeError> {
    *slot = Some(LabelMap::from_value(v, at)?.0);
    Ok(())
}

record!(ValuesFile, "a values file (a mapping)", read_fields, [
    network_policy: "networkPolicy",
]);

record!(Values, "the networkPolicy mapping", read_fields, [
    enabled: "enabled",
    ingress: "ingress",
    egress: "egress",
]);

record!(IngressValues, "the ingress mapping", read_fields, [
    from_namespaces: "fromNamespaces" => label_maps,
    extra: "extra",
]);

record!(EgressValues, "the egress mapping", read_fields, [
    extra: "extra",
]);

record!(IngressRule, "an ingress rule (a mapping)", read_fields, [
    from: "from" => read_some / opt,
    ports: "ports" => read_some / opt,
]);

record!(EgressRule, "an egress rule (a mapping)", read_fields, [
    to: "to" => read_some / opt,
    ports: "ports" => read_some / opt,
]);

record!(Peer, "a peer (a mapping)", read_fields, [
    pod_selector: "podSelector" => read_some / opt,
    namespace_selector: "namespaceSelector" => read_some / opt,
    ip_block: "ipBlock" => read_some / opt,
]);

record!(LabelSelector, "a label selector (a mapping)", read_fields, [
    match_labels: "matchLabels" => some_labels / opt,
    match_expressions: "matchExpressions" => read_some / opt,
]);

record!(
    LabelSelectorRequirement,
    "a label selector requirement (a mapping)",
    read_fields,
    [
        key: "key" => text,
        operator: "operator" => text,
        values: "values" => some_text_list / opt,
    ]
);

record!(IpBlock, "an ipBlock (a mapping)", read_fields, [
    cidr: "cidr" => text,
    except: "except" => some_text_list / opt,
]);

record!(PolicyPort, "a port (a mapping)", read_fields, [
    protocol: "protocol" => some_text / opt,
    port: "port" => read_some / opt,
    end_port: "endPort" => read_some / opt,
]);

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
