import { adfText } from '../../../../src/domain/text/adf';

test('reads the text of a document, one line per block, inline nodes joined', () => {
  const document = {
    type: 'doc',
    content: [
      { type: 'heading', content: [{ type: 'text', text: '客户原话' }] },
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'Export ' },
          { type: 'text', text: 'to Excel' },
          { type: 'hardBreak' },
          { type: 'text', text: 'please' },
        ],
      },
    ],
  };
  expect(adfText(document)).toBe('客户原话\nExport to Excelplease\n\n');
});

test.each([
  [null, ''],
  [42, ''],
  ['plain text', 'plain text'],
  [{ type: 'rule' }, '\n'],
])('%p gives %p', (value, text) => {
  expect(adfText(value)).toBe(text);
});
