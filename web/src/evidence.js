// An article body with its evidence marked. Evidence offsets are byte
// offsets into the UTF-8 body (SPEC section 3), so the body is cut as bytes
// and each piece decoded; every piece enters the page as a text node.
import { el } from './dom.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// The body cut at the spans' byte offsets: [{text, marked}] in order,
// overlapping or touching spans merged, spans out of range dropped.
export function byteSegments(body, spans) {
  const bytes = encoder.encode(body);
  const cuts = spans
    .filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start < s.end && s.end <= bytes.length)
    .sort((a, b) => a.start - b.start);
  const merged = [];
  for (const s of cuts) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ start: s.start, end: s.end });
  }
  const out = [];
  let at = 0;
  for (const s of merged) {
    if (s.start > at) out.push({ text: decoder.decode(bytes.subarray(at, s.start)), marked: false });
    out.push({ text: decoder.decode(bytes.subarray(s.start, s.end)), marked: true });
    at = s.end;
  }
  if (at < bytes.length) out.push({ text: decoder.decode(bytes.subarray(at)), marked: false });
  return out;
}

// spans: [{start, end}] in bytes. terms: [{text, field}] to mark inside the
// spans (the words each field was read from).
export function markedBody(body, spans, terms = []) {
  const out = el('div', { class: 'article-body' });
  for (const seg of byteSegments(body, spans)) {
    out.append(seg.marked ? markTerms(el('mark', { class: 'evidence' }), seg.text, terms) : seg.text);
  }
  return out;
}

// Appends `text` to `node`, wrapping the longest non-overlapping
// occurrences of the terms in <mark class="field field-KIND">.
export function markTerms(node, text, terms) {
  const hits = [];
  const sorted = [...terms].filter((t) => t.text && t.text.length > 1).sort((a, b) => b.text.length - a.text.length);
  for (const t of sorted) {
    for (let i = text.indexOf(t.text); i >= 0; i = text.indexOf(t.text, i + t.text.length)) {
      const end = i + t.text.length;
      if (hits.some((h) => i < h.end && end > h.start)) continue;
      hits.push({ start: i, end, field: t.field });
    }
  }
  hits.sort((a, b) => a.start - b.start);
  let at = 0;
  for (const h of hits) {
    if (h.start > at) node.append(text.slice(at, h.start));
    node.append(el('mark', { class: `field field-${h.field}`, title: h.field }, text.slice(h.start, h.end)));
    at = h.end;
  }
  if (at < text.length) node.append(text.slice(at));
  return node;
}

// The words each field of a record was read from, for markTerms.
export function fieldTerms(rec, doc) {
  const terms = [];
  const add = (text, field) => text && terms.push({ text, field });
  for (const [role, field] of [['perpetrators', 'perpetrator'], ['victims', 'victim'], ['targets', 'target'], ['weapons', 'weapon']]) {
    for (const x of rec[role] || []) {
      add(x.text, field);
      for (const m of x.mentions || []) add(m, field);
    }
  }
  if (rec.location) add(rec.location.text, 'place');
  if (rec.date) add(rec.date.text, 'date');
  for (const [key, field] of [['killed', 'killed'], ['injured', 'injured']]) {
    const t = rec[key];
    if (!t) continue;
    const values = t.values && t.values.length ? t.values : [t];
    for (const v of values) if (!doc || !v.doc || v.doc === doc) add(v.text, field);
  }
  for (const r of rec.reported_by || []) add(r.text, 'reported-by');
  return terms;
}
