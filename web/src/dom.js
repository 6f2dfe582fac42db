// Small DOM helpers. Everything the database holds (article text, titles,
// names) enters the page as text nodes: nothing here parses HTML.

// el('a', {href: '#/x', class: 'y'}, 'text', child, ...)
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.firstChild.remove();
  return node;
}

export const fmtInt = (n) => (n === null || n === undefined ? '' : Number(n).toLocaleString('en-US'));

// "12" or "140+" or "137–143" for a toll record {min, max}.
export function toll(t) {
  if (!t) return '';
  if (t.min !== null && t.max !== null && t.min !== t.max) return `${fmtInt(t.min)}–${fmtInt(t.max)}`;
  if (t.min !== null && t.max === null) return `${fmtInt(t.min)}+`;
  return fmtInt(t.min ?? t.max);
}

export function place(loc) {
  if (!loc) return '';
  const parts = [loc.city || loc.text, loc.admin1 && loc.admin1 !== loc.city ? loc.admin1 : null, loc.country];
  return [...new Set(parts.filter(Boolean))].join(', ');
}

export const groupsOf = (ev) =>
  (ev.perpetrators || []).filter((p) => p.kind === 'organization').map((p) => p.entity || p.text);

export const incidentHref = (id) => `#/incident/${encodeURIComponent(id)}`;
export const groupHref = (name) => `#/group/${encodeURIComponent(name)}`;
export const docHref = (id) => `#/doc/${encodeURIComponent(id)}`;
