//! Which rules could cover a rule's first port: the second filter of `rule-redundant`'s
//! candidate search (the peers are the first), so that many rules to the same peers on
//! different ports are not compared pairwise.

use std::collections::BTreeMap;

use super::port_within;
use crate::netindex::Side;
use crate::reach::Protocol;
use crate::values::{PolicyPort, PortValue};

/// One direction's port entries, by what they can cover. Every list is ascending. The
/// maps are B-trees keyed by the protocol's name (std's hash keys are fixed on wasm32).
#[derive(Default)]
pub(super) struct PortIndex<'a> {
    /// Rules without ports (they allow every port).
    any: Vec<usize>,
    /// Rules with a whole protocol (an entry without a port).
    whole: BTreeMap<&'static str, Vec<usize>>,
    /// Rules with one numbered port, by protocol and port.
    single: BTreeMap<(&'static str, i64), Vec<usize>>,
    /// Rules with a named port, by protocol and name.
    named: BTreeMap<(&'static str, &'a str), Vec<usize>>,
    /// Port ranges (`endPort`), each with its rule.
    ranges: Vec<(usize, &'a PolicyPort)>,
}

/// Appends rule `j` unless it is already last (rules are added in ascending order).
fn add(list: &mut Vec<usize>, j: usize) {
    if list.last() != Some(&j) {
        list.push(j);
    }
}

impl<'a> PortIndex<'a> {
    pub(super) fn new(side: &Side<'a>) -> Self {
        let mut index = PortIndex::default();
        for j in 0..side.len() {
            let ports = side.view(j).and_then(|v| v.ports).unwrap_or_default();
            if ports.is_empty() {
                index.any.push(j);
            }
            for q in ports {
                let Some(proto) = Protocol::of(q).map(Protocol::as_str) else {
                    continue;
                };
                match (&q.port, q.end_port) {
                    (None, _) => add(index.whole.entry(proto).or_default(), j),
                    (Some(PortValue::Number(m)), None) => {
                        add(index.single.entry((proto, *m)).or_default(), j)
                    }
                    (Some(PortValue::Number(_)), Some(_)) => index.ranges.push((j, q)),
                    (Some(PortValue::Name(x)), None) => {
                        add(index.named.entry((proto, x.as_str())).or_default(), j)
                    }
                    // A named port with an endPort covers nothing.
                    (Some(PortValue::Name(_)), Some(_)) => {}
                }
            }
        }
        index
    }

    /// The rules whose ports could cover all of `ports` (a superset: each holds an entry
    /// covering the first port, or has no ports), as ascending lists plus the ascending
    /// rules of the ranges that cover it; `None` when they hold more than `limit` rules
    /// (then the peers narrow the candidates down better).
    pub(super) fn candidates<'s>(
        &'s self,
        ports: &'s [PolicyPort],
        limit: usize,
    ) -> Option<(Vec<&'s [usize]>, Vec<usize>)> {
        let lists = self.lists(ports);
        let ranges: Vec<usize> = match ports.first() {
            Some(p) => self
                .ranges
                .iter()
                .filter(|(_, q)| port_within(p, q))
                .map(|(j, _)| *j)
                .collect(),
            None => Vec::new(),
        };
        let count = lists.iter().map(|l| l.len()).sum::<usize>() + ranges.len();
        (count <= limit).then_some((lists, ranges))
    }

    /// The lists holding the rules with an entry covering the first of `ports`, exactly
    /// (ranges aside).
    fn lists<'s>(&'s self, ports: &'s [PolicyPort]) -> Vec<&'s [usize]> {
        let mut lists: Vec<&[usize]> = vec![&self.any];
        // Without ports (or with an unknown protocol) only a rule without ports covers it.
        let first = ports.first();
        let Some((p, proto)) = first.and_then(|p| Some((p, Protocol::of(p)?.as_str()))) else {
            return lists;
        };
        lists.extend(self.whole.get(&proto).map(Vec::as_slice));
        match &p.port {
            None => {}
            Some(PortValue::Number(n)) => {
                // A single port m covers n..=end when end <= m <= n (end < n is invalid,
                // but the check reads what is there).
                let lo = p.end_port.unwrap_or(*n).min(*n);
                let by_port = self.single.range((proto, lo)..=(proto, *n));
                lists.extend(by_port.map(|(_, l)| l.as_slice()));
            }
            Some(PortValue::Name(x)) => {
                lists.extend(self.named.get(&(proto, x.as_str())).map(Vec::as_slice));
            }
        }
        lists
    }
}
