// The live feed: incidents written since the last look (GET /api/feed with
// a cursor), polled every few seconds while the page is visible, so an
// ingest running beside the server shows up as it goes.
import { get } from './api.js';
import { el, groupsOf, incidentHref, place, toll } from './dom.js';

const EVERY_MS = 2500;
const KEEP = 40;

function item(ev, fresh) {
  const killed = toll(ev.killed);
  return el('li', { class: fresh ? 'fresh' : '', 'data-id': ev.id },
    el('a', { href: incidentHref(ev.id) },
      el('span', { class: `badge badge-${ev.type}` }, ev.type), ' ',
      place(ev.location) || 'place unknown'),
    el('div', { class: 'muted small' },
      [ev.date ? ev.date.start : 'undated', groupsOf(ev).join(', '), killed ? `${killed} killed` : '']
        .filter(Boolean).join(' · ')));
}

export function startFeed(list, state) {
  let cursor = null;
  const tick = async () => {
    if (document.hidden) return;
    try {
      const page = await get('/api/feed', cursor === null ? { limit: 12 } : { cursor, limit: 50 });
      const fresh = cursor !== null;
      for (const ev of [...page.items].reverse()) {
        list.querySelector(`li[data-id="${CSS.escape(ev.id)}"]`)?.remove();
        list.prepend(item(ev, fresh));
      }
      while (list.children.length > KEEP) list.lastElementChild.remove();
      cursor = page.cursor;
      state.textContent = `· ${new Date().toLocaleTimeString('en-GB')}`;
      state.removeAttribute('data-error');
    } catch (e) {
      state.textContent = '· server unreachable';
      state.setAttribute('data-error', e.message);
    }
  };
  tick();
  setInterval(tick, EVERY_MS);
}
