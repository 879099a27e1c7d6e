//! The catalog's cases: for each code, inputs that trigger it and close ones that must not.

use periscope_netpol::builder::build;
use periscope_netpol::import::{parse_document, parse_values};
use periscope_netpol::lint::{
    document_findings, environment_findings, ChartFlags, Context, Finding, MAX_REDUNDANCY_RULES,
};
use periscope_netpol::model::*;
use periscope_netpol::values::Values;

const NGINX: &str = "[{kubernetes.io/metadata.name: ingress-nginx}]";
const INTERNET: &str = "{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16]}}], ports: [{protocol: TCP, port: 443}]}";

/// A chart values file: the chart keys, then a networkPolicy block.
pub fn doc(chart: &str, from_ns: &str, ingress: &str, egress: &[&str]) -> String {
    format!(
        "{chart}\nnetworkPolicy:\n  enabled: true\n  ingress:\n    fromNamespaces: {from_ns}\n    extra: {ingress}\n  egress:\n    extra: [{}]\n",
        egress.join(", ")
    )
}

/// The docs' minimum values under the given chart keys, plus extra egress rules.
pub fn seed(chart: &str, extra: &[&str]) -> String {
    let mut egress = vec![INTERNET];
    egress.extend_from_slice(extra);
    doc(chart, NGINX, "[]", &egress)
}

/// The seed plus `n` egress rules, each to its own /32 on TCP 443.
fn seed_with_rules(n: usize) -> String {
    let rules: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "{{to: [{{ipBlock: {{cidr: 10.{}.{}.{}/32}}}}], ports: [{{protocol: TCP, port: 443}}]}}",
                (i >> 16) & 255,
                (i >> 8) & 255,
                i & 255
            )
        })
        .collect();
    let rules: Vec<&str> = rules.iter().map(String::as_str).collect();
    seed("", &rules)
}

pub enum Input {
    Values(String, ChartFlags),
    Env(Box<Environment>),
    /// A values file checked with the AWS fixture's ranges, in region eu-west-1.
    Ranged(String),
}

pub struct Case {
    pub code: &'static str,
    pub fires: bool,
    pub input: Input,
}

fn v(code: &'static str, fires: bool, yaml: String) -> Case {
    Case {
        code,
        fires,
        input: Input::Values(yaml, ChartFlags::default()),
    }
}

fn vf(code: &'static str, fires: bool, yaml: String, flags: ChartFlags) -> Case {
    Case {
        code,
        fires,
        input: Input::Values(yaml, flags),
    }
}

fn e(code: &'static str, fires: bool, edit: impl FnOnce(&mut Environment)) -> Case {
    let mut env = Environment::default();
    env.idp.issuer = "https://acme.okta.com/oauth2/default".into();
    edit(&mut env);
    Case {
        code,
        fires,
        input: Input::Env(Box::new(env)),
    }
}

pub fn values_of(yaml: &str, flags: &ChartFlags) -> (Values, Context) {
    let values = parse_values(yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
    let ctx = Context::from_chart_values(&parse_document(yaml).expect("yaml"), flags);
    (values, ctx)
}

/// The values and Context of a values file checked with the AWS fixture's ranges.
pub fn ranged_of(yaml: &str) -> (Values, Context) {
    let text =
        std::fs::read_to_string(super::common::root().join("tests/fixtures/aws-ip-ranges.json"))
            .expect("fixture");
    let published = periscope_netpol::ranges::Published {
        aws: Some(std::sync::Arc::new(
            periscope_netpol::ranges::read_aws(&text).expect("reads"),
        )),
        ..Default::default()
    };
    let doc = parse_document(yaml).expect("yaml");
    let ctx =
        Context::from_chart_values_with(&doc, &ChartFlags::default(), "eu-west-1", &published);
    (parse_values(yaml).expect("values"), ctx)
}

fn r(code: &'static str, fires: bool, yaml: String) -> Case {
    Case {
        code,
        fires,
        input: Input::Ranged(yaml),
    }
}

pub fn findings(input: &Input) -> Vec<Finding> {
    match input {
        Input::Ranged(yaml) => {
            let (values, ctx) = ranged_of(yaml);
            document_findings(&parse_document(yaml).expect("yaml"), &values, &ctx)
        }
        Input::Values(yaml, flags) => {
            let (values, ctx) = values_of(yaml, flags);
            let doc = parse_document(yaml).expect("yaml");
            document_findings(&doc, &values, &ctx)
        }
        Input::Env(env) => environment_findings(env, &build(env)),
    }
}

fn flags(edit: impl FnOnce(&mut ChartFlags)) -> ChartFlags {
    let mut f = ChartFlags::default();
    edit(&mut f);
    f
}

const ISSUER: &str = "auth: {oidc: {issuer: 'https://acme.okta.com/oauth2/default'}}";
const POD_IDENTITY_RULE: &str =
    "{to: [{ipBlock: {cidr: 169.254.170.23/32}}], ports: [{protocol: TCP, port: 80}]}";
const IRSA: &str = "serviceAccount: {annotations: {eks.amazonaws.com/role-arn: 'arn:aws:iam::111122223333:role/periscope'}}";
const ISSUER_CIDR: &str =
    "{to: [{ipBlock: {cidr: 198.51.100.0/24}}], ports: [{protocol: TCP, port: 443}]}";
const KEYCLOAK_443: &str = "{to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: auth}}}], ports: [{protocol: TCP, port: 443}]}";
const KEYCLOAK_8080: &str = "{to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: auth}}}], ports: [{protocol: TCP, port: 8080}]}";
const IMDS_RULE: &str =
    "{to: [{ipBlock: {cidr: 169.254.169.254/32}}], ports: [{protocol: TCP, port: 80}]}";

pub fn cases() -> Vec<Case> {
    let cidrs = |s: &str| CidrList::from(s);
    vec![
        // 1. What the API server rejects.
        v("api-invalid", true, seed("", &["{to: [{ipBlock: {cidr: 10.0.0.0/8}}], ports: [{protocol: tcp, port: 5432}]}"])),
        v("api-invalid", false, seed("", &["{to: [{ipBlock: {cidr: 10.0.0.0/8}}], ports: [{protocol: TCP, port: 5432}]}"])),
        e("input-invalid", true, |env| env.agent = AgentTunnel { enabled: true, port: PortText::from("0"), ..AgentTunnel::default() }),
        e("input-invalid", false, |env| env.agent = AgentTunnel { enabled: true, ..AgentTunnel::default() }),
        e("name-not-a-string", true, |env| env.release.name = "yes".into()),
        e("name-not-a-string", true, |env| env.release.fullname_override = "1e3".into()),
        e("name-not-a-string", false, |env| env.release.name = "yes-prod".into()),
        // 2. Disabled.
        v("chart-value-invalid", true, seed("service: {port: 99999}", &[])),
        v("chart-value-invalid", true, seed("service: {port: \"8080\"}", &[])),
        v("chart-value-invalid", true, seed("podIdentity: {enabled: \"yes\"}", &[])),
        v("chart-value-invalid", true, seed("auth: {oidc: {issuer: 5}}", &[])),
        v("chart-value-invalid", true, seed("auth: 5", &[])),
        v("chart-value-invalid", true, seed("clusters: [{name: a, backend: [eks]}]", &[])),
        v("chart-value-invalid", true, seed("serviceAccount: {annotations: {eks.amazonaws.com/role-arn: 5}}", &[])),
        v("chart-value-invalid", false, seed("service: {port: 65535}\npodIdentity: {enabled: false}\nauth: {oidc: {issuer: ''}}", &[])),
        v("values-no-network-policy", true, "".into()),
        v("values-no-network-policy", true, "networkpolicy: {enabled: true}".into()),
        v("values-no-network-policy", true, "netpol: {enabled: true}".into()),
        v("values-no-network-policy", true, "apiVersion: v1\nkind: ConfigMap\ndata: {a: b}".into()),
        v("values-no-network-policy", false, "networkPolicy: {enabled: false}".into()),
        v("values-no-network-policy", false, "enabled: false".into()),
        v("unknown-key", true, seed("", &["{too: [{ipBlock: {cidr: 10.0.0.0/8}}], ports: [{port: 443}]}"])),
        v("unknown-key", true, seed("", &["{to: [{ipBlock: {cidr: 10.0.0.0/8, excepts: []}}]}"])),
        v("unknown-key", true, "networkPolicy: {enabled: true, egres: {extra: []}}".into()),
        v("unknown-key", false, seed("", &["{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}], ports: [{protocol: TCP, port: 443, endPort: 444}]}"])),
        v("policy-disabled", true, "networkPolicy: {enabled: false}".into()),
        v("policy-disabled", false, seed("", &[])),
        e("policy-disabled", true, |env| env.enabled = false),
        // 3. No ingress source.
        v("ingress-none", true, doc("", "[]", "[]", &[INTERNET])),
        vf("ingress-none", false, doc("", "[]", "[]", &[INTERNET]), flags(|f| f.port_forward_only = true)),
        v("ingress-none", false, seed("", &[])),
        e("ingress-none", true, |env| env.ingress.clear()),
        e("ingress-none", false, |env| env.ingress = vec![IngressSource::PortForwardOnly]),
        // 4. Every namespace.
        v("ingress-every-namespace", true, doc("", "[{}]", "[]", &[INTERNET])),
        v("ingress-every-namespace", false, doc("", "[{team: a}]", "[]", &[INTERNET])),
        v("ingress-every-namespace", true, doc("", "[]", "[{from: [{namespaceSelector: {}}], ports: [{port: 8080}]}]", &[INTERNET])),
        v("ingress-every-namespace", false, doc("", "[]", "[{from: [{namespaceSelector: {}, podSelector: {matchLabels: {app: nginx}}}], ports: [{port: 8080}]}]", &[INTERNET])),
        v("ingress-open-all", true, doc("", NGINX, "[{}]", &[INTERNET])),
        v("ingress-open-all", false, doc("", NGINX, "[{ports: [{port: 9000}]}]", &[INTERNET])),
        // 5. Open egress.
        v("egress-open-all", true, seed("", &["{to: [{ipBlock: {cidr: 0.0.0.0/0}}]}"])),
        v("egress-open-all", true, seed("", &["{}"])),
        v("egress-open-all", false, seed("", &["{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.0.0/16]}}]}"])),
        v("egress-open-all", false, seed("", &["{to: [{ipBlock: {cidr: 0.0.0.0/0}}], ports: [{port: 443}]}"])),
        // 6. The whole internet on 443.
        v("egress-internet-https", true, seed("", &[])),
        v("egress-internet-https", false, doc("", NGINX, "[]", &["{to: [{ipBlock: {cidr: 0.0.0.0/0}}], ports: [{port: 80}]}"])),
        e("egress-internet-https", false, |env| {
            env.egress = EgressPosture::Explicit;
            env.clusters.clear();
            env.aws.credentials = Credentials::None;
            env.idp.reach = IdpReach::Cidrs { cidrs: cidrs("198.51.100.0/24") };
        }),
        // 7. Private destinations behind the internet rule.
        vf("private-endpoint-blocked", true, seed("clusters: [{name: prod}]", &[]), flags(|f| f.eks_private_endpoint = true)),
        vf("private-endpoint-blocked", false, seed("clusters: [{name: prod}]", &["{to: [{ipBlock: {cidr: 10.20.0.0/16}}], ports: [{port: 443}]}"]), flags(|f| f.eks_private_endpoint = true)),
        vf("private-endpoint-blocked", false, seed("clusters: [{name: prod}]", &[]), ChartFlags::default()),
        e("private-endpoint-blocked", true, |env| env.clusters = vec![Cluster::Eks { name: "prod".into(), region: "us-east-1".into(), endpoint: EndpointAccess::Private, cidrs: cidrs("") }]),
        e("private-endpoint-blocked", false, |env| env.clusters = vec![Cluster::Eks { name: "prod".into(), region: "us-east-1".into(), endpoint: EndpointAccess::Private, cidrs: cidrs("10.20.0.0/16") }]),
        e("private-endpoint-blocked", true, |env| env.aws.api_access = AwsApiAccess::VpcEndpoints),
        e("private-endpoint-blocked", false, |env| {
            env.aws.api_access = AwsApiAccess::VpcEndpoints;
            env.aws.api_cidrs = cidrs("10.0.64.0/20");
        }),
        // 8. The IdP.
        v("idp-unreachable", true, doc(ISSUER, NGINX, "[]", &[])),
        v("idp-unreachable", false, seed(ISSUER, &[])),
        e("idp-unreachable", true, |env| {
            env.egress = EgressPosture::Explicit;
            env.clusters.clear();
        }),
        e("idp-unreachable", false, |env| {
            env.egress = EgressPosture::Explicit;
            env.clusters.clear();
            env.idp.reach = IdpReach::Cidrs { cidrs: cidrs("198.51.100.0/24") };
        }),
        e("idp-unreachable", true, |env| env.idp.reach = IdpReach::Cidrs { cidrs: cidrs("") }),
        v("idp-not-given", true, seed("", &[])),
        v("idp-not-given", false, seed(ISSUER, &[])),
        v("idp-unverified", true, doc(ISSUER, NGINX, "[]", &["{to: [{ipBlock: {cidr: 198.51.100.0/24}}], ports: [{port: 443}]}"])),
        v("idp-unverified", false, seed(ISSUER, &[])),
        v("idp-unreachable", true, seed("auth: {oidc: {issuer: 'http://keycloak.auth.svc:8080/realms/x'}}", &[])),
        v("idp-unreachable", true, doc("auth: {oidc: {issuer: 'http://keycloak.auth.svc.cluster.local:8080/realms/x'}}", NGINX, "[]", &[INTERNET, KEYCLOAK_443])),
        v("idp-unreachable", false, doc("auth: {oidc: {issuer: 'http://keycloak.auth.svc.cluster.local:8080/realms/x'}}", NGINX, "[]", &[INTERNET, KEYCLOAK_8080])),
        v("idp-unverified", true, doc("auth: {oidc: {issuer: 'http://keycloak.auth.svc:8080/realms/x'}}", NGINX, "[]", &["{to: [{ipBlock: {cidr: 10.0.0.0/8}}], ports: [{port: 8080}]}"])),
        v("idp-unverified", false, doc("auth: {oidc: {issuer: 'http://keycloak.auth.svc:8080/realms/x'}}", NGINX, "[]", &["{to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: auth}}, podSelector: {matchLabels: {app: keycloak}}}], ports: [{port: 8080}]}"])),
        e("idp-unreachable", true, |env| env.idp.issuer = "http://keycloak.auth.svc.cluster.local:8080/realms/x".into()),
        e("idp-unreachable", false, |env| env.idp = Idp { issuer: "http://keycloak.auth.svc.cluster.local:8080/realms/x".into(), reach: IdpReach::InCluster { namespace: "auth".into(), pod_labels: vec![], port: PortText::default() } }),
        e("idp-unreachable", true, |env| env.idp.issuer = "https://idp.example.com:8443/".into()),
        e("idp-unreachable", false, |env| env.idp = Idp { issuer: "https://idp.example.com:8443/".into(), reach: IdpReach::Cidrs { cidrs: cidrs("198.51.100.0/24") } }),
        // 8b. The other start-up dependencies, when some rule might reach them.
        v("aws-api-unverified", true, doc(&format!("{IRSA}\nclusters: [{{name: prod, region: eu-west-1}}]\n{ISSUER}"), NGINX, "[]", &[ISSUER_CIDR])),
        v("aws-api-unverified", false, seed(&format!("{IRSA}\nclusters: [{{name: prod}}]"), &[])),
        v("aws-api-unverified", false, doc(&format!("{IRSA}\n{ISSUER}"), NGINX, "[]", &[])),
        v("secrets-unverified", true, doc(&format!("{IRSA}\nsecrets: {{mode: native}}"), NGINX, "[]", &["{to: [{ipBlock: {cidr: 52.94.10.0/24}}], ports: [{port: 443}]}"])),
        v("secrets-unverified", false, seed(&format!("{IRSA}\nsecrets: {{mode: native}}"), &[])),
        // The fixture's AMAZON eu-west-1 IPv4 prefixes lie in these two /24s.
        r("ranges-verified", true, doc(IRSA, NGINX, "[]", &["{to: [{ipBlock: {cidr: 198.51.100.0/24}}, {ipBlock: {cidr: 203.0.113.0/24}}], ports: [{port: 443}]}"])),
        r("ranges-verified", false, seed(IRSA, &[])),
        r("ranges-verified", false, doc(IRSA, NGINX, "[]", &["{to: [{ipBlock: {cidr: 198.51.100.0/24}}], ports: [{port: 443}]}"])),
        r("ranges-partial", true, doc(IRSA, NGINX, "[]", &["{to: [{ipBlock: {cidr: 198.51.100.0/24}}], ports: [{port: 443}]}"])),
        r("ranges-partial", false, doc(IRSA, NGINX, "[]", &["{to: [{ipBlock: {cidr: 198.51.100.0/24}}, {ipBlock: {cidr: 203.0.113.0/24}}], ports: [{port: 443}]}"])),
        r("ranges-partial", false, doc(IRSA, NGINX, "[]", &["{to: [{ipBlock: {cidr: 198.51.100.0/24}}], ports: [{port: 8443}]}"])),
        v("cluster-unverified", true, doc(&format!("{IRSA}\nclusters: [{{name: prod}}]\n{ISSUER}"), NGINX, "[]", &[ISSUER_CIDR])),
        v("cluster-unverified", false, seed("clusters: [{name: local, backend: in-cluster}]", &["{to: [{ipBlock: {cidr: 10.0.12.34/32}}], ports: [{port: 6443}]}"])),
        v("cluster-unverified", false, seed(&format!("{IRSA}\nclusters: [{{name: prod}}]"), &[])),
        v("cluster-unverified", false, seed("clusters: [{name: local, backend: agent}]", &[])),
        // A kubeconfig server without CIDRs: its host class decides.
        e("private-endpoint-blocked", true, |env| env.clusters = vec![Cluster::Kubeconfig { name: "lab".into(), server: "https://10.0.0.5:6443".into(), cidrs: cidrs(""), port: PortText::from(6443) }]),
        e("cluster-unreachable", false, |env| env.clusters = vec![Cluster::Kubeconfig { name: "lab".into(), server: "https://k8s.example.com".into(), cidrs: cidrs(""), port: PortText::from(443) }]),
        e("cluster-unreachable", true, |env| env.clusters = vec![Cluster::Kubeconfig { name: "lab".into(), server: "https://k8s.example.com:6443".into(), cidrs: cidrs(""), port: PortText::from(6443) }]),
        // 8c. Near-miss label keys.
        v("label-key-typo", true, doc("", "[{kubernetes.io/metadata-name: ingress-nginx}]", "[]", &[INTERNET])),
        v("label-key-typo", true, seed("", &["{to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}, podSelector: {matchLabels: {app.kubernetes.io/nmae: prometheus}}}], ports: [{port: 9090}]}"])),
        v("label-key-typo", false, seed("", &["{to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}, podSelector: {matchLabels: {app.kubernetes.io/name: prometheus}}}], ports: [{port: 9090}]}"])),
        e("label-key-typo", true, |env| env.ingress.push(IngressSource::Namespace { labels: vec![Label::new("kubernetes.io/metadata_name", "monitoring")] })),
        e("label-key-typo", false, |env| env.ingress.push(IngressSource::Namespace { labels: vec![Label::new("team", "monitoring")] })),
        // 9. Pod Identity.
        v("pod-identity-blocked", true, seed("podIdentity: {enabled: true}", &[])),
        v("pod-identity-blocked", false, seed("podIdentity: {enabled: true}", &[POD_IDENTITY_RULE])),
        vf("pod-identity-blocked", true, seed("podIdentity: {enabled: true}", &[POD_IDENTITY_RULE]), flags(|f| f.ip_family = IpFamily::Ipv6)),
        e("pod-identity-blocked", false, |env| env.aws.credentials = Credentials::PodIdentity),
        // 10. IMDS.
        v("imds-blocked", true, seed("clusters: [{name: prod, backend: eks}]", &[])),
        v("imds-blocked", false, seed("clusters: [{name: prod, backend: eks}]", &[IMDS_RULE])),
        v("imds-blocked", false, seed("serviceAccount: {annotations: {eks.amazonaws.com/role-arn: 'arn:aws:iam::1:role/p'}}\nclusters: [{name: prod}]", &[])),
        v("imds-exposed", true, seed("clusters: [{name: prod}]", &[IMDS_RULE])),
        v("imds-exposed", true, seed("", &["{}"])),
        v("imds-exposed", false, seed("", &[])),
        e("imds-exposed", true, |env| env.aws.credentials = Credentials::NodeRole),
        e("imds-exposed", false, |env| env.aws.credentials = Credentials::Irsa),
        // 11. The agent tunnel.
        v("agent-port-closed", true, seed("agent: {enabled: true, listenAddr: ':8443'}", &[])),
        v("agent-port-closed", false, doc("agent: {enabled: true, listenAddr: ':8443'}", NGINX, "[{ports: [{port: 8443}]}]", &[INTERNET])),
        v("agent-port-closed", false, seed("agent: {enabled: false}", &[])),
        e("agent-port-closed", true, |env| env.agent = AgentTunnel { enabled: true, cidrs: cidrs("bad"), ..AgentTunnel::default() }),
        e("agent-port-closed", false, |env| env.agent = AgentTunnel { enabled: true, ..AgentTunnel::default() }),
        // 12. Load balancer with IP targets.
        vf("lb-namespace-only", true, seed("", &[]), flags(|f| f.alb_ip_targets = true)),
        vf("lb-namespace-only", false, doc("", NGINX, "[{from: [{ipBlock: {cidr: 10.0.0.0/20}}], ports: [{port: 8080}]}]", &[INTERNET]), flags(|f| f.alb_ip_targets = true)),
        e("lb-namespace-only", true, |env| env.ingress.push(IngressSource::LoadBalancer { cidrs: cidrs("") })),
        e("lb-namespace-only", false, |env| env.ingress.push(IngressSource::LoadBalancer { cidrs: cidrs("10.0.0.0/20") })),
        // 13. DNS.
        vf("dns-blocked", true, seed("", &[]), flags(|f| f.nodelocal_dns = true)),
        vf("dns-blocked", false, seed("", &["{to: [{ipBlock: {cidr: 169.254.20.10/32}}], ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]}"]), flags(|f| f.nodelocal_dns = true)),
        vf("dns-blocked", true, seed("", &[]), flags(|f| f.gke_cloud_dns = true)),
        v("dns-blocked", false, seed("", &[])),
        e("dns-blocked", false, |env| env.dns = Dns::NodeLocal),
        // 13b. The Cilium companion policy.
        e("cilium-union", true, |env| env.cni = Cni::Cilium),
        e("cilium-union", false, |_| {}),
        e("cilium-name-missing", true, |env| {
            env.cni = Cni::Cilium;
            env.aws.region.clear();
        }),
        e("cilium-name-missing", false, |env| env.cni = Cni::Cilium),
        e("cilium-name-missing", false, |env| env.aws.region.clear()),
        e("cilium-invalid", true, |env| {
            env.cni = Cni::Cilium;
            env.release.namespace = "Bad_NS".into();
        }),
        e("cilium-invalid", false, |env| env.cni = Cni::Cilium),
        // 14. The in-cluster backend.
        v("apiserver-unreachable", true, seed("clusters: [{name: local, backend: in-cluster}]", &[])),
        v("apiserver-unreachable", false, seed("clusters: [{name: local, backend: in-cluster}]", &["{to: [{ipBlock: {cidr: 10.0.12.34/32}}], ports: [{port: 6443}]}"])),
        e("apiserver-unreachable", true, |env| env.clusters = vec![Cluster::InCluster { name: "local".into(), cidrs: cidrs(""), port: PortText::from(443) }]),
        e("apiserver-unreachable", false, |env| env.clusters = vec![Cluster::InCluster { name: "local".into(), cidrs: cidrs("10.0.12.34/32"), port: PortText::from(6443) }]),
        // Other clusters and AWS APIs.
        e("cluster-unreachable", true, |env| {
            env.egress = EgressPosture::Explicit;
            env.idp.reach = IdpReach::Cidrs { cidrs: cidrs("198.51.100.0/24") };
        }),
        e("cluster-unreachable", false, |env| env.idp.reach = IdpReach::Cidrs { cidrs: cidrs("198.51.100.0/24") }),
        e("aws-api-unreachable", true, |env| env.egress = EgressPosture::Explicit),
        e("aws-api-unreachable", false, |env| {
            env.egress = EgressPosture::Explicit;
            env.aws.api_cidrs = cidrs("192.0.2.0/24");
        }),
        // 15. Native secrets.
        v("secrets-unreachable", true, doc("secrets: {mode: native}", NGINX, "[]", &[])),
        v("secrets-unreachable", false, seed("secrets: {mode: native}", &[])),
        e("secrets-unreachable", true, |env| {
            env.secrets_mode = SecretsMode::Native;
            env.aws.api_access = AwsApiAccess::VpcEndpoints;
        }),
        // 16. CIDR hygiene and redundant rules.
        v("cidr-host-bits", true, seed("", &["{to: [{ipBlock: {cidr: 10.1.2.3/8}}], ports: [{port: 5432}]}"])),
        v("cidr-host-bits", false, seed("", &["{to: [{ipBlock: {cidr: 10.0.0.0/8}}], ports: [{port: 5432}]}"])),
        e("cidr-host-bits", true, |env| env.agent = AgentTunnel { enabled: true, cidrs: cidrs("10.1.2.3/16, 10.9.0.0/16"), ..AgentTunnel::default() }),
        e("cidr-host-bits", false, |env| env.agent = AgentTunnel { enabled: true, cidrs: cidrs("10.1.0.0/16"), ..AgentTunnel::default() }),
        e("cidr-normalised", true, |env| env.agent = AgentTunnel { enabled: true, cidrs: cidrs("10.1.2.3"), ..AgentTunnel::default() }),
        e("cidr-normalised", false, |env| env.agent = AgentTunnel { enabled: true, cidrs: cidrs("10.1.2.3/32"), ..AgentTunnel::default() }),
        v("cidr-duplicate", true, seed("", &["{to: [{ipBlock: {cidr: 10.0.0.0/8}}, {ipBlock: {cidr: 10.0.0.0/8}}], ports: [{port: 5432}]}"])),
        v("cidr-duplicate", false, seed("", &["{to: [{ipBlock: {cidr: 10.0.0.0/8}}, {ipBlock: {cidr: 11.0.0.0/8}}], ports: [{port: 5432}]}"])),
        e("cidr-duplicate", true, |env| env.ingress.push(IngressSource::LoadBalancer { cidrs: cidrs("10.0.0.0/20\n10.0.16.0/20\n10.0.0.0/20") })),
        e("cidr-duplicate", false, |env| env.ingress.push(IngressSource::LoadBalancer { cidrs: cidrs("10.0.0.0/20\n10.0.16.0/20") })),
        v("cidr-overlap", true, seed("", &["{to: [{ipBlock: {cidr: 10.0.0.0/8}}, {ipBlock: {cidr: 10.1.0.0/16}}], ports: [{port: 5432}]}"])),
        e("cidr-overlap", true, |env| env.aws.api_cidrs = cidrs("192.0.2.0/24, 192.0.2.128/25")),
        e("cidr-overlap", false, |env| env.aws.api_cidrs = cidrs("192.0.2.0/25, 192.0.2.128/25")),
        v("rule-redundant", true, seed("", &["{to: [{ipBlock: {cidr: 52.94.0.0/16}}], ports: [{protocol: TCP, port: 443}]}"])),
        v("rule-redundant", false, seed("", &["{to: [{ipBlock: {cidr: 10.94.0.0/16}}], ports: [{protocol: TCP, port: 443}]}"])),
        v("rule-redundant", true, seed("", &[INTERNET])),
        v("rule-redundant-skipped", true, seed_with_rules(MAX_REDUNDANCY_RULES)),
        v("rule-redundant-skipped", false, seed_with_rules(MAX_REDUNDANCY_RULES - 1)),
        // 17. Rules wider than they look.
        v("rule-all-peers", true, seed("", &["{ports: [{port: 5432}]}"])),
        v("rule-all-peers", false, seed("", &["{to: [{ipBlock: {cidr: 10.0.0.0/8}}], ports: [{port: 5432}]}"])),
        v("rule-all-ports", true, seed("", &["{to: [{ipBlock: {cidr: 10.0.0.0/8}}]}"])),
        v("rule-all-ports", false, seed("", &["{to: [{ipBlock: {cidr: 10.0.0.0/8}}], ports: [{port: 5432}]}"])),
        // 18. Pinned EKS endpoints.
        e("eks-endpoint-pinned", true, |env| env.clusters = vec![Cluster::Eks { name: "prod".into(), region: "us-east-1".into(), endpoint: EndpointAccess::Public, cidrs: cidrs("54.1.2.3/32") }]),
        e("eks-endpoint-pinned", false, |env| env.clusters = vec![Cluster::Eks { name: "prod".into(), region: "us-east-1".into(), endpoint: EndpointAccess::Public, cidrs: cidrs("54.1.0.0/16") }]),
        e("eks-endpoint-pinned", false, |env| env.clusters = vec![Cluster::Eks { name: "prod".into(), region: "us-east-1".into(), endpoint: EndpointAccess::Private, cidrs: cidrs("10.1.2.3/32") }]),
        // 19. IP family.
        vf("ip-family-mismatch", true, seed("", &[]), flags(|f| f.ip_family = IpFamily::Ipv6)),
        vf("ip-family-mismatch", true, seed("", &[]), flags(|f| f.ip_family = IpFamily::DualStack)),
        v("ip-family-mismatch", false, seed("", &[])),
        vf("ip-family-mismatch", false, doc("", NGINX, "[]", &["{to: [{ipBlock: {cidr: 0.0.0.0/0}}, {ipBlock: {cidr: '::/0'}}], ports: [{port: 443}]}"]), flags(|f| f.ip_family = IpFamily::DualStack)),
        e("ip-family-mismatch", false, |env| env.ip_family = IpFamily::DualStack),
        // 20. What some CNIs do not enforce.
        v("sctp-port", true, seed("", &["{to: [{ipBlock: {cidr: 10.0.0.0/8}}], ports: [{protocol: SCTP, port: 3868}]}"])),
        v("sctp-port", false, seed("", &["{to: [{ipBlock: {cidr: 10.0.0.0/8}}], ports: [{protocol: UDP, port: 3868}]}"])),
        v("end-port", true, seed("", &["{to: [{ipBlock: {cidr: 10.0.0.0/8}}], ports: [{port: 6000, endPort: 6010}]}"])),
        v("end-port", false, seed("", &["{to: [{ipBlock: {cidr: 10.0.0.0/8}}], ports: [{port: 6000}]}"])),
        // 21. Auth0's outbound list.
        e("auth0-ip-list", true, |env| env.idp = Idp { issuer: "https://acme.us.auth0.com/".into(), reach: IdpReach::Cidrs { cidrs: cidrs("35.167.74.121/32") } }),
        e("auth0-ip-list", false, |env| env.idp = Idp { issuer: "https://acme.us.auth0.com/".into(), reach: IdpReach::Internet }),
        e("auth0-ip-list", false, |env| env.idp.reach = IdpReach::Cidrs { cidrs: cidrs("198.51.100.0/24") }),
    ]
}
