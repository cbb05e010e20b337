import { jsonByteLength, splitIntoParts, UPLOAD_PART_MAX_BYTES } from '../../../src/domain/upload-parts';

const utf8 = (text: string): number => Buffer.byteLength(JSON.stringify(text), 'utf8');

describe('jsonByteLength', () => {
  test.each([
    ['', 'empty'],
    ['name,industry\r\nAcme,F', 'ASCII with CR LF'],
    ['"quoted" \\ back\tslash\b\f', 'escaped characters'],
    ['\u0000\u0001\u001f', 'control characters'],
    ['é ß ü', 'two-byte characters'],
    ['华东 物流 有限公司', 'Chinese'],
    ['😀 𠀀', 'astral characters'],
    ['\ud800 lone \udfff', 'lone surrogates'],
  ])('matches JSON.stringify in UTF-8: %j (%s)', (text) => {
    expect(jsonByteLength(text)).toBe(utf8(text));
  });
});

describe('splitIntoParts', () => {
  test('a small text is one part; an empty text one empty part', () => {
    expect(splitIntoParts('a,b\n1,2')).toEqual(['a,b\n1,2']);
    expect(splitIntoParts('')).toEqual(['']);
  });

  test('every part fits, none splits a character, and joined they are the text', () => {
    const text = '客户,"引号"\n😀'.repeat(20_000);
    const parts = splitIntoParts(text);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.join('')).toBe(text);
    for (const part of parts) expect(utf8(part)).toBeLessThanOrEqual(UPLOAD_PART_MAX_BYTES);
    expect(parts.every((part) => !/^[\udc00-\udfff]|[\ud800-\udbff]$/.test(part))).toBe(true);
  });

  test('a smaller limit gives more parts', () => {
    expect(splitIntoParts('abcdef', 5)).toEqual(['abc', 'def']);
  });
});
