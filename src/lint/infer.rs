//! Building a [`Context`]: inferred from a chart values file (plus the flags `check`
//! takes), or read exactly from an Environment and its built values.

use std::collections::BTreeSet;

use ipnet::IpNet;

use super::context::{Backend, ChartFlags, ClusterNeed, Context, Dest, Paths, Proxy};
use crate::builder::{issuer_port, Built};
use crate::cidr::parse_cidr;
use crate::hosts::{endpoint, Endpoint, HostClass};
use crate::model::{
    AwsApiAccess, CidrList, Cluster, Cni, Credentials, Dns, EgressPosture, EndpointAccess,
    Environment, IdpReach, IngressSource, PortText, SecretsMode,
};
use crate::ranges::Published;
use crate::reach::PodTarget;
use crate::values::Labels;
use serde_yaml::Value;

impl Context {
    /// Infers the Context from a whole chart values file: `service.port`,
    /// `podIdentity.enabled`, `serviceAccount.annotations` (IRSA), `agent.enabled` /
    /// `agent.listenAddr`, `secrets.mode`, `clusters[].backend`, `auth.oidc.issuer`.
    ///
    /// ```
    /// use periscope_netpol::lint::{ChartFlags, Context};
    /// use periscope_netpol::model::Credentials;
    /// let doc: serde_yaml::Value = serde_yaml::from_str("podIdentity: {enabled: true}\nagent: {enabled: true, listenAddr: ':9443'}").unwrap();
    /// let ctx = Context::from_chart_values(&doc, &ChartFlags::default());
    /// assert_eq!(ctx.credentials, Credentials::PodIdentity);
    /// assert_eq!(ctx.agent_port, Some(9443));
    /// ```
    pub fn from_chart_values(doc: &Value, flags: &ChartFlags) -> Context {
        let at = |keys: &[&str]| keys.iter().try_fold(doc, |v, k| v.get(k));
        let text = |keys: &[&str]| {
            at(keys)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        // As the chart's `if` reads it: a non-empty string such as "yes" is true (and a
        // `chart-value-invalid` error says the type is wrong).
        let flag = |keys: &[&str]| at(keys).is_some_and(helm_truthy);
        let service_port = at(&["service", "port"]).and_then(yaml_port).unwrap_or(8080);
        let agent_port = flag(&["agent", "enabled"]).then(|| {
            let addr = text(&["agent", "listenAddr"]);
            addr.rsplit(':')
                .next()
                .and_then(|p| p.parse().ok())
                .unwrap_or(8443)
        });
        let irsa = at(&[
            "serviceAccount",
            "annotations",
            "eks.amazonaws.com/role-arn",
        ])
        .and_then(Value::as_str)
        .is_some_and(|s| !s.trim().is_empty());
        let secrets_native = text(&["secrets", "mode"]) == "native";
        let clusters: Vec<ClusterNeed> = at(&["clusters"])
            .and_then(Value::as_sequence)
            .map(|seq| {
                seq.iter()
                    .enumerate()
                    .map(|(i, c)| chart_cluster(i, c, flags))
                    .collect()
            })
            .unwrap_or_default();
        let uses_aws = secrets_native || clusters.iter().any(|c| c.backend == Backend::Eks);
        let (credentials, credentials_path) = if flag(&["podIdentity", "enabled"]) {
            (Credentials::PodIdentity, "podIdentity.enabled")
        } else if irsa {
            (Credentials::Irsa, "serviceAccount.annotations")
        } else if uses_aws {
            (Credentials::NodeRole, "podIdentity.enabled")
        } else {
            (Credentials::None, "podIdentity.enabled")
        };
        let issuer = text(&["auth", "oidc", "issuer"]);
        let region = cluster_regions(doc)
            .into_iter()
            .flatten()
            .find(|r| !r.trim().is_empty())
            .unwrap_or_default()
            .to_owned();
        let egress_path = "networkPolicy.egress.extra".to_owned();
        Context {
            service_port,
            namespace: String::new(),
            ip_family: flags.ip_family,
            credentials,
            agent_port,
            secrets_native,
            idp: issuer_dest(&issuer),
            issuer,
            region,
            aws: Dest::PublicOrPrivate { port: 443 },
            clusters,
            dns: if flags.nodelocal_dns {
                Dns::NodeLocal
            } else if flags.gke_cloud_dns {
                Dns::GkeCloudDns
            } else {
                Dns::KubeDns
            },
            alb_ip_targets: flags.alb_ip_targets,
            port_forward_only: flags.port_forward_only,
            proxy: Proxy::Unknown,
            exact: false,
            paths: Paths {
                enabled: "networkPolicy.enabled".into(),
                ingress: "networkPolicy.ingress".into(),
                agent: "agent.listenAddr".into(),
                idp: "auth.oidc.issuer".into(),
                aws_apis: egress_path.clone(),
                credentials: credentials_path.into(),
                secrets: "secrets.mode".into(),
                dns: egress_path,
                ip_family: "networkPolicy".into(),
            },
            aws_ranges_gap: String::new(),
            companion: None,
        }
    }

    /// The Context of an Environment and its built values: every destination exact.
    pub fn from_environment(env: &Environment, built: &Built) -> Context {
        Context::from_environment_with(env, built, &Published::default())
    }

    /// [`Context::from_environment`] with the published ranges loaded: the CIDRs given for
    /// the AWS APIs, public EKS endpoints and an Okta issuer are compared with their
    /// published prefixes instead of being trusted.
    pub fn from_environment_with(
        env: &Environment,
        built: &Built,
        published: &Published,
    ) -> Context {
        let posture = &env.egress;
        let issuer_port = issuer_port(&env.idp.issuer);
        let (idp, idp_path) = match &env.idp.reach {
            // Through the posture's general rule: where the host lives decides.
            IdpReach::Internet => (
                endpoint(&env.idp.issuer).map_or(Dest::Public { port: 443 }, |e| host_dest(&e)),
                "idp.reach",
            ),
            IdpReach::Cidrs { cidrs } => {
                // An issuer URL with an IP literal says where it lives: the CIDRs given
                // must hold that address, whatever else they hold.
                let literal = endpoint(&env.idp.issuer).and_then(|e| e.net());
                let nets = match literal {
                    Some(net) => vec![net],
                    None => nets(cidrs),
                };
                (
                    Dest::Nets {
                        nets,
                        port: issuer_port,
                    },
                    "idp.cidrs",
                )
            }
            IdpReach::InCluster {
                namespace,
                pod_labels,
                port,
            } => {
                let labels: Labels = pod_labels
                    .iter()
                    .map(|l| (l.key.clone(), l.value.clone()))
                    .collect();
                let port = if port.is_empty() {
                    Some(issuer_port)
                } else {
                    port_of(port)
                };
                // A Service's endpoints are pods of its own namespace: when the URL names
                // another namespace than the form, the pods chosen cannot be behind it.
                let url_service = endpoint(&env.idp.issuer).filter(|e| {
                    matches!(&e.class, HostClass::InCluster { namespace: Some(ns) } if ns != namespace)
                });
                let dest = match port {
                    _ if url_service.is_some() => {
                        url_service.map_or(Dest::Unknown, |e| host_dest(&e))
                    }
                    Some(port) => Dest::Pods {
                        target: PodTarget::in_namespace(namespace, labels),
                        port,
                    },
                    None => Dest::Unknown,
                };
                (dest, "idp.namespace")
            }
        };
        let aws_public = env.aws.api_access == AwsApiAccess::Public;
        let aws = dest_for(nets(&env.aws.api_cidrs), 443, aws_public, posture);
        let clusters = env
            .clusters
            .iter()
            .enumerate()
            .map(|(i, c)| env_cluster(i, c, posture))
            .collect();
        let proxy = match posture {
            EgressPosture::Proxy { cidrs, port } => Proxy::Via {
                nets: nets(cidrs),
                port: port_of(port).unwrap_or(0),
            },
            _ => Proxy::Direct,
        };
        let has = |f: fn(&IngressSource) -> bool| env.ingress.iter().any(f);
        let mut ctx = Context {
            service_port: built.service_port,
            namespace: env.release.namespace.clone(),
            ip_family: env.ip_family,
            // "No AWS credentials" while AWS is in use: the SDK falls back to the node
            // role through IMDS, as it does for a values file without either setting.
            credentials: match env.aws.credentials {
                Credentials::None
                    if env.secrets_mode == SecretsMode::Native
                        || env
                            .clusters
                            .iter()
                            .any(|c| matches!(c, Cluster::Eks { .. })) =>
                {
                    Credentials::NodeRole
                }
                c => c,
            },
            agent_port: built.agent_port,
            secrets_native: env.secrets_mode == SecretsMode::Native,
            issuer: env.idp.issuer.clone(),
            region: env.aws.region.clone(),
            idp,
            aws,
            clusters,
            dns: env.dns,
            alb_ip_targets: has(|s| matches!(s, IngressSource::LoadBalancer { .. })),
            port_forward_only: has(|s| matches!(s, IngressSource::PortForwardOnly)),
            proxy,
            exact: true,
            paths: Paths {
                enabled: "enabled".into(),
                ingress: "ingress".into(),
                agent: "agent.cidrs".into(),
                idp: idp_path.into(),
                aws_apis: "aws.apiCidrs".into(),
                credentials: "aws.credentials".into(),
                secrets: "secretsMode".into(),
                dns: "dns".into(),
                ip_family: "ipFamily".into(),
            },
            aws_ranges_gap: String::new(),
            companion: None,
        };
        if env.cni == Cni::Cilium {
            by_name(env, &mut ctx);
        }
        ctx.with_environment_ranges(env, published)
    }
}

/// Each `clusters[]` entry's `region` ("" when it has none).
pub(super) fn cluster_regions(doc: &Value) -> Vec<Option<&str>> {
    doc.get("clusters")
        .and_then(Value::as_sequence)
        .map(|seq| {
            seq.iter()
                .map(|c| Some(c.get("region").and_then(Value::as_str).unwrap_or_default()))
                .collect()
        })
        .unwrap_or_default()
}

/// With Cilium on: the companion policy joins the Context, and each destination the
/// values do not give addresses for becomes the names the policy must carry for it
/// ([`Dest::Named`]). A concern with a name missing keeps its destination, so the
/// values' verdict (and its finding) stands next to `cilium-name-missing`.
fn by_name(env: &Environment, ctx: &mut Context) {
    use crate::cilium::{self, Concern};
    let (needs, missing) = cilium::needs(env);
    let named = |dest: &mut Dest, concern: Concern| {
        let of = needs.iter().filter(|n| n.concern == concern);
        let names: Vec<String> = of.clone().map(|n| n.sample.clone()).collect();
        let port = of.map(|n| n.port).next();
        let open = match dest {
            Dest::Public { .. } | Dest::PublicOrPrivate { .. } | Dest::Private { .. } => true,
            Dest::Nets { nets, .. } => nets.is_empty(),
            _ => false,
        };
        if let (true, false, Some(port)) =
            (open, missing.iter().any(|m| m.concern == concern), port)
        {
            *dest = Dest::Named { names, port };
        }
    };
    // No issuer: no name to carry and no internet rule to ride, so it is not checked
    // (`idp-not-given`) and `cilium-name-missing` asks for it.
    if env.idp.issuer.trim().is_empty() && matches!(ctx.idp, Dest::Public { .. }) {
        ctx.idp = Dest::Unknown;
    }
    named(&mut ctx.idp, Concern::Idp);
    named(&mut ctx.aws, Concern::Aws);
    for (i, c) in ctx.clusters.iter_mut().enumerate() {
        named(&mut c.dest, Concern::Cluster(i));
    }
    ctx.companion = Some(cilium::policy(env));
}

fn yaml_port(v: &Value) -> Option<u16> {
    match v {
        Value::Number(n) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn chart_cluster(i: usize, c: &Value, flags: &ChartFlags) -> ClusterNeed {
    let name = c
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let backend_text = c.get("backend").and_then(Value::as_str).unwrap_or("eks");
    let (backend, dest) = match backend_text {
        "in-cluster" => (
            Backend::InCluster,
            Dest::Private {
                ports: vec![443, 6443],
            },
        ),
        "kubeconfig" => (Backend::Kubeconfig, Dest::Unknown),
        "agent" => (Backend::Agent, Dest::Unknown),
        _ if flags.eks_private_endpoint => (Backend::Eks, Dest::Private { ports: vec![443] }),
        _ => (Backend::Eks, Dest::Public { port: 443 }),
    };
    ClusterNeed {
        name,
        backend,
        dest,
        path: format!("clusters[{i}].backend"),
    }
}

fn env_cluster(i: usize, c: &Cluster, posture: &EgressPosture) -> ClusterNeed {
    let path = format!("clusters[{i}].cidrs");
    let (backend, dest) = match c {
        Cluster::Eks {
            endpoint, cidrs, ..
        } => {
            let public = *endpoint == EndpointAccess::Public;
            (Backend::Eks, dest_for(nets(cidrs), 443, public, posture))
        }
        Cluster::InCluster { cidrs, port, .. } => {
            let port = port_of(port).unwrap_or(443);
            (
                Backend::InCluster,
                dest_for(nets(cidrs), port, false, posture),
            )
        }
        Cluster::Kubeconfig {
            server,
            cidrs,
            port,
            ..
        } => {
            let port = port_of(port).unwrap_or(443);
            let nets = nets(cidrs);
            // No address given: the server's host class decides (a public server is
            // reached like any public host), on the port the form gives.
            let dest = match endpoint(server) {
                _ if !nets.is_empty() => Dest::Nets { nets, port },
                Some(e) => host_dest(&Endpoint {
                    port,
                    explicit_port: true,
                    ..e
                }),
                None => Dest::Public { port },
            };
            (Backend::Kubeconfig, dest)
        }
        Cluster::Agent { .. } => (Backend::Agent, Dest::Unknown),
    };
    ClusterNeed {
        name: c.name().to_owned(),
        backend,
        dest,
        path,
    }
}

/// Where a destination of the builder lives: public ones ride the proxy when there is
/// one, known CIDRs are checked as given, and public or private hosts without CIDRs are
/// reached by the internet rule or not at all.
fn dest_for(nets: Vec<IpNet>, port: u16, public: bool, posture: &EgressPosture) -> Dest {
    if public && matches!(posture, EgressPosture::Proxy { .. }) {
        Dest::Public { port }
    } else if !nets.is_empty() {
        Dest::Nets { nets, port }
    } else if public {
        Dest::Public { port }
    } else {
        Dest::Private { ports: vec![port] }
    }
}

/// Where an issuer named only by URL lives: an IP literal is that address, a cluster
/// Service name cannot be checked, anything else is a public host.
fn issuer_dest(issuer: &str) -> Dest {
    endpoint(issuer).map_or(Dest::Unknown, |e| host_dest(&e))
}

/// Where a host lives, by its class, on the URL's port: an IP literal is that address,
/// an in-cluster name a Service of its namespace, a private name some private address,
/// anything else a public host. The pod itself needs no rule (unknown: not checked).
pub(super) fn host_dest(e: &Endpoint) -> Dest {
    let port = e.port;
    match (&e.class, e.net()) {
        (HostClass::Loopback, _) => Dest::Unknown,
        (HostClass::InCluster { namespace }, _) => Dest::Service {
            namespace: namespace.clone(),
            port,
            scheme_port: !e.explicit_port,
        },
        (_, Some(net)) => Dest::Nets {
            nets: vec![net],
            port,
        },
        (HostClass::Private(_) | HostClass::LinkLocal(_), None) => {
            Dest::Private { ports: vec![port] }
        }
        (HostClass::Public, None) => Dest::Public { port },
    }
}

/// The list's valid networks, the first of each (a set, so long lists stay O(n log n);
/// a B-tree, since std's hash keys are fixed on wasm32).
fn nets(list: &CidrList) -> Vec<IpNet> {
    let mut seen = BTreeSet::new();
    list.entries()
        .filter_map(|e| parse_cidr(e).ok())
        .map(|c| c.net)
        .filter(|net| seen.insert(*net))
        .collect()
}

fn port_of(p: &PortText) -> Option<u16> {
    p.number().filter(|n| *n > 0)
}

/// Whether Helm's `if` takes a value as true: Go template truthiness.
fn helm_truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Sequence(s) => !s.is_empty(),
        Value::Mapping(m) => !m.is_empty(),
        Value::Tagged(t) => helm_truthy(&t.value),
    }
}
