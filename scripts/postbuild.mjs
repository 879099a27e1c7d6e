#!/usr/bin/env node
// Trunk's post_build hook (Trunk.toml). Trunk runs a stage's hooks concurrently, so the
// two steps that must run in order are one hook:
//   1. scripts/embed.mjs     writes the embed loader periscope-netpol.js;
//   2. scripts/prerender.mjs writes the static first view the loader and index.html show
//      (the app's first render, rendered natively with Yew's SSR; no browser).
//
//   node scripts/postbuild.mjs [dir]   # dir defaults to $TRUNK_STAGING_DIR, else dist
await import('./embed.mjs');
await import('./prerender.mjs');
