//! The "What this policy allows" checklist: the docs' "Egress for Periscope's other
//! features" table turned into live status, one item per feature, destination and
//! ingress source, each checked against the generated values (not against the
//! Environment alone, so a destination without CIDRs shows up as missing).

use ipnet::IpNet;

use crate::builder::{
    issuer_host, Built, RuleNotes, IMDS_V4, IMDS_V6, POD_IDENTITY_V4, POD_IDENTITY_V6,
};
use crate::cidr;
use crate::lint::{Backend, Context, Dest, Proxy, Verdict};
use crate::model::{CidrList, Credentials, Environment, SecretsMode};
use crate::netindex::NetIndex;
use crate::reach::{EgressLookup, Protocol, RuleRef};

/// One line of the checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageItem {
    /// The feature, e.g. "OIDC discovery", "Cluster prod apiserver".
    pub feature: String,
    /// What it needs to reach, e.g. "acme.okta.com TCP 443".
    pub target: String,
    /// Whether the policy allows it.
    pub status: CoverageStatus,
    /// The Environment field that decides it, e.g. `idp.cidrs`, `clusters[0].cidrs`.
    pub path: String,
}

/// Whether the policy allows what a feature needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CoverageStatus {
    /// Allowed, and by what.
    Covered {
        /// The rule, e.g. "egress rule 1: IdP, AWS APIs and public EKS endpoints…".
        by: String,
    },
    /// The feature needs no rule of its own.
    NotNeeded {
        /// Why not.
        why: String,
    },
    /// Needed and not allowed.
    Missing {
        /// Why it is blocked, and what to give.
        why: String,
    },
}

/// The checklist for an Environment and its built values.
///
/// ```
/// use periscope_netpol::{builder::build, coverage::*, model::Environment};
/// let env = Environment::default();
/// let items = coverage(&env, &build(&env));
/// let dns = items.iter().find(|i| i.feature == "DNS").unwrap();
/// assert_eq!(dns.status, CoverageStatus::Covered { by: "the chart's kube-dns rule".into() });
/// ```
pub fn coverage(env: &Environment, built: &Built) -> Vec<CoverageItem> {
    let ctx = Context::from_environment(env, built);
    coverage_with(env, built, &ctx, &NetIndex::new(&built.values))
}

/// [`coverage`] with the Context of `env` and the index of `built.values` already made
/// (the analysis shares them with the findings).
pub fn coverage_with(
    env: &Environment,
    built: &Built,
    ctx: &Context,
    index: &NetIndex<'_>,
) -> Vec<CoverageItem> {
    let c = Checker {
        env,
        built,
        ctx,
        index,
    };
    let mut out = Vec::new();
    c.idp(&mut out);
    c.aws(&mut out);
    c.credentials(&mut out);
    c.clusters(&mut out);
    c.agent(&mut out);
    c.dns(&mut out);
    c.ingress(&mut out);
    out.extend(riders());
    out
}

struct Checker<'a> {
    env: &'a Environment,
    built: &'a Built,
    ctx: &'a Context,
    index: &'a NetIndex<'a>,
}

fn item(
    feature: impl Into<String>,
    target: impl Into<String>,
    status: CoverageStatus,
    path: impl Into<String>,
) -> CoverageItem {
    CoverageItem {
        feature: feature.into(),
        target: target.into(),
        status,
        path: path.into(),
    }
}

fn not_needed(why: &str) -> CoverageStatus {
    CoverageStatus::NotNeeded {
        why: why.to_owned(),
    }
}

/// "egress rule 2: <its note>".
pub fn describe(rule: RuleRef, notes: &RuleNotes) -> String {
    let note = match rule {
        RuleRef::ChartDns | RuleRef::CiliumFqdn => return rule.to_string(),
        RuleRef::FromNamespace(i) => notes.from_namespaces.get(i),
        RuleRef::IngressExtra(i) => notes.ingress_extra.get(i),
        RuleRef::EgressExtra(i) => notes.egress_extra.get(i),
    };
    match note {
        Some(n) => format!("{rule}: {n}"),
        None => rule.to_string(),
    }
}

/// Networks for people: single addresses without their /32 or /128.
fn list(nets: &[IpNet]) -> String {
    nets.iter()
        .map(|n| {
            if n.prefix_len() == n.max_prefix_len() {
                n.addr().to_string()
            } else {
                n.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl Checker<'_> {
    fn covered(&self, rule: RuleRef) -> CoverageStatus {
        if !self.built.values.enabled {
            return CoverageStatus::Covered {
                by: "nothing is enforced: networkPolicy.enabled is false".into(),
            };
        }
        CoverageStatus::Covered {
            by: describe(rule, &self.built.notes),
        }
    }

    fn missing(&self, why: String) -> CoverageStatus {
        if !self.built.values.enabled {
            return CoverageStatus::Covered {
                by: "nothing is enforced: networkPolicy.enabled is false".into(),
            };
        }
        CoverageStatus::Missing { why }
    }

    fn opt(&self, rule: Option<RuleRef>, why: impl FnOnce() -> String) -> CoverageStatus {
        match rule {
            Some(r) => self.covered(r),
            None => self.missing(why()),
        }
    }

    /// The status of a destination, with a reason when it is blocked.
    fn dest(&self, dest: &Dest) -> CoverageStatus {
        let values = &self.built.values;
        match self.ctx.verdict(self.index, dest) {
            Verdict::Allowed {
                rule,
                via_proxy: true,
            } => {
                if !values.enabled {
                    return self.covered(rule);
                }
                CoverageStatus::Covered {
                    by: format!("rides the egress proxy ({rule})"),
                }
            }
            Verdict::Allowed { rule, .. } => self.covered(rule),
            Verdict::Unknown if *dest == Dest::Unknown => {
                self.missing("cannot be checked: its port or address is not valid".into())
            }
            Verdict::Unknown if self.ctx.ranges_partial(self.index, dest) => {
                self.missing(crate::lint::home_summary(self.index, dest))
            }
            Verdict::Unknown => {
                self.missing("not shown: some rules might reach it, none certainly does".into())
            }
            Verdict::Blocked => self.missing(self.why_blocked(dest)),
        }
    }

    fn why_blocked(&self, dest: &Dest) -> String {
        let internet = self
            .index
            .egress_to_internet(self.ctx.ip_family, Protocol::Tcp, 443)
            .is_some();
        match dest {
            Dest::Nets { nets, .. } if nets.is_empty() => "no CIDRs are given for it".into(),
            Dest::Nets { nets, port } => format!("no rule allows all of {} on TCP {port}", list(nets)),
            Dest::Pods { port, .. } => format!("no rule allows these pods on TCP {port}"),
            Dest::Public { port } | Dest::PublicOrPrivate { port } | Dest::Named { port, .. } => match &self.ctx.proxy {
                Proxy::Via { .. } => "the egress proxy rule is missing: give the proxy's CIDR and port".into(),
                _ => format!("nothing reaches the internet on TCP {port} in the explicit posture: give its CIDRs"),
            },
            Dest::Private { .. } if internet => "no CIDRs are given for this private endpoint, and the internet-HTTPS rule's RFC 1918 except blocks it".into(),
            Dest::Private { .. } => "no CIDRs are given for this private endpoint".into(),
            Dest::Service { namespace, port, .. } => format!(
                "no rule selects namespace {} on TCP {port}; internet rules never reach a Service",
                namespace.as_deref().unwrap_or("(Periscope's own)")
            ),
            Dest::Home { home, .. } => format!(
                "no rule allows any of its published prefixes on TCP {}",
                home.port
            ),
            Dest::Unknown => "cannot be checked".into(),
        }
    }

    fn idp(&self, out: &mut Vec<CoverageItem>) {
        let host = issuer_host(&self.env.idp.issuer);
        let host = if host.is_empty() {
            "the OIDC issuer"
        } else {
            host
        };
        let target = match &self.ctx.idp {
            Dest::Pods { target, port } => {
                format!("{host}: pods in namespace {} TCP {port}", target.namespace)
            }
            Dest::Nets { port, .. }
            | Dest::Public { port }
            | Dest::Service { port, .. }
            | Dest::Named { port, .. } => {
                format!("{host} TCP {port}")
            }
            Dest::Home { home, .. } => format!("{host} TCP {}", home.port),
            _ => format!("{host} TCP 443"),
        };
        out.push(item(
            "OIDC discovery",
            target,
            self.dest(&self.ctx.idp),
            self.ctx.paths.idp.clone(),
        ));
    }

    fn aws(&self, out: &mut Vec<CoverageItem>) {
        let region = &self.env.aws.region;
        let mut hosts = Vec::new();
        if self.ctx.credentials == Credentials::Irsa {
            hosts.push(crate::hosts::aws_host("sts", region));
        }
        if self.ctx.clusters.iter().any(|c| c.backend == Backend::Eks) {
            hosts.push(crate::hosts::aws_host("eks", region));
        }
        let status = if hosts.is_empty() {
            not_needed("no IRSA and no EKS clusters: nothing calls STS or DescribeCluster")
        } else {
            self.dest(&self.ctx.aws)
        };
        let target = if hosts.is_empty() {
            "STS, EKS TCP 443".to_owned()
        } else {
            format!("{} TCP 443", hosts.join(", "))
        };
        out.push(item(
            "AWS STS / EKS DescribeCluster",
            target,
            status,
            "aws.apiCidrs",
        ));
        let (status, path) = match self.env.secrets_mode {
            SecretsMode::Native => (self.dest(&self.ctx.aws), "aws.apiCidrs"),
            SecretsMode::Kubernetes => (
                not_needed(
                    "secrets.mode is kubernetes: secrets are mounted from Kubernetes Secrets",
                ),
                "secretsMode",
            ),
        };
        let target =
            format!("secretsmanager.{region}.amazonaws.com, ssm.{region}.amazonaws.com TCP 443");
        out.push(item("Secrets Manager / SSM", target, status, path));
    }

    fn host(&self, feature: &str, v4: &str, v6: &str) -> CoverageItem {
        let mut nets: Vec<IpNet> = Vec::new();
        if self.ctx.ip_family.v4() {
            nets.extend(cidr::known(v4));
        }
        if self.ctx.ip_family.v6() {
            nets.extend(cidr::known(v6));
        }
        let dest = Dest::Nets {
            nets: nets.clone(),
            port: 80,
        };
        let status = match self.ctx.verdict(self.index, &dest) {
            Verdict::Allowed { rule, .. } => self.covered(rule),
            _ => self.missing(format!("nothing allows TCP 80 to {}", list(&nets))),
        };
        item(
            feature,
            format!("{} TCP 80", list(&nets)),
            status,
            "aws.credentials",
        )
    }

    fn credentials(&self, out: &mut Vec<CoverageItem>) {
        match self.ctx.credentials {
            Credentials::PodIdentity => {
                out.push(self.host("EKS Pod Identity agent", POD_IDENTITY_V4, POD_IDENTITY_V6))
            }
            Credentials::NodeRole => {
                out.push(self.host("Instance metadata (node role)", IMDS_V4, IMDS_V6))
            }
            Credentials::Irsa => out.push(item(
                "IRSA web identity token",
                "projected token file",
                not_needed("the token is a file in the pod; its STS exchange is the AWS STS item"),
                "aws.credentials",
            )),
            Credentials::None => {}
        }
    }
}

fn cidrs(list: &CidrList) -> Vec<IpNet> {
    list.entries()
        .filter_map(|e| cidr::parse_cidr(e).ok())
        .map(|c| c.net)
        .collect()
}

/// Features that ride existing channels (the docs' table, corrected by the chart facts).
fn riders() -> Vec<CoverageItem> {
    let rows: [(&str, &str, &str, &str); 7] = [
        ("Health probes", "kubelet → /healthz", "the kubelet's HTTP probes are node-local traffic, which most CNIs allow", "release.servicePort"),
        ("Watch streams (SSE)", "browser → service.port", "inbound on the http port like the rest of the UI; outbound rides the apiserver watch of each cluster", "ingress"),
        ("Pod exec", "each cluster's apiserver", "WebSocket / SPDY to the same apiserver as the cluster items", "clusters"),
        ("Helm release browser", "each cluster's apiserver", "reads Helm's storage objects through the apiserver", "clusters"),
        ("Fleet endpoint", "each cluster's apiserver", "per-cluster apiserver calls under impersonation", "clusters"),
        ("Audit query", "local SQLite", "a local file read: no network", ""),
        ("Audit stdout shipping", "stdout", "your log agent (Fluent Bit, Vector…) ships it from the node, outside this pod", ""),
    ];
    rows.iter()
        .map(|(f, t, why, path)| item(*f, *t, not_needed(why), *path))
        .collect()
}

mod sources;

#[cfg(test)]
mod tests;
