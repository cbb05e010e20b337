import { normaliseText, stem, tokenise, type TokeniseOptions } from '../../../../src/domain/text/tokenise';

describe('tokenising requirement text', () => {
  test.each<[string, string, string[], TokeniseOptions?]>([
    ['English words are lower-cased, stemmed, stop words dropped', 'The exports are failing', ['export', 'fail']],
    ['stop words stay when asked', 'The system shall be able to export', ['the', 'system', 'shall', 'be', 'able', 'to', 'export'], { keepStopWords: true }],
    ['Chinese becomes character bigrams', '导出数据', ['导出', '出数', '数据']],
    ['a lone Han character stays a unigram', 'A 表 B', ['表']],
    ['mixed text splits at the script boundary', '导出Excel表格', ['导出', 'excel', '表格']],
    ['camelCase identifiers keep the whole and the parts', 'getHTTPServer', ['gethttpserver', 'get', 'http', 'server']],
    ['dotted names keep the whole and the parts', 'org.apache.FileSystem', ['org.apache.filesystem', 'org', 'apache', 'file', 'system']],
    ['snake_case is split', 'dfs_replication', ['dfs_replication', 'dfs', 'replication']],
    ['a letter run before a number splits from it', 'abc123', ['abc123', 'abc', '123']],
    ['numbers and versions stay whole', 'port 8080 on 3.4.0', ['port', '8080', '3.4.0']],
    ['leading and trailing underscores are not part of the whole', '__init_value__', ['init_value', 'init', 'value']],
    ['full-width forms match plain ones (NFKC)', 'ＥＸＰＯＲＴ１２３', ['export123', 'export', '123']],
    ['empty text has no tokens', '', []],
    ['punctuation and emoji alone have no tokens', '!!! 🙂 —', []],
  ])('%s', (...[_name, text, expected, options]) => {
    expect(tokenise(text, options)).toEqual(expected);
  });

  test('gives the same tokens every time', () => {
    const text = 'NameNode 崩溃 when java.io.IOException 发生';
    expect(tokenise(text)).toEqual(tokenise(text));
  });

  test('normalising applies NFKC and lower case', () => {
    expect(normaliseText('Ｆｕｌｌ Width')).toBe('full width');
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
