//! Table-driven tests of the integer networks, the sorted table and the nesting sweep,
//! each checked against ipnet's own set arithmetic.

use super::*;

fn net(s: &str) -> Net {
    Net::parse(s).unwrap_or_else(|| panic!("test net {s}"))
}

/// IPv4 and IPv6 side by side, /0, /32, /128, nested, disjoint and adjacent blocks.
const NETS: [&str; 16] = [
    "0.0.0.0/0",
    "::/0",
    "10.0.0.0/8",
    "10.1.0.0/16",
    "10.1.2.0/24",
    "10.1.2.3/32",
    "11.0.0.0/8",
    "10.128.0.0/9",
    "255.255.255.255/32",
    "fd00::/8",
    "fd00:ec2::/32",
    "fd00:ec2::23/128",
    "fe80::/10",
    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128",
    "::/128",
    "0.0.0.0/32",
];

#[test]
fn parse_table() {
    // (input, parses, family v6, prefix length)
    let cases: &[(&str, Option<(bool, u8)>)] = &[
        ("10.0.0.0/8", Some((false, 8))),
        ("10.1.2.3/8", Some((false, 8))),
        ("0.0.0.0/0", Some((false, 0))),
        ("::/0", Some((true, 0))),
        ("fd00:ec2::23/128", Some((true, 128))),
        ("10.0.0.1", None),
        ("10.0.0.0/33", None),
        ("::/129", None),
        ("bogus", None),
        (" 10.0.0.0/8", None),
        ("", None),
    ];
    for (input, want) in cases {
        let got = Net::parse(input).map(|n| (n.is_v6(), n.prefix_len()));
        assert_eq!(got, *want, "{input}");
    }
    assert_eq!(
        net("10.1.2.3/8"),
        net("10.0.0.0/8"),
        "host bits are cleared"
    );
    assert!(net("0.0.0.0/0").is_everything() && net("::/0").is_everything());
    assert!(!net("10.0.0.0/8").is_everything());
}

#[test]
fn contains_and_overlaps_agree_with_ipnet() {
    for a in NETS {
        for b in NETS {
            let (x, y): (IpNet, IpNet) = (a.parse().unwrap(), b.parse().unwrap());
            assert_eq!(net(a).contains(net(b)), x.contains(&y), "{a} contains {b}");
            let overlap = x.contains(&y) || y.contains(&x);
            assert_eq!(net(a).overlaps(net(b)), overlap, "{a} overlaps {b}");
        }
    }
}

#[test]
fn the_families_never_mix() {
    let cases = [
        ("0.0.0.0/0", "::/0"),
        ("0.0.0.0/32", "::/128"),
        ("0.0.0.0/0", "::ffff:10.0.0.1/128"),
    ];
    for (a, b) in cases {
        assert!(!net(a).overlaps(net(b)), "{a} and {b}");
    }
}

#[test]
fn containing_finds_every_wider_network() {
    let table = NetTable::new(NETS.iter().map(|s| net(s)).zip(0usize..));
    for query in NETS {
        let q = net(query);
        let mut got: Vec<usize> = table.containing(q).flatten().map(|(_, i)| *i).collect();
        got.sort_unstable();
        let want: Vec<usize> = (0..NETS.len())
            .filter(|i| NETS.get(*i).is_some_and(|s| net(s).contains(q)))
            .collect();
        assert_eq!(got, want, "{query}");
    }
    // Groups come widest first, each sorted by value.
    let table = NetTable::new([
        (net("10.0.0.0/8"), 5),
        (net("10.1.0.0/16"), 1),
        (net("10.0.0.0/8"), 2),
    ]);
    let groups: Vec<Vec<usize>> = table
        .containing(net("10.1.2.0/24"))
        .map(|g| g.iter().map(|(_, v)| *v).collect())
        .collect();
    assert_eq!(groups, [vec![2, 5], vec![1]]);
    assert_eq!(table.first_container(net("10.1.0.0/16")), Some(2));
    assert_eq!(table.first_container(net("10.0.0.0/8")), None);
    assert_eq!(table.first_container(net("fd00::/8")), None);
    assert!(NetTable::new([]).equal(net("::/0")).is_empty());
}

#[test]
fn nesting_table() {
    // (list, per entry: (repeats, inside))
    type Case<'a> = (&'a [&'a str], &'a [(Option<usize>, Option<usize>)]);
    let cases: &[Case] = &[
        (&[], &[]),
        (&["10.0.0.0/8"], &[(None, None)]),
        (
            &["10.1.0.0/16", "10.0.0.0/8", "10.1.0.0/16", "10.0.0.0/8"],
            &[
                (None, Some(1)),
                (None, None),
                (Some(0), Some(1)),
                (Some(1), None),
            ],
        ),
        // The first container in list order, not the narrowest.
        (
            &["10.1.2.0/24", "10.1.0.0/16", "0.0.0.0/0", "10.0.0.0/8"],
            &[
                (None, Some(1)),
                (None, Some(2)),
                (None, None),
                (None, Some(2)),
            ],
        ),
        // IPv4 /0 holds no IPv6 network, and the other way round.
        (
            &["::/0", "10.0.0.0/8", "0.0.0.0/0", "fd00::/8"],
            &[(None, None), (None, Some(2)), (None, None), (None, Some(0))],
        ),
        // Disjoint and adjacent blocks.
        (
            &["10.0.0.0/9", "10.128.0.0/9", "11.0.0.0/8"],
            &[(None, None), (None, None), (None, None)],
        ),
        // Host bits: the same network written two ways.
        (
            &["10.1.2.3/8", "10.0.0.0/8"],
            &[(None, None), (Some(0), None)],
        ),
    ];
    for (list, want) in cases {
        let nets: Vec<Net> = list.iter().map(|s| net(s)).collect();
        let got: Vec<(Option<usize>, Option<usize>)> = nesting(&nets)
            .into_iter()
            .map(|n| (n.repeats, n.inside))
            .collect();
        assert_eq!(got, *want, "{list:?}");
    }
}

#[test]
fn nesting_agrees_with_all_pairs() {
    // Every ordered selection of 6 from NETS, by a fixed stride, against the O(n²) rule.
    for start in 0..NETS.len() {
        for stride in 1..NETS.len() {
            let list: Vec<&str> = (0..6)
                .filter_map(|k| NETS.get((start + k * stride) % NETS.len()).copied())
                .collect();
            let nets: Vec<Net> = list.iter().map(|s| net(s)).collect();
            let got = nesting(&nets);
            for (i, n) in nets.iter().enumerate() {
                let repeats = nets.iter().take(i).position(|m| m == n);
                let inside = nets.iter().position(|m| m != n && m.contains(*n));
                let want = Nesting { repeats, inside };
                assert_eq!(got.get(i), Some(&want), "{list:?} entry {i}");
            }
        }
    }
}

#[test]
fn peers_parse_once() {
    let mut p = Peer::ip_block(
        "10.0.0.0/8",
        vec!["10.1.0.0/16".into(), "bogus".into(), "fd00::/8".into()],
    );
    let parsed = PeerNets::of(&p);
    assert_eq!(parsed.block(), Some(net("10.0.0.0/8")));
    assert_eq!(parsed.except, [net("10.1.0.0/16"), net("fd00::/8")]);
    assert!(parsed.admits(net("10.2.0.0/16")));
    assert!(!parsed.admits(net("10.1.2.0/24")), "inside an except");
    assert!(!parsed.admits(net("10.0.0.0/8")), "overlaps an except");
    assert!(!parsed.admits(net("11.0.0.0/8")));
    p.pod_selector = Some(Default::default());
    assert_eq!(
        PeerNets::of(&p).block(),
        None,
        "selectors: not an address peer"
    );
    assert!(!PeerNets::of(&p).admits(net("10.2.0.0/16")));
    let bad = PeerNets::of(&Peer::ip_block("10.0.0.1", vec![]));
    assert_eq!((bad.cidr, bad.block()), (None, None));
}

#[test]
fn the_index_keeps_rules_in_order() {
    use crate::values::EgressRule;
    let mut v = Values::default();
    let rules = [
        Some(vec![Peer::ip_block("10.0.0.0/8", vec![])]),
        None,
        Some(vec![]),
        Some(vec![
            Peer::ip_block("bogus", vec![]),
            Peer::ip_block("10.1.0.0/16", vec![]),
        ]),
    ];
    for to in rules {
        v.egress.extra.push(EgressRule { to, ports: None });
    }
    let index = NetIndex::new(&v);
    let side = index.egress();
    assert_eq!((side.len(), side.is_empty()), (4, false));
    assert_eq!(side.open(), [1, 2]);
    assert_eq!(side.peers(3).len(), 2);
    assert!(side.peers(9).is_empty());
    assert_eq!(
        (side.ids(0), side.ids(1), side.ids(3), side.ids(4)),
        (0..1, 1..1, 1..3, 0..0)
    );
    let hits: Vec<usize> = side
        .blocks()
        .containing(net("10.1.2.0/24"))
        .flatten()
        .map(|(_, id)| *id)
        .collect();
    assert_eq!(hits, [0, 2], "peer ids, rule after rule");
    let rules: Vec<Option<usize>> = hits.iter().map(|id| side.rule_of(*id)).collect();
    assert_eq!(rules, [Some(0), Some(3)]);
    let cidr = |id| {
        side.peer_value(id)
            .and_then(|p| p.ip_block.as_ref())
            .map(|b| b.cidr.as_str())
    };
    assert_eq!(
        (cidr(1), cidr(2), cidr(3)),
        (Some("bogus"), Some("10.1.0.0/16"), None)
    );
    assert!(side.peer(3).is_none() && side.rule_of(3).is_none());
    assert!(index.ingress().is_empty());
}

#[test]
fn equal_finds_whole_groups_of_any_size() {
    let nets = ["10.0.0.0/8", "10.0.0.0/16", "10.1.0.0/16", "fd00::/8"];
    for size in [1usize, 2, 3, 4, 5, 7, 8, 9, 64, 100] {
        let entries = nets
            .iter()
            .enumerate()
            .flat_map(|(k, s)| (0..size + k).map(move |v| (net(s), v)));
        let table = NetTable::new(entries);
        for (k, s) in nets.iter().enumerate() {
            let group = table.equal(net(s));
            assert_eq!(group.len(), size + k, "{s} x {size}");
            assert!(group.iter().all(|(n, _)| *n == net(s)));
        }
        assert!(table.equal(net("11.0.0.0/8")).is_empty());
        assert!(table.equal(net("::/0")).is_empty());
    }
}
