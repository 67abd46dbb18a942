// The Cogwheel panel: a static page over the admin API (/api/v1). Everything shown comes from the
// API and is written with textContent, never as HTML. The token stays in this tab's sessionStorage.
'use strict';

const API = '/api/v1';
const $ = (id) => document.getElementById(id);

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'text') node.textContent = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? '' : value);
  }
  children.forEach((child) => node.append(child));
  return node;
}

function show(text, ok) {
  const message = $('message');
  message.textContent = text;
  message.className = ok ? 'ok' : 'error';
  message.hidden = false;
}

async function call(method, path, body) {
  const response = await fetch(API + path, {
    method,
    headers: Object.assign({ Authorization: 'Bearer ' + sessionStorage.getItem('token') },
      body === undefined ? {} : { 'Content-Type': 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) {
    if (response.status === 401) signOut();
    throw new Error(json.error + (json.field ? ' (' + json.field + ')' : ''));
  }
  return json;
}

async function attempt(work, done) {
  try {
    await work();
    if (done) show(done, true);
  } catch (e) {
    show(e.message, false);
  }
}

function signOut() {
  sessionStorage.removeItem('token');
  $('tabs').hidden = true;
  document.querySelectorAll('.page').forEach((page) => { page.hidden = true; });
  $('login').hidden = false;
}

async function signIn(token) {
  sessionStorage.setItem('token', token);
  const session = await call('GET', '/session');
  $('actor').textContent = session.actor;
  $('login').hidden = true;
  $('tabs').hidden = false;
  $('message').hidden = true;
  // A Discord sign-in may edit only the config of the guilds it administers.
  const guildAdmin = session.guilds !== null;
  document.querySelectorAll('.tab').forEach((tab) => { tab.hidden = guildAdmin && tab.dataset.tab !== 'config'; });
  if (guildAdmin && session.guilds.length && !$('guild').value) $('guild').value = session.guilds[0];
  await open(guildAdmin ? 'config' : 'plugins');
}

const pages = {
  plugins: loadPlugins,
  config: loadConfig,
  database: loadDatabase,
  audit: loadAudit,
};

async function open(name) {
  $('message').hidden = true;
  document.querySelectorAll('.page').forEach((page) => { page.hidden = page.id !== name; });
  document.querySelectorAll('.tab').forEach((tab) => tab.classList.toggle('active', tab.dataset.tab === name));
  await attempt(pages[name]);
}

async function loadPlugins() {
  const plugins = await call('GET', '/plugins');
  $('plugin-rows').replaceChildren(...plugins.map((p) => {
    const actions = p.state === 'STARTED' ? ['reload', 'unload', 'disable']
      : p.state === 'DISABLED' ? ['enable'] : ['load', 'disable'];
    return el('tr', { id: 'plugin-' + p.id },
      el('td', { text: p.id }), el('td', { text: p.version }),
      el('td', { class: 'state-' + p.state, text: p.state + (p.reason ? ': ' + p.reason : '') },
        ...(p.leftovers.length ? [el('details', { class: 'leftovers' },
          el('summary', { text: 'left behind after stop' }),
          el('ul', {}, ...p.leftovers.map((line) => el('li', { text: line }))))] : []),
        ...(p.quarantined.length ? [el('details', { class: 'quarantined' },
          el('summary', { text: p.quarantined.length + ' quarantined (kept, not used)' }),
          el('ul', {}, ...p.quarantined.map((q) => el('li', { text: q.key + ': ' + q.problem }))))] : [])),
      el('td', { text: p.userData || '(not stated)' }),
      el('td', {}, ...actions.map((action) => el('button', {
        type: 'button', class: action, 'data-plugin': p.id, text: action[0].toUpperCase() + action.slice(1),
        onclick: () => attempt(async () => {
          const after = await call('POST', '/plugins/' + encodeURIComponent(p.id) + '/' + action);
          await loadPlugins();
          show(after.id + ' ' + after.version + ' is ' + after.state + (after.reason ? ': ' + after.reason : '') + '.', true);
        }),
      }))));
  }));
}

function scopeQuery() {
  const params = new URLSearchParams();
  if ($('guild').value.trim()) params.set('guild', $('guild').value.trim());
  if ($('channel').value.trim()) params.set('channel', $('channel').value.trim());
  const query = params.toString();
  return query ? '?' + query : '';
}

// A form field for a setting, chosen by its type.
function field(id, key) {
  const current = key.values[Object.keys(key.values).pop()];
  const value = current === null || current === undefined ? key.effective : current;
  if (key.type === 'boolean') {
    return el('input', { id, type: 'checkbox', checked: value === 'true' });
  }
  if (key.choices) {
    return el('select', { id }, ...key.choices.map((c) => el('option', { value: c, selected: c === value, text: c })));
  }
  const kinds = {
    integer: { type: 'number', step: '1' },
    long: { type: 'number', step: '1' },
    double: { type: 'number', step: 'any' },
    duration: { type: 'text', placeholder: '30s, 5m, 2h, 1d or PT1M' },
    'long-list': { type: 'text', placeholder: 'ids separated by commas' },
  };
  return el('input', Object.assign({ id, value }, kinds[key.type] || { type: 'text' }));
}

function fieldValue(input) {
  return input.type === 'checkbox' ? String(input.checked) : input.value;
}

function keyRow(plugin, key, scope) {
  const id = 'cfg-' + plugin + '-' + key.name;
  const input = field(id, key);
  const here = key.values[scope.kind];
  const path = '/config/' + encodeURIComponent(plugin) + '/' + encodeURIComponent(key.name) + scopeQuery();
  const inherited = Object.entries(key.values).filter(([kind, v]) => kind !== scope.kind && v !== null)
    .map(([kind, v]) => kind + ' ' + v);
  return el('div', { class: 'key', id: id + '-row' },
    el('label', { for: id, text: key.name }),
    input,
    el('div', { class: 'actions' },
      el('button', { type: 'button', class: 'save', id: id + '-save', text: 'Save',
        onclick: () => attempt(async () => {
          const after = await call('PUT', path, { value: fieldValue(input) });
          await loadConfig();
          show(plugin + ' ' + key.name + ' is now ' + after.effective + ' here.', true);
        }) }),
      el('button', { type: 'button', class: 'reset', id: id + '-reset', text: 'Reset', disabled: here === null,
        onclick: () => attempt(async () => {
          const after = await call('DELETE', path);
          await loadConfig();
          show(plugin + ' ' + key.name + ' is back to ' + after.effective + '.', true);
        }) })),
    el('div', { class: 'about', text: [key.description, key.type, 'default ' + key.default,
      ...key.rules, here === null ? 'not set here' : 'set here', ...inherited.map((i) => 'from ' + i)]
      .filter(Boolean).join(' · ') }));
}

async function loadConfig() {
  const config = await call('GET', '/config' + scopeQuery());
  const scope = config.scope;
  $('scope-label').textContent = scope.kind === 'global' ? 'Showing the global values.'
    : scope.kind === 'guild' ? 'Showing guild ' + scope.guild + '.' : 'Showing channel ' + scope.channel + ' of guild ' + scope.guild + '.';
  $('config-plugins').replaceChildren(...config.plugins.map((p) => el('div', { class: 'plugin-config', id: 'config-' + p.id },
    el('h3', { text: p.id }),
    p.keys.length ? el('div', {}, ...p.keys.map((key) => keyRow(p.id, key, scope)))
      : el('p', { text: p.state === 'STARTED' ? 'No settings.' : 'Not running (' + p.state + '): its settings show when it runs.' }))));
}

async function loadDatabase() {
  const plan = await call('GET', '/database/plan');
  $('source-rows').replaceChildren(...plan.map((s) => el('tr', {},
    el('td', { text: s.source }), el('td', { text: String(s.applied) }), el('td', { text: String(s.pending.length) }),
    el('td', { text: s.state + (s.problem ? ': ' + s.problem : '') }))));
  const pending = plan.flatMap((s) => s.pending);
  $('pending').replaceChildren(...(pending.length ? pending.map((c) => el('div', { class: 'changeset', id: 'changeset-' + c.ref },
    el('strong', { text: c.ref }), el('span', { text: ' ' + c['class'] + (c.approved ? ', approved' : c.mayApply ? '' : ', waits for approval') }),
    c.reasons.length ? el('p', { text: c.reasons.join('; ') }) : '',
    el('pre', { text: c.sql.join('\n') || '(no SQL)' }),
    !c.approved && (c['class'] === 'DESTRUCTIVE' || c['class'] === 'OPAQUE') ? el('button', {
      type: 'button', class: 'approve', 'data-ref': c.ref, text: 'Approve',
      onclick: () => attempt(async () => {
        await call('POST', '/database/approve', { ref: c.ref });
        await loadDatabase();
        show('Approved ' + c.ref + '; it applies at the next upgrade.', true);
      }) }) : ''))
    : [el('p', { text: 'Nothing is pending.' })]));
}

async function loadAudit() {
  const entries = await call('GET', '/audit?limit=100');
  $('audit-rows').replaceChildren(...entries.map((e) => el('tr', {},
    el('td', { text: new Date(e.at).toLocaleString() }), el('td', { text: e.actor }), el('td', { text: e.action }),
    el('td', { text: e.target }), el('td', { text: e.oldValue ?? '' }), el('td', { text: e.newValue ?? '' }))));
}

document.addEventListener('DOMContentLoaded', () => {
  $('login-form').addEventListener('submit', (event) => {
    event.preventDefault();
    attempt(() => signIn($('token').value.trim()));
  });
  $('sign-out').addEventListener('click', signOut);
  $('scope-form').addEventListener('submit', (event) => {
    event.preventDefault();
    attempt(loadConfig);
  });
  $('upgrade').addEventListener('click', () => attempt(async () => {
    const result = await call('POST', '/database/upgrade');
    await loadDatabase();
    show('Applied ' + result.applied + ' changeset(s)' + (result.backup ? ' after a backup (' + result.backup + ')' : '') + '.', true);
  }));
  document.querySelectorAll('.tab').forEach((tab) => tab.addEventListener('click', () => open(tab.dataset.tab)));
  // Discord's sign-in comes back with a one-time code, exchanged for the session only with the cookie
  // this browser got when it started the sign-in: a link made by someone else signs nobody in.
  const fromDiscord = /^#signin=([A-Za-z0-9_-]+)$/.exec(location.hash);
  history.replaceState(null, '', location.pathname);
  fetch(API + '/oauth').then((r) => r.json()).then((oauth) => { $('discord').hidden = !oauth.enabled; }, () => {});
  if (fromDiscord) {
    attempt(async () => {
      const response = await fetch(API + '/oauth/session', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: fromDiscord[1] }),
      });
      const json = await response.json();
      if (!response.ok) throw new Error(json.error);
      await signIn(json.session);
    });
  } else if (sessionStorage.getItem('token')) {
    attempt(() => signIn(sessionStorage.getItem('token')));
  }
});
