//! Field paths: how findings point at the form control they concern.
//!
//! A path names an Environment field the way the builder reports it
//! (`clusters[1].cidrs`, `custom[0].ports[2].endPort`, `release.name`); the form gives the
//! control for that path the DOM id [`dom_id`], so a finding can scroll to and focus it.

/// The DOM id of the control for an Environment path.
///
/// ```
/// use periscope_netpol::fields::dom_id;
/// assert_eq!(dom_id("clusters[1].cidrs"), "f-clusters-1-cidrs");
/// assert_eq!(dom_id("release.name"), "f-release-name");
/// ```
pub fn dom_id(path: &str) -> String {
    let mut id = String::from("f-");
    let mut dash = false;
    for c in path.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c);
            dash = false;
        } else if !dash {
            id.push('-');
            dash = true;
        }
    }
    while id.ends_with('-') {
        id.pop();
    }
    id
}

/// The nearest path that has a control: drops trailing segments until `has_control`
/// says yes (e.g. `ingress[0].labels[1].key` -> `ingress[0].labels[1].key`, or
/// `custom[0].peers[2]` -> `custom[0]` when the peer has no control of its own).
pub fn nearest(path: &str, has_control: impl Fn(&str) -> bool) -> &str {
    let mut p = path;
    loop {
        if has_control(p) {
            return p;
        }
        match p.rfind(['.', '[']) {
            Some(i) if i > 0 => p = p.get(..i).unwrap_or(p),
            _ => return p,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_walks_up() {
        let known = ["custom[0]", "release.name"];
        let has = |p: &str| known.contains(&p);
        assert_eq!(nearest("custom[0].peers[2].cidr", has), "custom[0]");
        assert_eq!(nearest("release.name", has), "release.name");
        assert_eq!(nearest("nothing.here", has), "nothing");
    }
}
