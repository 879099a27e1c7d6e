//! A chart values file back into form inputs.
//!
//! The builder emits rules in a fixed order (sources, then the agent tunnel; the egress
//! posture, destinations, credentials, DNS; then custom rules) and imported rules must
//! come back in *their* order. So the importer maps back the longest prefix of each list
//! that the builder would produce from form inputs, and keeps everything after it as
//! [`VerbatimRule`]s, which the builder emits unchanged after its own rules. It then
//! builds the result and compares: when the values are not exactly the imported block
//! (a case the mapping did not foresee), every rule is kept verbatim instead. Either way
//! the generated block equals the imported one and nothing is dropped.

use super::related::{related, Related};
use super::{check_limit, document_values, parse_document, ImportError, MAX_IMPORT_BYTES};
use crate::builder::{build, NAMESPACE_NAME_LABEL};
use crate::cidr::parse_cidr;
use crate::model::{
    AgentTunnel, CidrList, Controller, Credentials, Dns, EgressPosture, Environment, IngressSource,
    IpFamily, Label, PortText, VerbatimRule,
};
use crate::names;
use crate::values::{EgressRule, IngressRule, Labels, Peer, PolicyPort, Values};
use serde_yaml::Value;

/// The most entries of one list mapped back to inputs; the rest stay verbatim. Keeps the
/// mapping linear for megabyte-sized files (the builder deduplicates sources pairwise).
const MAX_MAPPED: usize = 256;
/// The most notes about ignored keys.
const MAX_IGNORED_NOTES: usize = 10;

/// An imported values file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The form inputs; building them gives back the imported `networkPolicy` block.
    pub env: Environment,
    /// How many rules and entries became form inputs.
    pub mapped: usize,
    /// How many were kept verbatim.
    pub verbatim: usize,
    /// What the operator should know: settings of the file the block does not serve,
    /// keys that are not part of a NetworkPolicy.
    pub notes: Vec<String>,
}

/// Imports a chart values file (whole, just the `networkPolicy` block, or the block's
/// contents) into an Environment whose generated values equal the imported block.
///
/// ```
/// use periscope_netpol::import::import_environment;
/// let text = "service: {port: 9090}\nnetworkPolicy:\n  enabled: true\n  ingress:\n    fromNamespaces:\n      - kubernetes.io/metadata.name: traefik\n";
/// let imported = import_environment(text).unwrap();
/// assert_eq!(imported.env.release.service_port.as_str(), "9090");
/// assert_eq!(imported.mapped, 1);
/// let err = import_environment("networkPolicy:\n  enabled: [\n").unwrap_err();
/// assert!(err.to_string().contains("at line 3 column 1"), "{err}");
/// ```
pub fn import_environment(text: &str) -> Result<Imported, ImportError> {
    check_limit(text, MAX_IMPORT_BYTES)?;
    if text.trim().is_empty() {
        return Err(ImportError::Shape {
            message: "the input is empty: paste a values file or its networkPolicy block".into(),
        });
    }
    let doc = parse_document(text)?;
    if !doc.is_mapping() {
        return Err(ImportError::Shape {
            message: "expected a values file or a networkPolicy block (a mapping)".into(),
        });
    }
    let values = document_values(text, &doc)?;
    let mut notes = Vec::new();
    let has_key = doc.get("networkPolicy").is_some();
    let block = super::network_policy_block(&doc);
    let is_block_only = !has_key && std::ptr::eq(block, &doc);
    if !has_key && !is_block_only {
        notes.push("the file has no networkPolicy block: the chart's defaults apply (the policy is disabled)".to_owned());
    }
    ignored_keys(block, &values, "networkPolicy", &mut notes);
    let rel = if is_block_only {
        None
    } else {
        Some(related(&doc))
    };
    let base = base_env(&values, rel.as_ref());
    let (mut env, mut mapped) = map_back(&values, rel.as_ref(), base.clone());
    if build(&env).values != values {
        env = base;
        mapped = 0;
        env.verbatim = verbatim_from(&values, 0, 0, 0);
    }
    if let Some(rel) = &rel {
        related_notes(rel, &env, &mut notes);
    }
    let verbatim = env.verbatim.len();
    Ok(Imported {
        env,
        mapped,
        verbatim,
        notes,
    })
}

/// The Environment of the related settings alone: it generates no rule of its own.
fn base_env(values: &Values, rel: Option<&Related>) -> Environment {
    let mut env = Environment {
        enabled: values.enabled,
        ingress: Vec::new(),
        egress: EgressPosture::Explicit,
        ..Environment::default()
    };
    let Some(rel) = rel else {
        return env;
    };
    if let Some(port) = &rel.service_port {
        env.release.service_port = port.clone();
    }
    env.release.name_override.clone_from(&rel.name_override);
    env.release
        .fullname_override
        .clone_from(&rel.fullname_override);
    env.idp.issuer.clone_from(&rel.issuer);
    env.secrets_mode = rel.secrets_mode();
    env.clusters.clone_from(&rel.clusters);
    // Pod Identity and the node role add rules: they are set only when the block has them.
    env.aws.credentials = match rel.credentials() {
        Credentials::PodIdentity | Credentials::NodeRole if rel.irsa => Credentials::Irsa,
        Credentials::PodIdentity | Credentials::NodeRole => Credentials::None,
        c => c,
    };
    env
}

/// Maps the longest buildable prefix of each list to inputs, the rest to verbatim rules.
fn map_back(values: &Values, rel: Option<&Related>, mut env: Environment) -> (Environment, usize) {
    let mut seen: Vec<&Labels> = Vec::new();
    for labels in values.ingress.from_namespaces.iter().take(MAX_MAPPED) {
        match source_for(labels) {
            Some(source) if !seen.contains(&labels) => {
                env.ingress.push(source);
                seen.push(labels);
            }
            _ => break,
        }
    }
    let fns = seen.len();

    let service_port = env
        .release
        .service_port
        .number()
        .filter(|&p| p > 0)
        .unwrap_or(crate::builder::DEFAULT_SERVICE_PORT);
    let extra = &values.ingress.extra;
    let mut ing = 0;
    while ing < MAX_MAPPED {
        let Some(cidrs) = extra.get(ing).and_then(|r| lb_cidrs(r, service_port)) else {
            break;
        };
        env.ingress.push(IngressSource::LoadBalancer { cidrs });
        ing += 1;
    }
    if let Some(port) = rel.and_then(|r| r.agent_port.clone()) {
        if let Some(cidrs) = extra.get(ing).and_then(|r| agent_cidrs(r, &port)) {
            env.agent = AgentTunnel {
                enabled: true,
                port,
                cidrs,
            };
            ing += 1;
        }
    }

    let egr = map_egress(&values.egress.extra, &mut env);
    env.verbatim = verbatim_from(values, fns, ing, egr);
    (env, fns + ing + egr)
}

/// Tries the posture, credential and DNS choices in the builder's order, keeping each
/// one whose rules continue the imported list; returns how many rules they cover.
fn map_egress(target: &[EgressRule], env: &mut Environment) -> usize {
    let families = [IpFamily::Ipv4, IpFamily::DualStack, IpFamily::Ipv6];
    let mut covered = 0;
    // The first candidate whose generated rules extend the covered prefix.
    let mut step = |env: &mut Environment, candidates: Vec<Environment>| -> bool {
        for candidate in candidates {
            let gen = build(&candidate).values.egress.extra;
            if gen.len() > covered && target.starts_with(&gen) {
                covered = gen.len();
                *env = candidate;
                return true;
            }
        }
        false
    };
    let with = |env: &Environment, f: &dyn Fn(&mut Environment)| {
        let mut e = env.clone();
        f(&mut e);
        e
    };
    let postures = families
        .iter()
        .map(|&fam| {
            with(env, &|e| {
                e.egress = EgressPosture::InternetHttps;
                e.ip_family = fam;
            })
        })
        .collect();
    let fams: Vec<IpFamily> = if step(env, postures) {
        vec![env.ip_family]
    } else {
        families.to_vec()
    };
    let mut creds = Vec::new();
    for c in [Credentials::PodIdentity, Credentials::NodeRole] {
        for &fam in &fams {
            creds.push(with(env, &|e| {
                e.aws.credentials = c;
                e.ip_family = fam;
            }));
        }
    }
    step(env, creds);
    let dns = [Dns::Coredns, Dns::NodeLocal, Dns::GkeCloudDns]
        .iter()
        .map(|&d| with(env, &|e| e.dns = d))
        .collect();
    step(env, dns);
    covered
}

/// Everything after the mapped prefixes, kept verbatim.
fn verbatim_from(values: &Values, fns: usize, ing: usize, egr: usize) -> Vec<VerbatimRule> {
    let fns = values.ingress.from_namespaces.iter().skip(fns);
    let ing = values.ingress.extra.iter().skip(ing);
    let egr = values.egress.extra.iter().skip(egr);
    fns.map(|l| VerbatimRule::FromNamespaces(l.clone()))
        .chain(ing.map(|r| VerbatimRule::Ingress(r.clone())))
        .chain(egr.map(|r| VerbatimRule::Egress(r.clone())))
        .collect()
}

/// The ingress source the builder turns into exactly this `fromNamespaces` entry.
fn source_for(labels: &Labels) -> Option<IngressSource> {
    if labels.is_empty()
        || labels
            .iter()
            .any(|(k, v)| names::label_key(k).is_err() || names::label_value(v).is_err())
    {
        return None;
    }
    if let (1, Some(ns)) = (labels.len(), labels.get(NAMESPACE_NAME_LABEL)) {
        if names::namespace(ns).is_ok() {
            if let Some(c) = Controller::ALL.iter().find(|c| c.default_namespace() == ns) {
                return Some(IngressSource::Controller {
                    controller: *c,
                    namespace: ns.clone(),
                });
            }
        }
    }
    Some(IngressSource::Namespace {
        labels: labels.iter().map(|(k, v)| Label::new(k, v)).collect(),
    })
}

/// The normalised, distinct CIDRs of peers that are plain `ipBlock`s without `except`.
fn plain_cidrs(peers: &[Peer]) -> Option<CidrList> {
    let mut seen: Vec<&str> = Vec::new();
    for p in peers.iter().take(MAX_MAPPED) {
        let block = match p {
            Peer {
                pod_selector: None,
                namespace_selector: None,
                ip_block: Some(b),
            } if b.except.is_none() => b,
            _ => return None,
        };
        let parsed = parse_cidr(&block.cidr).ok()?;
        if parsed.typed.is_some() || seen.contains(&block.cidr.as_str()) {
            return None;
        }
        seen.push(&block.cidr);
    }
    (seen.len() == peers.len()).then(|| CidrList::from_entries(seen))
}

/// A load balancer source's rule: its CIDRs on TCP `service.port`.
fn lb_cidrs(rule: &IngressRule, service_port: u16) -> Option<CidrList> {
    if rule.ports.as_deref() != Some(&[PolicyPort::number("TCP", service_port)]) {
        return None;
    }
    let peers = rule.from.as_deref().filter(|p| !p.is_empty())?;
    plain_cidrs(peers)
}

/// The agent tunnel's rule: TCP on the agent port, from its CIDRs or from anywhere.
fn agent_cidrs(rule: &IngressRule, port: &PortText) -> Option<CidrList> {
    let port = port.number().filter(|&p| p > 0)?;
    if rule.ports.as_deref() != Some(&[PolicyPort::number("TCP", port)]) {
        return None;
    }
    match rule.from.as_deref() {
        None => Some(CidrList::default()),
        Some([]) => None,
        Some(peers) => plain_cidrs(peers),
    }
}

/// Settings of the file that the imported block does not serve.
fn related_notes(rel: &Related, env: &Environment, notes: &mut Vec<String>) {
    if rel.pod_identity && env.aws.credentials != Credentials::PodIdentity {
        notes.push("podIdentity.enabled is true, but the block has no rule for the Pod Identity agent (169.254.170.23, TCP 80): choose Pod Identity under AWS to add it".into());
    }
    if rel.credentials() == Credentials::NodeRole && env.aws.credentials != Credentials::NodeRole {
        notes.push("no Pod Identity and no IRSA annotation: the AWS SDK falls back to the node role via IMDS, which the block does not allow; choose the node role under AWS to add it".into());
    }
    if rel.agent_port.is_some() && !env.agent.enabled {
        notes.push("agent.enabled is true, but no ingress rule of the block opens the tunnel port: turn on the agent tunnel to add one".into());
    }
    for b in &rel.unknown_backends {
        notes.push(format!(
            "{b} is not a backend the form knows; that cluster is left out"
        ));
    }
}

/// Keys of the block that are not part of the chart's values or of a NetworkPolicy
/// (the chart and the API server drop them), named by path.
fn ignored_keys(block: &Value, values: &Values, path: &str, notes: &mut Vec<String>) {
    // Plain data always serializes; `Null` would only report every key as unknown.
    let typed = serde_yaml::to_value(values).unwrap_or(Value::Null);
    let mut found = Vec::new();
    walk_ignored(block, &typed, path, &mut found);
    let more = found.len().saturating_sub(MAX_IGNORED_NOTES);
    for p in found.into_iter().take(MAX_IGNORED_NOTES) {
        notes.push(format!(
            "{p} is not a NetworkPolicy field: the API server ignores it, so it is left out"
        ));
    }
    if more > 0 {
        notes.push(format!("{more} more unknown keys are left out"));
    }
}

fn walk_ignored(given: &Value, typed: &Value, path: &str, found: &mut Vec<String>) {
    match (given, typed) {
        (Value::Mapping(g), Value::Mapping(t)) => {
            for (k, v) in g.iter() {
                // A scalar key is read as its text (`1:` in `matchLabels` is the label
                // "1"), so it is looked up by its text.
                let text = key_text(k);
                let name = text
                    .clone()
                    .unwrap_or_else(|| "[a non-scalar key]".to_owned());
                let p = format!("{path}.{name}");
                match text.as_deref().and_then(|key| t.get(key)) {
                    Some(tv) => walk_ignored(v, tv, &p, found),
                    None if v.is_null() => {}
                    None => {
                        // `from`/`to`/`ports`/selectors absent from the typed form are
                        // only those that were null; anything else is unknown.
                        found.push(p);
                    }
                }
            }
        }
        (Value::Sequence(g), Value::Sequence(t)) => {
            for (i, (gv, tv)) in g.iter().zip(t).enumerate() {
                walk_ignored(gv, tv, &format!("{path}[{i}]"), found);
            }
        }
        _ => {}
    }
}

/// A scalar key as the text serde matches against field names (`1:` in `matchLabels` is
/// the label "1"); `None` for a sequence or a mapping.
fn key_text(k: &Value) -> Option<String> {
    match k {
        Value::Null => Some(String::new()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        Value::Sequence(_) | Value::Mapping(_) | Value::Tagged(_) => None,
    }
}
