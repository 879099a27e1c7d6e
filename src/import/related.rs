//! The chart values outside `networkPolicy` that shape the policy, read back into the
//! Environment: `service.port`, `podIdentity.enabled`, the IRSA annotation, `agent.*`,
//! `secrets.mode`, `clusters[].backend`, `auth.oidc.issuer`, and the name overrides.

use serde_yaml::Value;

use crate::model::{CidrList, Cluster, Credentials, EndpointAccess, PortText, SecretsMode};

/// What the rest of a values file says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Related {
    /// `service.port`, as written.
    pub service_port: Option<PortText>,
    /// `podIdentity.enabled`.
    pub pod_identity: bool,
    /// `serviceAccount.annotations."eks.amazonaws.com/role-arn"` is set.
    pub irsa: bool,
    /// `agent.enabled`, with the port of `agent.listenAddr` (8443 when absent).
    pub agent_port: Option<PortText>,
    /// `secrets.mode: native`.
    pub secrets_native: bool,
    /// `clusters[]` as Environment clusters (no CIDRs: the file cannot say them).
    pub clusters: Vec<Cluster>,
    /// Backends we do not know, as `clusters[i].backend 'x'`.
    pub unknown_backends: Vec<String>,
    /// `auth.oidc.issuer`.
    pub issuer: String,
    /// `nameOverride`.
    pub name_override: String,
    /// `fullnameOverride`.
    pub fullname_override: String,
}

fn at<'a>(doc: &'a Value, keys: &[&str]) -> Option<&'a Value> {
    keys.iter().try_fold(doc, |v, k| v.get(k))
}

fn text(doc: &Value, keys: &[&str]) -> String {
    match at(doc, keys) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn flag(doc: &Value, keys: &[&str]) -> bool {
    at(doc, keys).and_then(Value::as_bool).unwrap_or(false)
}

/// Reads the related settings of a whole values file.
pub fn related(doc: &Value) -> Related {
    let service_port = match at(doc, &["service", "port"]) {
        Some(Value::Number(n)) => Some(PortText(n.to_string())),
        Some(Value::String(s)) => Some(PortText(s.clone())),
        _ => None,
    };
    let agent_port = flag(doc, &["agent", "enabled"]).then(|| {
        let addr = text(doc, &["agent", "listenAddr"]);
        match addr.rsplit_once(':') {
            Some((_, p)) if !p.is_empty() => PortText(p.to_owned()),
            _ => PortText::from(8443),
        }
    });
    let mut clusters = Vec::new();
    let mut unknown_backends = Vec::new();
    for (i, c) in at(doc, &["clusters"])
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let name = text(c, &["name"]);
        let backend = text(c, &["backend"]);
        let cluster = match backend.as_str() {
            "" | "eks" => Cluster::Eks {
                name,
                region: text(c, &["region"]),
                endpoint: EndpointAccess::Public,
                cidrs: CidrList::default(),
            },
            "in-cluster" => Cluster::InCluster {
                name,
                cidrs: CidrList::default(),
                port: PortText::from(443),
            },
            "kubeconfig" => Cluster::Kubeconfig {
                name,
                server: text(c, &["server"]),
                cidrs: CidrList::default(),
                port: PortText::from(443),
            },
            "agent" => Cluster::Agent { name },
            _ => {
                unknown_backends.push(format!("clusters[{i}].backend '{backend}'"));
                continue;
            }
        };
        clusters.push(cluster);
    }
    let irsa = !text(
        doc,
        &[
            "serviceAccount",
            "annotations",
            "eks.amazonaws.com/role-arn",
        ],
    )
    .trim()
    .is_empty();
    Related {
        service_port,
        pod_identity: flag(doc, &["podIdentity", "enabled"]),
        irsa,
        agent_port,
        secrets_native: text(doc, &["secrets", "mode"]) == "native",
        clusters,
        unknown_backends,
        issuer: text(doc, &["auth", "oidc", "issuer"]),
        name_override: text(doc, &["nameOverride"]),
        fullname_override: text(doc, &["fullnameOverride"]),
    }
}

impl Related {
    /// The credential path the file implies, before looking at the rules.
    pub fn credentials(&self) -> Credentials {
        let uses_aws = self.secrets_native
            || self
                .clusters
                .iter()
                .any(|c| matches!(c, Cluster::Eks { .. }));
        if self.pod_identity {
            Credentials::PodIdentity
        } else if self.irsa {
            Credentials::Irsa
        } else if uses_aws {
            Credentials::NodeRole
        } else {
            Credentials::None
        }
    }

    /// `secrets.mode`.
    pub fn secrets_mode(&self) -> SecretsMode {
        if self.secrets_native {
            SecretsMode::Native
        } else {
            SecretsMode::Kubernetes
        }
    }
}
