//! Custom and imported rules: what the operator wrote by hand, checked entry by entry.

use super::*;

impl Builder {
    /// An imported rule, exactly as it was: no validation, no deduplication.
    pub(super) fn verbatim(&mut self, i: usize, rule: &VerbatimRule) {
        self.origin = format!("verbatim[{i}]");
        let reason = "imported rule, kept verbatim".to_owned();
        match rule {
            VerbatimRule::FromNamespaces(labels) => {
                self.out.values.ingress.from_namespaces.push(labels.clone());
                self.out.notes.from_namespaces.push(reason);
                self.out.origins.from_namespaces.push(self.origin.clone());
            }
            VerbatimRule::Ingress(r) => self.push_ingress(r.clone(), reason),
            VerbatimRule::Egress(r) => self.push_egress(r.clone(), reason),
        }
    }

    pub(super) fn custom(&mut self, i: usize, rule: &CustomRule) {
        let path = format!("custom[{i}]");
        self.origin.clone_from(&path);
        let mut peers: Vec<Peer> = Vec::new();
        for (j, peer) in rule.peers.iter().enumerate() {
            // Paths are written only for the entries that need one (most have no problem).
            let ppath = || format!("{path}.peers[{j}]");
            match peer {
                CustomPeer::IpBlock { cidr, except } => {
                    let Some(block) = self.ip_block(cidr, except, &ppath) else {
                        continue;
                    };
                    peers.push(block);
                }
                CustomPeer::Selector {
                    namespace_labels,
                    pod_labels,
                } => {
                    let ppath = ppath();
                    if namespace_labels.is_none() && pod_labels.is_none() {
                        self.problem(
                            &ppath,
                            InputError::Incomplete("a selector peer needs a namespace selector, a pod selector or both"),
                        );
                        continue;
                    }
                    let ns = namespace_labels.as_ref().map(|l| {
                        LabelSelector::labels(self.labels(l, &format!("{ppath}.namespaceLabels")))
                    });
                    let pods = pod_labels.as_ref().map(|l| {
                        LabelSelector::labels(self.labels(l, &format!("{ppath}.podLabels")))
                    });
                    peers.push(Peer {
                        namespace_selector: ns.map(empty_selector_as_braces),
                        pod_selector: pods.map(empty_selector_as_braces),
                        ip_block: None,
                    });
                }
            }
        }
        let mut rule_ports: Vec<PolicyPort> = Vec::new();
        for (j, p) in rule.ports.iter().enumerate() {
            if let Some(port) = self.custom_port(p, &|| format!("{path}.ports[{j}]")) {
                if !rule_ports.contains(&port) {
                    rule_ports.push(port);
                }
            }
        }
        // A rule whose every peer (or port) was bad must not widen into "every peer"
        // (or "every port"): leave the whole rule out until it is fixed.
        if (!rule.peers.is_empty() && peers.is_empty())
            || (!rule.ports.is_empty() && rule_ports.is_empty())
        {
            self.problem(
                &path,
                InputError::Incomplete("this rule is left out until its peers and ports are fixed: without them it would allow everything"),
            );
            return;
        }
        let peers = (!peers.is_empty()).then_some(peers);
        let rule_ports = (!rule_ports.is_empty()).then_some(rule_ports);
        let reason = if rule.note.trim().is_empty() {
            "custom rule".to_owned()
        } else {
            rule.note.trim().to_owned()
        };
        match rule.direction {
            Direction::Ingress => self.push_ingress(
                IngressRule {
                    from: peers,
                    ports: rule_ports,
                },
                reason,
            ),
            Direction::Egress => self.push_egress(
                EgressRule {
                    to: peers,
                    ports: rule_ports,
                },
                reason,
            ),
        }
    }

    fn ip_block(
        &mut self,
        cidr: &str,
        except: &CidrList,
        path: &dyn Fn() -> String,
    ) -> Option<Peer> {
        let cidr_path = || format!("{}.cidr", path());
        let (outer, text) = match parse_cidr(cidr) {
            Ok(c) => match c.typed {
                Some(typed) => {
                    let text = c.net.to_string();
                    self.out.normalised.push(Normalised {
                        path: cidr_path(),
                        typed,
                        normalised: text.clone(),
                    });
                    (c.net, text)
                }
                // Typed as written out: the text is the network's.
                None => (c.net, cidr.to_owned()),
            },
            Err(e) => {
                self.problem(&cidr_path(), e);
                return None;
            }
        };
        if except.is_empty() {
            return Some(Peer::ip_block(text, vec![]));
        }
        let except_path = format!("{}.except", path());
        let mut kept: Vec<String> = Vec::new();
        for inner in self.cidrs(except, &except_path) {
            if !(outer.contains(&inner) && inner.prefix_len() > outer.prefix_len()) {
                self.problem(
                    &except_path,
                    InputError::ExceptOutside {
                        except: inner.to_string(),
                        cidr: outer.to_string(),
                    },
                );
                continue;
            }
            kept.push(inner.to_string());
        }
        Some(Peer::ip_block(text, kept))
    }

    fn custom_port(
        &mut self,
        p: &crate::model::CustomPort,
        path: &dyn Fn() -> String,
    ) -> Option<PolicyPort> {
        let protocol = p.protocol.trim().to_ascii_uppercase();
        let protocol = if protocol.is_empty() {
            "TCP".to_owned()
        } else {
            protocol
        };
        if !matches!(protocol.as_str(), "TCP" | "UDP" | "SCTP") {
            self.problem(
                &format!("{}.protocol", path()),
                InputError::Protocol(p.protocol.to_string()),
            );
            return None;
        }
        let text = p.port.as_str().trim();
        let port = if text.is_empty() {
            None
        } else if text.bytes().all(|b| b.is_ascii_digit()) {
            match text.parse::<u32>() {
                Ok(n) if (1..=65535).contains(&n) => Some(PortValue::Number(i64::from(n))),
                _ => {
                    self.problem(
                        &format!("{}.port", path()),
                        InputError::PortNumber(text.to_owned()),
                    );
                    return None;
                }
            }
        } else {
            match names::port_name(text) {
                Ok(()) => Some(PortValue::Name(text.to_owned())),
                Err(e) => {
                    self.problem(&format!("{}.port", path()), e);
                    return None;
                }
            }
        };
        let end_text = p.end_port.as_str().trim();
        let end_port = if end_text.is_empty() {
            None
        } else {
            let start = match &port {
                Some(PortValue::Number(n)) => *n,
                _ => {
                    self.problem(
                        &format!("{}.endPort", path()),
                        InputError::EndPortWithoutPort(end_text.to_owned()),
                    );
                    return None;
                }
            };
            match end_text.parse::<i64>() {
                Ok(e) if e >= start && e <= 65535 => Some(e),
                _ => {
                    self.problem(
                        &format!("{}.endPort", path()),
                        InputError::EndPort {
                            text: end_text.to_owned(),
                            start,
                        },
                    );
                    return None;
                }
            }
        };
        Some(PolicyPort {
            protocol: Some(protocol),
            port,
            end_port,
        })
    }
}

/// Keeps an explicitly empty selector as `{}` (every namespace / every pod).
fn empty_selector_as_braces(sel: LabelSelector) -> LabelSelector {
    if sel.is_empty() {
        LabelSelector::default()
    } else {
        sel
    }
}
