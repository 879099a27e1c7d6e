//! The Environment read from and written to a [`Value`] tree, by hand.
//!
//! Every reader accepts exactly what `serde_yaml::from_value` accepted through the serde
//! derives in the parent module (kept as the native tests' oracle, `tests/model_convert.rs`):
//!
//! - A struct (`#[serde(default, deny_unknown_fields)]`) is a mapping or null; null and
//!   every absent field take the struct's own `Default`, an unknown key is an error.
//! - A list is a sequence or null (null is empty); a unit enum is the string of a variant.
//! - A tagged choice (`kind:` / `backend:`) is a mapping with its tag. A unit variant
//!   ignores other keys (serde did); a struct variant denies unknown keys, and its fields
//!   are read as serde read buffered content: a list of labels may not be null.
//!
//! Three encodings serde also accepted are refused, as no configuration written by hand
//! or by this app uses them: a tagged choice or a struct inside one as a positional
//! sequence, an integer key as a field index, and a unit enum inside a tagged choice as
//! a one-key mapping (`controller: {traefik: ~}`).
//!
//! The writers emit serde's keys in serde's order (declaration order, tag first).

use super::{
    AgentTunnel, Aws, AwsApiAccess, CidrList, Cluster, Controller, Credentials, CustomPeer,
    CustomPort, CustomRule, Direction, Dns, EgressPosture, EndpointAccess, Environment, Idp,
    IdpReach, IngressSource, IpFamily, Label, PortText, Release, SecretsMode,
};
use crate::doc::{FromValue, Map, Out, Path, ShapeError, ToValue, Value};

// ---------------------------------------------------------------------------------------
// Reading helpers.

/// Reads a struct's mapping entry by entry, in document order (so the first bad entry is
/// the one reported, as with serde). `field` reads a known key and says false for an
/// unknown one; `names` lists the known keys for the message. Null reads nothing: the
/// caller's defaults stand.
fn read_struct(
    v: &Value,
    at: &mut Path,
    what: &str,
    names: &[&str],
    field: impl FnMut(&str, &Value, &mut Path) -> Result<bool, ShapeError>,
) -> Result<(), ShapeError> {
    match v {
        Value::Null => Ok(()),
        Value::Mapping(map) => read_entries(map, None, at, names, field),
        other => Err(at.expected(what, other)),
    }
}

/// The entries of `map` but `skip` (a variant's tag), each through `field`.
fn read_entries(
    map: &Map,
    skip: Option<&str>,
    at: &mut Path,
    names: &[&str],
    mut field: impl FnMut(&str, &Value, &mut Path) -> Result<bool, ShapeError>,
) -> Result<(), ShapeError> {
    for (k, item) in map.iter() {
        let Some(key) = k.as_str() else {
            return Err(at.expected("string keys", k));
        };
        if Some(key) == skip {
            continue;
        }
        at.push_key(key);
        let known = field(key, item, at);
        at.pop();
        if !known? {
            return Err(unknown_field(at, key, names));
        }
    }
    Ok(())
}

fn unknown_field(at: &Path, key: &str, names: &[&str]) -> ShapeError {
    if names.is_empty() {
        return at.error(format!("unknown field `{key}`, there are none"));
    }
    at.error(format!(
        "unknown field `{key}`, expected {}",
        one_of(names.iter().copied())
    ))
}

/// "`a`", "`a` or `b`", "one of `a`, `b`, `c`" (serde's wording).
fn one_of<'a>(names: impl ExactSizeIterator<Item = &'a str>) -> String {
    let n = names.len();
    let quoted: Vec<String> = names.map(|s| format!("`{s}`")).collect();
    match n {
        1 | 2 => quoted.join(" or "),
        _ => format!("one of {}", quoted.join(", ")),
    }
}

/// A list: a sequence of `T`, or null for none.
fn list<T: FromValue>(v: &Value, at: &mut Path) -> Result<Vec<T>, ShapeError> {
    match v {
        Value::Null => Ok(Vec::new()),
        other => Vec::<T>::from_value(other, at),
    }
}

/// A list of labels inside a tagged choice: a sequence of mappings, never null.
fn content_labels(v: &Value, at: &mut Path) -> Result<Vec<Label>, ShapeError> {
    let items = v
        .as_sequence()
        .ok_or_else(|| at.expected("a sequence of labels", v))?;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        at.push_index(i);
        let read = if item.is_mapping() {
            Label::from_value(item, at)
        } else {
            Err(at.expected("a label (a mapping of `key` and `value`)", item))
        };
        at.pop();
        out.push(read?);
    }
    Ok(out)
}

/// An optional list of labels inside a tagged choice: null is `None`.
fn content_opt_labels(v: &Value, at: &mut Path) -> Result<Option<Vec<Label>>, ShapeError> {
    match v {
        Value::Null => Ok(None),
        other => content_labels(other, at).map(Some),
    }
}

/// A required field of a struct variant.
fn required<T>(slot: Option<T>, key: &str, at: &Path) -> Result<T, ShapeError> {
    slot.ok_or_else(|| at.error(format!("missing field `{key}`")))
}

/// A tagged choice: its mapping and the variant its `tag` names, one of `variants`.
fn tagged<'v>(
    v: &'v Value,
    at: &mut Path,
    what: &str,
    tag: &str,
    variants: &[&'static str],
) -> Result<(&'v Map, &'static str), ShapeError> {
    let map = v.as_mapping().ok_or_else(|| at.expected(what, v))?;
    let Some(name) = map.get(tag) else {
        return Err(at.error(format!("missing field `{tag}`")));
    };
    at.push_key(tag);
    let variant = match name.as_str() {
        Some(s) => variants.iter().find(|n| **n == s).copied().ok_or_else(|| {
            at.error(format!(
                "unknown variant `{s}`, expected {}",
                one_of(variants.iter().copied())
            ))
        }),
        None => Err(at.expected("a string", name)),
    };
    at.pop();
    Ok((map, variant?))
}

/// A unit enum: the string of one of its variants.
macro_rules! unit_enum {
    ($ty:ident { $($variant:ident => $name:literal,)+ }) => {
        impl $ty {
            const NAMES: &'static [&'static str] = &[$($name),+];

            /// The name serde wrote.
            fn name(self) -> &'static str {
                match self {
                    $($ty::$variant => $name,)+
                }
            }
        }

        impl FromValue for $ty {
            fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
                let Some(s) = v.as_str() else {
                    return Err(at.expected(concat!("a ", stringify!($ty), " name"), v));
                };
                match s {
                    $($name => Ok($ty::$variant),)+
                    other => Err(at.error(format!(
                        "unknown variant `{other}`, expected {}",
                        one_of($ty::NAMES.iter().copied())
                    ))),
                }
            }
        }

        impl ToValue for $ty {
            fn to_value(&self) -> Value {
                Value::from(self.name())
            }
        }
    };
}

unit_enum!(Controller {
    IngressNginx => "ingress-nginx",
    Traefik => "traefik",
    Haproxy => "haproxy",
    Contour => "contour",
    Kong => "kong",
    IstioGateway => "istio-gateway",
    EnvoyGateway => "envoy-gateway",
});

unit_enum!(Credentials {
    PodIdentity => "pod-identity",
    Irsa => "irsa",
    NodeRole => "node-role",
    None => "none",
});

unit_enum!(AwsApiAccess {
    Public => "public",
    VpcEndpoints => "vpc-endpoints",
});

unit_enum!(EndpointAccess {
    Public => "public",
    Private => "private",
    PublicAndPrivate => "public-and-private",
});

unit_enum!(SecretsMode {
    Kubernetes => "kubernetes",
    Native => "native",
});

unit_enum!(Dns {
    KubeDns => "kube-dns",
    Coredns => "coredns",
    NodeLocal => "node-local",
    GkeCloudDns => "gke-cloud-dns",
});

unit_enum!(IpFamily {
    Ipv4 => "ipv4",
    Ipv6 => "ipv6",
    DualStack => "dual-stack",
});

unit_enum!(Direction {
    Ingress => "ingress",
    Egress => "egress",
});

// ---------------------------------------------------------------------------------------
// Writing helpers.

// ---------------------------------------------------------------------------------------
// Structs.

impl FromValue for Environment {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let mut out = Environment::default();
        read_struct(
            v,
            at,
            "an Environment (a mapping)",
            &[
                "release",
                "enabled",
                "ingress",
                "agent",
                "idp",
                "aws",
                "clusters",
                "secretsMode",
                "egress",
                "dns",
                "ipFamily",
                "custom",
                "verbatim",
            ],
            |key, item, at| {
                match key {
                    "release" => out.release = Release::from_value(item, at)?,
                    "enabled" => out.enabled = bool::from_value(item, at)?,
                    "ingress" => out.ingress = list(item, at)?,
                    "agent" => out.agent = AgentTunnel::from_value(item, at)?,
                    "idp" => out.idp = Idp::from_value(item, at)?,
                    "aws" => out.aws = Aws::from_value(item, at)?,
                    "clusters" => out.clusters = list(item, at)?,
                    "secretsMode" => out.secrets_mode = SecretsMode::from_value(item, at)?,
                    "egress" => out.egress = EgressPosture::from_value(item, at)?,
                    "dns" => out.dns = Dns::from_value(item, at)?,
                    "ipFamily" => out.ip_family = IpFamily::from_value(item, at)?,
                    "custom" => out.custom = list(item, at)?,
                    "verbatim" => out.verbatim = list(item, at)?,
                    _ => return Ok(false),
                }
                Ok(true)
            },
        )?;
        Ok(out)
    }
}

impl ToValue for Environment {
    fn to_value(&self) -> Value {
        let out = Out::new()
            .put("release", &self.release)
            .put("enabled", &self.enabled)
            .put("ingress", &self.ingress)
            .put("agent", &self.agent)
            .put("idp", &self.idp)
            .put("aws", &self.aws)
            .put("clusters", &self.clusters)
            .put("secretsMode", &self.secrets_mode)
            .put("egress", &self.egress)
            .put("dns", &self.dns)
            .put("ipFamily", &self.ip_family)
            .put("custom", &self.custom);
        if self.verbatim.is_empty() {
            out.done()
        } else {
            out.put("verbatim", &self.verbatim).done()
        }
    }
}

impl FromValue for Release {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let mut out = Release::default();
        read_struct(
            v,
            at,
            "a release (a mapping)",
            &[
                "name",
                "namespace",
                "nameOverride",
                "fullnameOverride",
                "chartVersion",
                "appVersion",
                "servicePort",
            ],
            |key, item, at| {
                let slot = match key {
                    "name" => &mut out.name,
                    "namespace" => &mut out.namespace,
                    "nameOverride" => &mut out.name_override,
                    "fullnameOverride" => &mut out.fullname_override,
                    "chartVersion" => &mut out.chart_version,
                    "appVersion" => &mut out.app_version,
                    "servicePort" => {
                        out.service_port = PortText::from_value(item, at)?;
                        return Ok(true);
                    }
                    _ => return Ok(false),
                };
                *slot = String::from_value(item, at)?;
                Ok(true)
            },
        )?;
        Ok(out)
    }
}

impl ToValue for Release {
    fn to_value(&self) -> Value {
        Out::new()
            .put("name", &self.name)
            .put("namespace", &self.namespace)
            .put("nameOverride", &self.name_override)
            .put("fullnameOverride", &self.fullname_override)
            .put("chartVersion", &self.chart_version)
            .put("appVersion", &self.app_version)
            .put("servicePort", &self.service_port)
            .done()
    }
}

impl FromValue for AgentTunnel {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let mut out = AgentTunnel::default();
        read_struct(
            v,
            at,
            "the agent tunnel (a mapping)",
            &["enabled", "port", "cidrs"],
            |key, item, at| {
                match key {
                    "enabled" => out.enabled = bool::from_value(item, at)?,
                    "port" => out.port = PortText::from_value(item, at)?,
                    "cidrs" => out.cidrs = CidrList::from_value(item, at)?,
                    _ => return Ok(false),
                }
                Ok(true)
            },
        )?;
        Ok(out)
    }
}

impl ToValue for AgentTunnel {
    fn to_value(&self) -> Value {
        Out::new()
            .put("enabled", &self.enabled)
            .put("port", &self.port)
            .put("cidrs", &self.cidrs)
            .done()
    }
}

impl FromValue for Idp {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let mut out = Idp::default();
        read_struct(
            v,
            at,
            "the identity provider (a mapping)",
            &["issuer", "reach"],
            |key, item, at| {
                match key {
                    "issuer" => out.issuer = String::from_value(item, at)?,
                    "reach" => out.reach = IdpReach::from_value(item, at)?,
                    _ => return Ok(false),
                }
                Ok(true)
            },
        )?;
        Ok(out)
    }
}

impl ToValue for Idp {
    fn to_value(&self) -> Value {
        Out::new()
            .put("issuer", &self.issuer)
            .put("reach", &self.reach)
            .done()
    }
}

impl FromValue for Aws {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let mut out = Aws::default();
        read_struct(
            v,
            at,
            "the AWS settings (a mapping)",
            &["credentials", "region", "apiAccess", "apiCidrs"],
            |key, item, at| {
                match key {
                    "credentials" => out.credentials = Credentials::from_value(item, at)?,
                    "region" => out.region = String::from_value(item, at)?,
                    "apiAccess" => out.api_access = AwsApiAccess::from_value(item, at)?,
                    "apiCidrs" => out.api_cidrs = CidrList::from_value(item, at)?,
                    _ => return Ok(false),
                }
                Ok(true)
            },
        )?;
        Ok(out)
    }
}

impl ToValue for Aws {
    fn to_value(&self) -> Value {
        Out::new()
            .put("credentials", &self.credentials)
            .put("region", &self.region)
            .put("apiAccess", &self.api_access)
            .put("apiCidrs", &self.api_cidrs)
            .done()
    }
}

impl FromValue for CustomRule {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let mut out = CustomRule::default();
        read_struct(
            v,
            at,
            "a custom rule (a mapping)",
            &["direction", "note", "peers", "ports"],
            |key, item, at| {
                match key {
                    "direction" => out.direction = Direction::from_value(item, at)?,
                    "note" => out.note = String::from_value(item, at)?,
                    "peers" => out.peers = list(item, at)?,
                    "ports" => out.ports = list(item, at)?,
                    _ => return Ok(false),
                }
                Ok(true)
            },
        )?;
        Ok(out)
    }
}

impl ToValue for CustomRule {
    fn to_value(&self) -> Value {
        Out::new()
            .put("direction", &self.direction)
            .put("note", &self.note)
            .put("peers", &self.peers)
            .put("ports", &self.ports)
            .done()
    }
}

impl FromValue for CustomPort {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let mut out = CustomPort::default();
        read_struct(
            v,
            at,
            "a custom port (a mapping)",
            &["protocol", "port", "endPort"],
            |key, item, at| {
                match key {
                    "protocol" => out.protocol = String::from_value(item, at)?,
                    "port" => out.port = PortText::from_value(item, at)?,
                    "endPort" => out.end_port = PortText::from_value(item, at)?,
                    _ => return Ok(false),
                }
                Ok(true)
            },
        )?;
        Ok(out)
    }
}

impl ToValue for CustomPort {
    fn to_value(&self) -> Value {
        Out::new()
            .put("protocol", &self.protocol)
            .put("port", &self.port)
            .put("endPort", &self.end_port)
            .done()
    }
}

// ---------------------------------------------------------------------------------------
// Tagged choices.

impl FromValue for IngressSource {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        const VARIANTS: &[&str] = &[
            "controller",
            "namespace",
            "load-balancer",
            "port-forward-only",
        ];
        let (map, variant) = tagged(v, at, "an ingress source (a mapping)", "kind", VARIANTS)?;
        match variant {
            "controller" => {
                let (mut controller, mut namespace) = (None, None);
                read_entries(
                    map,
                    Some("kind"),
                    at,
                    &["controller", "namespace"],
                    |key, item, at| {
                        match key {
                            "controller" => controller = Some(Controller::from_value(item, at)?),
                            "namespace" => namespace = Some(String::from_value(item, at)?),
                            _ => return Ok(false),
                        }
                        Ok(true)
                    },
                )?;
                Ok(IngressSource::Controller {
                    controller: required(controller, "controller", at)?,
                    namespace: required(namespace, "namespace", at)?,
                })
            }
            "namespace" => {
                let mut labels = None;
                read_entries(map, Some("kind"), at, &["labels"], |key, item, at| {
                    if key != "labels" {
                        return Ok(false);
                    }
                    labels = Some(content_labels(item, at)?);
                    Ok(true)
                })?;
                Ok(IngressSource::Namespace {
                    labels: required(labels, "labels", at)?,
                })
            }
            "load-balancer" => {
                let mut cidrs = None;
                read_entries(map, Some("kind"), at, &["cidrs"], |key, item, at| {
                    if key != "cidrs" {
                        return Ok(false);
                    }
                    cidrs = Some(CidrList::from_value(item, at)?);
                    Ok(true)
                })?;
                Ok(IngressSource::LoadBalancer {
                    cidrs: required(cidrs, "cidrs", at)?,
                })
            }
            _ => Ok(IngressSource::PortForwardOnly),
        }
    }
}

impl ToValue for IngressSource {
    fn to_value(&self) -> Value {
        match self {
            IngressSource::Controller {
                controller,
                namespace,
            } => Out::tagged("kind", "controller")
                .put("controller", controller)
                .put("namespace", namespace),
            IngressSource::Namespace { labels } => {
                Out::tagged("kind", "namespace").put("labels", labels)
            }
            IngressSource::LoadBalancer { cidrs } => {
                Out::tagged("kind", "load-balancer").put("cidrs", cidrs)
            }
            IngressSource::PortForwardOnly => Out::tagged("kind", "port-forward-only"),
        }
        .done()
    }
}

impl FromValue for IdpReach {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        const VARIANTS: &[&str] = &["internet", "cidrs", "in-cluster"];
        let (map, variant) = tagged(
            v,
            at,
            "how the pod reaches the IdP (a mapping)",
            "kind",
            VARIANTS,
        )?;
        match variant {
            "cidrs" => {
                let mut cidrs = None;
                read_entries(map, Some("kind"), at, &["cidrs"], |key, item, at| {
                    if key != "cidrs" {
                        return Ok(false);
                    }
                    cidrs = Some(CidrList::from_value(item, at)?);
                    Ok(true)
                })?;
                Ok(IdpReach::Cidrs {
                    cidrs: required(cidrs, "cidrs", at)?,
                })
            }
            "in-cluster" => {
                let (mut namespace, mut pod_labels, mut port) = (None, None, None);
                read_entries(
                    map,
                    Some("kind"),
                    at,
                    &["namespace", "podLabels", "port"],
                    |key, item, at| {
                        match key {
                            "namespace" => namespace = Some(String::from_value(item, at)?),
                            "podLabels" => pod_labels = Some(content_labels(item, at)?),
                            "port" => port = Some(PortText::from_value(item, at)?),
                            _ => return Ok(false),
                        }
                        Ok(true)
                    },
                )?;
                Ok(IdpReach::InCluster {
                    namespace: required(namespace, "namespace", at)?,
                    pod_labels: required(pod_labels, "podLabels", at)?,
                    port: required(port, "port", at)?,
                })
            }
            _ => Ok(IdpReach::Internet),
        }
    }
}

impl ToValue for IdpReach {
    fn to_value(&self) -> Value {
        match self {
            IdpReach::Internet => Out::tagged("kind", "internet"),
            IdpReach::Cidrs { cidrs } => Out::tagged("kind", "cidrs").put("cidrs", cidrs),
            IdpReach::InCluster {
                namespace,
                pod_labels,
                port,
            } => Out::tagged("kind", "in-cluster")
                .put("namespace", namespace)
                .put("podLabels", pod_labels)
                .put("port", port),
        }
        .done()
    }
}

impl FromValue for Cluster {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        const VARIANTS: &[&str] = &["eks", "in-cluster", "kubeconfig", "agent"];
        let (map, variant) = tagged(v, at, "a cluster (a mapping)", "backend", VARIANTS)?;
        // Every field has a default: the field type's, or 443 for a port.
        let mut name = String::new();
        let mut region = String::new();
        let mut endpoint = EndpointAccess::default();
        let mut server = String::new();
        let mut cidrs = CidrList::default();
        let mut port = PortText::from(443);
        let names: &[&str] = match variant {
            "eks" => &["name", "region", "endpoint", "cidrs"],
            "in-cluster" => &["name", "cidrs", "port"],
            "kubeconfig" => &["name", "server", "cidrs", "port"],
            _ => &["name"],
        };
        read_entries(map, Some("backend"), at, names, |key, item, at| {
            if !names.contains(&key) {
                return Ok(false);
            }
            match key {
                "name" => name = String::from_value(item, at)?,
                "region" => region = String::from_value(item, at)?,
                "endpoint" => endpoint = EndpointAccess::from_value(item, at)?,
                "server" => server = String::from_value(item, at)?,
                "cidrs" => cidrs = CidrList::from_value(item, at)?,
                "port" => port = PortText::from_value(item, at)?,
                _ => return Ok(false),
            }
            Ok(true)
        })?;
        Ok(match variant {
            "eks" => Cluster::Eks {
                name,
                region,
                endpoint,
                cidrs,
            },
            "in-cluster" => Cluster::InCluster { name, cidrs, port },
            "kubeconfig" => Cluster::Kubeconfig {
                name,
                server,
                cidrs,
                port,
            },
            _ => Cluster::Agent { name },
        })
    }
}

impl ToValue for Cluster {
    fn to_value(&self) -> Value {
        let out = Out::tagged("backend", self.backend());
        match self {
            Cluster::Eks {
                name,
                region,
                endpoint,
                cidrs,
            } => out
                .put("name", name)
                .put("region", region)
                .put("endpoint", endpoint)
                .put("cidrs", cidrs),
            Cluster::InCluster { name, cidrs, port } => {
                out.put("name", name).put("cidrs", cidrs).put("port", port)
            }
            Cluster::Kubeconfig {
                name,
                server,
                cidrs,
                port,
            } => out
                .put("name", name)
                .put("server", server)
                .put("cidrs", cidrs)
                .put("port", port),
            Cluster::Agent { name } => out.put("name", name),
        }
        .done()
    }
}

impl FromValue for EgressPosture {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        const VARIANTS: &[&str] = &["internet-https", "explicit", "proxy"];
        let (map, variant) = tagged(v, at, "an egress posture (a mapping)", "kind", VARIANTS)?;
        match variant {
            "proxy" => {
                let (mut cidrs, mut port) = (None, None);
                read_entries(
                    map,
                    Some("kind"),
                    at,
                    &["cidrs", "port"],
                    |key, item, at| {
                        match key {
                            "cidrs" => cidrs = Some(CidrList::from_value(item, at)?),
                            "port" => port = Some(PortText::from_value(item, at)?),
                            _ => return Ok(false),
                        }
                        Ok(true)
                    },
                )?;
                Ok(EgressPosture::Proxy {
                    cidrs: required(cidrs, "cidrs", at)?,
                    port: required(port, "port", at)?,
                })
            }
            "explicit" => Ok(EgressPosture::Explicit),
            _ => Ok(EgressPosture::InternetHttps),
        }
    }
}

impl ToValue for EgressPosture {
    fn to_value(&self) -> Value {
        match self {
            EgressPosture::InternetHttps => Out::tagged("kind", "internet-https"),
            EgressPosture::Explicit => Out::tagged("kind", "explicit"),
            EgressPosture::Proxy { cidrs, port } => Out::tagged("kind", "proxy")
                .put("cidrs", cidrs)
                .put("port", port),
        }
        .done()
    }
}

impl FromValue for CustomPeer {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        const VARIANTS: &[&str] = &["ip-block", "selector"];
        let (map, variant) = tagged(v, at, "a peer (a mapping)", "kind", VARIANTS)?;
        if variant == "ip-block" {
            let (mut cidr, mut except) = (None, CidrList::default());
            read_entries(
                map,
                Some("kind"),
                at,
                &["cidr", "except"],
                |key, item, at| {
                    match key {
                        "cidr" => cidr = Some(String::from_value(item, at)?),
                        "except" => except = CidrList::from_value(item, at)?,
                        _ => return Ok(false),
                    }
                    Ok(true)
                },
            )?;
            return Ok(CustomPeer::IpBlock {
                cidr: required(cidr, "cidr", at)?,
                except,
            });
        }
        let (mut namespace_labels, mut pod_labels) = (None, None);
        read_entries(
            map,
            Some("kind"),
            at,
            &["namespaceLabels", "podLabels"],
            |key, item, at| {
                match key {
                    "namespaceLabels" => namespace_labels = content_opt_labels(item, at)?,
                    "podLabels" => pod_labels = content_opt_labels(item, at)?,
                    _ => return Ok(false),
                }
                Ok(true)
            },
        )?;
        Ok(CustomPeer::Selector {
            namespace_labels,
            pod_labels,
        })
    }
}

impl ToValue for CustomPeer {
    fn to_value(&self) -> Value {
        match self {
            CustomPeer::IpBlock { cidr, except } => Out::tagged("kind", "ip-block")
                .put("cidr", cidr)
                .put("except", except),
            CustomPeer::Selector {
                namespace_labels,
                pod_labels,
            } => Out::tagged("kind", "selector")
                .put("namespaceLabels", namespace_labels)
                .put("podLabels", pod_labels),
        }
        .done()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(yaml: &str) -> Result<Environment, String> {
        let v = crate::doc::parse(yaml).map_err(|e| e.to_string())?;
        Environment::from_value(&v, &mut Path::root()).map_err(|e| e.to_string())
    }

    #[test]
    fn absent_and_null_fields_take_serdes_defaults() {
        let default = Environment::default();
        assert_eq!(read("{}"), Ok(default.clone()));
        assert_eq!(read("~"), Ok(default.clone()));
        // A null list is empty, a null struct is the struct's default.
        let env = read("ingress: ~\nrelease: ~\n").unwrap_or_default();
        assert!(env.ingress.is_empty());
        assert_eq!(env.release, default.release);
        // Absent fields of a cluster take the field type's default, a port 443.
        let env = read("clusters: [{backend: in-cluster}, {backend: eks}]").unwrap_or_default();
        assert_eq!(
            env.clusters,
            [
                Cluster::InCluster {
                    name: String::new(),
                    cidrs: CidrList::default(),
                    port: PortText::from(443)
                },
                Cluster::Eks {
                    name: String::new(),
                    region: String::new(),
                    endpoint: EndpointAccess::Public,
                    cidrs: CidrList::default()
                }
            ]
        );
        // A unit variant ignores other keys, as serde did.
        assert_eq!(
            read("egress: {kind: explicit, port: 1}").map(|e| e.egress),
            Ok(EgressPosture::Explicit)
        );
    }

    #[test]
    fn errors_name_the_path() {
        let cases = [
            (
                "colour: blue",
                "unknown field `colour`, expected one of `release`, `enabled`, `ingress`, `agent`, `idp`, `aws`, `clusters`, `secretsMode`, `egress`, `dns`, `ipFamily`, `custom`, `verbatim`",
            ),
            ("enabled: 1", "enabled: expected a boolean, found the integer `1`"),
            (
                "release: {colour: 1}",
                "release: unknown field `colour`, expected one of `name`, `namespace`, `nameOverride`, `fullnameOverride`, `chartVersion`, `appVersion`, `servicePort`",
            ),
            ("ingress: [{}]", "ingress[0]: missing field `kind`"),
            (
                "ingress: [{kind: nginx}]",
                "ingress[0].kind: unknown variant `nginx`, expected one of `controller`, `namespace`, `load-balancer`, `port-forward-only`",
            ),
            ("ingress: [{kind: controller, controller: kong}]", "ingress[0]: missing field `namespace`"),
            (
                "ingress: [{kind: namespace, labels: ~}]",
                "ingress[0].labels: expected a sequence of labels, found null",
            ),
            (
                "clusters: [{backend: agent, region: x}]",
                "clusters[0]: unknown field `region`, expected `name`",
            ),
            (
                "idp: {reach: {kind: in-cluster, namespace: a, podLabels: [{key: a, vaule: b}], port: 1}}",
                "idp.reach.podLabels[0]: unknown field `vaule`, expected `key` or `value`",
            ),
            ("dns: ~", "dns: expected a Dns name, found null"),
            (
                "dns: bind",
                "dns: unknown variant `bind`, expected one of `kube-dns`, `coredns`, `node-local`, `gke-cloud-dns`",
            ),
            ("[1]", "expected an Environment (a mapping), found a sequence"),
        ];
        for (yaml, want) in cases {
            assert_eq!(read(yaml), Err(want.to_owned()), "{yaml}");
        }
    }

    #[test]
    fn writes_tag_first_and_leaves_out_an_empty_verbatim() {
        let v = Environment::default().to_value();
        let keys: Vec<_> = v
            .as_mapping()
            .map(|m| m.keys().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        assert_eq!(keys.last(), Some(&"custom"));
        let cluster = Cluster::default().to_value();
        let first = cluster.as_mapping().and_then(|m| m.keys().next().cloned());
        assert_eq!(first, Some(Value::from("backend")));
        assert_eq!(
            read_back(&Environment::default()),
            Ok(Environment::default())
        );
    }

    fn read_back(env: &Environment) -> Result<Environment, ShapeError> {
        Environment::from_value(&env.to_value(), &mut Path::root())
    }
}
