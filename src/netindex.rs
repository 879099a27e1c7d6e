//! Every ipBlock of a values block parsed once into integers, and the sorted lookups the
//! lint, the reachability queries and the checklist share.
//!
//! A [`Net`] is a network as family, prefix length and address bits. A [`NetTable`] is a
//! sorted list of them that answers "which entries contain this network" with one binary
//! search per prefix length present, so a question about one address costs
//! O(lengths × log n) instead of a pass over every rule and a parse of every CIDR string.
//! A [`NetIndex`] holds the parsed peers of every `ingress.extra` and `egress.extra`
//! rule, built once per analysis.

use ipnet::IpNet;

use crate::validate::parse_api_cidr;
use crate::values::{Peer, RuleView, Values};

/// A network as integers: family, address bits (host bits clear) and prefix length.
/// Ordered by family, then first address, then prefix length (wider first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Net {
    v6: bool,
    bits: u128,
    len: u8,
}

impl Net {
    /// The network of an [`IpNet`] (host bits cleared).
    pub fn of(net: &IpNet) -> Net {
        match net {
            IpNet::V4(n) => Net {
                v6: false,
                bits: u128::from(u32::from(n.network())),
                len: n.prefix_len(),
            },
            IpNet::V6(n) => Net {
                v6: true,
                bits: u128::from(n.network()),
                len: n.prefix_len(),
            },
        }
    }

    /// Parses a values CIDR leniently (host bits cleared), as the API server reads it
    /// and as [`crate::reach::values_net`] does.
    pub fn parse(cidr: &str) -> Option<Net> {
        parse_api_cidr(cidr).ok().map(|(n, _)| Net::of(&n))
    }

    /// Whether this is an IPv6 network.
    pub fn is_v6(self) -> bool {
        self.v6
    }

    /// The prefix length.
    pub fn prefix_len(self) -> u8 {
        self.len
    }

    /// Whether this is the whole address space of its family (`/0`).
    pub fn is_everything(self) -> bool {
        self.len == 0
    }

    fn width(self) -> u8 {
        if self.v6 {
            128
        } else {
            32
        }
    }

    /// The network of the first `len` bits (`len` no longer than the prefix).
    fn truncated(self, len: u8) -> Net {
        let len = len.min(self.len);
        let host = u32::from(self.width().saturating_sub(len));
        let mask = u128::MAX.checked_shl(host).unwrap_or(0);
        Net {
            v6: self.v6,
            bits: self.bits & mask,
            len,
        }
    }

    /// Whether every address of `other` is in this network (same family only).
    pub fn contains(self, other: Net) -> bool {
        self.v6 == other.v6 && self.len <= other.len && other.truncated(self.len) == self
    }

    /// Whether the two networks share an address (one contains the other).
    pub fn overlaps(self, other: Net) -> bool {
        self.contains(other) || other.contains(self)
    }
}

/// Networks with an id each (a position in some list), sorted, answering which of them
/// contain a network.
#[derive(Debug, Clone, Default)]
pub struct NetTable {
    /// Sorted by network, then id.
    entries: Vec<(Net, usize)>,
    /// The prefix lengths present, a bit per length, per family.
    lens_v4: [u64; 3],
    lens_v6: [u64; 3],
}

impl NetTable {
    /// A table of these entries.
    pub fn new(entries: impl IntoIterator<Item = (Net, usize)>) -> Self {
        let mut table = NetTable {
            entries: entries.into_iter().collect(),
            ..NetTable::default()
        };
        table.entries.sort();
        for (net, _) in &table.entries {
            let lens = if net.v6 {
                &mut table.lens_v6
            } else {
                &mut table.lens_v4
            };
            if let Some(word) = lens.get_mut(usize::from(net.len / 64)) {
                *word |= 1 << (net.len % 64);
            }
        }
        table
    }

    /// The entries of exactly `net`, by id.
    pub fn equal(&self, net: Net) -> &[(Net, usize)] {
        let lo = self.entries.partition_point(|(n, _)| *n < net);
        let rest = self.entries.get(lo..).unwrap_or_default();
        // Groups are mostly short: gallop to the group's end rather than search it all.
        let mut end = 1;
        while rest.get(end).is_some_and(|(n, _)| *n == net) {
            end = end.saturating_mul(2);
        }
        let head = rest.get(..end.min(rest.len())).unwrap_or_default();
        rest.get(..head.partition_point(|(n, _)| *n <= net))
            .unwrap_or_default()
    }

    /// The groups of entries whose network contains `net` (`net` itself included), one
    /// slice per network, widest first, each sorted by id.
    pub fn containing(&self, net: Net) -> impl Iterator<Item = &[(Net, usize)]> + '_ {
        let lens = if net.v6 { self.lens_v6 } else { self.lens_v4 };
        let present = move |l: &u8| {
            lens.get(usize::from(l / 64))
                .is_some_and(|w| (w >> (l % 64)) & 1 == 1)
        };
        (0..=net.len)
            .filter(present)
            .map(move |l| self.equal(net.truncated(l)))
            .filter(|g| !g.is_empty())
    }

    /// The smallest id among the networks that strictly contain `net`.
    pub fn first_container(&self, net: Net) -> Option<usize> {
        self.containing(net)
            .filter(|g| g.first().is_some_and(|(n, _)| *n != net))
            .filter_map(|g| g.first().map(|(_, id)| *id))
            .min()
    }
}

/// How each entry of a list of networks relates to the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Nesting {
    /// The first earlier entry of the same network.
    pub repeats: Option<usize>,
    /// The first entry (in list order) of a wider network containing this one.
    pub inside: Option<usize>,
}

/// For every entry of `nets`: which earlier entry it repeats, and which entry it lies
/// inside. O(n log n) for a fixed number of prefix lengths.
///
/// ```
/// use periscope_netpol::netindex::{nesting, Nesting, Net};
/// let nets: Vec<Net> = ["10.1.0.0/16", "10.0.0.0/8", "10.1.0.0/16"]
///     .iter()
///     .filter_map(|s| Net::parse(s))
///     .collect();
/// let n = nesting(&nets);
/// assert_eq!(n[0], Nesting { repeats: None, inside: Some(1) });
/// assert_eq!(n[2], Nesting { repeats: Some(0), inside: Some(1) });
/// ```
pub fn nesting(nets: &[Net]) -> Vec<Nesting> {
    let table = NetTable::new(nets.iter().copied().zip(0..));
    nets.iter()
        .enumerate()
        .map(|(i, net)| Nesting {
            repeats: table
                .equal(*net)
                .first()
                .map(|(_, j)| *j)
                .filter(|j| *j < i),
            inside: table.first_container(*net),
        })
        .collect()
}

/// One peer as the address queries see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerNets {
    /// Whether the peer sets a podSelector or namespaceSelector.
    pub selectors: bool,
    /// The ipBlock's cidr, when the peer has one and it parses.
    pub cidr: Option<Net>,
    /// The ipBlock's excepts that parse (the others are ignored, as the queries do).
    pub except: Vec<Net>,
}

impl PeerNets {
    /// Parses one peer.
    pub fn of(peer: &Peer) -> PeerNets {
        let block = peer.ip_block.as_ref();
        PeerNets {
            selectors: peer.pod_selector.is_some() || peer.namespace_selector.is_some(),
            cidr: block.and_then(|b| Net::parse(&b.cidr)),
            except: block
                .and_then(|b| b.except.as_deref())
                .unwrap_or_default()
                .iter()
                .filter_map(|e| Net::parse(e))
                .collect(),
        }
    }

    /// The cidr of a plain address peer: an ipBlock that parses, without selectors.
    pub fn block(&self) -> Option<Net> {
        self.cidr.filter(|_| !self.selectors)
    }

    /// Whether the peer admits every address of `net` (the API's ipBlock semantics: inside
    /// the cidr, and no except overlapping it).
    pub fn admits(&self, net: Net) -> bool {
        self.block().is_some_and(|c| c.contains(net))
            && !self.except.iter().any(|e| e.overlaps(net))
    }
}

/// The rules of one direction, with their peers parsed. Every peer has an id, its place
/// in the list of all the rules' peers (rule after rule), so ids ascend with rules.
#[derive(Debug, Clone, Default)]
pub struct Side<'a> {
    /// The rules.
    views: Vec<RuleView<'a>>,
    /// Every peer, by id.
    peers: Vec<PeerNets>,
    /// The rule of each peer, by id.
    rule_of: Vec<usize>,
    /// The first peer id of each rule, then the number of peers.
    starts: Vec<usize>,
    /// Rules without peers (every peer), ascending.
    open: Vec<usize>,
    /// Every plain address peer, by id.
    blocks: NetTable,
}

impl<'a> Side<'a> {
    fn new(rules: impl Iterator<Item = RuleView<'a>>) -> Side<'a> {
        let mut side = Side::default();
        for (i, view) in rules.enumerate() {
            side.views.push(view);
            side.starts.push(side.peers.len());
            let peers = view.peers.unwrap_or_default();
            if peers.is_empty() {
                side.open.push(i);
            }
            side.peers.extend(peers.iter().map(PeerNets::of));
            side.rule_of.extend(peers.iter().map(|_| i));
        }
        side.starts.push(side.peers.len());
        let blocks = side.peers.iter().enumerate();
        side.blocks = NetTable::new(blocks.filter_map(|(id, p)| p.block().map(|n| (n, id))));
        side
    }

    /// Rule `i`.
    pub fn view(&self, i: usize) -> Option<RuleView<'a>> {
        self.views.get(i).copied()
    }

    /// The peer ids of rule `i` (empty when it has none, or no such rule).
    pub fn ids(&self, i: usize) -> std::ops::Range<usize> {
        let next = i.checked_add(1).and_then(|j| self.starts.get(j));
        match (self.starts.get(i), next) {
            (Some(start), Some(end)) => *start..*end,
            _ => 0..0,
        }
    }

    /// The parsed peers of rule `i`, in order.
    pub fn peers(&self, i: usize) -> &[PeerNets] {
        self.peers.get(self.ids(i)).unwrap_or_default()
    }

    /// One parsed peer, by id.
    pub fn peer(&self, id: usize) -> Option<&PeerNets> {
        self.peers.get(id)
    }

    /// The rule of a peer, by id.
    pub fn rule_of(&self, id: usize) -> Option<usize> {
        self.rule_of.get(id).copied()
    }

    /// The peer itself, by id.
    pub fn peer_value(&self, id: usize) -> Option<&'a Peer> {
        let rule = self.rule_of(id)?;
        let k = id.checked_sub(self.ids(rule).start)?;
        self.view(rule)?.peers?.get(k)
    }

    /// The rules without peers, ascending.
    pub fn open(&self) -> &[usize] {
        &self.open
    }

    /// Every plain address peer, by id.
    pub fn blocks(&self) -> &NetTable {
        &self.blocks
    }

    /// The number of rules.
    pub fn len(&self) -> usize {
        self.views.len()
    }

    /// Whether there are no rules.
    pub fn is_empty(&self) -> bool {
        self.views.is_empty()
    }
}

/// Every ipBlock of a values block, parsed once.
#[derive(Debug, Clone)]
pub struct NetIndex<'a> {
    values: &'a Values,
    egress: Side<'a>,
    ingress: Side<'a>,
}

impl<'a> NetIndex<'a> {
    /// Parses every peer of `values`' extra rules.
    pub fn new(values: &'a Values) -> Self {
        NetIndex {
            values,
            egress: Side::new(values.egress.extra.iter().map(|r| r.view())),
            ingress: Side::new(values.ingress.extra.iter().map(|r| r.view())),
        }
    }

    /// The values the index was built from.
    pub fn values(&self) -> &'a Values {
        self.values
    }

    /// The `egress.extra` rules.
    pub fn egress(&self) -> &Side<'a> {
        &self.egress
    }

    /// The `ingress.extra` rules.
    pub fn ingress(&self) -> &Side<'a> {
        &self.ingress
    }
}

#[cfg(test)]
mod tests;
