//! `rule-redundant` from the index against the plain all-pairs definition, on a table of
//! hand-picked cases and on thousands of generated rule lists.

use super::*;
use crate::reach::values_net;
use crate::values::{
    EgressRule, IngressRule, IpBlock, LabelSelector, LabelSelectorRequirement, Labels, RuleView,
    Values,
};

/// The definition: peer `q` selects everything `p` does.
fn peer_within(p: &Peer, q: &Peer) -> bool {
    if p == q {
        return true;
    }
    let (Some(pb), Some(qb)) = (&p.ip_block, &q.ip_block) else {
        return false;
    };
    if p.pod_selector.is_some()
        || p.namespace_selector.is_some()
        || q.pod_selector.is_some()
        || q.namespace_selector.is_some()
    {
        return false;
    }
    let (Some(pn), Some(qn)) = (values_net(&pb.cidr), values_net(&qb.cidr)) else {
        return false;
    };
    let excepts = |b: &IpBlock| -> Vec<ipnet::IpNet> {
        b.except
            .iter()
            .flatten()
            .filter_map(|e| values_net(e))
            .collect()
    };
    let p_out = excepts(pb);
    qn.contains(&pn)
        && excepts(qb)
            .iter()
            .filter(|e| e.contains(&pn) || pn.contains(*e))
            .all(|e| p_out.iter().any(|f| f.contains(e)))
}

/// The definition: rule `b` allows every connection rule `a` does.
fn covers(b: RuleView<'_>, a: RuleView<'_>) -> bool {
    let ports_ok = match (a.ports.unwrap_or_default(), b.ports.unwrap_or_default()) {
        (_, []) => true,
        ([], _) => false,
        (ap, bp) => ap.iter().all(|p| bp.iter().any(|q| port_within(p, q))),
    };
    let peers_ok = match (a.peers.unwrap_or_default(), b.peers.unwrap_or_default()) {
        (_, []) => true,
        ([], _) => false,
        (ap, bp) => ap.iter().all(|p| bp.iter().any(|q| peer_within(p, q))),
    };
    ports_ok && peers_ok
}

/// The definition over all pairs: (rule, covered by) per direction.
fn all_pairs(values: &Values) -> Vec<(String, usize)> {
    let egress: Vec<RuleView<'_>> = values.egress.extra.iter().map(|r| r.view()).collect();
    let ingress: Vec<RuleView<'_>> = values.ingress.extra.iter().map(|r| r.view()).collect();
    let mut out = Vec::new();
    for (rules, key) in [(&egress, "egress"), (&ingress, "ingress")] {
        if rules.len() > MAX_REDUNDANCY_RULES {
            continue;
        }
        for (i, a) in rules.iter().enumerate() {
            let by = rules
                .iter()
                .enumerate()
                .find(|(j, b)| *j != i && covers(**b, *a) && (!covers(*a, **b) || *j < i));
            if let Some((j, _)) = by {
                out.push((format!("networkPolicy.{key}.extra[{i}]"), j + 1));
            }
        }
    }
    out
}

fn indexed(values: &Values) -> Vec<(String, usize)> {
    redundant_rules(&NetIndex::new(values))
        .into_iter()
        .map(|f| {
            let by = f.title.rsplit(' ').next().and_then(|n| n.parse().ok());
            (f.path, by.unwrap_or(0))
        })
        .collect()
}

fn block(cidr: &str, except: &[&str]) -> Peer {
    Peer::ip_block(cidr, except.iter().map(|s| (*s).to_owned()).collect())
}

fn pods(app: &str) -> Peer {
    let labels = Labels::from([("app".to_owned(), app.to_owned())]);
    Peer {
        pod_selector: Some(LabelSelector::labels(labels)),
        ..Peer::default()
    }
}

fn rule(to: Option<Vec<Peer>>, ports: &[u16]) -> EgressRule {
    let ports = (!ports.is_empty()).then(|| {
        ports
            .iter()
            .map(|p| PolicyPort::number("TCP", *p))
            .collect()
    });
    EgressRule { to, ports }
}

#[test]
fn redundancy_table() {
    // (egress rules, expected (rule index, covered by 1-based))
    type Case = (Vec<EgressRule>, Vec<(usize, usize)>);
    let cases: Vec<Case> = vec![
        // Inside a wider block on the same port.
        (
            vec![
                rule(Some(vec![block("10.0.0.0/8", &[])]), &[443]),
                rule(Some(vec![block("10.1.0.0/16", &[])]), &[443]),
            ],
            vec![(1, 1)],
        ),
        // Another port: not covered.
        (
            vec![
                rule(Some(vec![block("10.0.0.0/8", &[])]), &[443]),
                rule(Some(vec![block("10.1.0.0/16", &[])]), &[80]),
            ],
            vec![],
        ),
        // Two equal rules: the later one is reported.
        (
            vec![
                rule(Some(vec![pods("a")]), &[443]),
                rule(Some(vec![pods("a")]), &[443]),
            ],
            vec![(1, 1)],
        ),
        // Different selectors never cover each other.
        (
            vec![
                rule(Some(vec![pods("a")]), &[443]),
                rule(Some(vec![pods("b")]), &[443]),
            ],
            vec![],
        ),
        // An except of the wider block cuts into the narrower one.
        (
            vec![
                rule(Some(vec![block("10.0.0.0/8", &["10.1.2.0/24"])]), &[443]),
                rule(Some(vec![block("10.1.0.0/16", &[])]), &[443]),
            ],
            vec![],
        ),
        // ... unless the narrower one leaves it out too.
        (
            vec![
                rule(Some(vec![block("10.0.0.0/8", &["10.1.2.0/24"])]), &[443]),
                rule(Some(vec![block("10.1.0.0/16", &["10.1.2.0/23"])]), &[443]),
            ],
            vec![(1, 1)],
        ),
        // An open rule covers everything on its ports; it is covered only by open rules.
        (
            vec![
                rule(None, &[443]),
                rule(Some(vec![block("::/0", &[]), pods("a")]), &[443]),
                rule(Some(vec![]), &[443]),
            ],
            vec![(1, 1), (2, 1)],
        ),
        // IPv4 /0 does not hold IPv6 blocks; invalid blocks are covered only by equals.
        (
            vec![
                rule(Some(vec![block("0.0.0.0/0", &[])]), &[]),
                rule(Some(vec![block("fd00::/8", &[])]), &[443]),
                rule(Some(vec![block("bogus", &[])]), &[443]),
                rule(Some(vec![block("bogus", &[])]), &[443]),
            ],
            vec![(3, 3)],
        ),
        // Every peer must be covered, each by any peer of the other rule.
        (
            vec![
                rule(Some(vec![block("10.0.0.0/8", &[]), pods("a")]), &[443]),
                rule(Some(vec![pods("a"), block("10.9.0.0/16", &[])]), &[443]),
                rule(Some(vec![pods("a"), block("11.0.0.0/16", &[])]), &[443]),
            ],
            vec![(1, 1)],
        ),
    ];
    for (rules, want) in cases {
        let values = Values {
            egress: crate::values::EgressValues { extra: rules },
            ..Values::default()
        };
        let want: Vec<(String, usize)> = want
            .into_iter()
            .map(|(i, by)| (format!("networkPolicy.egress.extra[{i}]"), by))
            .collect();
        assert_eq!(indexed(&values), want, "{values:?}");
        assert_eq!(all_pairs(&values), want, "{values:?}");
    }
}

/// A small deterministic generator.
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

const CIDRS: [&str; 14] = [
    "0.0.0.0/0",
    "::/0",
    "10.0.0.0/8",
    "10.1.0.0/16",
    "10.1.2.0/24",
    "10.1.2.3/32",
    "10.1.2.3/16",
    "52.94.0.0/16",
    "fd00::/8",
    "fd00:ec2::23/128",
    "bogus",
    "10.0.0.1",
    "10.1.0.0/17",
    "10.1.128.0/17",
];

fn generated(g: &mut Lcg) -> Values {
    let peer = |g: &mut Lcg| -> Peer {
        match g.below(10) {
            0 => pods(g.pick(&["a", "b"])),
            // The labels of pods("a") and an expression more: not the same peer.
            9 if g.below(2) == 0 => {
                let mut p = pods("a");
                if let Some(s) = p.pod_selector.as_mut() {
                    s.match_expressions = Some(vec![LabelSelectorRequirement {
                        key: "tier".into(),
                        operator: "Exists".into(),
                        values: None,
                    }]);
                }
                p
            }
            1 => {
                let mut p = block(g.pick(&CIDRS), &[]);
                p.namespace_selector = Some(LabelSelector::default());
                p
            }
            2 => Peer {
                ip_block: Some(IpBlock {
                    cidr: g.pick(&CIDRS).to_owned(),
                    except: Some(vec![]),
                }),
                ..Peer::default()
            },
            _ => {
                let except: Vec<&str> = (0..g.below(3)).map(|_| g.pick(&CIDRS)).collect();
                block(g.pick(&CIDRS), &except)
            }
        }
    };
    let peers = |g: &mut Lcg| match g.below(7) {
        0 => None,
        1 => Some(vec![]),
        _ => Some((0..1 + g.below(3)).map(|_| peer(g)).collect()),
    };
    let port = |g: &mut Lcg| PolicyPort {
        protocol: [
            None,
            Some("TCP".to_owned()),
            Some("UDP".to_owned()),
            Some("tcp".to_owned()),
        ]
        .get(g.below(4) as usize)
        .cloned()
        .flatten(),
        port: match g.below(4) {
            0 => None,
            1 => Some(PortValue::Name("https".into())),
            _ => Some(PortValue::Number([80, 443, 400][g.below(3) as usize])),
        },
        // A range, or an endPort below the port (invalid, but read as written).
        end_port: [Some(443), Some(80)]
            .get(g.below(8) as usize)
            .copied()
            .flatten(),
    };
    let ports = |g: &mut Lcg| match g.below(5) {
        0 => None,
        1 => Some(vec![]),
        _ => Some((0..1 + g.below(2)).map(|_| port(g)).collect()),
    };
    let mut v = Values::default();
    for _ in 0..g.below(14) {
        let (to, p) = (peers(g), ports(g));
        v.egress.extra.push(EgressRule { to, ports: p });
        if g.below(2) == 0 {
            let (from, p) = (peers(g), ports(g));
            v.ingress.extra.push(IngressRule { from, ports: p });
        }
    }
    // Repeats, so that equal rules meet.
    if let Some(r) = v.egress.extra.first().cloned() {
        v.egress.extra.push(r);
    }
    v
}

#[test]
fn agrees_with_all_pairs() {
    let mut g = Lcg(11);
    let mut found = 0;
    for _ in 0..3000 {
        let v = generated(&mut g);
        let want = all_pairs(&v);
        found += want.len();
        assert_eq!(indexed(&v), want, "{v:?}");
    }
    assert!(found > 1000, "the generator finds redundancy ({found})");
}

#[test]
fn long_rule_lists_are_skipped_and_said_so() {
    let many: Vec<EgressRule> = (0..=MAX_REDUNDANCY_RULES)
        .map(|_| rule(Some(vec![block("10.0.0.0/8", &[])]), &[443]))
        .collect();
    let values = Values {
        egress: crate::values::EgressValues { extra: many },
        ..Values::default()
    };
    let found = redundant_rules(&NetIndex::new(&values));
    let codes: Vec<(&str, &str)> = found
        .iter()
        .map(|f| (f.code.as_str(), f.path.as_str()))
        .collect();
    assert_eq!(
        codes,
        [("rule-redundant-skipped", "networkPolicy.egress.extra")]
    );
    let title = found.first().map(|f| f.title.as_str()).unwrap_or_default();
    assert!(
        title.contains(&format!("{} rules", MAX_REDUNDANCY_RULES + 1)),
        "{title}"
    );
    let mut fewer = values.clone();
    fewer.egress.extra.truncate(MAX_REDUNDANCY_RULES);
    assert_eq!(indexed(&fewer).len(), MAX_REDUNDANCY_RULES - 1);
}
