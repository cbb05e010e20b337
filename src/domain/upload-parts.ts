/**
 * Splitting a large text into parts that each fit one front-end invoke. Forge limits an invoke's
 * request payload to 500 KB and a KVS value to 240 KiB; a part is measured as the server will store
 * it: JSON-encoded, in UTF-8 bytes (a Chinese character is 3, a quote 2, a control character 6).
 */

/** Bytes one part may take as JSON: well inside both limits, with room for the rest of the payload. */
export const UPLOAD_PART_MAX_BYTES = 200_000;

/** The UTF-8 bytes of one code point once JSON.stringify has escaped it. */
function jsonBytesOfCodePoint(codePoint: number): number {
  if (
    codePoint === 0x22 ||
    codePoint === 0x5c ||
    codePoint === 0x08 ||
    codePoint === 0x0c ||
    codePoint === 0x0a ||
    codePoint === 0x0d ||
    codePoint === 0x09
  )
    return 2;
  if (codePoint < 0x20) return 6;
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  // A lone surrogate becomes a \uXXXX escape (JSON.stringify's well-formed output).
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return 6;
  return codePoint < 0x10000 ? 3 : 4;
}

/** The UTF-8 bytes of JSON.stringify(text), quotes included. */
export function jsonByteLength(text: string): number {
  let bytes = 2;
  for (const character of text) bytes += jsonBytesOfCodePoint(character.codePointAt(0)!);
  return bytes;
}

/** Consecutive parts of `text`, each at most `maxBytes` as JSON; never splits a character. Joined, they are `text`. */
export function splitIntoParts(text: string, maxBytes = UPLOAD_PART_MAX_BYTES): string[] {
  const parts: string[] = [];
  let current = '';
  let bytes = 2;
  for (const character of text) {
    const size = jsonBytesOfCodePoint(character.codePointAt(0)!);
    if (bytes + size > maxBytes && current !== '') {
      parts.push(current);
      current = '';
      bytes = 2;
    }
    current += character;
    bytes += size;
  }
  // The last part: the text's tail, or '' for an empty text.
  parts.push(current);
  return parts;
}
