//! Rules that *might* carry traffic to a destination without being shown to: the
//! evidence behind an "unverified" warning, and the whole answer for an in-cluster
//! Service, whose pods' addresses and labels a values file does not give.

use ipnet::IpNet;

use super::context::{Context, Dest};
use crate::cidr;
use crate::model::IpFamily;
use crate::reach::{self, PodTarget, Protocol, RuleRef, PRIVATE_RANGES};
use crate::values::{Peer, PortValue, RuleView, Values};

/// How far the rules reach an in-cluster Service.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct ServiceReach {
    /// The first rule that reaches every pod of the namespace on the port.
    pub allowed: Option<RuleRef>,
    /// Rules that might: a selector with pod labels, a private ipBlock (the pod or
    /// service CIDR), a peer in a namespace we cannot name, or the namespace on another
    /// port when the Service may map the URL's port to it.
    pub maybe: Vec<RuleRef>,
}

/// Three-valued: does this peer select the namespace?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Match {
    Yes,
    Maybe,
    No,
}

fn namespace_match(peer: &Peer, own: &str, namespace: Option<&str>) -> Match {
    // The namespace the host names, or Periscope's own when it names none.
    let target = namespace.or((!own.is_empty()).then_some(own));
    match (&peer.namespace_selector, target) {
        (Some(sel), _) if sel.is_empty() => Match::Yes,
        (Some(sel), Some(ns)) => {
            let t = PodTarget::in_namespace(ns, Default::default());
            if reach::selector_matches(sel, &t.namespace_labels) {
                Match::Yes
            } else {
                Match::No
            }
        }
        (Some(_), None) => Match::Maybe,
        // A pod selector alone selects pods of Periscope's own namespace.
        (None, _) if namespace.is_none() => Match::Yes,
        (None, Some(ns)) if !own.is_empty() => {
            if ns == own {
                Match::Yes
            } else {
                Match::No
            }
        }
        (None, _) => Match::Maybe,
    }
}

fn private_block(peer: &Peer) -> bool {
    PRIVATE_RANGES
        .iter()
        .filter_map(|s| cidr::known(s))
        .any(|range| reach::peer_opens_some_of(peer, &range))
}

/// How the egress rules reach an in-cluster Service in `namespace` (`None`: Periscope's
/// own) on TCP `port`. `scheme_port`: the URL did not write its port, so the Service may
/// well map it to another targetPort.
pub(super) fn service_reach(
    values: &Values,
    own: &str,
    namespace: Option<&str>,
    port: u16,
    scheme_port: bool,
) -> ServiceReach {
    let mut out = ServiceReach::default();
    for (i, rule) in values.egress.extra.iter().enumerate() {
        let v = rule.view();
        let on_port = reach::ports_match(v.ports, Protocol::Tcp, port);
        let peers = match v.peers {
            None | Some([]) if on_port => {
                out.allowed.get_or_insert(RuleRef::EgressExtra(i));
                continue;
            }
            None | Some([]) => continue,
            Some(peers) => peers,
        };
        let mut maybe = false;
        for peer in peers {
            if let Some(block) = &peer.ip_block {
                // Pod CIDRs are usually private, but not always (100.64.0.0/10 with EKS
                // custom networking, public ranges): any block short of the whole
                // internet may hold the Service's pods.
                let narrow = reach::values_net(&block.cidr).is_some_and(|n| n.prefix_len() > 0);
                maybe |= on_port && (private_block(peer) || narrow);
                continue;
            }
            // The host names the namespace; the pods behind the Service are whatever the
            // rule's pod selector says (their labels are not in the values).
            match namespace_match(peer, own, namespace) {
                Match::No => {}
                Match::Yes if on_port => {
                    out.allowed.get_or_insert(RuleRef::EgressExtra(i));
                }
                Match::Yes | Match::Maybe => maybe |= on_port || scheme_port,
            }
        }
        if maybe {
            out.maybe.push(RuleRef::EgressExtra(i));
        }
    }
    out
}

/// Ports a proxy or an explicit public range would not use: DNS, IMDS / Pod Identity,
/// HTTPS, apiservers.
const USUAL_PORTS: [i64; 4] = [53, 80, 443, 6443];

/// Whether a rule could carry public traffic on `port` without our knowing its addresses:
/// explicit public ranges on the port, or a private address on an unusual TCP port, which
/// looks like an egress proxy.
/// Blocks of the other IP family match nothing in the cluster.
pub(super) fn could_carry_public(rule: RuleView<'_>, family: IpFamily, port: u16) -> bool {
    let proxy_like = proxy_like(rule);
    rule.peers.unwrap_or_default().iter().any(|peer| {
        let Some(net) = peer
            .ip_block
            .as_ref()
            .and_then(|b| reach::values_net(&b.cidr))
        else {
            return false;
        };
        if !family_has(family, &net) {
            false
        } else if crate::cidr::is_private(&net) {
            proxy_like
        } else {
            reach::ports_match(rule.ports, Protocol::Tcp, port)
        }
    })
}

/// Whether a rule opens an unusual TCP port (not DNS, IMDS, HTTPS or an apiserver's),
/// as a rule to an egress proxy does.
fn proxy_like(rule: RuleView<'_>) -> bool {
    rule.ports.unwrap_or_default().iter().any(|p| {
        Protocol::of(p) == Some(Protocol::Tcp)
            && matches!(p.port, Some(PortValue::Number(n)) if !USUAL_PORTS.contains(&n))
    })
}

/// In a values file: whether some rule looks like an egress proxy (a private address of
/// the pod's family on an unusual TCP port), which may carry public traffic whose ranges
/// no rule allows.
pub(super) fn proxy_guess(values: &Values, family: IpFamily) -> bool {
    values.egress.extra.iter().any(|r| {
        let v = r.view();
        proxy_like(v)
            && v.peers.unwrap_or_default().iter().any(|peer| {
                peer.ip_block
                    .as_ref()
                    .and_then(|b| reach::values_net(&b.cidr))
                    .is_some_and(|n| family_has(family, &n) && crate::cidr::is_private(&n))
            })
    })
}

fn family_has(family: IpFamily, net: &IpNet) -> bool {
    if reach::is_v4(net) {
        family.v4()
    } else {
        family.v6()
    }
}

/// The egress rules that might carry traffic to `dest` (for the warning's evidence).
pub(super) fn candidates(values: &Values, ctx: &Context, dest: &Dest) -> Vec<RuleRef> {
    if let Dest::Service {
        namespace,
        port,
        scheme_port,
    } = dest
    {
        let own = ctx.namespace.as_str();
        return service_reach(values, own, namespace.as_deref(), *port, *scheme_port).maybe;
    }
    let ports = dest.ports();
    let (public, private) = match dest {
        Dest::Private { .. } => (false, true),
        Dest::PublicOrPrivate { .. } => (true, true),
        Dest::Home { otherwise, .. } => (
            true,
            matches!(otherwise.as_deref(), Some(Dest::Private { .. })),
        ),
        _ => (true, false),
    };
    egress_rules_where(values, |v| {
        ports.iter().any(|port| {
            (private
                && reach::ports_match(v.ports, Protocol::Tcp, *port)
                && v.peers.unwrap_or_default().iter().any(private_block))
                || (public && could_carry_public(v, ctx.ip_family, *port))
        })
    })
}

/// The egress rules whose view satisfies `keep`.
fn egress_rules_where(values: &Values, keep: impl Fn(RuleView<'_>) -> bool) -> Vec<RuleRef> {
    values
        .egress
        .extra
        .iter()
        .enumerate()
        .filter(|(_, r)| keep(r.view()))
        .map(|(i, _)| RuleRef::EgressExtra(i))
        .collect()
}

/// In a values file: the egress rules that reach pods. Such a rule may carry an issuer's
/// public host name that split DNS or a CoreDNS rewrite serves from the cluster, through
/// a Service whose targetPort differs.
pub(super) fn pod_rules(values: &Values) -> Vec<RuleRef> {
    egress_rules_where(values, |v| {
        v.peers
            .unwrap_or_default()
            .iter()
            .any(|p| p.pod_selector.is_some() || p.namespace_selector.is_some())
    })
}

/// "egress rules 2 and 3" / "egress rule 2" / "no rule".
pub(super) fn rules_phrase(rules: &[RuleRef]) -> String {
    let names: Vec<String> = rules.iter().map(|r| r.to_string()).collect();
    match names.as_slice() {
        [] => "no rule".into(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Whether any egress rule (the chart's DNS rule included) opens TCP `port` to some peer.
pub(super) fn port_opened(values: &Values, port: u16) -> bool {
    port == 53
        || values
            .egress
            .extra
            .iter()
            .any(|r| reach::ports_match(r.ports.as_deref(), Protocol::Tcp, port))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::parse_values;

    fn values(egress: &str) -> Values {
        parse_values(&format!(
            "networkPolicy: {{enabled: true, egress: {{extra: [{egress}]}}}}"
        ))
        .unwrap_or_default()
    }

    #[test]
    fn service_reach_table() {
        let ns = "{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: auth}}}";
        let ns_pods = "{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: auth}}, podSelector: {matchLabels: {app: kc}}}";
        let internet =
            "{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16]}}";
        // (rule, port, scheme_port, allowed, maybe)
        let cases = [
            (
                format!("{{to: [{ns}], ports: [{{port: 8080}}]}}"),
                8080,
                false,
                true,
                false,
            ),
            (
                format!("{{to: [{ns}], ports: [{{port: 443}}]}}"),
                8080,
                false,
                false,
                false,
            ),
            (
                format!("{{to: [{ns}], ports: [{{port: 8080}}]}}"),
                80,
                true,
                false,
                true,
            ),
            (
                format!("{{to: [{ns_pods}], ports: [{{port: 8080}}]}}"),
                8080,
                false,
                true,
                false,
            ),
            (
                format!("{{to: [{ns_pods}], ports: [{{port: 8080}}]}}"),
                80,
                true,
                false,
                true,
            ),
            (
                format!("{{to: [{internet}], ports: [{{port: 8080}}]}}"),
                8080,
                false,
                false,
                false,
            ),
            (
                "{to: [{ipBlock: {cidr: 10.0.0.0/8}}], ports: [{port: 8080}]}".into(),
                8080,
                false,
                false,
                true,
            ),
            ("{ports: [{port: 8080}]}".into(), 8080, false, true, false),
            (
                "{to: [{namespaceSelector: {}}], ports: [{port: 8080, endPort: 8090}]}".into(),
                8085,
                false,
                true,
                false,
            ),
            (
                "{to: [{namespaceSelector: {matchLabels: {team: x}}}], ports: [{port: 8080}]}"
                    .into(),
                8080,
                false,
                false,
                false,
            ),
        ];
        for (rule, port, scheme, allowed, maybe) in cases {
            let r = service_reach(&values(&rule), "", Some("auth"), port, scheme);
            assert_eq!(
                (r.allowed.is_some(), !r.maybe.is_empty()),
                (allowed, maybe),
                "{rule} on {port}"
            );
        }
        // A pod selector alone: Periscope's own namespace, unknown in a values file.
        let own = values("{to: [{podSelector: {}}], ports: [{port: 8080}]}");
        assert!(!service_reach(&own, "", Some("auth"), 8080, false)
            .maybe
            .is_empty());
        assert!(service_reach(&own, "auth", Some("auth"), 8080, false)
            .allowed
            .is_some());
        assert!(service_reach(&own, "", None, 8080, false).allowed.is_some());
    }

    #[test]
    fn phrases() {
        assert_eq!(rules_phrase(&[]), "no rule");
        assert_eq!(
            rules_phrase(&[RuleRef::EgressExtra(0), RuleRef::EgressExtra(2)]),
            "egress rule 1 and egress rule 3"
        );
    }
}
