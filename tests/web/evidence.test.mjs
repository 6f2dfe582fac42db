// The web app's byte-offset cutting (web/src/evidence.js) against a naive
// version that walks the body code point by code point.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { byteSegments } from '../../web/src/evidence.js';

// Naive: each code point's UTF-8 length, marked when its bytes fall inside
// any span.
function naive(body, spans) {
  const out = [];
  let at = 0;
  const len = new TextEncoder().encode(body).length;
  const ok = spans.filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start < s.end && s.end <= len);
  for (const ch of body) {
    const n = new TextEncoder().encode(ch).length;
    const marked = ok.some((s) => at >= s.start && at + n <= s.end);
    const last = out[out.length - 1];
    if (last && last.marked === marked) last.text += ch;
    else out.push({ text: ch, marked });
    at += n;
  }
  return out;
}

// Spans on code point boundaries of `body`, as the extractor writes them.
function randomSpans(body, rand) {
  const bounds = [0];
  let at = 0;
  for (const ch of body) bounds.push((at += new TextEncoder().encode(ch).length));
  const spans = [];
  for (let k = Math.floor(rand() * 4); k > 0; k--) {
    const a = bounds[Math.floor(rand() * bounds.length)];
    const b = bounds[Math.floor(rand() * bounds.length)];
    spans.push({ start: Math.min(a, b), end: Math.max(a, b) });
  }
  return spans;
}

test('byte offsets cut multi-byte text where the naive walk does', () => {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const alphabet = ['a', ' ', 'é', 'Москва', '—', '😀', '<script>', '"', '\n', '中'];
  for (let i = 0; i < 500; i++) {
    let body = '';
    for (let n = Math.floor(rand() * 12); n > 0; n--) body += alphabet[Math.floor(rand() * alphabet.length)];
    const spans = randomSpans(body, rand);
    assert.deepEqual(byteSegments(body, spans), naive(body, spans), JSON.stringify({ body, spans }));
  }
});

test('spans out of range or reversed are dropped, not thrown', () => {
  assert.deepEqual(byteSegments('abc', [{ start: 2, end: 99 }, { start: 2, end: 1 }, { start: -1, end: 1 }]),
    [{ text: 'abc', marked: false }]);
  assert.deepEqual(byteSegments('Москва x', [{ start: 0, end: 12 }]),
    [{ text: 'Москва', marked: true }, { text: ' x', marked: false }]);
});
