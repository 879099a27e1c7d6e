//! Tests of the hand-written Environment reader and writer: serde's defaults for absent
//! fields, errors that name their path, tag order and round trips.

use super::super::{CidrList, Cluster, EgressPosture, PortText};
use super::*;

fn read(yaml: &str) -> Result<Environment, String> {
    let v = crate::doc::parse(yaml).map_err(|e| e.to_string())?;
    Environment::from_value(&v, &mut Path::root()).map_err(|e| e.to_string())
}

#[test]
fn absent_and_null_fields_take_serdes_defaults() {
    let default = Environment::default();
    assert_eq!(read("{}"), Ok(default.clone()));
    assert_eq!(read("~"), Ok(default.clone()));
    // A null list is empty, a null struct is the struct's default.
    let env = read("ingress: ~\nrelease: ~\n").unwrap_or_default();
    assert!(env.ingress.is_empty());
    assert_eq!(env.release, default.release);
    // Absent fields of a cluster take the field type's default, a port 443.
    let env = read("clusters: [{backend: in-cluster}, {backend: eks}]").unwrap_or_default();
    assert_eq!(
        env.clusters,
        [
            Cluster::InCluster {
                name: String::new(),
                cidrs: CidrList::default(),
                port: PortText::from(443)
            },
            Cluster::Eks {
                name: String::new(),
                region: String::new(),
                endpoint: EndpointAccess::Public,
                cidrs: CidrList::default()
            }
        ]
    );
    // A unit variant ignores other keys, as serde did.
    assert_eq!(
        read("egress: {kind: explicit, port: 1}").map(|e| e.egress),
        Ok(EgressPosture::Explicit)
    );
}

#[test]
fn errors_name_the_path() {
    let cases = [
        (
            "colour: blue",
            "unknown field `colour`, expected one of `release`, `enabled`, `ingress`, `agent`, `idp`, `aws`, `clusters`, `secretsMode`, `egress`, `dns`, `ipFamily`, `custom`, `verbatim`",
        ),
        ("enabled: 1", "enabled: expected a boolean, found the integer `1`"),
        (
            "release: {colour: 1}",
            "release: unknown field `colour`, expected one of `name`, `namespace`, `nameOverride`, `fullnameOverride`, `chartVersion`, `appVersion`, `servicePort`",
        ),
        ("ingress: [{}]", "ingress[0]: missing field `kind`"),
        (
            "ingress: [{kind: nginx}]",
            "ingress[0].kind: unknown variant `nginx`, expected one of `controller`, `namespace`, `load-balancer`, `port-forward-only`",
        ),
        ("ingress: [{kind: controller, controller: kong}]", "ingress[0]: missing field `namespace`"),
        (
            "ingress: [{kind: namespace, labels: ~}]",
            "ingress[0].labels: expected a sequence of labels, found null",
        ),
        (
            "clusters: [{backend: agent, region: x}]",
            "clusters[0]: unknown field `region`, expected `name`",
        ),
        (
            "idp: {reach: {kind: in-cluster, namespace: a, podLabels: [{key: a, vaule: b}], port: 1}}",
            "idp.reach.podLabels[0]: unknown field `vaule`, expected `key` or `value`",
        ),
        ("dns: ~", "dns: expected a Dns name, found null"),
        (
            "dns: bind",
            "dns: unknown variant `bind`, expected one of `kube-dns`, `coredns`, `node-local`, `gke-cloud-dns`",
        ),
        ("[1]", "expected an Environment (a mapping), found a sequence"),
    ];
    for (yaml, want) in cases {
        assert_eq!(read(yaml), Err(want.to_owned()), "{yaml}");
    }
}

#[test]
fn writes_tag_first_and_leaves_out_an_empty_verbatim() {
    let v = Environment::default().to_value();
    let keys: Vec<_> = v
        .as_mapping()
        .map(|m| m.keys().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    assert_eq!(keys.last(), Some(&"custom"));
    let cluster = Cluster::default().to_value();
    let first = cluster.as_mapping().and_then(|m| m.keys().next().cloned());
    assert_eq!(first, Some(Value::from("backend")));
    assert_eq!(
        read_back(&Environment::default()),
        Ok(Environment::default())
    );
}

fn read_back(env: &Environment) -> Result<Environment, ShapeError> {
    Environment::from_value(&env.to_value(), &mut Path::root())
}
