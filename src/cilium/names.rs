//! The public names an Environment needs in `toFQDNs`, and the ones it cannot name.

use super::pattern::{name_problem, pattern_problem, FqdnSelector};
use crate::hosts::{endpoint, HostClass};
use crate::model::{
    Cluster, Credentials, EgressPosture, EndpointAccess, Environment, IdpReach, SecretsMode,
};

/// What a name is for: the same concerns as the checker's Context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Concern {
    /// The OIDC issuer.
    Idp,
    /// STS, EKS DescribeCluster, Secrets Manager / SSM.
    Aws,
    /// The apiserver of `clusters[i]`.
    Cluster(usize),
}

/// One selector the policy carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    /// What it is for.
    pub concern: Concern,
    /// The `toFQDNs` entry.
    pub selector: FqdnSelector,
    /// A name the pod looks up that the selector must select (for a pattern, one of the
    /// shape the provider gives).
    pub sample: String,
    /// The TCP port.
    pub port: u16,
}

/// A name the Environment needs but does not say well enough to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// What it is for.
    pub concern: Concern,
    /// The Environment field to fill.
    pub field: String,
    /// What is missing, for the finding's title.
    pub what: String,
}

/// A cluster id of the shape EKS gives its endpoints (32 hex digits), for samples.
pub const EKS_ENDPOINT_SAMPLE_ID: &str = "ABCDEF0123456789ABCDEF0123456789";

#[derive(Default)]
struct Names {
    needs: Vec<Need>,
    missing: Vec<Missing>,
}

impl Names {
    fn name(&mut self, concern: Concern, name: &str, port: u16, field: &str) {
        let name = name.trim().trim_end_matches('.').to_ascii_lowercase();
        match name_problem(&name) {
            None => self.needs.push(Need {
                concern,
                selector: FqdnSelector::name(&name),
                sample: name,
                port,
            }),
            Some(why) => self.missing(
                concern,
                field,
                format!("{name:?} is not a name Cilium accepts: {why}"),
            ),
        }
    }

    fn missing(&mut self, concern: Concern, field: &str, what: String) {
        self.missing.push(Missing {
            concern,
            field: field.to_owned(),
            what,
        });
    }
}

/// The `toFQDNs` selectors an Environment needs (each with a name it must select), and
/// what it cannot name. With the egress proxy posture the public names ride the proxy:
/// none are needed.
///
/// ```
/// use periscope_netpol::{cilium, model::Environment};
/// let (needs, missing) = cilium::needs(&Environment::default());
/// assert!(needs.iter().any(|n| n.sample == "sts.us-east-1.amazonaws.com"));
/// assert!(missing.iter().any(|m| m.field == "idp.issuer"));
/// ```
pub fn needs(env: &Environment) -> (Vec<Need>, Vec<Missing>) {
    let mut out = Names::default();
    if matches!(env.egress, EgressPosture::Proxy { .. }) {
        return (out.needs, out.missing);
    }
    idp(env, &mut out);
    aws(env, &mut out);
    for (i, c) in env.clusters.iter().enumerate() {
        cluster(i, c, &mut out);
    }
    (out.needs, out.missing)
}

fn idp(env: &Environment, out: &mut Names) {
    if matches!(env.idp.reach, IdpReach::InCluster { .. }) {
        return;
    }
    if env.idp.issuer.trim().is_empty() {
        return out.missing(
            Concern::Idp,
            "idp.issuer",
            "the OIDC issuer's host: no issuer is given".into(),
        );
    }
    match endpoint(&env.idp.issuer) {
        None => out.missing(
            Concern::Idp,
            "idp.issuer",
            format!(
                "the OIDC issuer's host: {:?} is not a URL with a host",
                env.idp.issuer
            ),
        ),
        // An IP literal, a Service or a private name is not a public name.
        Some(e) if e.class == HostClass::Public && e.net().is_none() => {
            out.name(Concern::Idp, &e.host, e.port, "idp.issuer")
        }
        Some(_) => {}
    }
}

fn aws(env: &Environment, out: &mut Names) {
    let region = env.aws.region.trim();
    let mut services = Vec::new();
    if env.aws.credentials == Credentials::Irsa {
        services.push("sts");
    }
    if env.secrets_mode == SecretsMode::Native {
        services.extend(["secretsmanager", "ssm"]);
    }
    if !services.is_empty() && region.is_empty() {
        out.missing(
            Concern::Aws,
            "aws.region",
            format!(
                "the regional {} endpoints: no AWS region is given",
                services.join(", ")
            ),
        );
    } else {
        for s in services {
            out.name(
                Concern::Aws,
                &crate::hosts::aws_host(s, region),
                443,
                "aws.region",
            );
        }
    }
    for (i, c) in env.clusters.iter().enumerate() {
        if let Cluster::Eks { region, .. } = c {
            let region = region.trim();
            if region.is_empty() {
                out.missing(
                    Concern::Aws,
                    &format!("clusters[{i}].region"),
                    format!(
                        "EKS DescribeCluster for cluster {}: no region is given",
                        c.name()
                    ),
                );
            } else {
                out.name(
                    Concern::Aws,
                    &crate::hosts::aws_host("eks", region),
                    443,
                    &format!("clusters[{i}].region"),
                );
            }
        }
    }
}

fn cluster(i: usize, c: &Cluster, out: &mut Names) {
    let field = format!("clusters[{i}]");
    match c {
        Cluster::Eks {
            region,
            endpoint: EndpointAccess::Public,
            ..
        } => {
            let region = region.trim().to_ascii_lowercase();
            if region.is_empty() {
                return out.missing(
                    Concern::Cluster(i),
                    &format!("{field}.region"),
                    format!(
                        "the public endpoint of EKS cluster {}: no region is given",
                        c.name()
                    ),
                );
            }
            // `<id>.<suffix>.<region>.eks.amazonaws.com`: two labels before the region,
            // and `*` spans one label on every Cilium version (`**.` needs 1.19).
            let pattern = format!("*.*.{region}.eks.amazonaws.com");
            match pattern_problem(&pattern) {
                None => out.needs.push(Need {
                    concern: Concern::Cluster(i),
                    selector: FqdnSelector::pattern(&pattern),
                    sample: format!("{EKS_ENDPOINT_SAMPLE_ID}.gr7.{region}.eks.amazonaws.com"),
                    port: 443,
                }),
                Some(why) => out.missing(
                    Concern::Cluster(i),
                    &format!("{field}.region"),
                    format!("the public endpoint of EKS cluster {}: {pattern:?} is not a pattern Cilium accepts: {why}", c.name()),
                ),
            }
        }
        Cluster::Kubeconfig {
            server,
            cidrs,
            port,
            ..
        } => {
            let port = port.number().filter(|p| *p > 0).unwrap_or(443);
            match endpoint(server) {
                Some(e) if e.class == HostClass::Public && e.net().is_none() => {
                    out.name(Concern::Cluster(i), &e.host, port, &format!("{field}.server"))
                }
                None if cidrs.is_empty() => out.missing(
                    Concern::Cluster(i),
                    &format!("{field}.server"),
                    format!("the apiserver of kubeconfig cluster {}: no server URL and no CIDRs are given", c.name()),
                ),
                _ => {}
            }
        }
        _ => {}
    }
}
