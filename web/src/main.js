// The sitrep web app: search, timeline, map, incidents with their sources
// and evidence, group pages and a live feed, over the API of `sitrep serve`.
// Routes live in the URL's fragment, so every view can be bookmarked:
//   #/?q=&group=&...      search (the filters of /api/events)
//   #/incident/ID         one incident with every source
//   #/group/NAME          a group: aliases, hierarchy, activity
//   #/doc/ID              one stored article with its evidence
import { get } from './api.js';
import { drawMap, drawTimeline } from './charts.js';
import { clear, el } from './dom.js';
import { startFeed } from './feed.js';
import { showDocument, showGroup, showIncident } from './pages.js';
import { FILTERS, incidentTable } from './table.js';

const view = document.getElementById('view');
const form = document.getElementById('search');

function route() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = hash.split('?');
  const params = Object.fromEntries(new URLSearchParams(query));
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  clear(view);
  window.scrollTo(0, 0);
  const done = (() => {
    if (parts[0] === 'incident' && parts[1]) return showIncident(view, parts[1]);
    if (parts[0] === 'group' && parts[1]) return showGroup(view, parts[1]);
    if (parts[0] === 'doc' && parts[1]) return showDocument(view, parts[1]);
    fillForm(params);
    return showSearch(view, params);
  })();
  Promise.resolve(done)
    .catch((e) => view.append(el('p', { class: 'error' }, `Could not load: ${e.message}`)))
    .finally(() => view.setAttribute('data-ready', hash));
}

function fillForm(params) {
  for (const name of FILTERS) {
    const input = form.elements[name];
    if (!input) continue;
    if (input.type === 'checkbox') input.checked = params[name] !== '0';
    else input.value = params[name] || '';
  }
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const qs = new URLSearchParams();
  for (const name of FILTERS) {
    const input = form.elements[name];
    if (!input) continue;
    if (input.type === 'checkbox') {
      if (!input.checked) qs.set(name, '0');
    } else if (input.value.trim()) {
      qs.set(name, name === 'country' ? input.value.trim().toUpperCase() : input.value.trim());
    }
  }
  const next = `#/?${qs}`;
  if (location.hash === next) route();
  else location.hash = next;
});

// The API's filters from the form's: branches rides with group only.
export function apiFilters(params) {
  const out = {};
  for (const name of FILTERS) if (params[name] && name !== 'branches') out[name] = params[name];
  if (out.group) out.branches = params.branches === '0' ? '0' : '1';
  return out;
}

async function showSearch(root, params) {
  const filters = apiFilters(params);
  const card = el('div', { class: 'group-card-slot' });
  const timelineBox = el('div', { class: 'panel timeline-box' });
  const mapBox = el('div', { class: 'panel map-box' });
  // Months, unless the matches span more than four years and no period was
  // asked for: then years.
  let by = params.by || 'month';
  const bySelect = el('select', { 'aria-label': 'Period', id: 'timeline-by' },
    ...['week', 'month', 'year'].map((p) => el('option', { value: p, selected: p === by }, `per ${p}`)));
  bySelect.addEventListener('change', () => {
    const qs = new URLSearchParams(params);
    qs.set('by', bySelect.value);
    location.hash = `#/?${qs}`;
  });
  const tableBox = el('section', { class: 'panel' });
  root.append(card,
    el('div', { class: 'charts' },
      el('section', {}, el('h2', {}, 'Timeline ', bySelect), timelineBox),
      el('section', {}, el('h2', {}, 'Map'), mapBox)),
    tableBox);

  // A query that names a known group offers the group's page.
  const named = params.q && !params.group ? params.q.trim() : '';
  const groupCard = named
    ? get(`/api/groups/${encodeURIComponent(named)}`).then((g) => {
      card.append(el('div', { class: 'group-card' },
        el('strong', {}, g.name), ` is a group in the knowledge base (${g.kind || 'group'})`,
        g.aliases.length ? `, also called ${g.aliases.slice(0, 6).join(', ')}` : '', '. ',
        el('a', { href: `#/group/${encodeURIComponent(g.name)}` }, 'Group page'), ' · ',
        el('a', { href: `#/?group=${encodeURIComponent(g.name)}` }, 'all its incidents, with branches')));
    }).catch(() => {})
    : null;

  const timeline = get('/api/stats/timeline', { ...filters, by }).then(async (t) => {
    const span = t.periods.length ? +t.periods.at(-1).period.slice(0, 4) - +t.periods[0].period.slice(0, 4) : 0;
    if (!params.by && span > 4) {
      by = 'year';
      bySelect.value = 'year';
      t = await get('/api/stats/timeline', { ...filters, by });
    }
    return drawTimeline(timelineBox, t, {
      onPeriod: (p, unit) => {
        if (unit === 'week') return;
        const qs = new URLSearchParams(params);
        qs.set('from', unit === 'year' ? `${p}-01-01` : `${p}-01`);
        const end = unit === 'year' ? `${p}-12-31` : `${p}-${new Date(Date.UTC(+p.slice(0, 4), +p.slice(5, 7), 0)).getUTCDate()}`;
        qs.set('to', end);
        location.hash = `#/?${qs}`;
      },
    });
  });
  const map = get('/api/points', { ...filters, limit: 2000 }).then((p) => drawMap(mapBox, p.points));
  const table = incidentTable(tableBox, filters, params);
  await Promise.all([groupCard, timeline, map, table]);
}

async function loadChrome() {
  try {
    const s = await get('/api/stats');
    document.getElementById('totals').textContent =
      `${s.incidents.toLocaleString('en-US')} incidents from ${s.documents.toLocaleString('en-US')} documents`;
  } catch {
    // the header total is a nicety
  }
  try {
    const groups = await get('/api/groups', { limit: 500 });
    const list = document.getElementById('group-names');
    for (const g of groups) list.append(el('option', { value: g.name }));
  } catch {
    // no suggestions
  }
}

window.addEventListener('hashchange', route);
route();
loadChrome();
startFeed(document.getElementById('feed-items'), document.getElementById('feed-state'));
