//! The traffic diagram: who may talk to Periscope (left) and whom Periscope may reach
//! (right), as a [`Diagram`] of nodes, each joined to the pod by one edge, drawn as SVG
//! by [`Diagram::to_svg`] (layout computed here, deterministically; no JavaScript).
//!
//! Every destination Periscope needs carries its verdict ([`NodeVerdict`]), taken from
//! [`Context::verdict`]: the same verdicts as the warnings panel, with the finding code
//! a blocked or unverified need raises. Nodes name their rule (values path), finding
//! and Environment field, so a click can select them. Groups longer than
//! [`COLLAPSE_OVER`] collapse into a "+N more" node unless their id is in `expanded`.

use std::collections::BTreeSet;

use crate::builder;
use crate::lint::Context;
use crate::model::Environment;
use crate::netindex::NetIndex;
use crate::ranges::Published;
use crate::reach::RuleRef;

mod nodes;
mod svg;

use nodes::Drawer;

pub use svg::{NARROW_BELOW, STYLE, SVG_VERSION};

/// A group longer than this collapses (unless expanded).
pub const COLLAPSE_OVER: usize = 8;
/// How many nodes of a collapsed group stay shown before its "+N more" node.
pub const SHOWN_WHEN_COLLAPSED: usize = 6;

/// Whether the policy allows what a node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeVerdict {
    /// A rule allows it.
    Allowed,
    /// Nothing allows it: Periscope breaks.
    Blocked,
    /// It cannot be told (some rules might reach it, none certainly does).
    Unverified,
}

impl NodeVerdict {
    /// `allowed`, `blocked` or `unverified`.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeVerdict::Allowed => "allowed",
            NodeVerdict::Blocked => "blocked",
            NodeVerdict::Unverified => "unverified",
        }
    }
}

/// One source or destination, joined to the pod by one edge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// A stable id, unique in the diagram (`idp`, `cluster-0`, `rule-e3`, `more-rules`).
    pub id: String,
    /// The name, e.g. "OIDC issuer".
    pub label: String,
    /// One line more, e.g. the host or the CIDRs ("10.0.0.0/16, 10.1.0.0/16 +498 more").
    pub detail: String,
    /// The edge's protocol and ports, e.g. "TCP 443", "UDP 53, TCP 53".
    pub ports: String,
    /// For what Periscope needs: whether the policy allows it.
    pub verdict: Option<NodeVerdict>,
    /// The rule that allows it, as a values path (`networkPolicy.egress.extra[2]`).
    pub rule: Option<String>,
    /// The finding a blocked or unverified need raises (`idp-unreachable`).
    pub finding: Option<&'static str>,
    /// The Environment field that decides it (`idp.cidrs`, `clusters[0].cidrs`).
    pub field: Option<String>,
    /// On a "+N more" node: the id of the group it expands (for `expanded`).
    pub expands: Option<String>,
    /// The collapsible group it belongs to.
    group: Option<&'static str>,
}

impl Node {
    fn new(id: impl Into<String>, label: impl Into<String>) -> Node {
        Node {
            id: id.into(),
            label: label.into(),
            detail: String::new(),
            ports: String::new(),
            verdict: None,
            rule: None,
            finding: None,
            field: None,
            expands: None,
            group: None,
        }
    }

    fn detail(mut self, d: impl Into<String>) -> Node {
        self.detail = d.into();
        self
    }

    fn ports(mut self, p: impl Into<String>) -> Node {
        self.ports = p.into();
        self
    }

    fn rule(mut self, r: RuleRef) -> Node {
        self.rule = Some(r.values_path());
        self
    }

    fn field(mut self, f: impl Into<String>) -> Node {
        self.field = Some(f.into());
        self
    }

    fn group(mut self, g: &'static str) -> Node {
        self.group = Some(g);
        self
    }

    /// One line for the text alternative: "OIDC issuer (acme.okta.com), TCP 443: blocked".
    pub fn sentence(&self) -> String {
        let mut s = self.label.clone();
        if !self.detail.is_empty() {
            s.push_str(&format!(" ({})", self.detail));
        }
        if !self.ports.is_empty() {
            s.push_str(&format!(", {}", self.ports));
        }
        if let Some(v) = self.verdict {
            s.push_str(&format!(": {}", v.as_str()));
        }
        if let Some(code) = self.finding {
            s.push_str(&format!(" [{code}]"));
        }
        s
    }
}

/// The whole picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagram {
    /// The pod in the middle, e.g. "periscope" (the chart's fullname).
    pub pod: String,
    /// The pod's second line, e.g. "namespace periscope".
    pub pod_detail: String,
    /// Ingress sources (left), with the port each reaches.
    pub ingress: Vec<Node>,
    /// Egress destinations (right).
    pub egress: Vec<Node>,
}

impl Diagram {
    /// Every node, sources first.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.ingress.iter().chain(&self.egress)
    }

    /// The nodes Periscope needs that the policy blocks.
    pub fn blocked(&self) -> impl Iterator<Item = &Node> {
        self.nodes()
            .filter(|n| n.verdict == Some(NodeVerdict::Blocked))
    }

    /// A one-paragraph summary (the SVG's `<desc>`).
    pub fn summary(&self) -> String {
        let count = |v| self.nodes().filter(|n| n.verdict == Some(v)).count();
        let blocked: Vec<&str> = self.blocked().map(|n| n.label.as_str()).collect();
        let mut s = format!(
            "{} source(s) may reach the {} pod and it may reach {} destination(s). Of what it needs, {} allowed, {} blocked, {} unverified.",
            self.ingress.len(),
            self.pod,
            self.egress.len(),
            count(NodeVerdict::Allowed),
            count(NodeVerdict::Blocked),
            count(NodeVerdict::Unverified),
        );
        if !blocked.is_empty() {
            s.push_str(&format!(" Blocked: {}.", blocked.join(", ")));
        }
        s
    }

    /// The text alternative for screen readers: one line per node, grouped under
    /// "Who reaches Periscope" and "What Periscope reaches".
    pub fn text(&self) -> String {
        let mut s = String::from("Who reaches Periscope:\n");
        for n in &self.ingress {
            s.push_str(&format!("- {}\n", n.sentence()));
        }
        s.push_str("What Periscope reaches:\n");
        for n in &self.egress {
            s.push_str(&format!("- {}\n", n.sentence()));
        }
        s
    }
}

/// The diagram of an Environment's policy. Groups whose id is in `expanded` (a "+N more"
/// node's [`Node::expands`]) are drawn whole.
///
/// ```
/// use std::collections::BTreeSet;
/// use periscope_netpol::{diagram::*, model::Environment};
/// let d = diagram(&Environment::default(), &BTreeSet::new());
/// assert!(d.egress.iter().any(|n| n.id == "dns" && n.verdict == Some(NodeVerdict::Allowed)));
/// let svg = d.to_svg(1280);
/// assert!(svg.starts_with("<svg") && svg.contains("<title"));
/// ```
pub fn diagram(env: &Environment, expanded: &BTreeSet<String>) -> Diagram {
    diagram_with(env, expanded, &Published::default())
}

/// [`diagram`] with published ranges loaded: the verdicts of
/// [`crate::analysis::analyze_with`] (a need the rules reach only partly is unverified,
/// its finding `ranges-partial`).
pub fn diagram_with(
    env: &Environment,
    expanded: &BTreeSet<String>,
    published: &Published,
) -> Diagram {
    let built = builder::build(env);
    let ctx = Context::from_environment_with(env, &built, published);
    let index = NetIndex::new(&built.values);
    let d = Drawer {
        env,
        built: &built,
        ctx: &ctx,
        index: &index,
    };
    Diagram {
        pod: crate::chart::fullname(&env.release),
        pod_detail: if built.values.enabled {
            format!("namespace {}", env.release.namespace)
        } else {
            "networkPolicy.enabled is false: nothing is filtered".into()
        },
        ingress: collapse(d.ingress(), expanded),
        egress: collapse(d.egress(), expanded),
    }
}

/// The SVG of an Environment's policy at a width in CSS pixels (below
/// [`NARROW_BELOW`] the narrow, one-column layout): what "Download SVG" saves and
/// `render --diagram` prints.
pub fn svg(env: &Environment, expanded: &BTreeSet<String>, width: u32) -> String {
    diagram(env, expanded).to_svg(width)
}

/// Replaces the tail of each long group by a "+N more" node (with the worst verdict
/// it hides), unless the group is expanded.
fn collapse(nodes: Vec<Node>, expanded: &BTreeSet<String>) -> Vec<Node> {
    let mut out = Vec::with_capacity(nodes.len());
    let mut i = 0;
    while i < nodes.len() {
        let Some(group) = nodes.get(i).and_then(|n| n.group) else {
            out.extend(nodes.get(i).cloned());
            i += 1;
            continue;
        };
        let end = nodes
            .iter()
            .skip(i)
            .position(|n| n.group != Some(group))
            .map_or(nodes.len(), |k| i + k);
        let members = nodes.get(i..end).unwrap_or_default();
        if members.len() <= COLLAPSE_OVER || expanded.contains(group) {
            out.extend(members.iter().cloned());
        } else {
            out.extend(members.iter().take(SHOWN_WHEN_COLLAPSED).cloned());
            let hidden = members.get(SHOWN_WHEN_COLLAPSED..).unwrap_or_default();
            let worst = [NodeVerdict::Blocked, NodeVerdict::Unverified]
                .into_iter()
                .find(|v| hidden.iter().any(|n| n.verdict == Some(*v)));
            let blocked = hidden
                .iter()
                .filter(|n| n.verdict == Some(NodeVerdict::Blocked))
                .count();
            let mut more = Node::new(format!("more-{group}"), format!("+{} more", hidden.len()))
                .detail(if blocked > 0 {
                    format!("{blocked} blocked; show all {}", members.len())
                } else {
                    format!("show all {}", members.len())
                });
            more.verdict = worst;
            more.expands = Some(group.to_owned());
            out.push(more);
        }
        i = end;
    }
    out
}
