// WCAG AA contrast of every text/background pair the widget's stylesheets use, in
// both themes, computed from the default palette in www/widget.css (no browser).
// Text needs 4.5:1 (WCAG 1.4.3); focus rings and control borders 3:1 (1.4.11).
// axe-core checks the rendered page too (embed-a11y.test.mjs); this also covers
// states axe never sees (every severity, every token, the focus ring).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './harness.mjs';

const css = readFileSync(path.join(REPO_ROOT, 'www/widget.css'), 'utf8');

/** The `--_name: value` declarations of the first rule whose selector matches `re`. */
function palette(re) {
  const m = css.match(re);
  assert.ok(m, `no rule matching ${re} in www/widget.css`);
  const body = m[1];
  const vars = {};
  for (const [, name, value] of body.matchAll(/--_([a-z0-9-]+):\s*([^;]+);/g)) {
    // `var(--pnp-x, #hex)`: the widget's own default is the fallback.
    const hex = value.match(/#[0-9a-fA-F]{6}\b/);
    if (hex) vars[name] = hex[0];
  }
  return vars;
}

const light = palette(/\n\.pnp \{([^}]*)\}/);
const darkForced = palette(/\n\.pnp\[data-theme="dark"\],[^{]*\{([^}]*)\}/);
const darkSystem = palette(/@media \(prefers-color-scheme: dark\) \{[^{]*\{([^}]*)\}/);
const dark = { ...light, ...darkForced };

test('the prefers-color-scheme dark palette equals the data-theme="dark" one', () => {
  assert.deepEqual(darkSystem, darkForced);
});

function luminance(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const lin = (c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}
export function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

// [foreground, background, minimum ratio, where]
const TEXT = 4.5;
const UI = 3;
const surfaces = ['bg', 'panel', 'code-bg'];
const PAIRS = [
  ...surfaces.map((s) => ['fg', s, TEXT, 'body text, inputs, buttons']),
  ...['error-bg', 'warn-bg', 'info-bg'].map((s) => ['fg', s, TEXT, 'finding text, preset confirm']),
  ...surfaces.map((s) => ['muted', s, TEXT, 'hints, intros, inactive tabs, status, YAML punctuation']),
  ...['error-bg', 'warn-bg', 'info-bg'].map((s) => ['muted', s, TEXT, 'finding code']),
  ...['error', 'warn', 'info'].flatMap((c) =>
    [...surfaces, `${c}-bg`].map((s) => [c, s, TEXT, `${c} text and badges`]),
  ),
  ...['bg', 'panel'].map((s) => ['ok', s, TEXT, 'covered checkmark']),
  ...['tok-key', 'tok-str', 'tok-num', 'tok-bool', 'tok-comment'].map((t) => [t, 'code-bg', TEXT, 'YAML tokens']),
  ['bg', 'accent', TEXT, 'primary button label'],
  ...surfaces.map((s) => ['accent', s, UI, 'focus ring, selected option border']),
  ...['bg', 'panel'].map((s) => ['control', s, UI, 'input, select and button borders']),
];

for (const [name, theme] of [
  ['light', light],
  ['dark', dark],
]) {
  test(`every color pair meets WCAG AA in the ${name} theme`, () => {
    const failures = [];
    for (const [fg, bg, min, where] of PAIRS) {
      assert.ok(theme[fg] && theme[bg], `--_${fg} or --_${bg} missing from the ${name} palette`);
      const ratio = contrast(theme[fg], theme[bg]);
      if (ratio < min) failures.push(`--_${fg} ${theme[fg]} on --_${bg} ${theme[bg]}: ${ratio.toFixed(2)} < ${min} (${where})`);
    }
    assert.deepEqual(failures, [], `contrast failures (${name}):\n${failures.join('\n')}`);
  });
}
