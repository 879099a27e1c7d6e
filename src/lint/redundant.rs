//! `rule-redundant`: a rule every connection of which another rule already allows.
//!
//! Comparing every pair of rules is quadratic in the rule count, so a rule is compared
//! only with the rules that could cover its first peer, in rule order: the rules without
//! peers, the rules with an address peer containing it (found in the [`NetIndex`]) and,
//! for a selector peer, the rules holding an identical one.

use super::{Finding, Severity};
use crate::netindex::{Net, NetIndex, PeerNets, Side};
use crate::reach;
use crate::values::{Peer, PolicyPort, PortValue};

/// The most rules per direction checked for `rule-redundant`, as when the check compared
/// every pair: beyond it (a megabyte-sized imported file) the check is skipped, so the
/// findings of such a file do not depend on how fast the check is.
const MAX_REDUNDANCY_RULES: usize = 400;

/// `rule-redundant` for both directions.
pub(super) fn redundant_rules(index: &NetIndex<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for (side, key, noun) in [
        (index.egress(), "egress", "Egress"),
        (index.ingress(), "ingress", "Ingress"),
    ] {
        if side.len() > MAX_REDUNDANCY_RULES {
            continue;
        }
        let rules = Rules::new(side);
        for i in 0..side.len() {
            let Some(j) = rules.covered_by(i) else {
                continue;
            };
            out.push(
                Finding::new(
                    "rule-redundant",
                    Severity::Info,
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

/// One direction's rules.
struct Rules<'s, 'a> {
    side: &'s Side<'a>,
    /// The ids of the peers that are not plain address peers, ascending.
    others: Vec<usize>,
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
        let others = ids
            .filter(|id| side.peer(*id).is_some_and(|p| p.block().is_none()))
            .collect();
        Rules { side, others }
    }

    fn peers(&self, i: usize) -> &'a [Peer] {
        self.side.view(i).and_then(|v| v.peers).unwrap_or_default()
    }

    /// The first rule covering rule `i`; of two equal rules the later one is reported.
    /// The candidates are merged from ascending lists, so the first that covers wins.
    fn covered_by(&self, i: usize) -> Option<usize> {
        let same: Vec<usize>;
        let mut lists = vec![Candidates::Rules(self.side.open())];
        let first = self.peers(i).first().zip(self.side.peers(i).first());
        match first.map(|(p, pn)| (p, pn.block())) {
            Some((_, Some(net))) => {
                lists.extend(self.side.blocks().containing(net).map(Candidates::Peers))
            }
            Some((p, None)) => {
                same = self
                    .others
                    .iter()
                    .filter(|id| self.side.peer_value(**id) == Some(p))
                    .filter_map(|id| self.side.rule_of(*id))
                    .collect();
                lists.push(Candidates::Rules(&same));
            }
            // Without peers only an open rule covers it.
            None => {}
        }
        loop {
            let j = lists.iter().filter_map(|l| self.head(l)).min()?;
            for l in &mut lists {
                self.skip(l, j);
            }
            if j != i && self.covers(j, i) && (j < i || !self.covers(i, j)) {
                return Some(j);
            }
        }
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

#[cfg(test)]
mod tests;
