// The docs site's theme switch (auto / light / dark), as docs sites have one.
// It sets data-theme on <html> for the site's own CSS and on the widget's placeholder,
// which the widget follows. `?theme=dark` or `?theme=light` picks one on load.
(() => {
  const order = ['auto', 'light', 'dark'];
  const apply = (theme) => {
    for (const el of [document.documentElement, ...document.querySelectorAll('[data-periscope-netpol]')]) {
      if (theme === 'auto') el.removeAttribute('data-theme');
      else el.setAttribute('data-theme', theme);
    }
    const button = document.getElementById('theme-switch');
    if (button) {
      button.textContent = `Theme: ${theme}`;
      button.dataset.state = theme;
    }
  };
  const requested = new URLSearchParams(location.search).get('theme');
  let theme = order.includes(requested) ? requested : document.documentElement.dataset.theme ?? 'auto';
  if (theme !== 'auto') apply(theme);
  document.getElementById('theme-switch')?.addEventListener('click', () => {
    theme = order[(order.indexOf(theme) + 1) % order.length];
    apply(theme);
  });
})();
