//! The "Verify" tab: shell commands that check the deployed policy.
//!
//! They use the names the chart really renders (its fullname, not `<release>-periscope`,
//! facts §1) and a health check that works on the distroless image, which has no shell
//! and no `wget` (facts §2): `kubectl port-forward` plus `curl` from the operator's
//! machine. Every name is shell-quoted when it is not plain, so the text is always safe
//! to paste, even before the form's validation has caught a bad name.

use std::borrow::Cow;

/// The local port for `kubectl port-forward`: the service port, unless binding it would
/// need root on the operator's machine.
fn local_port(service_port: u16) -> u16 {
    if service_port < 1024 {
        8080
    } else {
        service_port
    }
}

/// Quotes `s` for a POSIX shell: as is when it is made of characters no shell treats
/// specially, else in single quotes (with `'` written as `'\''`).
///
/// ```
/// use periscope_netpol::verify::shell_quote;
/// assert_eq!(shell_quote("prod-periscope"), "prod-periscope");
/// assert_eq!(shell_quote("it's; rm -rf /"), r"'it'\''s; rm -rf /'");
/// assert_eq!(shell_quote(""), "''");
/// ```
pub fn shell_quote(s: &str) -> Cow<'_, str> {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c);
    if !s.is_empty() && s.chars().all(plain) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(format!("'{}'", s.replace('\'', r"'\''")))
    }
}

/// The Verify tab's text: commented commands that check the policy `fullname` in
/// `namespace` and that Periscope, listening on `service_port`, still works behind it.
///
/// ```
/// use periscope_netpol::verify::commands;
/// let text = commands("periscope", "periscope", 8080);
/// assert!(text.contains("kubectl -n periscope describe networkpolicy periscope\n"));
/// assert!(text.contains("curl -fsS http://127.0.0.1:8080/healthz"));
/// assert!(!text.contains("wget"));
/// ```
pub fn commands(namespace: &str, fullname: &str, service_port: u16) -> String {
    let ns = shell_quote(namespace);
    let name = shell_quote(fullname);
    let deploy = shell_quote_owned(format!("deploy/{fullname}"));
    let local = local_port(service_port);
    let svc_url = shell_quote_owned(format!(
        "http://{fullname}.{namespace}.svc:{service_port}/healthz"
    ));
    format!(
        "\
# 1. The policy exists and selects the Periscope pods: check \"PodSelector\",
#    \"Allowing ingress traffic\" and \"Allowing egress traffic\".
kubectl -n {ns} describe networkpolicy {name}

# The object exactly as the API server stored it.
kubectl -n {ns} get networkpolicy {name} -o yaml

# 2. Periscope started: it exits at start-up when OIDC discovery or the secrets
#    backend is blocked, so a rollout that never completes points at egress.
kubectl -n {ns} rollout status {deploy} --timeout=120s

# 3. Health check. The image is distroless (no shell, no HTTP client inside), so
#    forward the port and call /healthz from this machine. Leave this running:
kubectl -n {ns} port-forward {deploy} {local}:{service_port}
# then, in a second terminal:
curl -fsS http://127.0.0.1:{local}/healthz
# port-forward bypasses NetworkPolicy: this shows the server is healthy, not that
# ingress is open to your ingress controller.

# 4. OIDC: the issuer's discovery, token and JWKS endpoints must be reachable.
kubectl -n {ns} logs {deploy} | grep -iE 'oidc|provider'

# 5. Ingress through the Service from a namespace the policy admits (replace
#    <allowed-namespace>; the throwaway pod needs egress to Periscope there):
# kubectl -n <allowed-namespace> run netpol-check --rm -i --restart=Never \\
#   --image=curlimages/curl -- curl -fsS --max-time 5 {svc_url}
"
    )
}

/// The Verify tab's commands for the companion CiliumNetworkPolicy `policy` in
/// `namespace`, appended when the Cilium choice is on.
///
/// ```
/// use periscope_netpol::verify::cilium_commands;
/// let text = cilium_commands("periscope", "periscope-fqdn");
/// assert!(text.contains("kubectl -n periscope describe ciliumnetworkpolicy periscope-fqdn\n"));
/// assert!(text.contains("cilium-dbg fqdn cache list"));
/// ```
pub fn cilium_commands(namespace: &str, policy: &str) -> String {
    let ns = shell_quote(namespace);
    let name = shell_quote(policy);
    format!(
        "
# 6. Cilium: the companion policy exists; its status says whether the agents took it.
kubectl -n {ns} describe ciliumnetworkpolicy {name}

# The names Cilium's DNS proxy learned (run in the Cilium agent of the node that runs
# Periscope: kubectl -n kube-system get pods -l k8s-app=cilium -o wide; before Cilium
# 1.15 the command is `cilium fqdn cache list`):
# kubectl -n kube-system exec <cilium-agent-pod> -- cilium-dbg fqdn cache list

# What the policies drop, live (Hubble):
hubble observe --namespace {ns} --verdict DROPPED
"
    )
}

fn shell_quote_owned(s: String) -> String {
    shell_quote(&s).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_charts_fullname() {
        // (namespace, fullname, port, lines that must appear)
        let cases: &[(&str, &str, u16, &[&str])] = &[
            (
                "periscope",
                "periscope",
                8080,
                &[
                    "kubectl -n periscope describe networkpolicy periscope\n",
                    "kubectl -n periscope get networkpolicy periscope -o yaml\n",
                    "kubectl -n periscope port-forward deploy/periscope 8080:8080\n",
                    "curl -fsS http://127.0.0.1:8080/healthz\n",
                    "kubectl -n periscope logs deploy/periscope | grep -iE 'oidc|provider'\n",
                ],
            ),
            (
                "prod",
                "prod-periscope",
                9090,
                &[
                    "kubectl -n prod describe networkpolicy prod-periscope\n",
                    "kubectl -n prod port-forward deploy/prod-periscope 9090:9090\n",
                    "curl -fsS http://127.0.0.1:9090/healthz\n",
                    "http://prod-periscope.prod.svc:9090/healthz\n",
                ],
            ),
            (
                "web",
                "my-periscope-x",
                80,
                &[
                    "kubectl -n web port-forward deploy/my-periscope-x 8080:80\n",
                    "curl -fsS http://127.0.0.1:8080/healthz\n",
                ],
            ),
        ];
        for (ns, name, port, want) in cases {
            let text = commands(ns, name, *port);
            for line in *want {
                assert!(text.contains(line), "{line:?} missing from:\n{text}");
            }
            assert!(!text.contains("wget") && !text.contains(" exec "), "{text}");
        }
    }

    #[test]
    fn uses_the_real_fullname_from_the_release() {
        use crate::{chart::fullname, model::Release};
        for (release, want) in [
            ("prod", "describe networkpolicy prod-periscope\n"),
            ("periscope", "describe networkpolicy periscope\n"),
        ] {
            let r = Release {
                name: release.into(),
                ..Release::default()
            };
            let text = commands("periscope", &fullname(&r), 8080);
            assert!(text.contains(want), "{release}: {text}");
        }
    }

    #[test]
    fn odd_names_are_quoted() {
        let cases = [
            ("", "''"),
            ("a b", "'a b'"),
            ("$(id)", "'$(id)'"),
            ("x'y", r"'x'\''y'"),
            ("a\nb", "'a\nb'"),
            ("`id`", "'`id`'"),
            ("ns-1.a_b", "ns-1.a_b"),
        ];
        for (raw, want) in cases {
            assert_eq!(shell_quote(raw), want, "{raw:?}");
        }
        let text = commands("my ns", "x;y", 8080);
        assert!(
            text.contains("kubectl -n 'my ns' describe networkpolicy 'x;y'\n"),
            "{text}"
        );
        assert!(
            text.contains("port-forward 'deploy/x;y' 8080:8080"),
            "{text}"
        );
    }

    /// Each line leaves the shell outside any quote (POSIX rules: `\\` escapes outside
    /// quotes, nothing escapes inside `'...'`), so pasting never leaves it waiting.
    #[test]
    fn pasted_text_is_balanced() {
        for (ns, name) in [
            ("a'b", "c'd'e"),
            ("'", "''"),
            ("ok", "fine"),
            ("a\\", "\"\""),
        ] {
            let text = commands(ns, name, 8080);
            for line in text.lines().filter(|l| !l.starts_with('#')) {
                let (mut quoted, mut escaped) = (false, false);
                for c in line.chars() {
                    match (quoted, escaped, c) {
                        (false, true, _) => escaped = false,
                        (false, false, '\\') => escaped = true,
                        (_, _, '\'') => quoted = !quoted,
                        _ => {}
                    }
                }
                assert!(!quoted && !escaped, "{line}");
            }
        }
    }
}
