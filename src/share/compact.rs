//! Defaults left out: a share payload holds only what differs from a frozen baseline.
//!
//! Each format version freezes the Environment defaults it was made with
//! ([`BASELINE_V1`]), so a link keeps meaning the same configuration after the app's
//! defaults change. Mappings are compared key by key; sequences and tagged choices
//! (`kind:` / `backend:` maps) are kept or left out whole.

use crate::doc::{Map, Value};

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

/// A mapping that carries a variant tag is replaced whole, never merged key by key.
fn is_tagged(map: &Map) -> bool {
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
    map.retain(|k, v| base.get_value(k) != Some(v));
    for (k, v) in map.iter_mut() {
        if let Some(b) = base.get_value(k) {
            prune(v, b);
        }
    }
}

/// The inverse of [`prune`]: fills `doc` with every entry of `baseline` it leaves out.
pub fn merge(doc: &mut Value, baseline: &Value) {
    let (Value::Mapping(map), Value::Mapping(base)) = (doc, baseline) else {
        return;
    };
    if is_tagged(map) || is_tagged(base) {
        return;
    }
    for (k, b) in base.iter() {
        // The baseline's keys are all strings.
        let Some(key) = k.as_str() else { continue };
        match map.get_mut(key) {
            Some(v) => merge(v, b),
            None => map.insert(k.clone(), b.clone()),
        }
    }
}

/// The number of nodes and the deepest nesting of a document.
pub fn measure(doc: &Value) -> (usize, usize) {
    fn walk(v: &Value, depth: usize, nodes: &mut usize, deepest: &mut usize) {
        *nodes += 1;
        *deepest = (*deepest).max(depth);
        match v {
            Value::Sequence(s) => s.iter().for_each(|x| walk(x, depth + 1, nodes, deepest)),
            Value::Mapping(m) => m.iter().for_each(|(k, x)| {
                walk(k, depth + 1, nodes, deepest);
                walk(x, depth + 1, nodes, deepest);
            }),
            _ => {}
        }
    }
    let (mut nodes, mut deepest) = (0, 0);
    walk(doc, 0, &mut nodes, &mut deepest);
    (nodes, deepest)
}
