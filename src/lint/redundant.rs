//! `rule-redundant`: a rule every connection of which another rule already allows.
//!
//! Comparing every pair of rules is quadratic in the rule count, so a rule is compared
//! only with the rules that could cover its first peer, in rule order: the rules without
//! peers, the rules with an address peer containing it (found in the [`NetIndex`]) and,
//! for a selector peer, the rules holding an identical one.

use crate::lint::FindingCode;
use ports::PortIndex;

use super::Finding;
use crate::netindex::{Net, NetIndex, PeerNets, Side};
use crate::reach;
use crate::values::{LabelSelector, Labels, Peer, PolicyPort, PortValue};

/// The most rules per direction checked for `rule-redundant`. Rules are compared only
/// with the few that could cover their first peer or first port, which keeps even
/// megabyte-sized files fast, but rules to the same peers with many different port
/// ranges still meet pairwise. Beyond it the check is skipped, and said so
/// (`rule-redundant-skipped`), so the findings of a file never depend on how fast the
/// check is.
pub const MAX_REDUNDANCY_RULES: usize = 5_000;

/// `rule-redundant` for both directions.
pub(super) fn redundant_rules(index: &NetIndex<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for (side, key, noun) in [
        (index.egress(), "egress", "Egress"),
        (index.ingress(), "ingress", "Ingress"),
    ] {
        if side.len() > MAX_REDUNDANCY_RULES {
            out.push(skipped(key, noun, side.len()));
            continue;
        }
        let rules = Rules::new(side);
        for i in 0..side.len() {
            let Some(j) = rules.covered_by(i) else {
                continue;
            };
            out.push(
                Finding::new(FindingCode::RuleRedundant,
                    format!("networkPolicy.{key}.extra[{i}]"),
                    format!("{noun} rule {} is already covered by {} rule {}", i + 1, key, j + 1),
                    "Every connection this rule allows, the other rule allows too: it only adds noise to review.",
                )
                .with_fix("Remove it, or narrow the wider rule."),
            );
        }
    }
    out
}

/// The finding that `rule-redundant` was not checked for one direction's `n` rules.
fn skipped(key: &str, noun: &str, n: usize) -> Finding {
    Finding::new(FindingCode::RuleRedundantSkipped,
        format!("networkPolicy.{key}.extra"),
        format!("{noun} has {n} rules: rule-redundant checks at most {MAX_REDUNDANCY_RULES} per direction, so redundant {key} rules are not reported"),
        "Comparing rules is bounded so that a huge values file is checked in bounded time; the other checks still run on every rule.",
    )
    .with_fix(format!("Check the {key} rules in parts of at most {MAX_REDUNDANCY_RULES} rules to find redundant ones."))
}

/// One direction's rules.
struct Rules<'s, 'a> {
    side: &'s Side<'a>,
    /// The peers that are not plain address peers, by their labels and then id: equal
    /// peers are next to each other, in rule order.
    others: Vec<(LabelsKey<'a>, usize)>,
    /// The rules by the ports they could cover.
    ports: PortIndex<'a>,
}

/// What equal selector peers share, and what sorts them: their `matchLabels`.
type LabelsKey<'a> = [Option<&'a Labels>; 2];

fn labels_key(p: &Peer) -> LabelsKey<'_> {
    fn labels(s: &Option<LabelSelector>) -> Option<&Labels> {
        s.as_ref().and_then(|s| s.match_labels.as_ref())
    }
    [labels(&p.namespace_selector), labels(&p.pod_selector)]
}

/// An ascending list of rules that might cover a rule.
enum Candidates<'s> {
    /// Rule numbers.
    Rules(&'s [usize]),
    /// A group of the address table: peer ids, ascending.
    Peers(&'s [(Net, usize)]),
}

impl<'s, 'a> Rules<'s, 'a> {
    fn new(side: &'s Side<'a>) -> Self {
        let ids = (0..side.len()).flat_map(|i| side.ids(i));
        let mut others: Vec<(LabelsKey<'a>, usize)> = ids
            .filter(|id| side.peer(*id).is_some_and(|p| p.block().is_none()))
            .filter_map(|id| Some((labels_key(side.peer_value(id)?), id)))
            .collect();
        others.sort_unstable();
        Rules {
            side,
            others,
            ports: PortIndex::new(side),
        }
    }

    fn peers(&self, i: usize) -> &'a [Peer] {
        self.side.view(i).and_then(|v| v.peers).unwrap_or_default()
    }

    /// The first rule covering rule `i`; of two equal rules the later one is reported.
    /// The candidates are the rules that could cover its first peer or those that could
    /// cover its first port, whichever are fewer (a rule covering it is in both). They
    /// are merged from ascending lists, so the first that covers wins.
    fn covered_by(&self, i: usize) -> Option<usize> {
        let covering = |j: usize| j != i && self.covers(j, i) && (j < i || !self.covers(i, j));
        let first = self.peers(i).first().zip(self.side.peers(i).first());
        let first = first.map(|(p, pn)| (p, pn.block()));
        let by_peers = self.side.open().len()
            + match first {
                Some((_, Some(net))) => self.side.blocks().containing(net).map(<[_]>::len).sum(),
                Some((p, None)) => self.with_labels_of(p).len(),
                None => 0,
            };
        let ports = self.side.view(i).and_then(|v| v.ports).unwrap_or_default();
        let (same, ranges): (Vec<usize>, Vec<usize>);
        let mut lists = Vec::new();
        match (self.ports.candidates(ports, by_peers), first) {
            (Some((by_ports, matching_ranges)), _) => {
                ranges = matching_ranges;
                lists.extend(by_ports.into_iter().map(Candidates::Rules));
                lists.push(Candidates::Rules(&ranges));
            }
            (None, Some((_, Some(net)))) => {
                lists.push(Candidates::Rules(self.side.open()));
                lists.extend(self.side.blocks().containing(net).map(Candidates::Peers))
            }
            (None, Some((p, None))) => {
                same = self.same_as(p);
                lists.push(Candidates::Rules(self.side.open()));
                lists.push(Candidates::Rules(&same));
            }
            // Without peers only an open rule covers it.
            (None, None) => lists.push(Candidates::Rules(self.side.open())),
        }
        loop {
            let j = lists.iter().filter_map(|l| self.head(l)).min()?;
            for l in &mut lists {
                self.skip(l, j);
            }
            if covering(j) {
                return Some(j);
            }
        }
    }

    /// The peers (not plain address peers) with the labels of `p`, by id.
    fn with_labels_of(&self, p: &Peer) -> &[(LabelsKey<'a>, usize)] {
        let key = labels_key(p);
        let lo = self.others.partition_point(|(k, _)| *k < key);
        let hi = self.others.partition_point(|(k, _)| *k <= key);
        self.others.get(lo..hi).unwrap_or_default()
    }

    /// The rules holding a peer equal to `p` (not a plain address peer), ascending.
    fn same_as(&self, p: &Peer) -> Vec<usize> {
        self.with_labels_of(p)
            .iter()
            .filter(|(_, id)| self.side.peer_value(*id) == Some(p))
            .filter_map(|(_, id)| self.side.rule_of(*id))
            .collect()
    }

    /// The first rule of a list.
    fn head(&self, list: &Candidates<'_>) -> Option<usize> {
        match list {
            Candidates::Rules(rules) => rules.first().copied(),
            Candidates::Peers(group) => group.first().and_then(|(_, id)| self.side.rule_of(*id)),
        }
    }

    /// Drops rule `j` from the front of a list.
    fn skip(&self, list: &mut Candidates<'_>, j: usize) {
        match list {
            Candidates::Rules(rules) => {
                let n = rules.iter().take_while(|r| **r == j).count();
                *rules = rules.get(n..).unwrap_or_default();
            }
            Candidates::Peers(group) => {
                let n = group
                    .iter()
                    .take_while(|(_, id)| self.side.rule_of(*id) == Some(j));
                let n = n.count();
                *group = group.get(n..).unwrap_or_default();
            }
        }
    }

    /// Whether every connection rule `a` allows, rule `b` allows too.
    fn covers(&self, b: usize, a: usize) -> bool {
        let (Some(av), Some(bv)) = (self.side.view(a), self.side.view(b)) else {
            return false;
        };
        let ports_ok = match (av.ports.unwrap_or_default(), bv.ports.unwrap_or_default()) {
            (_, []) => true,
            ([], _) => false,
            (ap, bp) => ap.iter().all(|p| bp.iter().any(|q| port_within(p, q))),
        };
        ports_ok
            && match (av.peers.unwrap_or_default(), bv.peers.unwrap_or_default()) {
                (_, []) => true,
                ([], _) => false,
                (ap, bp) => ap
                    .iter()
                    .zip(self.side.peers(a))
                    .all(|(p, pn)| self.peer_covered(p, pn, b, bp)),
            }
    }

    /// Whether rule `b` (with peers `bp`) has a peer selecting everything peer `p` does:
    /// the same peer, or an address block containing it whose excepts leave out nothing
    /// `p` keeps.
    fn peer_covered(&self, p: &Peer, pn: &PeerNets, b: usize, bp: &[Peer]) -> bool {
        let Some(net) = pn.block() else {
            // Not an address peer: only an identical peer covers it.
            return bp.contains(p);
        };
        let ids = self.side.ids(b);
        self.side.blocks().containing(net).any(|group| {
            let lo = group.partition_point(|(_, id)| *id < ids.start);
            group
                .get(lo..)
                .unwrap_or_default()
                .iter()
                .take_while(|(_, id)| ids.contains(id))
                .filter_map(|(_, id)| self.side.peer(*id))
                .any(|qn| excepts_within(pn, net, qn))
        })
    }
}

/// Whether every except of `q` that touches `net` lies inside an except of `p`.
fn excepts_within(p: &PeerNets, net: Net, q: &PeerNets) -> bool {
    q.except
        .iter()
        .filter(|e| e.overlaps(net))
        .all(|e| p.except.iter().any(|f| f.contains(*e)))
}

/// Whether port `a` is a subset of port `b` (same protocol, range inside).
fn port_within(a: &PolicyPort, b: &PolicyPort) -> bool {
    if reach::Protocol::of(a).is_none() || reach::Protocol::of(a) != reach::Protocol::of(b) {
        return false;
    }
    match (&a.port, &b.port) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(PortValue::Name(x)), Some(PortValue::Name(y))) => x == y && b.end_port.is_none(),
        (Some(PortValue::Number(n)), Some(PortValue::Number(m))) => {
            let a_end = a.end_port.unwrap_or(*n);
            let b_end = b.end_port.unwrap_or(*m);
            m <= n && a_end <= b_end
        }
        _ => false,
    }
}

mod ports;
#[cfg(test)]
mod tests;
