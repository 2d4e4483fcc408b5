/**
 * The console's stylesheet and its one script, served from this app so that the
 * Content-Security-Policy can allow `'self'` and nothing inline. Colours meet WCAG AA contrast
 * (body text 15.3:1, links 7.1:1 on white), and every focusable element shows a focus ring.
 */
export const CONSOLE_CSS = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #4a4a4a; --line: #c8c8c8; --accent: #0b4f9c;
  --bad: #9b1c1c; --good: #17612c; --paper: #ffffff; --soft: #f3f5f8; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: var(--paper); }
a { color: var(--accent); }
:focus-visible { outline: 3px solid #e8a317; outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: var(--paper); padding: .5rem; }
.skip:focus { left: .5rem; }
.top { display: flex; flex-wrap: wrap; align-items: center; gap: 1.5rem; padding: .75rem 1.5rem;
  border-bottom: 1px solid var(--line); background: var(--soft); }
.brand { font-weight: 700; font-size: 1.25rem; text-decoration: none; color: var(--ink); }
nav ul { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; margin: 0; padding: 0; }
nav a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
.who { margin-left: auto; display: flex; gap: 1rem; align-items: center; color: var(--muted); }
.who form { margin: 0; }
main { max-width: 72rem; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.6rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .75rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; background: var(--soft); }
.field { margin: 0 0 1rem; }
label { display: block; font-weight: 600; margin-bottom: .25rem; }
label.inline { display: inline; font-weight: 400; }
fieldset { border: 1px solid var(--line); border-radius: 4px; margin: 0 0 1rem; padding: .5rem 1rem; }
legend { font-weight: 600; padding: 0 .25rem; }
dt { font-weight: 600; }
dd { margin: 0 0 .5rem; }
input, select { font: inherit; padding: .45rem .6rem; border: 1px solid #767676; border-radius: 4px;
  min-width: 18rem; max-width: 100%; background: var(--paper); color: var(--ink); }
input[type="number"] { min-width: 6rem; width: 8rem; }
input[type="checkbox"] { min-width: 0; }
.hint { color: var(--muted); font-size: .9rem; margin: .25rem 0 0; }
button { font: inherit; padding: .45rem 1rem; border-radius: 4px; border: 1px solid var(--accent);
  background: var(--accent); color: #fff; cursor: pointer; }
button.secondary { background: var(--paper); color: var(--accent); }
button.danger { background: var(--bad); border-color: var(--bad); }
button.link { background: none; border: none; color: var(--accent); text-decoration: underline; padding: 0; }
.actions { display: flex; gap: .75rem; flex-wrap: wrap; align-items: center; }
.actions form { margin: 0; }
.problem { border: 2px solid var(--bad); color: var(--bad); padding: .75rem 1rem; border-radius: 4px;
  margin: 0 0 1rem; background: #fdf2f2; }
.problem p { margin: .25rem 0 0; color: var(--ink); }
.notice { border: 2px solid var(--good); padding: .75rem 1rem; border-radius: 4px; margin: 0 0 1rem;
  background: #f0f8f2; }
.secret { font-family: ui-monospace, monospace; word-break: break-all; background: var(--soft);
  padding: .5rem; display: block; }
.status { font-weight: 700; }
.status-READY, .status-enabled { color: var(--good); }
.status-FAILED, .status-disabled { color: var(--bad); }
.status-PROVISIONING, .status-UPDATING, .status-DELETING { color: #8a5300; }
.narrow { max-width: 28rem; }
.chart text { font: 13px system-ui, sans-serif; fill: var(--ink); }
.chart .limit { fill: #dde3ea; }
.chart .reserved { fill: var(--accent); }
.muted { color: var(--muted); }
`;

/**
 * Live status without inline script: an element with `data-live` names a URL of JSON
 * `{ id: status }`; every two seconds the script fetches it and updates each
 * `[data-status-of="id"]`. Without JavaScript, the page's own refresh link does the same.
 */
export const CONSOLE_JS = `
(() => {
  const live = document.querySelector('[data-live]');
  if (!live) return;
  const url = live.getAttribute('data-live');
  const tick = async () => {
    try {
      const res = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (res.ok) {
        const statuses = await res.json();
        for (const [id, status] of Object.entries(statuses)) {
          for (const el of document.querySelectorAll('[data-status-of="' + CSS.escape(id) + '"]')) {
            if (el.textContent !== status) {
              el.textContent = status;
              el.className = 'status status-' + status;
            }
          }
        }
      }
    } finally {
      setTimeout(tick, 2000);
    }
  };
  setTimeout(tick, 2000);
})();
`;
