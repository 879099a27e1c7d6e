//! The what-if tester through the public API: answers from an Environment and from a
//! values file, the nearest rule and its misses, fixes that work once applied, host
//! names, and the JSON.

use periscope_netpol::explain::{
    parse_egress, parse_ingress, Answer, Explainer, Miss, QuestionError,
};
use periscope_netpol::import::{document_values, parse_document};
use periscope_netpol::lint::ChartFlags;
use periscope_netpol::model::{
    CidrList, Cluster, CustomPeer, CustomPort, CustomRule, Direction, EgressPosture, Environment,
    IdpReach, PortText,
};
use periscope_netpol::presets;
use periscope_netpol::reach::RuleRef;
use periscope_netpol::remedy::{apply, Remedy};

fn egress(env: &Environment, q: &str) -> Answer {
    let q = parse_egress(q).unwrap_or_else(|e| panic!("{q}: {e}"));
    Explainer::from_environment(env).explain(&q).answer
}

fn ingress(env: &Environment, q: &str) -> Answer {
    let q = parse_ingress(q).unwrap_or_else(|e| panic!("{q}: {e}"));
    Explainer::from_environment(env).explain(&q).answer
}

#[test]
fn allowed_names_the_rule() {
    let env = Environment::default();
    assert_eq!(
        egress(&env, "52.94.76.1:443"),
        Answer::Allowed {
            rule: RuleRef::EgressExtra(0),
            via_proxy: false
        }
    );
    assert_eq!(egress(&env, "10.0.0.10:53/udp").verdict(), "denied");
    assert_eq!(
        ingress(&env, "ingress-nginx:8080").rule(),
        Some(RuleRef::FromNamespace(0))
    );
}

#[test]
fn denied_says_why_the_nearest_rule_misses() {
    let env = Environment::default();
    let misses = |a: Answer| match a {
        Answer::Denied {
            nearest: Some(n), ..
        } => (n.rule, n.misses),
        other => panic!("not denied with a nearest rule: {other:?}"),
    };
    let (rule, m) = misses(egress(&env, "52.94.76.1:8443"));
    assert_eq!(rule, RuleRef::EgressExtra(0));
    assert_eq!(
        m,
        vec![Miss::Port {
            opened: "TCP 443".into()
        }]
    );
    let (_, m) = misses(egress(&env, "52.94.76.1:443/udp"));
    assert_eq!(
        m,
        vec![Miss::Protocol {
            opened: "TCP 443".into()
        }]
    );
    let (_, m) = misses(egress(&env, "10.20.3.4:443"));
    assert_eq!(
        m,
        vec![Miss::Except {
            cidr: "0.0.0.0/0".into(),
            except: "10.0.0.0/8".into()
        }]
    );
    let (rule, m) = misses(ingress(&env, "monitoring:8080"));
    assert_eq!(rule, RuleRef::FromNamespace(0));
    assert!(
        matches!(
            &m[..],
            [Miss::Selector {
                which: "namespaceSelector",
                ..
            }]
        ),
        "{m:?}"
    );
}

#[test]
fn every_fix_allows_what_was_asked_and_nothing_wider() {
    let env = presets::eks_okta_explicit();
    let questions = [
        ("egress", "10.20.3.4:8443"),
        ("egress", "[2600::1]:443"),
        ("egress", "8.8.8.8:53/udp"),
        ("egress", "52.94.76.1:9000/sctp"),
        ("ingress", "monitoring,team=obs:8080"),
        ("ingress", "monitoring,pod:app=prometheus:9090"),
        ("ingress", "10.0.0.9:8080"),
    ];
    for (way, q) in questions {
        let ask = |env: &Environment| match way {
            "egress" => egress(env, q),
            _ => ingress(env, q),
        };
        let answer = ask(&env);
        assert_eq!(answer.verdict(), "denied", "{q}");
        let fix = answer
            .remedy()
            .cloned()
            .unwrap_or_else(|| panic!("{q}: no fix"));
        let Remedy::AddCustomRule(rule) = &fix else {
            panic!("{q}: {fix:?}")
        };
        assert_eq!(rule.peers.len(), 1, "{q}");
        assert_eq!(rule.ports.len(), 1, "{q}");
        let fixed = apply(&env, &fix);
        let after = ask(&fixed);
        let custom = fixed.custom.len() - 1;
        assert!(after.passes() == Some(true), "{q}: {after:?}");
        // The new rule decides it.
        let built = periscope_netpol::builder::build(&fixed);
        let want = format!("custom[{custom}]");
        let origin = match after.rule() {
            Some(RuleRef::EgressExtra(i)) => built.origins.egress_extra.get(i).cloned(),
            Some(RuleRef::IngressExtra(i)) => built.origins.ingress_extra.get(i).cloned(),
            other => panic!("{q}: {other:?}"),
        };
        assert_eq!(origin.as_deref(), Some(want.as_str()), "{q}");
        // No error finding comes with it.
        let a = periscope_netpol::analyze(&fixed);
        assert!(
            !a.findings.iter().any(|f| f.code == "input-invalid"),
            "{q}: {:?}",
            a.findings
        );
    }
}

#[test]
fn host_names_resolve_from_what_the_environment_knows() {
    let env = presets::eks_okta_explicit();
    let x = Explainer::from_environment(&env);
    let ask = |q: &str| x.explain(&parse_egress(q).unwrap());
    let idp = ask("acme.okta.com:443");
    assert_eq!(idp.answer.verdict(), "allowed");
    let r = idp.resolved.clone().unwrap();
    assert_eq!(
        (r.what.as_str(), r.path.as_str()),
        ("the OIDC issuer", "idp.cidrs")
    );
    assert_eq!(
        ask("sts.us-east-1.amazonaws.com:443").answer.verdict(),
        "allowed"
    );
    assert_eq!(
        ask("eks.us-east-1.amazonaws.com:443").answer.verdict(),
        "allowed"
    );
    assert_eq!(ask("prod:443").answer.verdict(), "allowed");
    // Another region's endpoint is not known.
    let other = ask("sts.eu-west-1.amazonaws.com:443");
    let Answer::Unresolved { reason } = &other.answer else {
        panic!("{other:?}")
    };
    assert!(reason.contains("cannot resolve names offline"), "{reason}");
    assert!(reason.contains("IP address"), "{reason}");
    // Known addresses on another port: denied, with the nearest rule and a fix to them.
    let port = ask("acme.okta.com:8443");
    assert_eq!(port.answer.verdict(), "denied");
    let Some(Remedy::AddCustomRule(rule)) = port.answer.remedy() else {
        panic!("{port:?}")
    };
    let cidrs: Vec<_> = rule
        .peers
        .iter()
        .map(|p| match p {
            CustomPeer::IpBlock { cidr, .. } => cidr.as_str(),
            _ => "",
        })
        .collect();
    assert_eq!(cidrs, ["198.51.100.0/24", "203.0.113.0/24"]);

    // A broken IdP rule (no CIDRs): the issuer is denied, as the warnings say.
    let mut broken = env.clone();
    broken.idp.reach = IdpReach::Cidrs {
        cidrs: CidrList::from(""),
    };
    let x = Explainer::from_environment(&broken);
    let a = x
        .explain(&parse_egress("acme.okta.com:443").unwrap())
        .answer;
    assert_eq!(a.verdict(), "denied", "{a:?}");

    // A kubeconfig server's host.
    let kube = Environment {
        clusters: vec![Cluster::Kubeconfig {
            name: "onprem".into(),
            server: "https://api.onprem.example:6443".into(),
            cidrs: CidrList::from("192.168.10.0/24"),
            port: PortText::from(6443),
        }],
        ..Environment::default()
    };
    let x = Explainer::from_environment(&kube);
    let a = x.explain(&parse_egress("api.onprem.example:6443").unwrap());
    assert_eq!(a.answer.verdict(), "allowed", "{a:?}");
    assert_eq!(a.resolved.unwrap().path, "clusters[0].cidrs");
    // Public hosts through the internet rule.
    let x = Explainer::from_environment(&Environment {
        idp: periscope_netpol::model::Idp {
            issuer: "https://login.example.com".into(),
            reach: IdpReach::Internet,
        },
        ..Environment::default()
    });
    assert_eq!(
        x.explain(&parse_egress("login.example.com:443").unwrap())
            .answer
            .verdict(),
        "allowed"
    );
    assert_eq!(
        x.explain(&parse_egress("login.example.com:80").unwrap())
            .answer
            .verdict(),
        "denied"
    );
}

#[test]
fn named_ports_resolve_to_the_chart_ports() {
    let mut env = Environment::default();
    env.agent.enabled = true;
    env.custom.push(CustomRule {
        direction: Direction::Ingress,
        note: "by name".into(),
        peers: vec![CustomPeer::IpBlock {
            cidr: "10.50.0.0/16".into(),
            except: CidrList::default(),
        }],
        ports: vec![CustomPort {
            protocol: "TCP".into(),
            port: PortText::from("http"),
            end_port: PortText::default(),
        }],
    });
    assert_eq!(ingress(&env, "10.50.1.1:8080").verdict(), "allowed");
    assert_eq!(ingress(&env, "10.60.1.1:8080").verdict(), "denied");
}

#[test]
fn a_disabled_policy_filters_nothing() {
    let env = Environment {
        enabled: false,
        egress: EgressPosture::Explicit,
        ..Environment::default()
    };
    assert_eq!(egress(&env, "10.0.0.1:22"), Answer::NotEnforced);
}

#[test]
fn answers_from_a_values_file() {
    let text = "service: {port: 9090}\nnetworkPolicy:\n  enabled: true\n  ingress:\n    fromNamespaces: [{team: web}]\n  egress:\n    extra:\n      - to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]\n        ports: [{port: 443}]\n";
    let doc = parse_document(text).unwrap();
    let values = document_values(text, &doc).unwrap();
    let x = Explainer::from_chart_values(&doc, values, &ChartFlags::default());
    let ask = |q: &str, ingress: bool| {
        let q = if ingress {
            parse_ingress(q)
        } else {
            parse_egress(q)
        };
        x.explain(&q.unwrap()).answer
    };
    assert_eq!(
        ask("10.2.0.1:443", false).rule(),
        Some(RuleRef::EgressExtra(0))
    );
    assert_eq!(ask("10.1.0.1:443", false).verdict(), "denied");
    assert_eq!(
        ask("web,team=web:9090", true).rule(),
        Some(RuleRef::FromNamespace(0))
    );
    assert_eq!(ask("web,team=web:8080", true).verdict(), "denied");
}

#[test]
fn text_and_json() {
    let env = Environment::default();
    let x = Explainer::from_environment(&env);
    let e = x.explain(&parse_egress("10.20.3.4:443").unwrap());
    let text = e.text();
    assert!(
        text.starts_with("egress to 10.20.3.4 on TCP 443: denied\n"),
        "{text}"
    );
    assert!(text.contains("  nearest: egress rule 1: "), "{text}");
    assert!(
        text.contains("    - except: 0.0.0.0/0 leaves out 10.0.0.0/8"),
        "{text}"
    );
    assert!(
        text.contains("  fix: add an egress rule to 10.20.3.4/32 on TCP 443\n"),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_str(&e.to_json()).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["verdict"], "denied");
    assert_eq!(json["question"]["remote"], "10.20.3.4");
    assert_eq!(
        json["nearest"]["rule"]["path"],
        "networkPolicy.egress.extra[0]"
    );
    assert_eq!(json["nearest"]["misses"][0]["kind"], "except");
    assert_eq!(json["fix"]["rule"]["peers"][0]["cidr"], "10.20.3.4/32");
    let ok = x.explain(&parse_egress("52.94.76.1:443").unwrap());
    let json: serde_json::Value = serde_json::from_str(&ok.to_json()).unwrap();
    assert_eq!(json["verdict"], "allowed");
    assert_eq!(json["rule"]["path"], "networkPolicy.egress.extra[0]");
}

#[test]
fn bad_questions_name_the_bad_input() {
    let cases = [
        ("10.0.0.1:65536", "invalid port '65536'"),
        ("10.0.0.1:443/gre", "unknown protocol 'gre'"),
        ("host_name:443", "'host_name' is neither"),
        ("::1:443", "write it in brackets"),
    ];
    for (q, want) in cases {
        let e = parse_egress(q).unwrap_err();
        assert!(e.to_string().contains(want), "{q}: {e}");
    }
    assert!(parse_ingress("ns,k=:1").is_ok());
    assert!(matches!(
        parse_ingress("ns,=v:1"),
        Err(QuestionError::BadLabel { .. })
    ));
}
