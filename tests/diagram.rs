//! The traffic diagram through the public API: its nodes and verdicts, its SVG's
//! structure (title, desc, data attributes, dashed blocked edges), escaping, collapsing
//! and determinism.

use std::collections::BTreeSet;

use periscope_netpol::diagram::{diagram, svg, Diagram, NodeVerdict, NARROW_BELOW};
use periscope_netpol::model::{
    CidrList, CustomPeer, CustomPort, CustomRule, Direction, Environment, IdpReach, IngressSource,
};
use periscope_netpol::presets::PRESETS;

fn none() -> BTreeSet<String> {
    BTreeSet::new()
}

fn node<'a>(d: &'a Diagram, id: &str) -> &'a periscope_netpol::diagram::Node {
    d.nodes()
        .find(|n| n.id == id)
        .unwrap_or_else(|| panic!("no node {id} in {:#?}", d))
}

fn custom_egress(n: usize) -> Vec<CustomRule> {
    (0..n)
        .map(|i| CustomRule {
            direction: Direction::Egress,
            note: format!("service {i}"),
            peers: vec![CustomPeer::IpBlock {
                cidr: format!("10.9.{}.{}/32", i / 256, i % 256),
                except: CidrList::default(),
            }],
            ports: vec![CustomPort::default()],
        })
        .collect()
}

#[test]
fn every_preset_has_the_pod_its_needs_and_unique_ids() {
    for p in PRESETS.iter() {
        let env = (p.build)();
        let d = diagram(&env, &none());
        let ids: BTreeSet<&str> = d.nodes().map(|n| n.id.as_str()).collect();
        assert_eq!(ids.len(), d.nodes().count(), "{}: ids repeat", p.id);
        assert_eq!(node(&d, "dns").verdict, Some(NodeVerdict::Allowed));
        assert!(node(&d, "idp").verdict.is_some(), "{}", p.id);
        // Presets are working policies: nothing they need is blocked.
        let blocked: Vec<String> = d.blocked().map(|n| n.sentence()).collect();
        assert!(blocked.is_empty(), "{}: {blocked:?}", p.id);
        for width in [1280, 390] {
            let s = d.to_svg(width);
            assert!(s.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
            assert!(s.ends_with("</svg>"));
            assert!(
                s.contains("role=\"img\"") && s.contains("aria-labelledby=\"pnd-title pnd-desc\"")
            );
            assert!(s.contains("<title id=\"pnd-title\">") && s.contains("<desc id=\"pnd-desc\">"));
            let layout = if width < NARROW_BELOW {
                "narrow"
            } else {
                "wide"
            };
            assert!(s.contains(&format!("data-layout=\"{layout}\"")));
            for n in d.nodes() {
                let attr = format!("data-node=\"{}\"", n.id);
                // The node and its edge.
                assert_eq!(s.matches(&attr).count(), 2, "{}: {attr}", p.id);
            }
            // Colours are custom properties with fallbacks for both themes.
            assert!(s.contains("var(--_fg,#1b1f24)") && s.contains("prefers-color-scheme:dark"));
        }
    }
}

#[test]
fn a_broken_idp_rule_marks_the_idp_node_blocked() {
    let mut env = periscope_netpol::presets::eks_okta_explicit();
    let ok = diagram(&env, &none());
    let idp = node(&ok, "idp");
    assert_eq!(idp.verdict, Some(NodeVerdict::Allowed));
    assert!(idp
        .rule
        .as_deref()
        .is_some_and(|r| r.starts_with("networkPolicy.egress.extra[")));
    assert_eq!(idp.detail, "acme.okta.com");

    env.idp.reach = IdpReach::Cidrs {
        cidrs: CidrList::from(""),
    };
    let d = diagram(&env, &none());
    let idp = node(&d, "idp");
    assert_eq!(idp.verdict, Some(NodeVerdict::Blocked));
    assert_eq!(idp.finding, Some("idp-unreachable"));
    assert_eq!(idp.field.as_deref(), Some("idp.cidrs"));
    assert_eq!(idp.rule, None);
    // The same verdict as the warnings panel.
    let analysis = periscope_netpol::analyze(&env);
    assert!(analysis
        .findings
        .iter()
        .any(|f| f.code == "idp-unreachable"));
    let s = d.to_svg(1280);
    let attrs = " data-node=\"idp\" data-finding=\"idp-unreachable\" data-field=\"idp.cidrs\" data-verdict=\"blocked\"";
    assert!(
        s.contains(&format!("<g class=\"pnd-node pnd-blocked\"{attrs}>")),
        "{s}"
    );
    assert!(s.contains(&format!("<g class=\"pnd-edge pnd-blocked\"{attrs}>")));
    // Shape and text, not colour alone.
    assert!(s.contains("class=\"pnd-i-blocked\""));
    assert!(s.contains(">Blocked · acme.okta.com</text>"));
    assert!(d.summary().contains("Blocked: OIDC issuer."));
    assert!(d
        .text()
        .contains("- OIDC issuer (acme.okta.com), TCP 443: blocked [idp-unreachable]\n"));
}

#[test]
fn text_is_escaped() {
    let mut env = Environment::default();
    env.release.namespace = "ns".into();
    env.idp.issuer = "https://<x>&\"'.example.com/".into();
    let mut rules = custom_egress(1);
    rules[0].note = "<script>alert('x')</script> & \u{1b}[31m".into();
    env.custom = rules;
    let s = svg(&env, &none(), 1280);
    assert!(!s.contains("<script>") && !s.contains('\u{1b}'));
    assert!(s.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; \u{FFFD}[31m"));
    assert!(s.contains("&lt;x&gt;&amp;&quot;&#39;.example.com"));
    // Every & starts an entity.
    for (i, _) in s.match_indices('&') {
        let rest = &s[i..];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
                .iter()
                .any(|e| rest.starts_with(e)),
            "bare & at {i}: {}",
            &rest[..rest.len().min(20)]
        );
    }
}

#[test]
fn long_groups_collapse_and_expand() {
    let env = Environment {
        custom: custom_egress(50),
        ..Environment::default()
    };
    let d = diagram(&env, &none());
    let rules = d
        .egress
        .iter()
        .filter(|n| n.id.starts_with("rule-e"))
        .count();
    assert_eq!(rules, 6);
    let more = node(&d, "more-rules");
    assert_eq!(more.label, "+44 more");
    assert_eq!(more.expands.as_deref(), Some("rules"));
    let s = d.to_svg(1280);
    assert!(
        s.contains("data-node=\"more-rules\" data-expands=\"rules\"")
            || s.contains("data-expands=\"rules\"")
    );
    // Readable: the picture stays a screen or two high.
    assert!(d.egress.len() <= 16, "{}", d.egress.len());

    let all = diagram(&env, &BTreeSet::from(["rules".to_owned()]));
    let rules = all
        .egress
        .iter()
        .filter(|n| n.id.starts_with("rule-e"))
        .count();
    assert_eq!(rules, 50);
    assert!(all.nodes().all(|n| n.expands.is_none()));
}

#[test]
fn a_collapsed_group_says_what_it_hides() {
    let mut env = Environment::default();
    for i in 0..12 {
        env.clusters
            .push(periscope_netpol::model::Cluster::InCluster {
                name: format!("c{i}"),
                cidrs: CidrList::from(""),
                port: 6443.into(),
            });
    }
    let d = diagram(&env, &none());
    let more = node(&d, "more-clusters");
    assert_eq!(more.verdict, Some(NodeVerdict::Blocked));
    assert!(more.detail.starts_with("7 blocked"), "{}", more.detail);
}

#[test]
fn five_hundred_cidrs_stay_one_readable_node() {
    let cidrs: Vec<String> = (0..500)
        .map(|i| format!("10.{}.{}.0/24", i / 256, i % 256))
        .collect();
    let mut env = Environment::default();
    env.ingress.push(IngressSource::LoadBalancer {
        cidrs: CidrList::from_entries(&cidrs),
    });
    let d = diagram(&env, &none());
    let lb: Vec<_> = d
        .ingress
        .iter()
        .filter(|n| n.label.starts_with("Load balancer"))
        .collect();
    assert_eq!(lb.len(), 1);
    assert_eq!(lb[0].detail, "10.0.0.0/24, 10.0.1.0/24 +498 more");
    assert!(d.to_svg(1280).len() < 40_000);
}

#[test]
fn the_layout_is_deterministic_and_follows_the_width() {
    for p in PRESETS.iter() {
        let env = (p.build)();
        assert_eq!(svg(&env, &none(), 1280), svg(&env, &none(), 1280));
        assert_eq!(svg(&env, &none(), 1280), svg(&env, &none(), 720));
        assert_eq!(svg(&env, &none(), 390), svg(&env, &none(), 719));
        assert_ne!(svg(&env, &none(), 390), svg(&env, &none(), 1280));
    }
}

#[test]
fn ingress_needs_are_shown_when_blocked() {
    let mut env = Environment {
        ingress: vec![],
        ..Environment::default()
    };
    env.agent.enabled = true;
    env.agent.cidrs = CidrList::from("10.1.0.0/16");
    let d = diagram(&env, &none());
    assert_eq!(node(&d, "users").finding, Some("ingress-none"));
    let agents = d
        .ingress
        .iter()
        .find(|n| n.field.as_deref() == Some("agent.cidrs"));
    assert_eq!(agents.and_then(|n| n.verdict), Some(NodeVerdict::Allowed));
}

/// Every rule a diagram node names is found in the values text the preview shows, so a
/// click on the node always has lines to highlight.
#[test]
fn every_node_rule_has_lines_in_the_values() {
    use periscope_netpol::highlight::rule_span;
    for preset in periscope_netpol::presets::PRESETS {
        let env = (preset.build)();
        let values = periscope_netpol::analyze(&env).values_yaml;
        let d = periscope_netpol::diagram::diagram(&env, &std::collections::BTreeSet::new());
        for node in d.nodes() {
            let Some(rule) = &node.rule else { continue };
            let span = rule_span(&values, rule).unwrap_or_else(|| {
                panic!(
                    "{}: {rule} of node {} not in the values",
                    preset.id, node.id
                )
            });
            let lines = &values[span];
            if rule.ends_with(']') {
                let first = lines.trim_start();
                assert!(
                    first.starts_with('#') || first.starts_with("- "),
                    "{}: {rule}: {lines}",
                    preset.id
                );
            }
        }
    }
}
