// The detail pages: an incident with every source and its evidence, a
// group, a stored article.
import { get, seg } from './api.js';
import { drawMap, drawTimeline } from './charts.js';
import { el, fmtInt, groupHref, incidentHref, place, toll } from './dom.js';
import { fieldTerms, markedBody } from './evidence.js';
import { incidentTable } from './table.js';

const cap = (s) => (s ? s[0].toUpperCase() + s.slice(1) : '');

function entityList(items, { groups = false } = {}) {
  if (!items || items.length === 0) return el('span', { class: 'muted' }, '—');
  return items.map((x, i) => [
    i ? '; ' : '',
    groups && x.kind === 'organization' && x.entity ? el('a', { href: groupHref(x.entity) }, x.entity) : x.text,
    x.entity && x.entity !== x.text && !(groups && x.kind === 'organization') ? ` (${x.entity})` : '',
    x.attribution ? el('span', { class: 'muted' }, ` ${x.attribution}`) : '',
    x.kind === 'individual' ? el('span', { class: 'muted' }, ' individual') : '',
  ]);
}

function tollCell(t) {
  if (!t) return el('span', { class: 'muted' }, '—');
  const parts = [el('strong', {}, toll(t))];
  if (t.text) parts.push(el('span', { class: 'muted' }, ` “${t.text}”`));
  if (t.range && t.range.min !== t.range.max) parts.push(el('div', { class: 'small' }, `sources range ${fmtInt(t.range.min)}–${fmtInt(t.range.max)}`));
  if (t.values && t.values.length > 1) {
    parts.push(el('ul', { class: 'values small' }, t.values.map((v) =>
      el('li', {}, `${toll(v)} — ${v.published || 'undated'} — `, el('a', { href: `#/doc/${seg(v.doc)}` }, v.doc), ` “${v.text}”`))));
  }
  return parts;
}

export async function showIncident(root, id) {
  const ev = await get(`/api/events/${seg(id)}`);
  const when = ev.date ? (ev.date.start === ev.date.end || !ev.date.end ? ev.date.start : `${ev.date.start} – ${ev.date.end}`) : 'undated';
  root.append(el('p', { class: 'crumbs' }, el('a', { href: '#/' }, '‹ all incidents')));
  root.append(el('h1', { class: 'incident-title', 'data-id': ev.id },
    cap(ev.type), ev.attack_type ? ` (${ev.attack_type.replace(/_/g, ' ')})` : '', ' — ', place(ev.location) || 'place unknown', ' — ', when));
  const rows = [
    ['Status', ev.status],
    ['Date', ev.date ? [when, ev.date.text ? el('span', { class: 'muted' }, ` “${ev.date.text}”`) : ''] : '—'],
    ['Place', ev.location ? [place(ev.location), ev.location.text ? el('span', { class: 'muted' }, ` “${ev.location.text}”`) : ''] : '—'],
    ['Perpetrators', entityList(ev.perpetrators, { groups: true })],
    ['Victims', entityList(ev.victims)],
    ['Targets', entityList(ev.targets)],
    ['Weapons', entityList(ev.weapons)],
    ['Killed', tollCell(ev.killed)],
    ['Injured', tollCell(ev.injured)],
    ['Suicide', ev.suicide ? 'yes' : 'no'],
    ['Reported by', ev.reported_by && ev.reported_by.length
      ? ev.reported_by.map((r, i) => [i ? '; ' : '', r.text, r.role ? el('span', { class: 'muted' }, ` (${r.role})`) : ''])
      : el('span', { class: 'muted' }, '—')],
    ['Confidence', ev.confidence !== undefined ? String(ev.confidence) : ''],
    ['Incident id', el('code', {}, ev.id)],
  ];
  const mapBox = el('div', { class: 'mini-map' });
  root.append(el('div', { class: 'incident-top' },
    el('dl', { class: 'fields' }, rows.map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])),
    mapBox));
  if (ev.location && ev.location.lat !== undefined && ev.location.lat !== null) {
    drawMap(mapBox, [[ev.location.lat, ev.location.lon, ev.killed ? ev.killed.min ?? ev.killed.max : 0, ev.id, ev.type, ev.date && ev.date.start]],
      { highlight: ev.id });
  } else {
    mapBox.append(el('p', { class: 'muted' }, 'No coordinates for this place.'));
  }

  // The incident on a timeline of its group's incidents (with branches),
  // else of its country's: its month is the marked bar.
  const group = (ev.perpetrators || []).find((p) => p.kind === 'organization' && p.entity);
  const around = group ? { group: group.entity, branches: '1' } : ev.location && ev.location.country ? { country: ev.location.country } : null;
  const month = ev.date && ev.date.start && ev.date.start.length >= 7 ? ev.date.start.slice(0, 7) : null;
  let timeline = null;
  if (around && month) {
    const box = el('div', { class: 'panel timeline-box incident-timeline' });
    root.append(el('h2', {}, `On the timeline: incidents of ${around.group || around.country} per month`), box);
    timeline = get('/api/stats/timeline', { ...around, by: 'month' }).then((t) => {
      drawTimeline(box, t, { mark: month });
    });
  }

  const sources = ev.sources && ev.sources.length ? ev.sources : [{ doc: ev.doc, evidence: ev.evidence }];
  root.append(el('h2', {}, `Sources (${sources.length})`),
    el('p', { class: 'muted small legend-fields' }, 'Evidence sentences are highlighted; inside them, the words each field was read from: ',
      ['perpetrator', 'victim', 'target', 'weapon', 'place', 'date', 'killed', 'injured', 'reported-by']
        .map((f) => el('mark', { class: `field field-${f}` }, f)).flatMap((m) => [m, ' '])));
  const terms = (doc) => fieldTerms(ev, doc);
  await Promise.all(sources.map(async (s) => {
    const box = el('article', { class: 'source', 'data-doc': s.doc });
    root.append(box);
    box.append(el('h3', {}, s.title || s.doc),
      el('p', { class: 'meta muted small' }, s.published || 'undated', ' · ', el('a', { href: `#/doc/${seg(s.doc)}` }, s.doc),
        s.url ? [' · ', el('a', { href: s.url, rel: 'noreferrer noopener', target: '_blank' }, s.url)] : ''));
    try {
      const d = await get(`/api/documents/${seg(s.doc)}`);
      box.append(el('div', { class: 'body-scroll' }, markedBody(d.body, s.evidence || [], terms(s.doc))));
    } catch (e) {
      box.append(el('p', { class: 'error' }, `The article could not be loaded: ${e.message}`));
    }
  }));
  await timeline;
  // Each source opens at its first evidence sentence.
  for (const scroller of root.querySelectorAll('.body-scroll')) {
    const first = scroller.querySelector('mark.evidence');
    if (first) scroller.scrollTop = Math.max(0, first.offsetTop - 24);
  }
}

// Aliases once each whatever their case, the first dozen shown and the
// rest behind a disclosure.
function aliasList(aliases) {
  const seen = new Set();
  const names = aliases.filter((a) => !seen.has(a.toLowerCase()) && seen.add(a.toLowerCase()));
  if (names.length === 0) return '—';
  if (names.length <= 12) return names.join(', ');
  return [names.slice(0, 12).join(', '),
    el('details', { class: 'more' }, el('summary', {}, `and ${names.length - 12} more`), names.slice(12).join(', '))];
}

export async function showGroup(root, name) {
  root.append(el('p', { class: 'crumbs' }, el('a', { href: '#/' }, '‹ all incidents')));
  let g = null;
  try {
    g = await get(`/api/groups/${seg(name)}`);
  } catch (e) {
    if (e.status !== 404) throw e;
  }
  const canonical = g ? g.name : name;
  root.append(el('h1', {}, canonical));
  if (g) {
    root.append(el('dl', { class: 'fields' },
      el('dt', {}, 'Kind'), el('dd', {}, g.kind || '—'),
      el('dt', {}, 'Also called'), el('dd', {}, aliasList(g.aliases)),
      el('dt', {}, 'Part of'), el('dd', {}, g.parents.length ? g.parents.map((p, i) => [i ? ', ' : '', el('a', { href: groupHref(p) }, p)]) : '—'),
      el('dt', {}, 'Branches'), el('dd', {}, g.branches.length ? g.branches.map((p, i) => [i ? ', ' : '', el('a', { href: groupHref(p) }, p)]) : '—'),
      el('dt', {}, 'Countries'), el('dd', {}, g.countries && g.countries.length ? g.countries.join(', ') : '—'),
      el('dt', {}, 'Stored'), el('dd', {}, `${fmtInt(g.incidents)} incidents, ${fmtInt(g.killed)} killed (with branches)`)));
    if (g.by_year.length) {
      const max = Math.max(...g.by_year.map((y) => y.incidents));
      root.append(el('h2', {}, 'Activity by year'), el('table', { class: 'by-year' },
        el('tbody', {}, g.by_year.map((y) => el('tr', {},
          el('th', {}, y.year),
          el('td', {}, el('span', { class: 'bar', style: null, 'data-n': y.incidents }, '')),
          el('td', { class: 'num' }, `${fmtInt(y.incidents)} incidents`),
          el('td', { class: 'num' }, `${fmtInt(y.killed)} killed`))))));
      for (const bar of root.querySelectorAll('.by-year .bar')) bar.style.width = `${(100 * Number(bar.dataset.n)) / max}%`;
    }
  } else {
    root.append(el('p', { class: 'muted' }, 'The knowledge base does not know this name; showing the incidents stored under it.'));
  }
  const filters = { group: canonical, branches: '1' };
  const timelineBox = el('div', { class: 'panel timeline-box' });
  root.append(el('h2', {}, 'Activity over time (with branches)'), timelineBox);
  const table = el('section', { class: 'panel' });
  root.append(table);
  await Promise.all([
    get('/api/stats/timeline', { ...filters, by: 'month' }).then((t) => drawTimeline(timelineBox, t)),
    incidentTable(table, filters, {}, { title: 'Incidents' }),
  ]);
}

export async function showDocument(root, id) {
  const d = await get(`/api/documents/${seg(id)}`);
  root.append(el('p', { class: 'crumbs' }, el('a', { href: '#/' }, '‹ all incidents')));
  root.append(el('h1', {}, d.title || d.id));
  root.append(el('p', { class: 'meta muted' }, [d.published || 'undated', d.source, d.lang, d.url ? d.url : null]
    .filter(Boolean).join(' · ')));
  if (d.duplicate_of) root.append(el('p', {}, 'A near copy of ', el('a', { href: `#/doc/${seg(d.duplicate_of)}` }, d.duplicate_of), '; its events are not counted twice.'));
  if (d.story && d.story !== d.id) root.append(el('p', { class: 'muted' }, `Story ${d.story}.`));
  root.append(el('h2', {}, `Events read here (${d.events.length})`),
    el('ul', { class: 'doc-events' }, d.events.map((e) => el('li', {},
      el('span', { class: `badge badge-${e.type}` }, e.type), ' ',
      e.incident ? el('a', { href: incidentHref(e.incident) }, `incident ${e.incident}`) : el('span', { class: 'muted' }, 'not counted (a duplicate)'),
      el('span', { class: 'muted' }, ` · ${e.evidence.length} evidence sentence${e.evidence.length === 1 ? '' : 's'}`)))));
  const spans = d.events.flatMap((e) => e.evidence.filter((x) => !x.doc || x.doc === d.id));
  root.append(el('h2', {}, 'Article'), el('div', { class: 'panel' }, markedBody(d.body, spans)));
}
