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
//!
//! Size matters here (this is wasm): the structs are [`record!`] tables and the unit enums
//! a macro's, expanded around one shared, non-generic core ([`read_entries`],
//! [`unit_variant`], [`Out`]); a reader's fields are set by their index in its key list,
//! so no reader carries its own copy of the entry loop or of the key comparisons.

use super::{
    AgentTunnel, Aws, AwsApiAccess, CidrList, Cluster, Controller, Credentials, CustomPeer,
    CustomPort, CustomRule, Direction, Dns, EgressPosture, EndpointAccess, Environment, Idp,
    IdpReach, IngressSource, IpFamily, Label, PortText, Release, SecretsMode,
};
use crate::doc::{
    read, read_items, read_some, record, FromValue, Map, Out, Path, SetField, ShapeError, ToValue,
    Value,
};

// ---------------------------------------------------------------------------------------
// Reading helpers.

/// Reads a struct's mapping (`#[serde(default, deny_unknown_fields)]`, the [`record!`]
/// tables' core): null reads nothing (the caller's defaults stand), a mapping goes
/// through [`read_entries`].
fn read_struct(
    v: &Value,
    at: &mut Path,
    what: &str,
    names: &[&str],
    set: &mut SetField<'_>,
) -> Result<(), ShapeError> {
    match v {
        Value::Null => Ok(()),
        Value::Mapping(map) => read_entries(map, None, at, names, set),
        other => Err(at.expected(what, other)),
    }
}

/// The entries of `map` but `skip` (a variant's tag), in document order (so the first bad
/// entry is the one reported, as with serde): a key of `names` is read by `set`, with its
/// index there, another is an error.
fn read_entries(
    map: &Map,
    skip: Option<&str>,
    at: &mut Path,
    names: &[&str],
    set: &mut SetField<'_>,
) -> Result<(), ShapeError> {
    for (k, item) in map.iter() {
        let Some(key) = k.as_str() else {
            return Err(at.expected("string keys", k));
        };
        if Some(key) == skip {
            continue;
        }
        let Some(index) = names.iter().position(|n| *n == key) else {
            return Err(unknown_field(at, key, names));
        };
        at.push_key(key);
        let read = set(index, item, at);
        at.pop();
        read?;
    }
    Ok(())
}

fn unknown_field(at: &Path, key: &str, names: &[&str]) -> ShapeError {
    if names.is_empty() {
        return at.error(format!("unknown field `{key}`, there are none"));
    }
    at.error(format!("unknown field `{key}`, expected {}", one_of(names)))
}

/// "`a`", "`a` or `b`", "one of `a`, `b`, `c`" (serde's wording).
fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|s| format!("`{s}`")).collect();
    match names.len() {
        1 | 2 => quoted.join(" or "),
        _ => format!("one of {}", quoted.join(", ")),
    }
}

/// A list read into its slot: a sequence of `T`, or null for none.
fn list<T: FromValue>(slot: &mut Vec<T>, v: &Value, at: &mut Path) -> Result<(), ShapeError> {
    *slot = match v {
        Value::Null => Vec::new(),
        other => Vec::<T>::from_value(other, at)?,
    };
    Ok(())
}

/// A list of labels inside a tagged choice, read into its slot: a sequence of mappings,
/// never null.
fn content_labels(
    slot: &mut Option<Vec<Label>>,
    v: &Value,
    at: &mut Path,
) -> Result<(), ShapeError> {
    let mut out = Vec::new();
    read_items(v, at, "a sequence of labels", &mut |item, at| {
        if !item.is_mapping() {
            return Err(at.expected("a label (a mapping of `key` and `value`)", item));
        }
        out.push(Label::from_value(item, at)?);
        Ok(())
    })?;
    *slot = Some(out);
    Ok(())
}

/// An optional list of labels inside a tagged choice, read into its slot: null is `None`.
fn content_opt_labels(
    slot: &mut Option<Vec<Label>>,
    v: &Value,
    at: &mut Path,
) -> Result<(), ShapeError> {
    match v {
        Value::Null => {
            *slot = None;
            Ok(())
        }
        other => content_labels(slot, other, at),
    }
}

/// A required field of a struct variant.
fn required<T>(slot: Option<T>, key: &str, at: &Path) -> Result<T, ShapeError> {
    slot.ok_or_else(|| missing(key, at))
}

fn missing(key: &str, at: &Path) -> ShapeError {
    at.error(format!("missing field `{key}`"))
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
        return Err(missing(tag, at));
    };
    at.push_key(tag);
    let variant = match name.as_str() {
        Some(s) => variants
            .iter()
            .find(|n| **n == s)
            .copied()
            .ok_or_else(|| unknown_variant(at, s, variants)),
        None => Err(at.expected("a string", name)),
    };
    at.pop();
    Ok((map, variant?))
}

fn unknown_variant(at: &Path, name: &str, variants: &[&str]) -> ShapeError {
    at.error(format!(
        "unknown variant `{name}`, expected {}",
        one_of(variants)
    ))
}

/// A unit enum's variant: the index in `names` of the string `v`.
fn unit_variant(v: &Value, at: &mut Path, what: &str, names: &[&str]) -> Result<usize, ShapeError> {
    let Some(s) = v.as_str() else {
        return Err(at.expected(what, v));
    };
    names
        .iter()
        .position(|n| *n == s)
        .ok_or_else(|| unknown_variant(at, s, names))
}

/// A unit enum: the string of one of its variants.
macro_rules! unit_enum {
    ($ty:ident { $($variant:ident => $name:literal,)+ }) => {
        impl $ty {
            const NAMES: &'static [&'static str] = &[$($name),+];
            const VARIANTS: &'static [$ty] = &[$($ty::$variant),+];

            /// The name serde wrote.
            fn name(self) -> &'static str {
                match self {
                    $($ty::$variant => $name,)+
                }
            }
        }

        impl FromValue for $ty {
            fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
                let what = concat!("a ", stringify!($ty), " name");
                let i = unit_variant(v, at, what, $ty::NAMES)?;
                // The tables have the same length: never an error.
                $ty::VARIANTS.get(i).copied().ok_or_else(|| at.expected(what, v))
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
// Structs.

record!(Environment, "an Environment (a mapping)", read_struct, [
    release: "release",
    enabled: "enabled",
    ingress: "ingress" => list,
    agent: "agent",
    idp: "idp",
    aws: "aws",
    clusters: "clusters" => list,
    secrets_mode: "secretsMode",
    egress: "egress",
    dns: "dns",
    ip_family: "ipFamily",
    custom: "custom" => list,
    verbatim: "verbatim" => list / put_nonempty,
]);

record!(Release, "a release (a mapping)", read_struct, [
    name: "name",
    namespace: "namespace",
    name_override: "nameOverride",
    fullname_override: "fullnameOverride",
    chart_version: "chartVersion",
    app_version: "appVersion",
    service_port: "servicePort",
]);

record!(AgentTunnel, "the agent tunnel (a mapping)", read_struct, [
    enabled: "enabled",
    port: "port",
    cidrs: "cidrs",
]);

record!(Idp, "the identity provider (a mapping)", read_struct, [
    issuer: "issuer",
    reach: "reach",
]);

record!(Aws, "the AWS settings (a mapping)", read_struct, [
    credentials: "credentials",
    region: "region",
    api_access: "apiAccess",
    api_cidrs: "apiCidrs",
]);

record!(CustomRule, "a custom rule (a mapping)", read_struct, [
    direction: "direction",
    note: "note",
    peers: "peers" => list,
    ports: "ports" => list,
]);

record!(CustomPort, "a custom port (a mapping)", read_struct, [
    protocol: "protocol",
    port: "port",
    end_port: "endPort",
]);

// ---------------------------------------------------------------------------------------
// Tagged choices. A variant's fields are set by their index in its key list.

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
                let names = &["controller", "namespace"];
                read_entries(map, Some("kind"), at, names, &mut |i, item, at| match i {
                    0 => read_some(&mut controller, item, at),
                    _ => read_some(&mut namespace, item, at),
                })?;
                Ok(IngressSource::Controller {
                    controller: required(controller, "controller", at)?,
                    namespace: required(namespace, "namespace", at)?,
                })
            }
            "namespace" => {
                let mut labels = None;
                read_entries(map, Some("kind"), at, &["labels"], &mut |_, item, at| {
                    content_labels(&mut labels, item, at)
                })?;
                Ok(IngressSource::Namespace {
                    labels: required(labels, "labels", at)?,
                })
            }
            "load-balancer" => {
                let mut cidrs = None;
                read_entries(map, Some("kind"), at, &["cidrs"], &mut |_, item, at| {
                    read_some(&mut cidrs, item, at)
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
                read_entries(map, Some("kind"), at, &["cidrs"], &mut |_, item, at| {
                    read_some(&mut cidrs, item, at)
                })?;
                Ok(IdpReach::Cidrs {
                    cidrs: required(cidrs, "cidrs", at)?,
                })
            }
            "in-cluster" => {
                let (mut namespace, mut pod_labels, mut port) = (None, None, None);
                let names = &["namespace", "podLabels", "port"];
                read_entries(map, Some("kind"), at, names, &mut |i, item, at| match i {
                    0 => read_some(&mut namespace, item, at),
                    1 => content_labels(&mut pod_labels, item, at),
                    _ => read_some(&mut port, item, at),
                })?;
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
        read_entries(
            map,
            Some("backend"),
            at,
            names,
            &mut |i, item, at| match names.get(i).copied() {
                Some("region") => read(&mut region, item, at),
                Some("endpoint") => read(&mut endpoint, item, at),
                Some("server") => read(&mut server, item, at),
                Some("cidrs") => read(&mut cidrs, item, at),
                Some("port") => read(&mut port, item, at),
                _ => read(&mut name, item, at),
            },
        )?;
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
                    &mut |i, item, at| match i {
                        0 => read_some(&mut cidrs, item, at),
                        _ => read_some(&mut port, item, at),
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
                &mut |i, item, at| match i {
                    0 => read_some(&mut cidr, item, at),
                    _ => read(&mut except, item, at),
                },
            )?;
            return Ok(CustomPeer::IpBlock {
                cidr: required(cidr, "cidr", at)?,
                except,
            });
        }
        let (mut namespace_labels, mut pod_labels) = (None, None);
        let names = &["namespaceLabels", "podLabels"];
        read_entries(map, Some("kind"), at, names, &mut |i, item, at| match i {
            0 => content_opt_labels(&mut namespace_labels, item, at),
            _ => content_opt_labels(&mut pod_labels, item, at),
        })?;
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
