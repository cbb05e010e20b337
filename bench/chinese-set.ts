import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The hand-written Chinese requirement set in test/fixtures/chinese-requirements/ (see its
 * README): needs in several wordings, look-alikes, labels, and the fixed tuning / hold-out split.
 */

export const CHINESE_SET_DIR = path.resolve(__dirname, '../test/fixtures/chinese-requirements');

export type Part = 'tuning' | 'holdout';

export interface Wording {
  /** Unique per text: `<entry id>/<channel>` (a channel appears once per entry). */
  id: string;
  channel: string;
  text: string;
  english: boolean;
}

export interface Entry {
  id: string;
  domain: string;
  nature: string;
  kind: string;
  subtag: string;
  lookalike: boolean;
  part: Part;
  wordings: Wording[];
}

/** FNV-1a over the UTF-16 code units: the split rule, fixed before any measurement. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193) >>> 0;
  return hash;
}

export const partOf = (id: string): Part => (fnv1a(id) % 3 === 0 ? 'holdout' : 'tuning');

/**
 * The parts a bench run reports: both, or only the tuning part with BENCH_CHINESE_PART=tuning (for
 * choosing; the hold-out is run once at the end of a change).
 */
export function benchParts(): readonly Part[] {
  const wanted = process.env.BENCH_CHINESE_PART;
  if (wanted === undefined || wanted === '') return ['tuning', 'holdout'];
  if (wanted !== 'tuning' && wanted !== 'holdout')
    throw new Error(`BENCH_CHINESE_PART must be "tuning" or "holdout", not "${wanted}"`);
  return [wanted];
}

export function readChineseSet(): Entry[] {
  const entries: Entry[] = [];
  for (const file of readdirSync(CHINESE_SET_DIR)
    .filter((name) => name.endsWith('.txt'))
    .sort()) {
    const domain = file.replace(/\.txt$/, '');
    let current: Entry | null = null;
    for (const [number, raw] of readFileSync(path.join(CHINESE_SET_DIR, file), 'utf8').split('\n').entries()) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      if (line.startsWith('@')) {
        const [id, nature, kind, subtag, flag] = line.slice(1).split(/\s+/);
        if (!id || !nature || !kind || !subtag) throw new Error(`${file}:${number + 1}: an entry needs id, nature, kind and tag`);
        current = { id, domain, nature, kind, subtag, lookalike: flag === 'lookalike', part: partOf(id), wordings: [] };
        entries.push(current);
        continue;
      }
      const match = /^([a-z]+):\s*(.+)$/.exec(line);
      if (!match || !current) throw new Error(`${file}:${number + 1}: expected "channel: text" after an @entry`);
      current.wordings.push({ id: `${current.id}/${match[1]}`, channel: match[1]!, text: match[2]!, english: match[1] === 'en' });
    }
  }
  return entries;
}
