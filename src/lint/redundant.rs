//! `rule-redundant`: a rule every connection of which another rule already allows.
//!
//! Comparing every pair of rules is quadratic in the rule count, so a rule is compared
//! only with the rules that could cover its first peer: the rules without peers, the
//! rules with an address peer containing it (found in the [`NetIndex`]) and, for any
//! other peer, the rules holding an identical one (found by a hash of the peer).

use std::hash::{DefaultHasher, Hash, Hasher};

use super::{Finding, Severity};
use crate::netindex::{Net, NetIndex, PeerNets, Side};
use crate::reach;
use crate::values::{LabelSelector, Peer, PolicyPort, PortValue};

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

/// One direction's rules, with the peers that are not address peers hashed.
struct Rules<'s, 'a> {
    side: &'s Side<'a>,
    /// (hash, rule, peer) of every peer without a parsed address block, sorted.
    others: Vec<(u64, usize, usize)>,
}

impl<'s, 'a> Rules<'s, 'a> {
    fn new(side: &'s Side<'a>) -> Self {
        let mut others = Vec::new();
        for i in 0..side.len() {
            let parsed = side.peers(i).iter();
            for (k, (p, pn)) in peers(side, i).iter().zip(parsed).enumerate() {
                if pn.block().is_none() {
                    others.push((peer_hash(p), i, k));
                }
            }
        }
        others.sort_unstable();
        Rules { side, others }
    }

    /// The first rule covering rule `i`; of two equal rules the later one is reported.
    fn covered_by(&self, i: usize) -> Option<usize> {
        self.candidates(i)
            .into_iter()
            .find(|j| *j != i && self.covers(*j, i) && (*j < i || !self.covers(i, *j)))
    }

    /// The rules that could cover rule `i`, ascending: the open ones, and the ones with a
    /// peer covering its first peer.
    fn candidates(&self, i: usize) -> Vec<usize> {
        let mut out = self.side.open().to_vec();
        let first = peers(self.side, i).first().zip(self.side.peer(i, 0));
        match first.map(|(p, pn)| (p, pn.block())) {
            Some((_, Some(net))) => out.extend(
                self.side
                    .blocks()
                    .containing(net)
                    .flatten()
                    .map(|(_, (j, _))| *j),
            ),
            Some((p, None)) => {
                let h = peer_hash(p);
                let lo = self.others.partition_point(|(x, _, _)| *x < h);
                let same = self.others.get(lo..).unwrap_or_default();
                out.extend(same.iter().take_while(|(x, _, _)| *x == h).map(|e| e.1));
            }
            // Without peers only an open rule covers it.
            None => {}
        }
        out.sort_unstable();
        out.dedup();
        out
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
                (ap, _) => ap
                    .iter()
                    .enumerate()
                    .all(|(k, p)| self.peer_covered(a, k, p, b)),
            }
    }

    /// Whether rule `b` has a peer selecting everything peer `k` (`p`) of rule `a` does:
    /// the same peer, or an address block containing it whose excepts leave out nothing
    /// `p` keeps.
    fn peer_covered(&self, a: usize, k: usize, p: &Peer, b: usize) -> bool {
        let parsed = self.side.peer(a, k);
        let Some((pn, net)) = parsed.and_then(|pn| pn.block().map(|net| (pn, net))) else {
            // Not an address peer: only an identical peer covers it.
            let h = peer_hash(p);
            let lo = self.others.partition_point(|(x, r, _)| (*x, *r) < (h, b));
            let same = self.others.get(lo..).unwrap_or_default();
            return same
                .iter()
                .take_while(|(x, r, _)| (*x, *r) == (h, b))
                .any(|(_, _, q)| peers(self.side, b).get(*q) == Some(p));
        };
        self.side.blocks().containing(net).any(|group| {
            let lo = group.partition_point(|(_, (r, _))| *r < b);
            group
                .get(lo..)
                .unwrap_or_default()
                .iter()
                .take_while(|(_, (r, _))| *r == b)
                .filter_map(|(_, (_, q))| self.side.peer(b, *q))
                .any(|qn| excepts_within(pn, net, qn))
        })
    }
}

fn peers<'a>(side: &Side<'a>, i: usize) -> &'a [Peer] {
    side.view(i).and_then(|v| v.peers).unwrap_or_default()
}

/// Whether every except of `q` that touches `net` lies inside an except of `p`.
fn excepts_within(p: &PeerNets, net: Net, q: &PeerNets) -> bool {
    q.except
        .iter()
        .filter(|e| e.overlaps(net))
        .all(|e| p.except.iter().any(|f| f.contains(*e)))
}

/// A hash of every field peer equality compares, so equal peers hash alike.
fn peer_hash(p: &Peer) -> u64 {
    fn selector(s: Option<&LabelSelector>, h: &mut DefaultHasher) {
        s.is_some().hash(h);
        if let Some(s) = s {
            s.match_labels.hash(h);
            s.match_expressions.as_ref().map(Vec::len).hash(h);
            for r in s.match_expressions.iter().flatten() {
                (&r.key, &r.operator, &r.values).hash(h);
            }
        }
    }
    let mut h = DefaultHasher::new();
    selector(p.pod_selector.as_ref(), &mut h);
    selector(p.namespace_selector.as_ref(), &mut h);
    p.ip_block
        .as_ref()
        .map(|b| (&b.cidr, &b.except))
        .hash(&mut h);
    h.finish()
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
