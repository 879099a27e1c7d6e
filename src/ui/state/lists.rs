//! The reducer's edits to the cluster and custom-rule lists, and the helpers every list
//! edit shares.
//!
//! These edits touch only the Environment (no parking, no checker), so they are plain
//! functions of it; `State::edit` routes their actions here.

use super::{Action, Backend, ClusterField, LabelPart, PortPart, SelectorSide};
use crate::model::{
    CidrList, Cluster, CustomPeer, CustomPort, CustomRule, EndpointAccess, Environment, Label,
    PortText,
};

/// Applies a cluster or custom-rule action; any other action is left to `State::edit`.
pub(super) fn edit(env: &mut Environment, action: Action) {
    match action {
        Action::AddCluster(b) => {
            let n = env.clusters.len() + 1;
            let region = env.aws.region.clone();
            env.clusters.push(match b {
                Backend::Eks => Cluster::Eks {
                    name: format!("cluster-{n}"),
                    region,
                    endpoint: EndpointAccess::Public,
                    cidrs: CidrList::default(),
                },
                Backend::InCluster => Cluster::InCluster {
                    name: "in-cluster".into(),
                    cidrs: CidrList::default(),
                    port: PortText::from(443),
                },
                Backend::Kubeconfig => Cluster::Kubeconfig {
                    name: format!("cluster-{n}"),
                    server: String::new(),
                    cidrs: CidrList::default(),
                    port: PortText::from(443),
                },
                Backend::Agent => Cluster::Agent {
                    name: format!("agent-{n}"),
                },
            });
        }
        Action::RemoveCluster(i) => remove_at(&mut env.clusters, i),
        Action::SetCluster(i, field, v) => {
            if let Some(c) = env.clusters.get_mut(i) {
                set_cluster_field(c, field, v);
            }
        }
        Action::SetClusterEndpoint(i, e) => {
            if let Some(Cluster::Eks { endpoint, .. }) = env.clusters.get_mut(i) {
                *endpoint = e;
            }
        }
        Action::AddCustomRule(direction) => env.custom.push(CustomRule {
            direction,
            note: String::new(),
            peers: vec![CustomPeer::IpBlock {
                cidr: String::new(),
                except: CidrList::default(),
            }],
            ports: vec![CustomPort::default()],
        }),
        Action::RemoveCustomRule(i) => remove_at(&mut env.custom, i),
        Action::SetCustomDirection(i, d) => {
            if let Some(r) = env.custom.get_mut(i) {
                r.direction = d;
            }
        }
        Action::SetCustomNote(i, v) => {
            if let Some(r) = env.custom.get_mut(i) {
                r.note = v;
            }
        }
        Action::AddCustomPeer(i, ip_block) => {
            if let Some(r) = env.custom.get_mut(i) {
                r.peers.push(if ip_block {
                    CustomPeer::IpBlock {
                        cidr: String::new(),
                        except: CidrList::default(),
                    }
                } else {
                    CustomPeer::Selector {
                        namespace_labels: Some(vec![Label::new("kubernetes.io/metadata.name", "")]),
                        pod_labels: None,
                    }
                });
            }
        }
        Action::RemoveCustomPeer(i, j) => {
            if let Some(r) = env.custom.get_mut(i) {
                remove_at(&mut r.peers, j);
            }
        }
        Action::SetPeerCidr(i, j, v) => {
            if let Some(CustomPeer::IpBlock { cidr, .. }) = peer_mut(env, i, j) {
                *cidr = v;
            }
        }
        Action::SetPeerExcept(i, j, v) => {
            if let Some(CustomPeer::IpBlock { except, .. }) = peer_mut(env, i, j) {
                *except = CidrList(v);
            }
        }
        Action::SetPeerSelector(i, j, side, on) => {
            if let Some(sel) = selector_mut(env, i, j, side) {
                match (on, sel.is_some()) {
                    (true, false) => *sel = Some(Vec::new()),
                    (false, true) => *sel = None,
                    _ => {}
                }
            }
        }
        Action::AddPeerLabel(i, j, side) => {
            if let Some(Some(labels)) = selector_mut(env, i, j, side) {
                labels.push(Label::default());
            }
        }
        Action::RemovePeerLabel(i, j, side, k) => {
            if let Some(Some(labels)) = selector_mut(env, i, j, side) {
                remove_at(labels, k);
            }
        }
        Action::SetPeerLabel(i, j, side, k, part, v) => {
            if let Some(Some(labels)) = selector_mut(env, i, j, side) {
                set_label(labels, k, part, v);
            }
        }
        Action::AddCustomPort(i) => {
            if let Some(r) = env.custom.get_mut(i) {
                r.ports.push(CustomPort::default());
            }
        }
        Action::RemoveCustomPort(i, j) => {
            if let Some(r) = env.custom.get_mut(i) {
                remove_at(&mut r.ports, j);
            }
        }
        Action::SetCustomPort(i, j, part, v) => {
            if let Some(p) = env.custom.get_mut(i).and_then(|r| r.ports.get_mut(j)) {
                match part {
                    PortPart::Protocol => p.protocol = v,
                    PortPart::Port => p.port = PortText(v),
                    PortPart::EndPort => p.end_port = PortText(v),
                }
            }
        }
        // Not a list action: `State::edit` handles it and never routes it here.
        _ => {}
    }
}

pub(super) fn set_label(labels: &mut [Label], j: usize, part: LabelPart, v: String) {
    if let Some(l) = labels.get_mut(j) {
        match part {
            LabelPart::Key => l.key = v,
            LabelPart::Value => l.value = v,
        }
    }
}

pub(super) fn remove_at<T>(list: &mut Vec<T>, i: usize) {
    if i < list.len() {
        list.remove(i);
    }
}

fn set_cluster_field(c: &mut Cluster, field: ClusterField, v: String) {
    match (c, field) {
        (
            Cluster::Eks { name, .. }
            | Cluster::InCluster { name, .. }
            | Cluster::Kubeconfig { name, .. }
            | Cluster::Agent { name },
            ClusterField::Name,
        ) => *name = v,
        (Cluster::Eks { region, .. }, ClusterField::Region) => *region = v,
        (
            Cluster::Eks { cidrs, .. }
            | Cluster::InCluster { cidrs, .. }
            | Cluster::Kubeconfig { cidrs, .. },
            ClusterField::Cidrs,
        ) => *cidrs = CidrList(v),
        (
            Cluster::InCluster { port, .. } | Cluster::Kubeconfig { port, .. },
            ClusterField::Port,
        ) => *port = PortText(v),
        (Cluster::Kubeconfig { server, .. }, ClusterField::Server) => *server = v,
        _ => {}
    }
}

fn peer_mut(env: &mut Environment, i: usize, j: usize) -> Option<&mut CustomPeer> {
    env.custom.get_mut(i).and_then(|r| r.peers.get_mut(j))
}

fn selector_mut(
    env: &mut Environment,
    i: usize,
    j: usize,
    side: SelectorSide,
) -> Option<&mut Option<Vec<Label>>> {
    match peer_mut(env, i, j)? {
        CustomPeer::Selector {
            namespace_labels,
            pod_labels,
        } => Some(match side {
            SelectorSide::Namespace => namespace_labels,
            SelectorSide::Pod => pod_labels,
        }),
        CustomPeer::IpBlock { .. } => None,
    }
}
