// The timeline (incidents per period as bars, deaths as a line, the leading
// groups as lines) and the world map (incidents as points sized by toll),
// drawn with d3 into SVG. The map's shapes are world-atlas's, served by
// sitrep itself: no tile server, no network.
import {
  axisBottom, axisLeft, axisRight, geoGraticule10, geoNaturalEarth1, geoPath, line, scaleBand, scaleLinear,
  scaleOrdinal, scaleSqrt, schemeTableau10, select,
} from 'd3';
import { feature, mesh } from 'topojson-client';

import { el, fmtInt, incidentHref } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';

// Every period from the first to the last, so gaps show as gaps.
function fillPeriods(periods, by) {
  if (periods.length === 0) return [];
  const names = periods.map((p) => p.period);
  const out = [];
  const first = names[0];
  const last = names[names.length - 1];
  const next = {
    year: (p) => String(Number(p) + 1),
    month: (p) => {
      let [y, m] = p.split('-').map(Number);
      m += 1;
      if (m > 12) [y, m] = [y + 1, 1];
      return `${y}-${String(m).padStart(2, '0')}`;
    },
    week: (p) => {
      const d = new Date(`${p}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + 7);
      return d.toISOString().slice(0, 10);
    },
  }[by];
  for (let p = first, i = 0; p <= last && i < 2000; p = next(p), i++) out.push(p);
  return out;
}

export function drawTimeline(container, data, { onPeriod, mark } = {}) {
  const width = Math.max(container.clientWidth || 600, 320);
  const height = 220;
  const m = { top: 12, right: 44, bottom: 40, left: 40 };
  const svg = select(container)
    .append('svg')
    .attr('class', 'timeline')
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('role', 'img')
    .attr('aria-label', `Incidents and deaths per ${data.by}`);
  const periods = fillPeriods(data.periods, data.by);
  if (periods.length === 0) {
    svg.append('text').attr('x', width / 2).attr('y', height / 2).attr('text-anchor', 'middle')
      .attr('class', 'muted').text(data.undated ? `${data.undated} incidents without a precise date` : 'No dated incidents');
    return;
  }
  const byPeriod = new Map(data.periods.map((p) => [p.period, p]));
  const x = scaleBand().domain(periods).range([m.left, width - m.right]).padding(0.15);
  const maxN = Math.max(1, ...data.periods.map((p) => p.incidents));
  const maxK = Math.max(1, ...data.periods.map((p) => p.killed));
  const y = scaleLinear().domain([0, maxN]).nice().range([height - m.bottom, m.top]);
  const yk = scaleLinear().domain([0, maxK]).nice().range([height - m.bottom, m.top]);
  const every = Math.ceil(periods.length / Math.max(2, Math.floor((width - m.left - m.right) / 70)));
  svg.append('g').attr('transform', `translate(0,${height - m.bottom})`)
    .call(axisBottom(x).tickValues(periods.filter((_, i) => i % every === 0)).tickSizeOuter(0))
    .selectAll('text').attr('transform', 'rotate(-30)').attr('text-anchor', 'end');
  svg.append('g').attr('transform', `translate(${m.left},0)`).call(axisLeft(y).ticks(4).tickFormat(fmtInt));
  svg.append('g').attr('class', 'axis-killed').attr('transform', `translate(${width - m.right},0)`)
    .call(axisRight(yk).ticks(4).tickFormat(fmtInt));

  const bars = svg.append('g').attr('class', 'bars');
  for (const p of periods) {
    const d = byPeriod.get(p) || { period: p, incidents: 0, killed: 0 };
    const r = bars.append('rect')
      .attr('x', x(p)).attr('width', x.bandwidth())
      .attr('y', y(d.incidents)).attr('height', y(0) - y(d.incidents))
      .attr('data-period', p)
      .classed('bar-on', p === mark);
    r.append('title').text(`${p}: ${fmtInt(d.incidents)} incidents, ${fmtInt(d.killed)} killed`);
    if (onPeriod) r.on('click', () => onPeriod(p, data.by)).classed('clickable', true);
  }
  const mid = (p) => x(p) + x.bandwidth() / 2;
  svg.append('path').attr('class', 'deaths')
    .attr('d', line().x((p) => mid(p)).y((p) => yk((byPeriod.get(p) || { killed: 0 }).killed))(periods));

  const color = scaleOrdinal(schemeTableau10);
  const legend = el('div', { class: 'legend' },
    el('span', { class: 'key key-bars' }, 'incidents'), el('span', { class: 'key key-deaths' }, 'killed (right axis)'));
  for (const g of data.groups || []) {
    const gp = new Map(g.periods.map((p) => [p.period, p.incidents]));
    svg.append('path').attr('class', 'group-line').attr('stroke', color(g.name))
      .attr('d', line().x((p) => mid(p)).y((p) => y(gp.get(p) || 0))(periods))
      .append('title').text(g.name);
    const key = el('span', { class: 'key' }, g.name);
    key.style.setProperty('--key', color(g.name));
    legend.append(key);
  }
  container.append(legend);
  if (data.undated) container.append(el('p', { class: 'muted small' }, `${fmtInt(data.undated)} incidents have no date this precise.`));
}

let worldPromise = null;
const world = () => (worldPromise ??= fetch('countries-110m.json').then((r) => r.json()));

// points: [[lat, lon, killed, id, type, date], ...]
export async function drawMap(container, points, { highlight } = {}) {
  const width = Math.max(container.clientWidth || 600, 320);
  const height = Math.round(width * 0.5);
  const topo = await world();
  const projection = geoNaturalEarth1().fitExtent([[4, 4], [width - 4, height - 4]], { type: 'Sphere' });
  const path = geoPath(projection);
  const svg = document.createElementNS(SVG, 'svg');
  container.append(svg);
  const s = select(svg).attr('class', 'map').attr('viewBox', `0 0 ${width} ${height}`)
    .attr('role', 'img').attr('aria-label', `Map of ${points.length} incidents`);
  s.append('path').attr('class', 'sphere').attr('d', path({ type: 'Sphere' }));
  s.append('path').attr('class', 'graticule').attr('d', path(geoGraticule10()));
  s.append('path').attr('class', 'land').attr('d', path(feature(topo, topo.objects.countries)));
  s.append('path').attr('class', 'borders').attr('d', path(mesh(topo, topo.objects.countries, (a, b) => a !== b)));
  const maxK = Math.max(1, ...points.map((p) => p[2] || 0));
  const r = scaleSqrt().domain([0, maxK]).range([3, Math.max(8, width / 40)]);
  const g = s.append('g').attr('class', 'points');
  // Smallest last, so they stay clickable on top of the large ones.
  const sorted = [...points].sort((a, b) => (b[2] || 0) - (a[2] || 0));
  for (const [lat, lon, killed, id, type, date] of sorted) {
    const xy = projection([lon, lat]);
    if (!xy) continue;
    const a = g.append('a').attr('href', incidentHref(id));
    a.append('circle').attr('cx', xy[0]).attr('cy', xy[1]).attr('r', r(killed || 0))
      .attr('class', `pt pt-${type}${highlight === id ? ' pt-on' : ''}`).attr('data-id', id);
    a.append('title').text(`${type}${date ? `, ${date}` : ''}${killed ? `: ${fmtInt(killed)} killed` : ''}`);
  }
}
