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
//! [`unit_variant`], [`Out`](crate::doc::Out)); a reader's fields are set by their index
//! in its key list, so no reader carries its own copy of the entry loop or of the key
//! comparisons.

use super::{
    AgentTunnel, Aws, AwsApiAccess, Controller, Credentials, CustomPort, CustomRule, Direction,
    Dns, EndpointAccess, Environment, Idp, IpFamily, Label, Release, SecretsMode,
};
use crate::doc::{read_items, record, FromValue, Map, Path, SetField, ShapeError, ToValue, Value};

mod choices;

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

#[cfg(test)]
mod tests;
