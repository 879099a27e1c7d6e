//! A [`Diagram`] drawn as SVG: sources left, the pod in the middle, destinations right
//! (one column, top to bottom, below [`NARROW_BELOW`] pixels). Positions are computed
//! here, deterministically; colours are CSS custom properties (the widget's `--_fg`,
//! `--_ok`, ... with light and dark fallbacks); every verdict is an icon shape plus a
//! word, never a colour alone; every text is escaped.

use std::fmt::Write as _;

use super::{Diagram, Node, NodeVerdict};

/// Widths below this many CSS pixels get the narrow, one-column layout.
pub const NARROW_BELOW: u32 = 720;
/// The version of the SVG's data attributes (`data-version` on the root).
pub const SVG_VERSION: u32 = 1;

/// The stylesheet the standalone SVG embeds in a `<style>`. A page whose
/// Content-Security-Policy forbids inline styles adopts it as a constructed stylesheet
/// and draws [`Diagram::to_svg_in_page`] instead.
pub const STYLE: &str = ".pnd{--pnd-fg:var(--_fg,#1b1f24);--pnd-bg:var(--_bg,#ffffff);--pnd-muted:var(--_muted,#555f6a);--pnd-line:var(--_control,#7a8591);--pnd-panel:var(--_panel,#f5f7f9);--pnd-accent:var(--_accent,#0b57a4);--pnd-ok:var(--_ok,#1a7f37);--pnd-err:var(--_error,#b3261e);--pnd-warn:var(--_warn,#8a5300);font-family:var(--pnp-font,system-ui,-apple-system,\"Segoe UI\",Roboto,Arial,sans-serif);max-width:100%;height:auto}\
@media (prefers-color-scheme:dark){.pnd{--pnd-fg:var(--_fg,#e6e9ed);--pnd-bg:var(--_bg,#15181c);--pnd-muted:var(--_muted,#a9b3bd);--pnd-line:var(--_control,#7b8591);--pnd-panel:var(--_panel,#1d2126);--pnd-accent:var(--_accent,#78b8ff);--pnd-ok:var(--_ok,#6fdd8b);--pnd-err:var(--_error,#ffb4ab);--pnd-warn:var(--_warn,#f5c26b)}}\
.pnd .pnd-bg{fill:var(--pnd-bg)}.pnd text{fill:var(--pnd-fg);font-size:12px}.pnd .pnd-h{font-size:15px;font-weight:600}\
.pnd .pnd-label{font-size:14px;font-weight:600}.pnd .pnd-sub,.pnd .pnd-port{fill:var(--pnd-muted)}.pnd .pnd-port{font-size:11.5px}\
.pnd .pnd-box{fill:var(--pnd-panel);stroke:var(--pnd-line);stroke-width:1}.pnd .pnd-pod .pnd-box{stroke:var(--pnd-accent);stroke-width:2.5}\
.pnd .pnd-blocked .pnd-box{stroke:var(--pnd-err);stroke-width:2.5;stroke-dasharray:7 4}.pnd .pnd-unverified .pnd-box{stroke:var(--pnd-warn);stroke-width:2}\
.pnd .pnd-edge path,.pnd .pnd-bus{fill:none;stroke:var(--pnd-line);stroke-width:1.5}.pnd .pnd-edge.pnd-blocked path{stroke:var(--pnd-err);stroke-width:2;stroke-dasharray:7 4}\
.pnd .pnd-arrow{fill:var(--pnd-line)}.pnd .pnd-i-allowed{fill:var(--pnd-ok)}.pnd .pnd-i-blocked{fill:var(--pnd-err)}.pnd .pnd-i-unverified{fill:var(--pnd-warn)}\
.pnd .pnd-i-rule{fill:none;stroke:var(--pnd-line);stroke-width:2}.pnd .pnd-glyph.pnd-glyph-rule{stroke:var(--pnd-line)}.pnd .pnd-glyph{stroke:var(--pnd-bg);stroke-width:2.2;fill:none;stroke-linecap:round}.pnd text.pnd-qmark{fill:var(--pnd-bg);font-size:12px;font-weight:700}\
.pnd [data-node]{cursor:pointer}";

/// Text made safe for SVG: markup characters escaped, control characters (which XML
/// forbids) replaced by U+FFFD.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// At most `max` characters, with an ellipsis when cut.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
    s.push('…');
    s
}

fn verdict_word(v: NodeVerdict) -> &'static str {
    match v {
        NodeVerdict::Allowed => "Allowed",
        NodeVerdict::Blocked => "Blocked",
        NodeVerdict::Unverified => "Unverified",
    }
}

fn class_of(n: &Node) -> &'static str {
    match n.verdict {
        Some(NodeVerdict::Allowed) => " pnd-allowed",
        Some(NodeVerdict::Blocked) => " pnd-blocked",
        Some(NodeVerdict::Unverified) => " pnd-unverified",
        None => "",
    }
}

/// The data attributes that let a click find the node's rule, finding and field.
fn data_attrs(n: &Node) -> String {
    let mut s = format!(" data-node=\"{}\"", escape(&n.id));
    if let Some(r) = &n.rule {
        let _ = write!(s, " data-rule=\"{}\"", escape(r));
    }
    if let Some(f) = n.finding {
        let _ = write!(s, " data-finding=\"{}\"", escape(f));
    }
    if let Some(f) = &n.field {
        if !f.is_empty() {
            let _ = write!(s, " data-field=\"{}\"", escape(f));
        }
    }
    if let Some(v) = n.verdict {
        let _ = write!(s, " data-verdict=\"{}\"", v.as_str());
    }
    s
}

/// The verdict's icon, centred on (cx, cy): a check in a circle, a cross in an
/// octagon, a question mark in a triangle; a ring for a rule that is not a need.
fn icon(s: &mut String, n: &Node, cx: f32, cy: f32) {
    match (n.verdict, n.expands.is_some()) {
        (_, true) if n.verdict.is_none() => {
            let _ = write!(s, "<circle class=\"pnd-i-rule\" cx=\"{cx}\" cy=\"{cy}\" r=\"8\"/><path class=\"pnd-glyph pnd-glyph-rule\" d=\"M{} {cy}h8M{cx} {}v8\"/>", cx - 4.0, cy - 4.0);
        }
        (Some(NodeVerdict::Allowed), _) => {
            let _ = write!(s, "<circle class=\"pnd-i-allowed\" cx=\"{cx}\" cy=\"{cy}\" r=\"10\"/><path class=\"pnd-glyph\" d=\"M{} {cy}l3.5 3.5l6-7\"/>", cx - 5.0);
        }
        (Some(NodeVerdict::Blocked), _) => {
            let (a, b) = (4.2, 10.2);
            let pts = [
                (-a, -b),
                (a, -b),
                (b, -a),
                (b, a),
                (a, b),
                (-a, b),
                (-b, a),
                (-b, -a),
            ]
            .iter()
            .map(|(x, y)| format!("{},{}", cx + x, cy + y))
            .collect::<Vec<_>>()
            .join(" ");
            let _ = write!(s, "<polygon class=\"pnd-i-blocked\" points=\"{pts}\"/><path class=\"pnd-glyph\" d=\"M{} {}l8 8m0 -8l-8 8\"/>", cx - 4.0, cy - 4.0);
        }
        (Some(NodeVerdict::Unverified), _) => {
            let _ = write!(s, "<polygon class=\"pnd-i-unverified\" points=\"{},{} {},{} {},{}\"/><text class=\"pnd-qmark\" x=\"{cx}\" y=\"{}\" text-anchor=\"middle\">?</text>", cx, cy - 11.0, cx + 11.0, cy + 8.0, cx - 11.0, cy + 8.0, cy + 6.0);
        }
        (None, _) => {
            let _ = write!(
                s,
                "<circle class=\"pnd-i-rule\" cx=\"{cx}\" cy=\"{cy}\" r=\"7\"/>"
            );
        }
    }
}

/// One node box at (x, y): title, icon, label and the verdict-and-detail line.
fn node(s: &mut String, n: &Node, x: f32, y: f32, w: f32, h: f32, chars: (usize, usize)) {
    let expands = n
        .expands
        .as_ref()
        .map(|g| format!(" data-expands=\"{}\"", escape(g)))
        .unwrap_or_default();
    let _ = write!(
        s,
        "<g class=\"pnd-node{}\"{}{expands}><title>{}</title><rect class=\"pnd-box\" x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"8\"/>",
        class_of(n),
        data_attrs(n),
        escape(&n.sentence())
    );
    icon(s, n, x + 20.0, y + 28.0);
    let sub = match n.verdict {
        Some(v) if n.expands.is_none() && n.detail.is_empty() => verdict_word(v).to_owned(),
        Some(v) if n.expands.is_none() => format!("{} · {}", verdict_word(v), n.detail),
        _ => n.detail.clone(),
    };
    let _ = write!(
        s,
        "<text class=\"pnd-label\" x=\"{}\" y=\"{}\">{}</text><text class=\"pnd-sub\" x=\"{}\" y=\"{}\">{}</text></g>",
        x + 38.0,
        y + 23.0,
        escape(&clip(&n.label, chars.0)),
        x + 38.0,
        y + 42.0,
        escape(&clip(&sub, chars.1))
    );
}

/// An edge: its path and its protocol-and-ports label.
fn edge(s: &mut String, n: &Node, d: &str, marker: bool, label: (f32, f32, &str), max: usize) {
    let marker = if marker {
        " marker-end=\"url(#pnd-arrow)\""
    } else {
        ""
    };
    let _ = write!(
        s,
        "<g class=\"pnd-edge{}\"{}><path d=\"{d}\"{marker}/>",
        class_of(n),
        data_attrs(n)
    );
    if !n.ports.is_empty() {
        let _ = write!(
            s,
            "<text class=\"pnd-port\" x=\"{}\" y=\"{}\" text-anchor=\"{}\">{}</text>",
            label.0,
            label.1,
            label.2,
            escape(&clip(&n.ports, max))
        );
    }
    s.push_str("</g>");
}

/// Words of `text` in lines of at most `width` characters (at most `max` lines).
fn wrap(text: &str, width: usize, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(l) if l.chars().count() + 1 + word.chars().count() <= width => {
                l.push(' ');
                l.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    if lines.len() > max {
        lines.truncate(max);
        if let Some(l) = lines.last_mut() {
            *l = clip(&format!("{l} …"), width);
        }
    }
    lines.into_iter().map(|l| clip(&l, width)).collect()
}

fn pod(s: &mut String, d: &Diagram, x: f32, y: f32, w: f32, h: f32, width: usize) {
    let _ = write!(
        s,
        "<g class=\"pnd-pod\" data-node=\"pod\"><title>{} ({})</title><rect class=\"pnd-box\" x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"12\"/><text class=\"pnd-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
        escape(&d.pod),
        escape(&d.pod_detail),
        x + w / 2.0,
        y + 26.0,
        escape(&clip(&d.pod, width))
    );
    for (i, line) in wrap(&d.pod_detail, width + 4, 3).iter().enumerate() {
        let _ = write!(
            s,
            "<text class=\"pnd-sub\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            x + w / 2.0,
            y + 46.0 + 16.0 * i as f32,
            escape(line)
        );
    }
    s.push_str("</g>");
}

impl Diagram {
    /// The diagram as a standalone SVG document, laid out for a width in CSS pixels:
    /// three columns from [`NARROW_BELOW`] up, one column below. The root has
    /// `role="img"`, a `<title>` and a `<desc>`; nodes and edges carry `data-node`,
    /// `data-rule`, `data-finding`, `data-field` and `data-verdict`, and "+N more" nodes
    /// `data-expands`.
    pub fn to_svg(&self, width: u32) -> String {
        self.draw(width, true)
    }

    /// [`Diagram::to_svg`] without its `<style>` element, for a page that adopts
    /// [`STYLE`] itself (a `<style>` in the page's markup breaks a strict CSP).
    pub fn to_svg_in_page(&self, width: u32) -> String {
        self.draw(width, false)
    }

    fn draw(&self, width: u32, styled: bool) -> String {
        if width < NARROW_BELOW {
            self.narrow(styled)
        } else {
            self.wide(styled)
        }
    }

    fn open(&self, s: &mut String, w: f32, h: f32, layout: &str, styled: bool) {
        let style = if styled {
            format!("<style>{STYLE}</style>")
        } else {
            String::new()
        };
        let _ = write!(
            s,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"pnd\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-labelledby=\"pnd-title pnd-desc\" data-layout=\"{layout}\" data-version=\"{SVG_VERSION}\"><title id=\"pnd-title\">Traffic of the {} NetworkPolicy</title><desc id=\"pnd-desc\">{}</desc>{style}<defs><marker id=\"pnd-arrow\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path class=\"pnd-arrow\" d=\"M0 0L8 4L0 8z\"/></marker></defs><rect class=\"pnd-bg\" width=\"{w}\" height=\"{h}\"/>",
            escape(&self.pod),
            escape(&self.summary())
        );
    }

    fn wide(&self, styled: bool) -> String {
        const W: f32 = 1200.0;
        const LEFT: f32 = 16.0;
        const COL: f32 = 340.0;
        const POD_X: f32 = 520.0;
        const POD_W: f32 = 160.0;
        const RIGHT: f32 = 844.0;
        const TOP: f32 = 60.0;
        const NODE_H: f32 = 56.0;
        const PITCH: f32 = 68.0;
        let rows = self.ingress.len().max(self.egress.len()).max(2) as f32;
        let pod_h = 96.0;
        let body = rows * PITCH - (PITCH - NODE_H);
        let h = TOP + body + 20.0;
        let pod_cy = TOP + body / 2.0;
        let mut s = String::with_capacity(4096 + 1200 * (self.ingress.len() + self.egress.len()));
        self.open(&mut s, W, h, "wide", styled);
        let _ = write!(s, "<text class=\"pnd-h\" x=\"{LEFT}\" y=\"34\">Who reaches Periscope</text><text class=\"pnd-h\" x=\"{}\" y=\"34\" text-anchor=\"end\">What Periscope reaches</text>", RIGHT + COL);
        let cy = |i: usize| TOP + i as f32 * PITCH + NODE_H / 2.0;
        let mid_l = (LEFT + COL + POD_X) / 2.0;
        let mid_r = (POD_X + POD_W + RIGHT) / 2.0;
        for (i, n) in self.ingress.iter().enumerate() {
            let (x1, y1, x2) = (LEFT + COL, cy(i), POD_X);
            let d = format!("M{x1} {y1}C{mid_l} {y1} {mid_l} {pod_cy} {x2} {pod_cy}");
            edge(&mut s, n, &d, true, (x1 + 6.0, y1 - 6.0, "start"), 24);
        }
        for (i, n) in self.egress.iter().enumerate() {
            let (x1, x2, y2) = (POD_X + POD_W, RIGHT, cy(i));
            let d = format!("M{x1} {pod_cy}C{mid_r} {pod_cy} {mid_r} {y2} {x2} {y2}");
            edge(&mut s, n, &d, true, (x2 - 12.0, y2 - 6.0, "end"), 24);
        }
        for (i, n) in self.ingress.iter().enumerate() {
            node(&mut s, n, LEFT, cy(i) - NODE_H / 2.0, COL, NODE_H, (31, 43));
        }
        for (i, n) in self.egress.iter().enumerate() {
            node(
                &mut s,
                n,
                RIGHT,
                cy(i) - NODE_H / 2.0,
                COL,
                NODE_H,
                (31, 43),
            );
        }
        pod(&mut s, self, POD_X, pod_cy - pod_h / 2.0, POD_W, pod_h, 18);
        s.push_str("</svg>");
        s
    }

    fn narrow(&self, styled: bool) -> String {
        const W: f32 = 380.0;
        const BUS: f32 = 20.0;
        const X: f32 = 36.0;
        const NODE_W: f32 = 332.0;
        const NODE_H: f32 = 64.0;
        const PITCH: f32 = 74.0;
        const POD_H: f32 = 92.0;
        let top_in = 44.0;
        let pod_y = top_in + self.ingress.len() as f32 * PITCH + 12.0;
        let head_out = pod_y + POD_H + 30.0;
        let top_out = head_out + 14.0;
        let h = top_out + self.egress.len() as f32 * PITCH + 10.0;
        let mut s = String::with_capacity(4096 + 1200 * (self.ingress.len() + self.egress.len()));
        self.open(&mut s, W, h, "narrow", styled);
        let _ = write!(s, "<text class=\"pnd-h\" x=\"12\" y=\"28\">Who reaches Periscope</text><text class=\"pnd-h\" x=\"12\" y=\"{head_out}\">What Periscope reaches</text>");
        let cy_in = |i: usize| top_in + i as f32 * PITCH + NODE_H / 2.0;
        let cy_out = |i: usize| top_out + i as f32 * PITCH + NODE_H / 2.0;
        if !self.ingress.is_empty() {
            let _ = write!(s, "<path class=\"pnd-bus\" aria-hidden=\"true\" d=\"M{BUS} {}V{pod_y}\" marker-end=\"url(#pnd-arrow)\"/>", cy_in(0));
        }
        if let Some(last) = self.egress.len().checked_sub(1) {
            let _ = write!(
                s,
                "<path class=\"pnd-bus\" aria-hidden=\"true\" d=\"M{BUS} {}V{}\"/>",
                pod_y + POD_H,
                cy_out(last)
            );
        }
        for (i, n) in self.ingress.iter().enumerate() {
            node(
                &mut s,
                n,
                X,
                cy_in(i) - NODE_H / 2.0,
                NODE_W,
                NODE_H,
                (30, 40),
            );
        }
        for (i, n) in self.egress.iter().enumerate() {
            node(
                &mut s,
                n,
                X,
                cy_out(i) - NODE_H / 2.0,
                NODE_W,
                NODE_H,
                (30, 40),
            );
        }
        for (i, n) in self.ingress.iter().enumerate() {
            let y = cy_in(i);
            let d = format!("M{X} {y}H{BUS}");
            edge(
                &mut s,
                n,
                &d,
                false,
                (X + 38.0, y - NODE_H / 2.0 + 58.0, "start"),
                40,
            );
        }
        for (i, n) in self.egress.iter().enumerate() {
            let y = cy_out(i);
            let d = format!("M{BUS} {y}H{X}");
            edge(
                &mut s,
                n,
                &d,
                true,
                (X + 38.0, y - NODE_H / 2.0 + 58.0, "start"),
                40,
            );
        }
        pod(&mut s, self, 12.0, pod_y, W - 24.0, POD_H, 40);
        s.push_str("</svg>");
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_clip_and_wrap_table() {
        let escapes = [
            ("plain", "plain"),
            ("<a href=\"x\">&'", "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"),
            ("bell\u{7}tab\t", "bell\u{FFFD}tab\u{FFFD}"),
            ("ünïcode →", "ünïcode →"),
        ];
        for (input, want) in escapes {
            assert_eq!(escape(input), want, "{input:?}");
        }
        assert_eq!(clip("abcdef", 6), "abcdef");
        assert_eq!(clip("abcdefg", 6), "abcde…");
        assert_eq!(clip("ééééééé", 3), "éé…");
        assert_eq!(wrap("a bb ccc dddd", 6, 3), ["a bb", "ccc", "dddd"]);
        assert_eq!(wrap("one two three four", 5, 2), ["one", "two …"]);
    }
}
