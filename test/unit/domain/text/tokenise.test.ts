import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  normaliseText,
  simplifiedChinese,
  stem,
  tokenise,
  tokeniseWithSpans,
  type TokeniseOptions,
} from '../../../../src/domain/text/tokenise';

const plain: TokeniseOptions = { concepts: false };

describe('tokenising requirement text', () => {
  test.each<[string, string, string[], TokeniseOptions?]>([
    ['English words are lower-cased, stemmed, stop words dropped', 'The exports are failing', ['export', 'fail'], plain],
    [
      'stop words stay when asked',
      'The system shall be able to export',
      ['the', 'system', 'shall', 'be', 'able', 'to', 'export'],
      { keepStopWords: true, concepts: false },
    ],
    ['Chinese becomes character unigrams and bigrams', '导出数据', ['导', '导出', '出', '出数', '数', '数据', '据'], plain],
    ['function characters are no unigrams, but stay in bigrams', '我的', ['我的'], plain],
    ['unigrams can be left out', '导出数据', ['导出', '出数', '数据'], { chineseUnigrams: false, concepts: false }],
    ['a lone Han character stays a unigram', 'A 表 B', ['表']],
    ['mixed text splits at the script boundary', '导出Excel表格', ['导', '导出', '出', 'excel', '表', '表格', '格'], plain],
    ['camelCase identifiers keep the whole and the parts', 'getHTTPServer', ['gethttpserver', 'get', 'http', 'server']],
    [
      'dotted names keep the whole and the parts',
      'org.apache.FileSystem',
      ['org.apache.filesystem', 'org', 'apache', 'file', 'system'],
      plain,
    ],
    ['snake_case is split', 'dfs_replication', ['dfs_replication', 'dfs', 'replication']],
    ['a letter run before a number splits from it', 'abc123', ['abc123', 'abc', '123']],
    ['numbers and versions stay whole', 'port 8080 on 3.4.0', ['port', '8080', '3.4.0']],
    ['leading and trailing underscores are not part of the whole', '__init_value__', ['init_value', 'init', 'value']],
    ['full-width forms match plain ones (NFKC)', 'ＥＸＰＯＲＴ１２３', ['export123', 'export', '123'], plain],
    ['traditional characters fold to simplified', '報表', ['报', '报表', '表'], plain],
    ['empty text has no tokens', '', []],
    ['punctuation and emoji alone have no tokens', '!!! 🙂 —', []],
  ])('%s', (...[_name, text, expected, options]) => {
    expect(tokenise(text, options)).toEqual(expected);
  });

  test('gives the same tokens every time', () => {
    const text = 'NameNode 崩溃 when java.io.IOException 发生';
    expect(tokenise(text)).toEqual(tokenise(text));
  });

  test('normalising applies NFKC, simplified Chinese and lower case', () => {
    expect(normaliseText('Ｆｕｌｌ Width 報警')).toBe('full width 报警');
  });

  test('Taiwan phrases become mainland words only in text that holds traditional characters', () => {
    expect(simplifiedChinese('匯出報表；軟體')).toBe('导出报表；软件');
    // The phrase table would turn this simplified 程序 ("program") into 进程 ("process").
    expect(simplifiedChinese('程序运行缓慢')).toBe('程序运行缓慢');
    expect(simplifiedChinese('no Chinese')).toBe('no Chinese');
  });
});

describe('concepts: synonyms and translations', () => {
  const concepts = (text: string) => tokenise(text).filter((token) => token.startsWith('~'));
  test.each([
    ['导出 and 下载 are one concept', '导出报表', '下载报表', '~export'],
    ['报警, 告警 and 预警 are one concept', '设备报警', '设备预警', '~alarm'],
    ['客户 and 顾客 are one concept', '客户信息', '顾客信息', '~customer'],
    ['a Chinese word and its English one meet', '误报太多', 'too many false alarms', '~false-alarm'],
    ['traditional text meets simplified', '設備報警', '设备告警', '~alarm'],
    ['English inflections meet their concept', 'Export the reports', 'report export', '~report'],
  ])('%s', (_name, left, right, concept) => {
    expect(concepts(left)).toContain(concept);
    expect(concepts(right)).toContain(concept);
  });

  test('an English phrase of several words is one concept, next to its words', () => {
    expect(tokenise('users cannot log in')).toEqual(expect.arrayContaining(['log', '~login', '~cannot']));
  });

  test('concepts can be left out', () => {
    expect(concepts('导出报表').length).toBeGreaterThan(0);
    expect(tokenise('导出报表', { concepts: false }).some((token) => token.startsWith('~'))).toBe(false);
  });
});

describe('token spans', () => {
  test('each token names the part of the original text it came from', () => {
    const text = 'Export 設備報警';
    const spans = tokeniseWithSpans(text).map(({ term, start, end }) => [term, text.slice(start, end)]);
    expect(spans).toEqual(
      expect.arrayContaining([
        ['export', 'Export'],
        ['设备', '設備'],
        ['~alarm', '報警'],
        ['~equipment', '設備'],
      ]),
    );
  });

  test('spans count UTF-16 units past characters outside the basic plane', () => {
    const text = '𠀀导出';
    const exported = tokeniseWithSpans(text).find((token) => token.term === '导出')!;
    expect(text.slice(exported.start, exported.end)).toBe('导出');
  });

  test('when folding changes the length, no span is claimed', () => {
    // 演算法 (3 characters) becomes 算法 (2) under the Taiwan phrase table.
    const tokens = tokeniseWithSpans('優化演算法');
    expect(tokens.map((token) => token.term)).toContain('算法');
    expect(tokens.every((token) => token.start === 0 && token.end === 0)).toBe(true);
  });
});

describe('light stemming', () => {
  test.each([
    ['fails', 'fail'],
    ['failed', 'fail'],
    ['failing', 'fail'],
    ['running', 'run'],
    ['falling', 'fall'],
    ['queries', 'query'],
    ['classes', 'class'],
    ['passes', 'pass'],
    ['status', 'status'],
    ['analysis', 'analysis'],
    ['quickly', 'quick'],
    ['bed', 'bed'],
    ['sing', 'sing'],
    ['abc1', 'abc1'],
    ['shed', 'shed'],
    ['bring', 'bring'],
  ])('%s -> %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });
});

describe('what the folding costs a function', () => {
  test('the traditional-to-simplified table the backend bundles stays under 150 KB, and no segmenter dictionary is a dependency', () => {
    // Forge documents 512 MB default memory per invocation (limits-invocation) but no function bundle limit: keep additions small.
    const table = require.resolve('opencc-js/t2cn');
    expect(statSync(table).size).toBeLessThan(150 * 1024);
    const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies)).not.toContain('jieba-wasm');
  });
});
