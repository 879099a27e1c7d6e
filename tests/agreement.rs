//! `render` and `check` agree: whatever Environment `render` builds without an error,
//! `check` on `render --with-related` (with the flags for what a values file cannot say)
//! reports no error either.

use periscope_netpol::analyze;
use periscope_netpol::cli::{check_input, exit, CheckOptions};
use periscope_netpol::lint::{ChartFlags, Severity};
use periscope_netpol::model::*;
use periscope_netpol::presets::PRESETS;
use proptest::prelude::*;

/// The `check` flags for what an Environment says and a values file cannot.
fn flags_of(env: &Environment) -> ChartFlags {
    let has = |f: fn(&IngressSource) -> bool| env.ingress.iter().any(f);
    ChartFlags {
        nodelocal_dns: env.dns == Dns::NodeLocal,
        gke_cloud_dns: env.dns == Dns::GkeCloudDns,
        eks_private_endpoint: env.clusters.iter().any(|c| {
            matches!(
                c,
                Cluster::Eks {
                    endpoint: EndpointAccess::Private,
                    ..
                }
            )
        }),
        ip_family: env.ip_family,
        alb_ip_targets: has(|s| matches!(s, IngressSource::LoadBalancer { .. })),
        port_forward_only: has(|s| matches!(s, IngressSource::PortForwardOnly)),
    }
}

/// `Some(check's exit status and report)` when `render` has no error; `None` otherwise.
fn agree(env: &Environment) -> Option<(u8, String)> {
    let a = analyze(env);
    if a.findings.iter().any(|f| f.severity == Severity::Error) {
        return None;
    }
    let opts = CheckOptions {
        file: "related.yaml",
        flags: flags_of(env),
        json: false,
        strict: false,
        published: Default::default(),
        aws_region: String::new(),
    };
    let related = periscope_netpol::analysis::related_yaml(env);
    let o = check_input(&opts, related.as_bytes());
    Some((
        o.code,
        format!("{}{}\n--- related values:\n{}", o.stdout, o.stderr, related),
    ))
}

#[test]
fn every_preset_agrees() {
    for p in PRESETS {
        let env = (p.build)();
        let (code, report) = agree(&env).unwrap_or_else(|| panic!("{}: render has an error", p.id));
        assert_eq!(code, exit::OK, "{}: {report}", p.id);
    }
}

fn issuer() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("https://acme.okta.com/oauth2/default".to_owned()),
        Just("https://login.microsoftonline.com/tenant/v2.0".to_owned()),
        Just("http://keycloak.auth.svc:8080/realms/ops".to_owned()),
        Just("https://10.0.5.10/realms/ops".to_owned()),
        Just("https://keycloak.example.com/realms/ops".to_owned()),
    ]
}

/// A preset with its choices varied: every combination the form offers for credentials,
/// secrets, egress posture, DNS, IP family, agent and issuer.
fn environment() -> impl Strategy<Value = Environment> {
    (
        0..PRESETS.len(),
        prop_oneof![
            Just(Credentials::PodIdentity),
            Just(Credentials::Irsa),
            Just(Credentials::NodeRole),
            Just(Credentials::None)
        ],
        prop_oneof![Just(SecretsMode::Kubernetes), Just(SecretsMode::Native)],
        prop_oneof![
            Just(EgressPosture::InternetHttps),
            Just(EgressPosture::Explicit)
        ],
        prop_oneof![
            Just(Dns::KubeDns),
            Just(Dns::Coredns),
            Just(Dns::NodeLocal),
            Just(Dns::GkeCloudDns)
        ],
        prop_oneof![
            Just(IpFamily::Ipv4),
            Just(IpFamily::Ipv6),
            Just(IpFamily::DualStack)
        ],
        any::<bool>(),
        issuer(),
    )
        .prop_map(
            |(i, credentials, secrets, posture, dns, family, agent, issuer)| {
                let mut env = PRESETS.get(i).map(|p| (p.build)()).unwrap_or_default();
                env.aws.credentials = credentials;
                env.secrets_mode = secrets;
                if !matches!(env.egress, EgressPosture::Proxy { .. }) {
                    env.egress = posture;
                }
                env.dns = dns;
                env.ip_family = family;
                env.agent.enabled = env.agent.enabled || agent;
                env.idp.issuer = issuer;
                env
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn check_accepts_what_render_accepts(env in environment()) {
        if let Some((code, report)) = agree(&env) {
            prop_assert_eq!(code, exit::OK, "{}", report);
        }
    }
}

/// The property above is not vacuous: most varied presets render without an error.
#[test]
fn most_varied_presets_render_without_an_error() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = environment();
    let mut clean = 0;
    for _ in 0..200 {
        let env = strategy.new_tree(&mut runner).expect("tree").current();
        clean += usize::from(agree(&env).is_some());
    }
    assert!(clean >= 40, "only {clean} of 200 render without an error");
}
