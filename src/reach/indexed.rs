//! The address queries of [`crate::reach`] answered from a [`NetIndex`]: the same answers
//! as the scanning queries, but each costs a few binary searches instead of a pass over
//! every rule with a parse of every CIDR, so checking n addresses against n peers stays
//! O(n log n).

use ipnet::IpNet;

use super::{ports_match, EgressLookup, Protocol, RuleRef};
use crate::netindex::{Net, NetIndex, Side};
use crate::values::Values;

impl NetIndex<'_> {
    /// [`super::egress_to_net`], from the index.
    ///
    /// ```
    /// use periscope_netpol::{builder::build, model::Environment, netindex::NetIndex, reach::*};
    /// let v = build(&Environment::default()).values;
    /// let index = NetIndex::new(&v);
    /// let net = "52.94.76.1/32".parse().unwrap();
    /// assert_eq!(index.egress_to_net(&net, Protocol::Tcp, 443), Some(RuleRef::EgressExtra(0)));
    /// assert_eq!(index.egress_to_net(&net, Protocol::Tcp, 80), None);
    /// ```
    pub fn egress_to_net(&self, net: &IpNet, proto: Protocol, port: u16) -> Option<RuleRef> {
        first_allowing(self.egress(), Net::of(net), proto, port).map(RuleRef::EgressExtra)
    }

    /// [`super::ingress_from_net`], from the index.
    pub fn ingress_from_net(&self, net: &IpNet, proto: Protocol, port: u16) -> Option<RuleRef> {
        first_allowing(self.ingress(), Net::of(net), proto, port).map(RuleRef::IngressExtra)
    }
}

impl EgressLookup for NetIndex<'_> {
    fn values(&self) -> &Values {
        NetIndex::values(self)
    }

    fn egress_to_net(&self, net: &IpNet, proto: Protocol, port: u16) -> Option<RuleRef> {
        NetIndex::egress_to_net(self, net, proto, port)
    }
}

/// The first rule whose ports admit `proto`/`port` and whose peers admit every address
/// of `net`: the first open rule, or the first rule with an address peer containing
/// `net` and no except overlapping it, whichever comes first.
fn first_allowing(side: &Side<'_>, net: Net, proto: Protocol, port: u16) -> Option<usize> {
    let ports_ok = |i: usize| {
        side.view(i)
            .is_some_and(|v| ports_match(v.ports, proto, port))
    };
    let mut best = side.open().iter().copied().find(|i| ports_ok(*i));
    for group in side.blocks().containing(net) {
        // Each group is sorted by peer id, so by rule: its first admitting rule is its
        // answer.
        for (_, id) in group {
            let Some(rule) = side.rule_of(*id) else {
                continue;
            };
            if best.is_some_and(|b| rule >= b) {
                break;
            }
            if side.peer(*id).is_some_and(|p| p.admits(net)) && ports_ok(rule) {
                best = Some(rule);
                break;
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::IpFamily;
    use crate::reach::{egress_to_internet, egress_to_net, ingress_from_net};
    use crate::values::{EgressRule, IngressRule, IpBlock, Peer, PolicyPort, PortValue, Values};

    /// A small deterministic generator, so the table below is thousands of cases.
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) % n.max(1)
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            let i = self.below(items.len() as u64) as usize;
            items.get(i).copied().unwrap_or_default()
        }
    }

    /// IPv4 and IPv6, /0, nested and disjoint blocks, host bits, and strings that do
    /// not parse (ignored by every query).
    const CIDRS: [&str; 18] = [
        "0.0.0.0/0",
        "::/0",
        "10.0.0.0/8",
        "10.1.0.0/16",
        "10.1.2.0/24",
        "10.1.2.3/32",
        "10.1.2.3/8",
        "52.94.76.1/32",
        "52.94.0.0/16",
        "1.1.1.1/32",
        "fd00::/8",
        "fd00:ec2::23/128",
        "2600:1f18::/32",
        "2600:1f18::1/128",
        "169.254.169.254/32",
        "bogus",
        "10.0.0.1",
        "10.0.0.0/33",
    ];

    fn values(g: &mut Lcg) -> Values {
        let mut v = Values::default();
        let peer = |g: &mut Lcg| {
            let mut p = Peer::ip_block(
                g.pick(&CIDRS),
                (0..g.below(3)).map(|_| g.pick(&CIDRS).to_owned()).collect(),
            );
            if g.below(8) == 0 {
                p.pod_selector = Some(Default::default());
            }
            if g.below(10) == 0 {
                p.ip_block = None;
                p.namespace_selector = Some(Default::default());
            }
            if g.below(10) == 0 {
                p.ip_block = Some(IpBlock {
                    cidr: g.pick(&CIDRS).to_owned(),
                    except: Some(vec![]),
                });
            }
            p
        };
        let peers = |g: &mut Lcg| match g.below(6) {
            0 => None,
            1 => Some(vec![]),
            _ => Some((0..1 + g.below(4)).map(|_| peer(g)).collect()),
        };
        let ports = |g: &mut Lcg| match g.below(4) {
            0 => None,
            1 => Some(vec![PolicyPort::number("TCP", 443)]),
            2 => Some(vec![PolicyPort {
                protocol: None,
                port: Some(PortValue::Number(80)),
                end_port: Some(443),
            }]),
            _ => Some(vec![PolicyPort::number("UDP", 53)]),
        };
        for _ in 0..g.below(12) {
            let (to, p) = (peers(g), ports(g));
            v.egress.extra.push(EgressRule { to, ports: p });
            let (from, p) = (peers(g), ports(g));
            v.ingress.extra.push(IngressRule { from, ports: p });
        }
        v
    }

    #[test]
    fn answers_as_the_scanning_queries() {
        let mut g = Lcg(7);
        let queries: Vec<IpNet> = CIDRS
            .iter()
            .filter_map(|s| crate::reach::values_net(s))
            .collect();
        let targets = [
            (Protocol::Tcp, 443),
            (Protocol::Tcp, 80),
            (Protocol::Udp, 53),
        ];
        let families = [IpFamily::Ipv4, IpFamily::Ipv6, IpFamily::DualStack];
        for _ in 0..400 {
            let v = values(&mut g);
            let index = NetIndex::new(&v);
            for net in &queries {
                for (proto, port) in targets {
                    let case = format!("{net} {proto:?} {port} in {v:?}");
                    let want = egress_to_net(&v, net, proto, port);
                    assert_eq!(index.egress_to_net(net, proto, port), want, "{case}");
                    let want = ingress_from_net(&v, net, proto, port);
                    assert_eq!(index.ingress_from_net(net, proto, port), want, "{case}");
                }
            }
            for family in families {
                let want = egress_to_internet(&v, family, Protocol::Tcp, 443);
                let got = index.egress_to_internet(family, Protocol::Tcp, 443);
                assert_eq!(got, want, "{family:?} in {v:?}");
            }
        }
    }

    #[test]
    fn empty_values_allow_nothing() {
        let v = Values::default();
        let index = NetIndex::new(&v);
        let all: IpNet = "0.0.0.0/0".parse().unwrap();
        assert_eq!(index.egress_to_net(&all, Protocol::Tcp, 443), None);
        assert_eq!(index.ingress_from_net(&all, Protocol::Tcp, 443), None);
    }
}
