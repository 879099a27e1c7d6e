//! Where a rule is in the values text: the lines to highlight when the diagram or the
//! what-if tester selects a rule by its values path (`RuleRef::values_path`).

use std::ops::Range;

/// The byte range of the rule at `path` (`networkPolicy.egress.extra[2]`,
/// `networkPolicy.ingress.fromNamespaces[0]`, or a plain key such as
/// `networkPolicy.egress`) in `yaml`, the block style our writer emits: from the
/// comment lines just above a list item (the rule's note) to the end of its last line,
/// without the final line break. `None` when the path is not in the text.
///
/// ```
/// use periscope_netpol::highlight::rule_span;
/// let yaml = "networkPolicy:\n  egress:\n    extra:\n      # one\n      - to: []\n      # two\n      - to:\n          - ipBlock: {}\n";
/// let span = rule_span(yaml, "networkPolicy.egress.extra[1]").unwrap();
/// assert_eq!(&yaml[span], "      # two\n      - to:\n          - ipBlock: {}");
/// assert_eq!(rule_span(yaml, "networkPolicy.egress.extra[2]"), None);
/// assert_eq!(rule_span(yaml, "networkPolicy.ingress"), None);
/// ```
pub fn rule_span(yaml: &str, path: &str) -> Option<Range<usize>> {
    // Lines with their byte offsets and indentation.
    let lines: Vec<(usize, &str)> = yaml
        .split_inclusive('\n')
        .scan(0, |at, line| {
            let start = *at;
            *at += line.len();
            Some((start, line.trim_end_matches(['\n', '\r'])))
        })
        .collect();
    let text = |i: usize| lines.get(i).map_or("", |l| l.1);
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let blank = |l: &str| l.trim().is_empty();
    // The lines [from, to) that belong to the current node, and its indentation.
    let (mut from, mut to, mut parent) = (0, lines.len(), None::<usize>);
    let mut segments = path.split('.').peekable();
    while let Some(segment) = segments.next() {
        let (key, item) = match segment.split_once('[') {
            Some((key, rest)) => (key, Some(rest.strip_suffix(']')?.parse::<usize>().ok()?)),
            None => (segment, None),
        };
        // The key's line: the first one at the shallowest indentation inside the node.
        let inner = |i: &usize| parent.is_none_or(|p| indent(text(*i)) > p);
        let at = (from..to).find(|&i| {
            let l = text(i);
            !blank(l)
                && inner(&i)
                && l.trim_start()
                    .strip_prefix(key)
                    .is_some_and(|r| r.starts_with(':'))
        })?;
        let key_indent = indent(text(at));
        let end = (at + 1..to)
            .find(|&i| {
                let l = text(i);
                !blank(l) && indent(l) <= key_indent && !l.trim_start().starts_with("- ")
            })
            .unwrap_or(to);
        (from, to, parent) = (at, end, Some(key_indent));
        if let Some(n) = item {
            let items: Vec<usize> = (at + 1..end)
                .filter(|&i| {
                    let l = text(i).trim_start();
                    (l.starts_with("- ") || l == "-") && {
                        let first = (at + 1..end)
                            .find(|&j| text(j).trim_start().starts_with('-'))
                            .map(|j| indent(text(j)));
                        first == Some(indent(text(i)))
                    }
                })
                .collect();
            let start = *items.get(n)?;
            let stop = items.get(n + 1).copied().unwrap_or(end);
            // The note above the item belongs to it; the next item's note does not.
            let item_indent = indent(text(start));
            let note = |i: usize| {
                let l = text(i);
                l.trim_start().starts_with('#') && indent(l) == item_indent
            };
            let mut first = start;
            while first > at + 1 && note(first - 1) {
                first -= 1;
            }
            let mut last = stop;
            while last > start + 1 && (note(last - 1) || blank(text(last - 1))) {
                last -= 1;
            }
            (from, to, parent) = (first, last, Some(item_indent));
            if segments.peek().is_some() {
                return None;
            }
        }
    }
    let (start, _) = *lines.get(from)?;
    let (last_start, last) = *lines.get(to.checked_sub(1)?)?;
    Some(start..last_start + last.len())
}

#[cfg(test)]
mod tests {
    use super::rule_span;

    const YAML: &str = "networkPolicy:
  enabled: true
  ingress:
    fromNamespaces:
      # a
      - kubernetes.io/metadata.name: a
      # b
      - kubernetes.io/metadata.name: b
        team: x
    extra:
      - from: []
  egress:
    extra:
      # dns
      - to:
          - ipBlock:
              cidr: 10.0.0.0/8
        ports:
          - port: 53
      # web
      - to: []
";

    #[test]
    fn spans_table() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "networkPolicy.ingress.fromNamespaces[1]",
                Some("      # b\n      - kubernetes.io/metadata.name: b\n        team: x"),
            ),
            (
                "networkPolicy.ingress.fromNamespaces[0]",
                Some("      # a\n      - kubernetes.io/metadata.name: a"),
            ),
            ("networkPolicy.ingress.extra[0]", Some("      - from: []")),
            (
                "networkPolicy.egress.extra[0]",
                Some("      # dns\n      - to:\n          - ipBlock:\n              cidr: 10.0.0.0/8\n        ports:\n          - port: 53"),
            ),
            ("networkPolicy.egress.extra[1]", Some("      # web\n      - to: []")),
            ("networkPolicy.egress.extra[2]", None),
            ("networkPolicy.enabled", Some("  enabled: true")),
            ("networkPolicy.nothing", None),
            ("networkPolicy.egress.extra[x]", None),
            ("", None),
        ];
        for (path, want) in cases {
            let got = rule_span(YAML, path).map(|r| &YAML[r]);
            assert_eq!(got, *want, "{path}");
        }
    }

    #[test]
    fn total_on_any_text() {
        for text in [
            "",
            "\n",
            "-",
            "networkPolicy",
            "a:\n- b\n  - c",
            "x:\n  - \n",
        ] {
            let _ = rule_span(text, "a[0]");
            let _ = rule_span(text, "x[0]");
        }
    }
}
