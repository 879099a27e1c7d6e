//! The reducer's edits to the cluster, custom-rule and label lists, and the helpers every
//! list edit shares.
//!
//! These edits touch only the Environment (no parking, no checker), so they are plain
//! functions of it; `State::edit` routes their actions here.

use super::{
    Action, Backend, ClusterField, LabelList, LabelPart, PeerAt, PeerKind, PortPart, SelectorSide,
};
use crate::model::{
    CidrList, Cluster, CustomPeer, CustomPort, CustomRule, EndpointAccess, Environment, IdpReach,
    IngressSource, Label, PortText,
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
        Action::RemoveCluster(i) => {
            if i < env.clusters.len() {
                crate::fill::cluster_removed(env, i);
            }
            remove_at(&mut env.clusters, i);
        }
        Action::SetCluster(i, field, v) => {
            if field == ClusterField::Cidrs {
                crate::fill::forget(env, &crate::fill::FillTarget::Cluster(i).field());
            }
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
        Action::AddCustomPeer(i, kind) => {
            if let Some(r) = env.custom.get_mut(i) {
                r.peers.push(match kind {
                    PeerKind::IpBlock => CustomPeer::IpBlock {
                        cidr: String::new(),
                        except: CidrList::default(),
                    },
                    PeerKind::Selector => CustomPeer::Selector {
                        namespace_labels: Some(vec![Label::new("kubernetes.io/metadata.name", "")]),
                        pod_labels: None,
                    },
                });
            }
        }
        Action::RemoveCustomPeer(at) => {
            if let Some(r) = env.custom.get_mut(at.rule) {
                remove_at(&mut r.peers, at.peer);
            }
        }
        Action::SetPeerCidr(at, v) => {
            if let Some(CustomPeer::IpBlock { cidr, .. }) = peer_mut(env, at) {
                *cidr = v;
            }
        }
        Action::SetPeerExcept(at, v) => {
            if let Some(CustomPeer::IpBlock { except, .. }) = peer_mut(env, at) {
                *except = CidrList(v);
            }
        }
        Action::SetPeerSelector(at, side, on) => {
            if let Some(sel) = selector_mut(env, at, side) {
                match (on, sel.is_some()) {
                    (true, false) => *sel = Some(Vec::new()),
                    (false, true) => *sel = None,
                    _ => {}
                }
            }
        }
        Action::AddCustomPort(i) => {
            if let Some(r) = env.custom.get_mut(i) {
                r.ports.push(CustomPort::default());
            }
        }
        Action::RemoveCustomPort(at) => {
            if let Some(r) = env.custom.get_mut(at.rule) {
                remove_at(&mut r.ports, at.port);
            }
        }
        Action::SetCustomPort(at, part, v) => {
            if let Some(p) = env
                .custom
                .get_mut(at.rule)
                .and_then(|r| r.ports.get_mut(at.port))
            {
                match part {
                    PortPart::Protocol => p.protocol = v,
                    PortPart::Port => p.port = PortText(v),
                    PortPart::EndPort => p.end_port = PortText(v),
                }
            }
        }
        Action::AddLabel(list) => {
            if let Some(labels) = labels_mut(env, list) {
                labels.push(Label::default());
            }
        }
        Action::RemoveLabel(at) => {
            if let Some(labels) = labels_mut(env, at.list) {
                remove_at(labels, at.index);
            }
        }
        Action::SetLabel(at, part, v) => {
            if let Some(l) = labels_mut(env, at.list).and_then(|l| l.get_mut(at.index)) {
                match part {
                    LabelPart::Key => l.key = v,
                    LabelPart::Value => l.value = v,
                }
            }
        }
        // Not a list action: `edit_env` handles it and never routes it here.
        _ => {}
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

fn peer_mut(env: &mut Environment, at: PeerAt) -> Option<&mut CustomPeer> {
    env.custom
        .get_mut(at.rule)
        .and_then(|r| r.peers.get_mut(at.peer))
}

fn selector_mut(
    env: &mut Environment,
    at: PeerAt,
    side: SelectorSide,
) -> Option<&mut Option<Vec<Label>>> {
    match peer_mut(env, at)? {
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

/// The labels of a list, when the list exists (a namespace source, an in-cluster IdP, a
/// selector that is on).
fn labels_mut(env: &mut Environment, list: LabelList) -> Option<&mut Vec<Label>> {
    match list {
        LabelList::Ingress(i) => match env.ingress.get_mut(i)? {
            IngressSource::Namespace { labels } => Some(labels),
            _ => None,
        },
        LabelList::IdpPods => match &mut env.idp.reach {
            IdpReach::InCluster { pod_labels, .. } => Some(pod_labels),
            _ => None,
        },
        LabelList::Peer(at, side) => selector_mut(env, at, side)?.as_mut(),
    }
}
