//! The values types read from and written to a [`Value`] tree, by hand.
//!
//! The readers keep the semantics of the serde derives they replace (`default`,
//! camelCase keys, unknown keys ignored, `skip_serializing_if = "Option::is_none"`) so
//! that the wasm build links no serde visitor. Where the tree cannot tell what serde_yaml
//! could, null counts as absent: a struct or a list that is null reads as its default,
//! and a string field that is null reads as "" (serde_yaml read `key:` as "" but `key: ~`
//! as "~" or an error). Like serde_yaml, a text field takes any scalar: `version: 1` in
//! `matchLabels` is the label value "1".

use super::{
    EgressRule, EgressValues, IngressRule, IngressValues, IpBlock, LabelSelector,
    LabelSelectorRequirement, Labels, Peer, PolicyPort, PortValue, Values, ValuesFile,
};
use crate::doc::{Fields, FromValue, Map, Number, Path, ShapeError, ToValue, Value};

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
        Number::Float(f) => format!("{f:?}"),
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

/// A list of text fields.
fn texts(v: Option<Vec<Text>>) -> Option<Vec<String>> {
    v.map(|items| items.into_iter().map(|t| t.0).collect())
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

/// `v` as a struct's fields, or `None` when it is null (the struct's default). Unknown
/// keys are ignored, but like serde's field names they must be scalars.
fn fields<'a>(v: &'a Value, at: &Path, what: &str) -> Result<Option<Fields<'a>>, ShapeError> {
    match v {
        Value::Null => Ok(None),
        Value::Mapping(map) => match map.keys().find(|k| k.is_mapping() || k.is_sequence()) {
            Some(k) => Err(at.expected("a field name", k)),
            None => Fields::of(v, at, what).map(Some),
        },
        other => Err(at.expected(what, other)),
    }
}

impl FromValue for ValuesFile {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let Some(mut f) = fields(v, at, "a values file (a mapping)")? else {
            return Ok(ValuesFile::default());
        };
        Ok(ValuesFile {
            network_policy: f.or_default("networkPolicy", at)?,
        })
    }
}

impl FromValue for Values {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let Some(mut f) = fields(v, at, "the networkPolicy mapping")? else {
            return Ok(Values::default());
        };
        Ok(Values {
            enabled: f.or_default("enabled", at)?,
            ingress: f.or_default("ingress", at)?,
            egress: f.or_default("egress", at)?,
        })
    }
}

impl FromValue for IngressValues {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let Some(mut f) = fields(v, at, "the ingress mapping")? else {
            return Ok(IngressValues::default());
        };
        let from_namespaces: Vec<LabelMap> = f.or_default("fromNamespaces", at)?;
        Ok(IngressValues {
            from_namespaces: from_namespaces.into_iter().map(|l| l.0).collect(),
            extra: f.or_default("extra", at)?,
        })
    }
}

impl FromValue for EgressValues {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let Some(mut f) = fields(v, at, "the egress mapping")? else {
            return Ok(EgressValues::default());
        };
        Ok(EgressValues {
            extra: f.or_default("extra", at)?,
        })
    }
}

impl FromValue for IngressRule {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let Some(mut f) = fields(v, at, "an ingress rule (a mapping)")? else {
            return Ok(IngressRule::default());
        };
        Ok(IngressRule {
            from: f.get("from", at)?,
            ports: f.get("ports", at)?,
        })
    }
}

impl FromValue for EgressRule {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let Some(mut f) = fields(v, at, "an egress rule (a mapping)")? else {
            return Ok(EgressRule::default());
        };
        Ok(EgressRule {
            to: f.get("to", at)?,
            ports: f.get("ports", at)?,
        })
    }
}

impl FromValue for Peer {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let Some(mut f) = fields(v, at, "a peer (a mapping)")? else {
            return Ok(Peer::default());
        };
        Ok(Peer {
            pod_selector: f.get("podSelector", at)?,
            namespace_selector: f.get("namespaceSelector", at)?,
            ip_block: f.get("ipBlock", at)?,
        })
    }
}

impl FromValue for LabelSelector {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let Some(mut f) = fields(v, at, "a label selector (a mapping)")? else {
            return Ok(LabelSelector::default());
        };
        let match_labels: Option<LabelMap> = f.get("matchLabels", at)?;
        Ok(LabelSelector {
            match_labels: match_labels.map(|l| l.0),
            match_expressions: f.get("matchExpressions", at)?,
        })
    }
}

impl FromValue for LabelSelectorRequirement {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let Some(mut f) = fields(v, at, "a label selector requirement (a mapping)")? else {
            return Ok(LabelSelectorRequirement::default());
        };
        let key: Option<Text> = f.get("key", at)?;
        let operator: Option<Text> = f.get("operator", at)?;
        Ok(LabelSelectorRequirement {
            key: key.map(|t| t.0).unwrap_or_default(),
            operator: operator.map(|t| t.0).unwrap_or_default(),
            values: texts(f.get("values", at)?),
        })
    }
}

impl FromValue for IpBlock {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let Some(mut f) = fields(v, at, "an ipBlock (a mapping)")? else {
            return Ok(IpBlock::default());
        };
        let cidr: Option<Text> = f.get("cidr", at)?;
        Ok(IpBlock {
            cidr: cidr.map(|t| t.0).unwrap_or_default(),
            except: texts(f.get("except", at)?),
        })
    }
}

impl FromValue for PolicyPort {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let Some(mut f) = fields(v, at, "a port (a mapping)")? else {
            return Ok(PolicyPort::default());
        };
        let protocol: Option<Text> = f.get("protocol", at)?;
        Ok(PolicyPort {
            protocol: protocol.map(|t| t.0),
            port: f.get("port", at)?,
            end_port: f.get("endPort", at)?,
        })
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

/// Builds a mapping, leaving out `None`s (`skip_serializing_if = "Option::is_none"`).
struct Out(Map);

impl Out {
    fn new() -> Self {
        Out(Map::new())
    }

    fn put(mut self, key: &str, v: &impl ToValue) -> Self {
        self.0.insert(key, v.to_value());
        self
    }

    fn opt<T: ToValue>(mut self, key: &str, v: &Option<T>) -> Self {
        if let Some(v) = v {
            self.0.insert(key, v.to_value());
        }
        self
    }

    fn done(self) -> Value {
        Value::Mapping(self.0)
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

    fn read<T: FromValue>(yaml: &str) -> Result<T, String> {
        let v = crate::doc::parse(yaml).map_err(|e| e.to_string())?;
        T::from_value(&v, &mut Path::root()).map_err(|e| e.to_string())
    }

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
                "ingress: {? [a] : 1}",
                Err("ingress: expected a field name, found a sequence"),
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
