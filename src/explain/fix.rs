//! The narrowest rule that allows what was asked: the one-click fix of a denied answer.

use ipnet::IpNet;

use super::Question;
use crate::builder;
use crate::lint::Dest;
use crate::model::{CustomPeer, CustomPort, CustomRule, Direction, Label};
use crate::reach::{Remote, Way};
use crate::remedy::Remedy;
use crate::text::PortText;

/// The destination asked on another TCP port.
pub(super) fn with_port(dest: &Dest, port: u16) -> Dest {
    match dest {
        Dest::Public { .. } => Dest::Public { port },
        Dest::PublicOrPrivate { .. } => Dest::PublicOrPrivate { port },
        Dest::Named { names, .. } => Dest::Named {
            names: names.clone(),
            port,
        },
        Dest::Private { .. } => Dest::Private { ports: vec![port] },
        Dest::Service {
            namespace,
            scheme_port,
            ..
        } => Dest::Service {
            namespace: namespace.clone(),
            port,
            scheme_port: *scheme_port,
        },
        Dest::Home { home, otherwise } if home.port != port => Dest::Home {
            home: std::sync::Arc::new(crate::lint::Home {
                port,
                ..(**home).clone()
            }),
            otherwise: otherwise.as_deref().map(|d| Box::new(with_port(d, port))),
        },
        other => other.clone(),
    }
}

fn port_of(q: &Question) -> CustomPort {
    CustomPort {
        protocol: q.protocol.as_str().into(),
        port: PortText::from(q.port),
        end_port: PortText::default(),
    }
}

fn direction(way: Way) -> Direction {
    match way {
        Way::Egress => Direction::Egress,
        Way::Ingress => Direction::Ingress,
    }
}

/// The narrowest rule for these remotes: each address alone, or the pods by namespace
/// name and pod labels, on the one port asked.
pub(super) fn fix(way: Way, remotes: &[Remote], q: &Question) -> Remedy {
    let peers = remotes
        .iter()
        .map(|r| match r {
            Remote::Ip(ip) => CustomPeer::IpBlock {
                cidr: IpNet::from(*ip).to_string(),
                except: Default::default(),
            },
            Remote::Pods(t) => CustomPeer::Selector {
                namespace_labels: Some(vec![Label::new(
                    builder::NAMESPACE_NAME_LABEL,
                    &t.namespace,
                )]),
                pod_labels: (!t.pod_labels.is_empty())
                    .then(|| t.pod_labels.iter().map(|(k, v)| Label::new(k, v)).collect()),
            },
        })
        .collect();
    Remedy::AddCustomRule(CustomRule {
        direction: direction(way),
        note: format!(
            "what-if tester: {} {} {} {}",
            way.as_str(),
            q.remote,
            q.protocol.as_str(),
            q.port
        ),
        peers,
        ports: vec![port_of(q)],
    })
}

pub(super) fn fix_nets(nets: &[IpNet], q: &Question) -> Remedy {
    let remotes: Vec<Remote> = nets.iter().map(|n| Remote::Ip(n.network())).collect();
    let mut remedy = fix(Way::Egress, &remotes, q);
    // Ranges stay ranges: the host lives somewhere in them.
    if let Remedy::AddCustomRule(rule) = &mut remedy {
        for (peer, net) in rule.peers.iter_mut().zip(nets) {
            *peer = CustomPeer::IpBlock {
                cidr: net.to_string(),
                except: Default::default(),
            };
        }
    }
    remedy
}
