//! The one reducer, natively: action sequences, every list add and remove, presets with
//! confirmation, and the promise that switching choices never loses typing.

use std::rc::Rc;

use periscope_netpol::analyze;
use periscope_netpol::fields::FieldPath;
use periscope_netpol::model::*;
use periscope_netpol::ui::state::*;
use yew::Reducible;

fn run(actions: impl IntoIterator<Item = Action>) -> State {
    let mut s = Rc::new(State::default());
    for a in actions {
        s = s.reduce(a);
    }
    (*s).clone()
}

#[test]
fn an_unchanged_state_is_the_same_rc() {
    let s = Rc::new(State::default());
    let same = s.clone().reduce(Action::SetEnabled(true));
    assert!(Rc::ptr_eq(&s, &same), "no change must not re-render");
    let changed = s.clone().reduce(Action::SetEnabled(false));
    assert!(!Rc::ptr_eq(&s, &changed));
}

#[test]
fn release_fields() {
    let s = run([
        Action::SetRelease(ReleaseField::Name, "prod".into()),
        Action::SetRelease(ReleaseField::Namespace, "platform".into()),
        Action::SetRelease(ReleaseField::ServicePort, "9090".into()),
        Action::SetRelease(ReleaseField::NameOverride, "dash".into()),
        Action::SetRelease(ReleaseField::FullnameOverride, "x".into()),
        Action::SetRelease(ReleaseField::ChartVersion, "1.1.0".into()),
        Action::SetRelease(ReleaseField::AppVersion, "1.1.0".into()),
    ]);
    let r = &s.env.release;
    assert_eq!(
        (r.name.as_str(), r.namespace.as_str()),
        ("prod", "platform")
    );
    assert_eq!(r.service_port.number(), Some(9090));
    assert_eq!(
        (r.name_override.as_str(), r.fullname_override.as_str()),
        ("dash", "x")
    );
    assert_eq!(
        (r.chart_version.as_str(), r.app_version.as_str()),
        ("1.1.0", "1.1.0")
    );
    // Bad typing is kept as typed.
    let s = run([Action::SetRelease(ReleaseField::ServicePort, "80a".into())]);
    assert_eq!(s.env.release.service_port.as_str(), "80a");
}

#[test]
fn ingress_sources_add_edit_remove() {
    let s = run([
        Action::AddIngress(IngressKind::Namespace),
        Action::SetLabel(
            LabelList::Ingress(1).at(0),
            LabelPart::Value,
            "monitoring".into(),
        ),
        Action::AddLabel(LabelList::Ingress(1)),
        Action::SetLabel(LabelList::Ingress(1).at(1), LabelPart::Key, "team".into()),
        Action::SetLabel(LabelList::Ingress(1).at(1), LabelPart::Value, "ops".into()),
        Action::AddIngress(IngressKind::LoadBalancer),
        Action::SetIngressCidrs(2, "10.0.0.0/20, bad".into()),
        Action::SetIngressController(0, Controller::Traefik),
    ]);
    assert_eq!(s.env.ingress.len(), 3);
    assert_eq!(
        s.env.ingress[0],
        IngressSource::Controller {
            controller: Controller::Traefik,
            namespace: "traefik".into()
        },
        "an untouched namespace follows the controller"
    );
    assert_eq!(
        s.env.ingress[1],
        IngressSource::Namespace {
            labels: vec![
                Label::new("kubernetes.io/metadata.name", "monitoring"),
                Label::new("team", "ops")
            ]
        }
    );
    assert_eq!(
        s.env.ingress[2],
        IngressSource::LoadBalancer {
            cidrs: CidrList::from("10.0.0.0/20, bad")
        }
    );
    let a = analyze(&s.env);
    assert!(a
        .values_yaml
        .contains("kubernetes.io/metadata.name: monitoring"));
    assert!(a.values_yaml.contains("cidr: 10.0.0.0/20"));

    let s = run([
        Action::AddIngress(IngressKind::Namespace),
        Action::AddLabel(LabelList::Ingress(1)),
        Action::RemoveLabel(LabelList::Ingress(1).at(0)),
        Action::RemoveIngress(0),
    ]);
    assert_eq!(
        s.env.ingress,
        vec![IngressSource::Namespace {
            labels: vec![Label::default()]
        }]
    );
    // Out-of-range indexes are ignored, never a panic.
    let s2 = run([
        Action::RemoveIngress(9),
        Action::RemoveLabel(LabelList::Ingress(0).at(9)),
        Action::SetIngressCidrs(7, "x".into()),
    ]);
    assert_eq!(*s2.env, Environment::default());
}

#[test]
fn a_custom_controller_namespace_survives_a_controller_change() {
    let s = run([
        Action::SetIngressNamespace(0, "edge".into()),
        Action::SetIngressController(0, Controller::Kong),
    ]);
    assert_eq!(
        s.env.ingress[0],
        IngressSource::Controller {
            controller: Controller::Kong,
            namespace: "edge".into()
        }
    );
}

#[test]
fn port_forward_only_is_exclusive() {
    let s = run([Action::AddIngress(IngressKind::PortForwardOnly)]);
    assert_eq!(s.env.ingress, vec![IngressSource::PortForwardOnly]);
    let s = run([
        Action::AddIngress(IngressKind::PortForwardOnly),
        Action::AddIngress(IngressKind::Controller),
    ]);
    assert_eq!(s.env.ingress.len(), 1);
    assert!(matches!(s.env.ingress[0], IngressSource::Controller { .. }));
}

#[test]
fn agent_tunnel() {
    let s = run([
        Action::SetAgentEnabled(true),
        Action::SetAgentPort("9443".into()),
        Action::SetAgentCidrs("10.1.0.0/16".into()),
    ]);
    assert_eq!(
        s.env.agent,
        AgentTunnel {
            enabled: true,
            port: PortText::from(9443),
            cidrs: CidrList::from("10.1.0.0/16")
        }
    );
}

#[test]
fn idp_reach_switches_keep_what_was_typed() {
    let s = run([
        Action::SetIssuer("https://acme.okta.com".into()),
        Action::SetIdpReach(ReachKind::Cidrs),
        Action::SetIdpCidrs("198.51.100.0/24, oops".into()),
        Action::SetIdpReach(ReachKind::InCluster),
        Action::SetIdpNamespace("sso".into()),
        Action::SetIdpPort("8443".into()),
        Action::AddLabel(LabelList::IdpPods),
        Action::SetLabel(LabelList::IdpPods.at(1), LabelPart::Key, "tier".into()),
        Action::RemoveLabel(LabelList::IdpPods.at(0)),
        Action::SetIdpReach(ReachKind::Internet),
        Action::SetIdpReach(ReachKind::Cidrs),
    ]);
    assert_eq!(
        s.env.idp.reach,
        IdpReach::Cidrs {
            cidrs: CidrList::from("198.51.100.0/24, oops")
        }
    );
    let s2 = {
        let mut st = s.clone();
        st.apply(Action::SetIdpReach(ReachKind::InCluster));
        st
    };
    assert_eq!(
        s2.env.idp.reach,
        IdpReach::InCluster {
            namespace: "sso".into(),
            pod_labels: vec![Label::new("tier", "")],
            port: PortText::from(8443)
        }
    );
}

#[test]
fn the_in_cluster_idp_port_follows_the_issuer_until_one_is_typed() {
    let port_of_idp_rule = |s: &State| {
        let a = analyze(&s.env);
        let np: serde_yaml::Value = serde_yaml::from_str(&a.values_yaml).expect("yaml");
        np["networkPolicy"]["egress"]["extra"]
            .as_sequence()
            .and_then(|rules| {
                rules.iter().find_map(|r| {
                    r["to"][0]["namespaceSelector"]
                        .is_mapping()
                        .then(|| r["ports"][0]["port"].as_u64())
                })
            })
            .flatten()
    };
    let s = run([
        Action::SetIdpReach(ReachKind::InCluster),
        Action::SetIssuer("http://keycloak.keycloak.svc:8080/realms/periscope".into()),
    ]);
    assert!(
        matches!(&s.env.idp.reach, IdpReach::InCluster { port, .. } if port.is_empty()),
        "{:?}",
        s.env.idp.reach
    );
    assert_eq!(port_of_idp_rule(&s), Some(8080));
    let s = run([
        Action::SetIdpReach(ReachKind::InCluster),
        Action::SetIssuer("http://keycloak.keycloak.svc:9000/realms/periscope".into()),
    ]);
    assert_eq!(port_of_idp_rule(&s), Some(9000));
    let typed = run([
        Action::SetIdpReach(ReachKind::InCluster),
        Action::SetIssuer("http://keycloak.keycloak.svc:9000/realms/periscope".into()),
        Action::SetIdpPort("8443".into()),
    ]);
    assert_eq!(port_of_idp_rule(&typed), Some(8443));
    assert!(!analyze(&typed.env)
        .findings
        .iter()
        .any(|f| f.severity == periscope_netpol::lint::Severity::Error));
}

#[test]
fn aws_settings_and_secrets() {
    let s = run([
        Action::SetCredentials(Credentials::PodIdentity),
        Action::SetAwsRegion("eu-west-1".into()),
        Action::SetAwsApiAccess(AwsApiAccess::VpcEndpoints),
        Action::SetAwsApiCidrs("10.0.64.0/20".into()),
        Action::SetSecretsMode(SecretsMode::Native),
    ]);
    assert_eq!(s.env.aws.credentials, Credentials::PodIdentity);
    assert_eq!(s.env.aws.region, "eu-west-1");
    assert_eq!(s.env.aws.api_access, AwsApiAccess::VpcEndpoints);
    assert_eq!(s.env.aws.api_cidrs.as_str(), "10.0.64.0/20");
    assert_eq!(s.env.secrets_mode, SecretsMode::Native);
}

#[test]
fn clusters_add_edit_remove_every_backend() {
    let s = run([
        Action::AddCluster(Backend::Eks),
        Action::AddCluster(Backend::InCluster),
        Action::AddCluster(Backend::Kubeconfig),
        Action::AddCluster(Backend::Agent),
        Action::SetCluster(1, ClusterField::Region, "eu-west-1".into()),
        Action::SetClusterEndpoint(1, EndpointAccess::Private),
        Action::SetCluster(1, ClusterField::Cidrs, "10.20.0.0/16".into()),
        Action::SetCluster(2, ClusterField::Port, "6443".into()),
        Action::SetCluster(2, ClusterField::Cidrs, "10.0.12.34".into()),
        Action::SetCluster(3, ClusterField::Server, "https://k:6443".into()),
        Action::SetCluster(4, ClusterField::Name, "edge".into()),
        // A field the backend does not have is ignored.
        Action::SetCluster(4, ClusterField::Cidrs, "1.2.3.4/32".into()),
    ]);
    let backends: Vec<_> = s.env.clusters.iter().map(|c| c.backend()).collect();
    assert_eq!(
        backends,
        ["eks", "eks", "in-cluster", "kubeconfig", "agent"]
    );
    assert!(
        matches!(&s.env.clusters[1], Cluster::Eks { region, endpoint: EndpointAccess::Private, cidrs, .. }
        if region == "eu-west-1" && cidrs.as_str() == "10.20.0.0/16")
    );
    assert!(
        matches!(&s.env.clusters[2], Cluster::InCluster { port, .. } if port.number() == Some(6443))
    );
    assert!(
        matches!(&s.env.clusters[3], Cluster::Kubeconfig { server, .. } if server == "https://k:6443")
    );
    assert_eq!(
        s.env.clusters[4],
        Cluster::Agent {
            name: "edge".into()
        }
    );
    let mut s = s;
    for _ in 0..5 {
        s.apply(Action::RemoveCluster(0));
    }
    assert!(s.env.clusters.is_empty());
}

#[test]
fn posture_switches_keep_the_proxy_fields() {
    let s = run([
        Action::SetPosture(PostureKind::Proxy),
        Action::SetProxyCidrs("10.50.1.10/32".into()),
        Action::SetProxyPort("3129".into()),
        Action::SetPosture(PostureKind::Explicit),
        Action::SetPosture(PostureKind::InternetHttps),
        Action::SetPosture(PostureKind::Proxy),
    ]);
    assert_eq!(
        s.env.egress,
        EgressPosture::Proxy {
            cidrs: CidrList::from("10.50.1.10/32"),
            port: PortText::from(3129)
        }
    );
}

#[test]
fn dns_and_family() {
    let s = run([
        Action::SetDns(Dns::NodeLocal),
        Action::SetIpFamily(IpFamily::DualStack),
    ]);
    assert_eq!(
        (s.env.dns, s.env.ip_family),
        (Dns::NodeLocal, IpFamily::DualStack)
    );
}

#[test]
fn custom_rules_every_list() {
    let s = run([
        Action::AddCustomRule(Direction::Egress),
        Action::SetCustomNote(0, "vector".into()),
        Action::SetPeerCidr(PeerAt { rule: 0, peer: 0 }, "10.0.0.0/16".into()),
        Action::SetPeerExcept(PeerAt { rule: 0, peer: 0 }, "10.0.99.0/24".into()),
        Action::AddCustomPeer(0, PeerKind::Selector),
        Action::SetLabel(
            LabelList::Peer(PeerAt { rule: 0, peer: 1 }, SelectorSide::Namespace).at(0),
            LabelPart::Value,
            "logging".into(),
        ),
        Action::SetPeerSelector(PeerAt { rule: 0, peer: 1 }, SelectorSide::Pod, true),
        Action::AddLabel(LabelList::Peer(
            PeerAt { rule: 0, peer: 1 },
            SelectorSide::Pod,
        )),
        Action::SetLabel(
            LabelList::Peer(PeerAt { rule: 0, peer: 1 }, SelectorSide::Pod).at(0),
            LabelPart::Key,
            "app".into(),
        ),
        Action::SetLabel(
            LabelList::Peer(PeerAt { rule: 0, peer: 1 }, SelectorSide::Pod).at(0),
            LabelPart::Value,
            "vector".into(),
        ),
        Action::SetCustomPort(PortAt { rule: 0, port: 0 }, PortPart::Port, "6000".into()),
        Action::SetCustomPort(
            PortAt { rule: 0, port: 0 },
            PortPart::EndPort,
            "6010".into(),
        ),
        Action::AddCustomPort(0),
        Action::SetCustomPort(
            PortAt { rule: 0, port: 1 },
            PortPart::Protocol,
            "UDP".into(),
        ),
        Action::SetCustomPort(PortAt { rule: 0, port: 1 }, PortPart::Port, "53".into()),
        Action::AddCustomRule(Direction::Ingress),
        Action::SetCustomDirection(1, Direction::Egress),
    ]);
    assert_eq!(s.env.custom.len(), 2);
    let r = &s.env.custom[0];
    assert_eq!(r.note, "vector");
    assert_eq!(r.peers.len(), 2);
    assert_eq!(r.ports.len(), 2);
    assert_eq!(s.env.custom[1].direction, Direction::Egress);
    let yaml = analyze(&s.env).values_yaml;
    assert!(yaml.contains("# vector"), "{yaml}");
    assert!(yaml.contains("endPort: 6010"), "{yaml}");
    assert!(yaml.contains("app: vector"), "{yaml}");

    let mut s = s;
    s.apply(Action::RemoveLabel(
        LabelList::Peer(PeerAt { rule: 0, peer: 1 }, SelectorSide::Pod).at(0),
    ));
    s.apply(Action::SetPeerSelector(
        PeerAt { rule: 0, peer: 1 },
        SelectorSide::Pod,
        false,
    ));
    s.apply(Action::RemoveCustomPeer(PeerAt { rule: 0, peer: 0 }));
    s.apply(Action::RemoveCustomPort(PortAt { rule: 0, port: 1 }));
    s.apply(Action::RemoveCustomRule(1));
    assert_eq!(s.env.custom.len(), 1);
    assert_eq!(s.env.custom[0].peers.len(), 1);
    assert_eq!(s.env.custom[0].ports.len(), 1);
    assert!(matches!(
        &s.env.custom[0].peers[0],
        CustomPeer::Selector {
            pod_labels: None,
            ..
        }
    ));
}

#[test]
fn presets_load_at_once_when_untouched_and_ask_after_edits() {
    let s = run([Action::ChoosePreset("regulated-proxy")]);
    assert_eq!(*s.env, periscope_netpol::presets::regulated_proxy());
    assert_eq!(s.pending_preset, None);
    assert!(!s.is_edited());

    let s = run([
        Action::SetRelease(ReleaseField::Name, "prod".into()),
        Action::ChoosePreset("in-cluster-keycloak"),
    ]);
    assert_eq!(s.pending_preset, Some("in-cluster-keycloak"));
    assert_eq!(
        s.env.release.name, "prod",
        "nothing discarded before the user confirms"
    );
    let mut kept = s.clone();
    kept.apply(Action::CancelPreset);
    assert_eq!(kept.env.release.name, "prod");
    assert_eq!(kept.pending_preset, None);
    let mut replaced = s;
    replaced.apply(Action::ConfirmPreset);
    assert_eq!(
        *replaced.env,
        periscope_netpol::presets::in_cluster_keycloak()
    );
    assert_eq!(replaced.pending_preset, None);

    let s = run([Action::ChoosePreset("no-such-preset")]);
    assert_eq!(*s.env, Environment::default());
}

#[test]
fn load_replaces_everything_and_becomes_the_baseline() {
    let env = periscope_netpol::presets::multi_cluster_agents();
    let s = run([
        Action::SetEnabled(false),
        Action::Load(Box::new(env.clone())),
    ]);
    assert_eq!(*s.env, env);
    assert!(!s.is_edited());
}

#[test]
fn reset_has_one_step_undo() {
    let edited = || Action::SetRelease(ReleaseField::Name, "prod".into());
    // (actions, expected release name, whether an undo is on offer)
    let cases: Vec<(Vec<Action>, &str, bool)> = vec![
        (vec![edited(), Action::Reset], "periscope", true),
        (
            vec![edited(), Action::Reset, Action::UndoReset],
            "prod",
            false,
        ),
        (
            vec![
                edited(),
                Action::Reset,
                Action::UndoReset,
                Action::UndoReset,
            ],
            "prod",
            false,
        ),
        // The offer ends with the next change.
        (
            vec![
                edited(),
                Action::Reset,
                Action::SetEnabled(false),
                Action::UndoReset,
            ],
            "periscope",
            false,
        ),
        // A change that changes nothing keeps it.
        (
            vec![edited(), Action::Reset, Action::SetEnabled(true)],
            "periscope",
            true,
        ),
        // Resetting the defaults offers nothing to undo.
        (vec![Action::Reset], "periscope", false),
    ];
    for (i, (actions, name, undo)) in cases.into_iter().enumerate() {
        let s = run(actions);
        assert_eq!(s.env.release.name, name, "case {i}");
        assert_eq!(s.undo.is_some(), undo, "case {i}");
    }
}

#[test]
fn imported_verbatim_rules_can_be_removed() {
    let env = Environment {
        verbatim: vec![
            VerbatimRule::FromNamespaces(Default::default()),
            VerbatimRule::Egress(Default::default()),
        ],
        ..Environment::default()
    };
    let s = run([
        Action::Load(Box::new(env)),
        Action::RemoveVerbatim(0),
        Action::RemoveVerbatim(5),
    ]);
    assert_eq!(
        s.env.verbatim,
        vec![VerbatimRule::Egress(Default::default())]
    );
}

#[test]
fn an_action_copies_only_the_part_it_edits() {
    let s = Rc::new(State::default());
    let typed = s
        .clone()
        .reduce(Action::SetRelease(ReleaseField::Name, "prod".into()));
    assert!(!Rc::ptr_eq(&s.env, &typed.env), "the edited part is copied");
    assert!(Rc::ptr_eq(&s.baseline, &typed.baseline));
    assert!(Rc::ptr_eq(&s.check, &typed.check));

    let pasted = typed
        .clone()
        .reduce(Action::SetCheckText("networkPolicy: {}".into()));
    assert!(Rc::ptr_eq(&typed.env, &pasted.env), "the form is shared");
    assert!(!Rc::ptr_eq(&typed.check, &pasted.check));

    // Actions that change nothing hand back the same state.
    for noop in [
        Action::SetCheckText("networkPolicy: {}".into()),
        Action::SetRelease(ReleaseField::Name, "prod".into()),
        Action::UndoCheckFixes,
        Action::CancelPreset,
        Action::SetPosture(PostureKind::InternetHttps),
        Action::RemoveCustomPeer(PeerAt { rule: 3, peer: 0 }),
    ] {
        let same = pasted.clone().reduce(noop.clone());
        assert!(Rc::ptr_eq(&pasted, &same), "{noop:?}");
    }
}

#[test]
fn label_lists_are_named_by_type() {
    let peer = PeerAt { rule: 0, peer: 1 };
    let s = run([
        Action::AddIngress(IngressKind::Namespace),
        Action::SetIdpReach(ReachKind::InCluster),
        Action::AddCustomRule(Direction::Egress),
        Action::AddCustomPeer(0, PeerKind::Selector),
        Action::SetPeerSelector(peer, SelectorSide::Pod, true),
    ]);
    let lists = [
        LabelList::Ingress(1),
        LabelList::IdpPods,
        LabelList::Peer(peer, SelectorSide::Namespace),
        LabelList::Peer(peer, SelectorSide::Pod),
    ];
    let mut actions = Vec::new();
    for list in lists {
        actions.push(Action::AddLabel(list));
        actions.push(Action::SetLabel(list.at(0), LabelPart::Key, "team".into()));
        actions.push(Action::SetLabel(list.at(0), LabelPart::Value, "ops".into()));
        actions.push(Action::RemoveLabel(list.at(1)));
    }
    let mut state = Rc::new(s);
    for a in actions {
        state = state.reduce(a);
    }
    let team = vec![Label::new("team", "ops")];
    let env = &state.env;
    assert_eq!(
        env.ingress[1],
        IngressSource::Namespace {
            labels: team.clone()
        }
    );
    let IdpReach::InCluster { pod_labels, .. } = &env.idp.reach else {
        panic!("{:?}", env.idp.reach)
    };
    assert_eq!(*pod_labels, team);
    assert_eq!(
        env.custom[0].peers[1],
        CustomPeer::Selector {
            namespace_labels: Some(team.clone()),
            pod_labels: Some(team),
        }
    );

    // A list that is not there (an ipBlock peer's selector, the IdP's labels when it is
    // reached over the internet, a controller source) is left alone.
    let before = Rc::new(State::default());
    for a in [
        Action::AddLabel(LabelList::Peer(
            PeerAt { rule: 0, peer: 0 },
            SelectorSide::Pod,
        )),
        Action::AddLabel(LabelList::IdpPods),
        Action::AddLabel(LabelList::Ingress(0)),
        Action::SetLabel(LabelList::Ingress(0).at(0), LabelPart::Key, "x".into()),
        Action::RemoveLabel(LabelList::IdpPods.at(0)),
    ] {
        let after = before.clone().reduce(a.clone());
        assert!(Rc::ptr_eq(&before, &after), "{a:?}");
    }
}

#[test]
fn typed_targets_spell_the_builders_paths() {
    // The core reports bad input at these paths; the form's ids come from the targets.
    let peer = PeerAt { rule: 0, peer: 1 };
    let s = run([
        Action::AddCustomRule(Direction::Egress),
        Action::AddCustomPeer(0, PeerKind::IpBlock),
        Action::SetPeerCidr(peer, "10.0.0.0/33".into()),
        Action::SetCustomPort(PortAt { rule: 0, port: 0 }, PortPart::Port, "99999".into()),
        Action::AddIngress(IngressKind::Namespace),
        Action::SetLabel(
            LabelList::Ingress(1).at(0),
            LabelPart::Key,
            "bad key!".into(),
        ),
    ]);
    let paths: Vec<String> = analyze(&s.env)
        .findings
        .into_iter()
        .filter(|f| f.code == "input-invalid")
        .map(|f| f.path)
        .collect();
    for want in [
        peer.path().key("cidr"),
        PortAt { rule: 0, port: 0 }.path().key("port"),
        LabelList::Ingress(1).path().at(0).key("key"),
    ] {
        assert!(
            paths.iter().any(|p| FieldPath::from(p.as_str()) == want),
            "{want} not in {paths:?}"
        );
    }
    assert_eq!(
        LabelList::Peer(peer, SelectorSide::Pod).path().to_string(),
        "custom[0].peers[1].podLabels"
    );
}

fn fixture_ranges() -> periscope_netpol::fill::Loaded {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/aws-ip-ranges.json"
    ))
    .expect("fixture");
    periscope_netpol::fill::Loaded::read(&text).expect("the fixture reads")
}

fn aws_fill(target: periscope_netpol::fill::FillTarget) -> Action {
    use periscope_netpol::fill::{Fill, Loaded, Source};
    let Loaded::Aws(r) = fixture_ranges() else {
        panic!("the fixture is AWS's");
    };
    let sel = r.select(&["eu-west-1"], &["AMAZON"]).expect("matches");
    let source = Source {
        publisher: Publisher::Aws,
        create_date: r.create_date.clone(),
        sync_token: r.sync_token.clone(),
        picked: "AMAZON in eu-west-1".into(),
    };
    Action::FillCidrs(Box::new(Fill::new(target, &sel, &source)))
}

#[test]
fn filling_from_ranges_sets_the_field_and_editing_it_drops_the_note() {
    use periscope_netpol::fill::FillTarget;
    let s = run([aws_fill(FillTarget::AwsApi)]);
    assert!(!s.env.aws.api_cidrs.is_empty());
    assert_eq!(s.env.ranges.len(), 1);
    assert_eq!(s.env.ranges[0].create_date, "2026-12-01-00-00-00");
    // Typing in the field: the list is no longer the file's.
    let s = run([
        aws_fill(FillTarget::AwsApi),
        Action::SetAwsApiCidrs("10.0.0.0/8".into()),
    ]);
    assert!(s.env.ranges.is_empty());
    assert_eq!(s.env.aws.api_cidrs.as_str(), "10.0.0.0/8");
}

#[test]
fn filling_the_issuer_parks_the_reach_it_replaces() {
    use periscope_netpol::fill::FillTarget;
    let s = run([
        Action::SetIdpReach(ReachKind::InCluster),
        Action::SetIdpNamespace("sso".into()),
        aws_fill(FillTarget::Idp),
    ]);
    assert!(matches!(s.env.idp.reach, IdpReach::Cidrs { .. }));
    // Switching back restores what was typed.
    let s = run([
        Action::SetIdpReach(ReachKind::InCluster),
        Action::SetIdpNamespace("sso".into()),
        aws_fill(FillTarget::Idp),
        Action::SetIdpReach(ReachKind::InCluster),
    ]);
    assert!(
        matches!(&s.env.idp.reach, IdpReach::InCluster { namespace, .. } if namespace == "sso")
    );
}

#[test]
fn cluster_notes_follow_removals_and_edits() {
    use periscope_netpol::fill::FillTarget;
    let s = run([
        Action::AddCluster(Backend::Eks),
        Action::AddCluster(Backend::Eks),
        aws_fill(FillTarget::Cluster(0)),
        aws_fill(FillTarget::Cluster(2)),
        Action::RemoveCluster(1),
    ]);
    let fields: Vec<&str> = s.env.ranges.iter().map(|n| n.field.as_str()).collect();
    assert_eq!(fields, ["clusters[0].cidrs", "clusters[1].cidrs"]);
    let s = run([
        aws_fill(FillTarget::Cluster(0)),
        Action::SetCluster(0, ClusterField::Cidrs, "10.1.0.0/16".into()),
    ]);
    assert!(s.env.ranges.is_empty());
}

#[test]
fn loading_ranges_and_the_cni_choice() {
    let s = run([
        Action::LoadRanges(fixture_ranges()),
        Action::SetCni(Cni::Cilium),
    ]);
    assert!(s.published.aws.is_some());
    assert_eq!(s.env.cni, Cni::Cilium);
    // The file is not part of the Environment: a reset keeps it, putting it away drops it.
    let s = run([
        Action::LoadRanges(fixture_ranges()),
        Action::Reset,
        Action::ForgetRanges(Publisher::Aws),
    ]);
    assert!(s.published.aws.is_none());
}

#[test]
fn an_import_keeps_the_cni_a_share_link_sets_it() {
    let imported = Environment::default();
    let s = run([
        Action::SetCni(Cni::Cilium),
        Action::LoadImported(Box::new(imported.clone())),
    ]);
    assert_eq!(
        s.env.cni,
        Cni::Cilium,
        "a values file cannot say which CNI runs"
    );
    let s = run([
        Action::SetCni(Cni::Cilium),
        Action::Load(Box::new(imported)),
    ]);
    assert_eq!(s.env.cni, Cni::Generic, "a link carries its own choice");
}
