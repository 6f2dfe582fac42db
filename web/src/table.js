// The incident table: one page of /api/events with sorting and paging.
import { get } from './api.js';
import { clear, el, fmtInt, groupHref, groupsOf, incidentHref, place, toll } from './dom.js';

// The search form's fields, in the order of the API's parameters.
export const FILTERS = ['q', 'group', 'branches', 'country', 'type', 'from', 'to', 'min_killed'];

const PAGE = 50;
const SORTS = { date: 'Date', killed: 'Killed', sources: 'Sources' };

export async function incidentTable(box, filters, params = {}, { title = 'Incidents' } = {}) {
  let sort = params.sort || 'date';
  let offset = 0;
  const render = async () => {
    const page = await get('/api/events', { ...filters, sort, limit: PAGE, offset });
    clear(box);
    const head = (key, label) => {
      if (!SORTS[key]) return el('th', {}, label);
      const b = el('button', { class: `sort${sort === key ? ' on' : ''}`, type: 'button' }, label, sort === key ? ' ▾' : '');
      b.addEventListener('click', () => { sort = key; offset = 0; render(); });
      return el('th', { 'aria-sort': sort === key ? 'descending' : null }, b);
    };
    box.append(el('h2', {}, `${title} `, el('span', { class: 'muted', id: 'result-count' },
      page.total === 0 ? 'none match' : `${fmtInt(offset + 1)}–${fmtInt(offset + page.items.length)} of ${fmtInt(page.total)}`)));
    if (page.items.length === 0) {
      box.append(el('p', { class: 'muted' }, 'No incident matches these filters.'));
      return;
    }
    const rows = page.items.map((ev) => {
      const tr = el('tr', { 'data-id': ev.id },
        el('td', { class: 'nowrap' }, el('a', { href: incidentHref(ev.id) }, ev.date ? ev.date.start : 'undated')),
        el('td', {}, ev.type, ev.attack_type ? el('span', { class: 'muted' }, ` ${ev.attack_type.replace(/_/g, ' ')}`) : ''),
        el('td', {}, place(ev.location)),
        el('td', {}, groupsOf(ev).map((g, i) => [i ? ', ' : '', el('a', { href: groupHref(g) }, g)])),
        el('td', { class: 'num' }, toll(ev.killed)),
        el('td', { class: 'num' }, toll(ev.injured)),
        el('td', { class: 'num' }, ev.sources ? ev.sources.length : 1));
      tr.addEventListener('click', (e) => {
        if (e.target.closest('a')) return;
        location.hash = incidentHref(ev.id);
      });
      return tr;
    });
    box.append(el('table', { class: 'incidents' },
      el('thead', {}, el('tr', {}, head('date', 'Date'), head('type', 'Type'), head('place', 'Place'),
        head('groups', 'Groups'), head('killed', 'Killed'), head('injured', 'Injured'), head('sources', 'Sources'))),
      el('tbody', {}, rows)));
    const pager = el('div', { class: 'pager' });
    if (offset > 0) pager.append(el('button', { type: 'button', onclick: () => { offset = Math.max(0, offset - PAGE); render(); } }, '‹ Newer'));
    if (offset + PAGE < page.total) pager.append(el('button', { type: 'button', onclick: () => { offset += PAGE; render(); } }, 'Older ›'));
    box.append(pager);
  };
  await render();
}
