//! The tagged choices (`kind:` / `backend:`), each read and written by hand: split from
//! the parent, which keeps the shared reading core ([`tagged`], [`read_entries`]) and the
//! table-driven structs and unit enums. A variant's fields are set by their index in its
//! key list.

use super::super::{
    CidrList, Cluster, CustomPeer, EgressPosture, EndpointAccess, IdpReach, IngressSource, PortText,
};
use super::{content_labels, content_opt_labels, read_entries, required, tagged};
use crate::doc::{read, read_some, FromValue, Out, Path, ShapeError, ToValue, Value};

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
