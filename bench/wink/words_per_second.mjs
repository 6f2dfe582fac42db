// wink-nlp's English pipeline over the MUC-4 train and dev texts, in words
// per CPU-second: the yardstick bench/speed.sh sets beside sitrep's own
// end-to-end figure (bench/corpus_bench.cc, BM_CorpusExtractMuc4).
//
//   node bench/wink/words_per_second.mjs [--data DIR] [--passes N] [--pipe LIST|full]
//
// DIR defaults to $SITREP_DATA, else ../shared/data beside the repository.
// --pipe takes wink's annotation names separated by commas; the default,
// sbd,pos,ner, is what the comparison asks for (sentences, part-of-speech
// tags, entities); `full` is the model's whole default pipeline (adds
// negation, sentiment and custom entities).
//
// Words are counted as on the C++ side: maximal runs of characters other
// than ASCII white space (space, tab, LF, VT, FF, CR) in `doctext`. CPU time
// is process.cpuUsage() (user + system, every thread of the process, so the
// garbage collector's helpers are counted too). Loading the model and the
// texts is not timed; a short untimed warm-up lets the JIT settle first.
// Prints one JSON line on standard output.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const require = createRequire(join(repo, 'package.json'));

function fail(message) {
  process.stderr.write(`words_per_second: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = {
    data: process.env.SITREP_DATA || resolve(repo, '..', 'shared', 'data'),
    passes: 3,
    pipe: 'sbd,pos,ner',
  };
  for (let i = 0; i < argv.length; i += 1) {
    const value = argv[i + 1];
    if (argv[i] === '--data' && value) opts.data = value;
    else if (argv[i] === '--passes' && value) opts.passes = Number(value);
    else if (argv[i] === '--pipe' && value) opts.pipe = value;
    else fail(`unknown or incomplete option ${argv[i]}`);
    i += 1;
  }
  if (!Number.isInteger(opts.passes) || opts.passes < 1) fail('--passes takes a positive integer');
  return opts;
}

function countWords(text) {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    // space, \t, \n, \v, \f, \r
    const w = !(c === 32 || (c >= 9 && c <= 13));
    if (w && !inWord) words += 1;
    inWord = w;
  }
  return words;
}

function loadTexts(dataDir) {
  const texts = [];
  for (const split of ['train', 'dev']) {
    const path = join(dataDir, 'muc4', 'pooled', `${split}.jsonl`);
    if (!existsSync(path)) fail(`${path} is absent (set SITREP_DATA to the shared data folder)`);
    const lines = readFileSync(path, 'utf8').split('\n');
    lines.forEach((line, n) => {
      if (line.trim() === '') return;
      const record = JSON.parse(line);
      if (typeof record.doctext !== 'string') fail(`${path}:${n + 1} has no string doctext`);
      texts.push(record.doctext);
    });
  }
  if (texts.length === 0) fail('the MUC-4 pooled splits hold no documents');
  return texts;
}

function loadWink(pipeOption) {
  let winkNLP;
  let model;
  try {
    winkNLP = require('wink-nlp');
    model = require('wink-eng-lite-web-model');
  } catch {
    fail('wink-nlp or wink-eng-lite-web-model is not installed; run `npm ci` in the repository');
  }
  const pipe = pipeOption === 'full' ? null : pipeOption.split(',').filter(Boolean);
  const nlp = winkNLP(model, pipe);
  return { nlp, its: nlp.its };
}

// Reads one text and draws out what the pipeline computed, so every
// annotation asked for is used: sentences, every token's tag, the entities.
function processText(nlp, its, text, tally) {
  const doc = nlp.readDoc(text);
  doc.sentences().each(() => {
    tally.sentences += 1;
  });
  const tags = doc.tokens().out(its.pos);
  tally.tokens += tags.length;
  for (const tag of tags) if (tag === 'PROPN') tally.propn += 1;
  tally.entities += doc.entities().out().length;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const texts = loadTexts(opts.data);
  const { nlp, its } = loadWink(opts.pipe);
  let corpusWords = 0;
  let corpusBytes = 0;
  for (const t of texts) {
    corpusWords += countWords(t);
    corpusBytes += Buffer.byteLength(t, 'utf8');
  }

  const warmup = { sentences: 0, tokens: 0, propn: 0, entities: 0 };
  for (const t of texts.slice(0, 100)) processText(nlp, its, t, warmup);

  let tally;
  const cpu0 = process.cpuUsage();
  const wall0 = process.hrtime.bigint();
  for (let p = 0; p < opts.passes; p += 1) {
    tally = { sentences: 0, tokens: 0, propn: 0, entities: 0 };
    for (const t of texts) processText(nlp, its, t, tally);
  }
  const wall = Number(process.hrtime.bigint() - wall0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;

  const words = corpusWords * opts.passes;
  const result = {
    tool: 'wink-nlp',
    words,
    cpu_seconds: Number(cpuSeconds.toFixed(3)),
    wall_seconds: Number(wall.toFixed(3)),
    words_per_cpu_second: Math.round(words / cpuSeconds),
    peak_rss_mb: Number((process.resourceUsage().maxRSS / 1024).toFixed(1)),
    documents: texts.length,
    bytes: corpusBytes,
    passes: opts.passes,
    pipe: Object.keys(nlp.readDoc('').pipeConfig()).join(','),
    wink_nlp: require('wink-nlp/package.json').version,
    model: require('wink-eng-lite-web-model/package.json').version,
    node: process.version,
    per_pass: tally,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main();
