//! Values -> YAML: the `networkPolicy:` block to paste, the manifest the chart renders
//! from it, and the related chart values the Environment assumes.

use crate::builder::{Built, InputProblem, RuleNotes};
use crate::chart;
use crate::model::{Credentials, Environment, SecretsMode};
use crate::values::{
    LabelSelector, LabelSelectorRequirement, Labels, Peer, PolicyPort, PortValue, RuleView, Values,
};
use crate::yaml::{self, Entry, Item, Node};

/// Whether maps are written in a human order or sorted as Helm's `toYaml` writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    Human,
    Helm,
}

fn labels_node(labels: &Labels) -> Node {
    Node::map(
        labels
            .iter()
            .map(|(k, v)| (k.clone(), Node::str(v.clone()))),
    )
}

fn selector_node(sel: &LabelSelector) -> Node {
    let mut e = Vec::with_capacity(2);
    if let Some(m) = &sel.match_labels {
        e.push(entry("matchLabels", labels_node(m)));
    }
    if let Some(x) = &sel.match_expressions {
        e.push(entry(
            "matchExpressions",
            Node::seq(x.iter().map(requirement_node)),
        ));
    }
    Node::Map(e)
}

fn requirement_node(r: &LabelSelectorRequirement) -> Node {
    let mut e = vec![
        entry("key", Node::str(r.key.clone())),
        entry("operator", Node::str(r.operator.clone())),
    ];
    if let Some(v) = &r.values {
        e.push(entry(
            "values",
            Node::seq(v.iter().map(|s| Node::str(s.clone()))),
        ));
    }
    Node::Map(e)
}

// The rule nodes below are made for every rule of every document: their entries are
// collected straight into the node, without an intermediate list.

fn peer_node(p: &Peer) -> Node {
    let mut e = Vec::with_capacity(1);
    if let Some(b) = &p.ip_block {
        let mut ip = Vec::with_capacity(2);
        ip.push(entry("cidr", Node::str(b.cidr.clone())));
        if let Some(ex) = &b.except {
            ip.push(entry(
                "except",
                Node::seq(ex.iter().map(|s| Node::str(s.clone()))),
            ));
        }
        e.push(entry("ipBlock", Node::Map(ip)));
    }
    if let Some(s) = &p.namespace_selector {
        e.push(entry("namespaceSelector", selector_node(s)));
    }
    if let Some(s) = &p.pod_selector {
        e.push(entry("podSelector", selector_node(s)));
    }
    Node::Map(e)
}

fn port_node(p: &PolicyPort) -> Node {
    let mut e = Vec::with_capacity(3);
    if let Some(proto) = &p.protocol {
        e.push(entry("protocol", Node::str(proto.clone())));
    }
    match &p.port {
        Some(PortValue::Number(n)) => e.push(entry("port", Node::Int(*n))),
        Some(PortValue::Name(s)) => e.push(entry("port", Node::str(s.clone()))),
        None => {}
    }
    if let Some(end) = p.end_port {
        e.push(entry("endPort", Node::Int(end)));
    }
    Node::Map(e)
}

fn rule_node(peers_key: &str, rule: RuleView<'_>, order: Order) -> Node {
    let mut e = Vec::with_capacity(2);
    if let Some(peers) = rule.peers {
        e.push(entry(peers_key, Node::seq(peers.iter().map(peer_node))));
    }
    if let Some(ports) = rule.ports {
        e.push(entry("ports", Node::seq(ports.iter().map(port_node))));
    }
    let node = Node::Map(e);
    match order {
        Order::Human => node,
        Order::Helm => to_yaml(node),
    }
}

/// `node` as the chart's `toYaml` writes it: keys sorted as Go's YAML encoder sorts them,
/// in Go's style (facts §1).
fn to_yaml(node: Node) -> Node {
    Node::ToYaml(Box::new(sorted(node)))
}

/// Sorts every mapping's keys, as Go's YAML encoder does for `toYaml`.
fn sorted(node: Node) -> Node {
    match node {
        Node::Map(mut entries) => {
            let cmp = |a: &Entry, b: &Entry| crate::yaml::go::key_cmp(&a.key, &b.key);
            entries.sort_by(cmp);
            Node::Map(
                entries
                    .into_iter()
                    .map(|e| Entry {
                        node: sorted(e.node),
                        ..e
                    })
                    .collect(),
            )
        }
        Node::Seq(items) => Node::Seq(
            items
                .into_iter()
                .map(|i| Item {
                    node: sorted(i.node),
                    ..i
                })
                .collect(),
        ),
        other => other,
    }
}

fn commented(items: Vec<Node>, notes: &[String]) -> Node {
    Node::Seq(
        items
            .into_iter()
            .enumerate()
            .map(|(i, node)| Item {
                comment: notes.get(i).cloned(),
                node,
            })
            .collect(),
    )
}

fn entry(key: &str, node: Node) -> Entry {
    Entry {
        key: key.to_owned(),
        comment: None,
        node,
    }
}

/// The `networkPolicy` block as a YAML node, with a reason above each rule.
fn values_node(values: &Values, notes: &RuleNotes) -> Node {
    let from_ns = commented(
        values
            .ingress
            .from_namespaces
            .iter()
            .map(labels_node)
            .collect(),
        &notes.from_namespaces,
    );
    let ingress_extra = commented(
        values
            .ingress
            .extra
            .iter()
            .map(|r| rule_node("from", r.view(), Order::Human))
            .collect(),
        &notes.ingress_extra,
    );
    let egress_extra = commented(
        values
            .egress
            .extra
            .iter()
            .map(|r| rule_node("to", r.view(), Order::Human))
            .collect(),
        &notes.egress_extra,
    );
    Node::Map(vec![
        entry("enabled", Node::Bool(values.enabled)),
        entry(
            "ingress",
            Node::Map(vec![
                entry("fromNamespaces", from_ns),
                entry("extra", ingress_extra),
            ]),
        ),
        entry("egress", Node::Map(vec![entry("extra", egress_extra)])),
    ])
}

/// The `networkPolicy:` block to paste into values.yaml, with a comment per rule.
///
/// ```
/// use periscope_netpol::{builder::build, model::Environment, render::values_yaml};
/// let built = build(&Environment::default());
/// let text = values_yaml(&built.values, &built.notes);
/// assert!(text.starts_with("networkPolicy:\n  enabled: true\n"));
/// ```
pub fn values_yaml(values: &Values, notes: &RuleNotes) -> String {
    values_yaml_noting(values, notes, &[])
}

/// [`values_yaml`] with a comment above the block naming each input the builder left
/// out, so an invalid input never disappears from the output without a trace.
///
/// ```
/// use periscope_netpol::builder::{InputProblem, RuleNotes};
/// use periscope_netpol::render::values_yaml_noting;
/// use periscope_netpol::values::Values;
/// use periscope_netpol::builder::InputError;
/// let left_out = [InputProblem { path: "custom[0].peers[0].cidr".into(), cause: InputError::Protocol("tcp".into()) }];
/// let yaml = values_yaml_noting(&Values::default(), &RuleNotes::default(), &left_out);
/// assert!(yaml.starts_with("# Left out until fixed (not valid):\n# - custom[0].peers[0].cidr: invalid protocol 'tcp': use TCP, UDP or SCTP\nnetworkPolicy:"), "{yaml}");
/// ```
pub fn values_yaml_noting(values: &Values, notes: &RuleNotes, left_out: &[InputProblem]) -> String {
    let mut block = entry("networkPolicy", values_node(values, notes));
    if !left_out.is_empty() {
        let mut comment = String::from("Left out until fixed (not valid):");
        for p in left_out {
            comment.push_str(&format!("\n- {}: {}", p.path, p.cause));
        }
        block.comment = Some(comment);
    }
    yaml::to_string(&Node::Map(vec![block]))
}

/// The two comment lines the chart prints above its kube-dns rule (facts §1).
const KUBE_DNS_COMMENT: &str = "Always-on: DNS to kube-dns. Without this, every other egress rule is moot\n(the pod can't even resolve the IdP hostname).";

/// The chart's hard-coded first egress rule: DNS to kube-dns.
fn kube_dns_rule() -> Node {
    Node::map([
        (
            "to",
            Node::seq([Node::map([
                ("namespaceSelector", Node::Map(vec![])),
                (
                    "podSelector",
                    Node::map([(
                        "matchLabels",
                        Node::map([("k8s-app", Node::str("kube-dns"))]),
                    )]),
                ),
            ])]),
        ),
        (
            "ports",
            Node::seq([
                port_node(&PolicyPort::number("UDP", 53)),
                port_node(&PolicyPort::number("TCP", 53)),
            ]),
        ),
    ])
}

/// Label pairs as the chart's helpers print them: `{{ ... }}` unquoted, the version
/// through `quote` (facts §1). A value such as release `yes` prints as a YAML boolean;
/// the preview shows that, and a finding says what it breaks.
fn printed_labels(pairs: Vec<(&'static str, String)>) -> Node {
    Node::map(pairs.into_iter().map(|(k, v)| {
        let v = if k == "app.kubernetes.io/version" {
            crate::yaml::go::go_quote(&v)
        } else {
            v
        };
        (k, Node::Raw(v))
    }))
}

/// The NetworkPolicy the chart renders from `values` for this release (facts §1).
///
/// ```
/// use periscope_netpol::{builder::build, model::Environment, render::manifest_yaml};
/// let env = Environment::default();
/// let text = manifest_yaml(&build(&env).values, &env.release, 8080);
/// assert!(text.contains("kind: NetworkPolicy\n"));
/// assert!(text.contains("  name: periscope\n"));
/// ```
pub fn manifest_yaml(
    values: &Values,
    release: &crate::model::Release,
    service_port: u16,
) -> String {
    const SOURCE: &str = "---\n# Source: periscope/templates/networkpolicy.yaml\n";
    if !values.enabled {
        return "# networkPolicy.enabled is false: the chart renders no NetworkPolicy\n".into();
    }
    let mut ingress: Vec<Node> = values
        .ingress
        .from_namespaces
        .iter()
        .map(|labels| {
            Node::map([
                (
                    "from",
                    Node::seq([Node::map([(
                        "namespaceSelector",
                        Node::map([("matchLabels", to_yaml(labels_node(labels)))]),
                    )])]),
                ),
                (
                    "ports",
                    Node::seq([port_node(&PolicyPort::number("TCP", service_port))]),
                ),
            ])
        })
        .collect();
    ingress.extend(
        values
            .ingress
            .extra
            .iter()
            .map(|r| rule_node("from", r.view(), Order::Helm)),
    );
    let mut egress = vec![Item {
        comment: Some(KUBE_DNS_COMMENT.into()),
        node: kube_dns_rule(),
    }];
    egress.extend(values.egress.extra.iter().map(|r| Item {
        comment: None,
        node: rule_node("to", r.view(), Order::Helm),
    }));

    let mut spec = vec![
        (
            "podSelector",
            Node::map([(
                "matchLabels",
                printed_labels(chart::selector_labels(release)),
            )]),
        ),
        (
            "policyTypes",
            Node::seq([Node::str("Ingress"), Node::str("Egress")]),
        ),
    ];
    // The template always prints `ingress:`; with no rule under it the key is null,
    // which the API server reads as no ingress rule (all denied).
    let ingress = if ingress.is_empty() {
        Node::Null
    } else {
        Node::seq(ingress)
    };
    spec.push(("ingress", ingress));
    spec.push(("egress", Node::Seq(egress)));
    let doc = Node::map([
        ("apiVersion", Node::str("networking.k8s.io/v1")),
        ("kind", Node::str("NetworkPolicy")),
        (
            "metadata",
            Node::map([
                ("name", Node::Raw(chart::fullname(release))),
                ("labels", printed_labels(chart::labels(release))),
            ]),
        ),
        ("spec", Node::map(spec)),
    ]);
    // Helm trims the whitespace around each rendered manifest.
    format!("{SOURCE}{}\n", yaml::to_string(&doc).trim_end())
}

/// A values file with the `networkPolicy` block and every other chart value the
/// Environment assumes, for `helm template <release> periscope -f <file>`.
pub fn related_yaml(env: &Environment, built: &Built) -> String {
    related_yaml_after(
        env,
        built,
        &values_yaml_noting(&built.values, &built.notes, &built.problems),
    )
}

/// [`related_yaml`] around the `networkPolicy:` block [`values_yaml`] already wrote for
/// `built`: the block is the file's last entry, written the same way, so it is appended
/// rather than rendered twice.
pub fn related_yaml_after(env: &Environment, built: &Built, values_yaml: &str) -> String {
    let r = &env.release;
    let mut top: Vec<Entry> = Vec::new();
    if !r.name_override.is_empty() {
        top.push(entry("nameOverride", Node::str(r.name_override.clone())));
    }
    if !r.fullname_override.is_empty() {
        top.push(entry(
            "fullnameOverride",
            Node::str(r.fullname_override.clone()),
        ));
    }
    top.push(entry(
        "service",
        Node::map([("port", Node::Int(i64::from(built.service_port)))]),
    ));
    top.push(entry(
        "podIdentity",
        Node::map([(
            "enabled",
            Node::Bool(env.aws.credentials == Credentials::PodIdentity),
        )]),
    ));
    let mut agent = vec![("enabled", Node::Bool(built.agent_port.is_some()))];
    if let Some(port) = built.agent_port {
        agent.push(("listenAddr", Node::Str(format!(":{port}"))));
    }
    top.push(entry("agent", Node::map(agent)));
    let mode = match env.secrets_mode {
        SecretsMode::Kubernetes => None,
        SecretsMode::Native => Some("native"),
    };
    if let Some(mode) = mode {
        top.push(entry("secrets", Node::map([("mode", Node::str(mode))])));
    }
    if env.aws.credentials == Credentials::Irsa {
        // The Environment says IRSA but not which role; without the annotation `check`
        // (and the AWS SDK) would fall back to the node role.
        let mut role = entry(
            "eks.amazonaws.com/role-arn",
            Node::str("arn:aws:iam::111122223333:role/periscope"),
        );
        role.comment = Some("IRSA: replace with the ARN of Periscope's IAM role".to_owned());
        top.push(entry(
            "serviceAccount",
            Node::map([("annotations", Node::Map(vec![role]))]),
        ));
    }
    if !env.idp.issuer.trim().is_empty() {
        top.push(entry(
            "auth",
            Node::map([(
                "oidc",
                Node::map([("issuer", Node::str(env.idp.issuer.trim()))]),
            )]),
        ));
    }
    // The entries above are never empty (`service` is always there), so the map is
    // written as a block and the `networkPolicy:` block follows it at the same indent.
    let mut out = yaml::to_string(&Node::Map(top));
    out.push_str(values_yaml);
    out
}

/// One imported verbatim rule as the YAML it is emitted as (for the form's read-only view).
///
/// ```
/// use periscope_netpol::{model::VerbatimRule, render::verbatim_yaml, values::EgressRule};
/// let text = verbatim_yaml(&VerbatimRule::Egress(EgressRule { to: Some(vec![]), ports: None }));
/// assert_eq!(text, "to: []\n");
/// ```
pub fn verbatim_yaml(rule: &crate::model::VerbatimRule) -> String {
    use crate::model::VerbatimRule;
    let node = match rule {
        VerbatimRule::FromNamespaces(labels) => labels_node(labels),
        VerbatimRule::Ingress(r) => rule_node("from", r.view(), Order::Human),
        VerbatimRule::Egress(r) => rule_node("to", r.view(), Order::Human),
    };
    yaml::to_string(&node)
}
