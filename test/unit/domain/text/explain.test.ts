import { explainMatch } from '../../../../src/domain/text/explain';

describe('explaining a suggestion', () => {
  const marked = (summary: string, highlights: { start: number; end: number }[]) =>
    highlights.map(({ start, end }) => summary.slice(start, end));

  test('highlights the words of the summary the requirement shares, merged where they touch', () => {
    const summary = 'XY2024001 设备A的智能告警模块误报太多';
    const explanation = explainMatch(['预警模块误报太多，请降低误报率'], summary);
    expect(marked(summary, explanation.highlights)).toEqual(['告警模块误报太多']);
    expect(explanation.sharedWords).toEqual(['告警模块误报太多']);
  });

  test('a concept counts: an English requirement highlights the Chinese words it translates', () => {
    const summary = '设备A的智能预警模块误报太多';
    expect(explainMatch(['Too many false alarms from the warning module'], summary).sharedWords).toEqual(['预警', '误报']);
  });

  test('a lone shared character is not highlighted, and words are listed once', () => {
    const explanation = explainMatch(['出差', 'export data'], 'Export 导入 export');
    expect(explanation.sharedWords).toEqual(['Export', 'export']);
    expect(explainMatch(['出差'], '导出').highlights).toEqual([]);
  });

  test('traditional text highlights in its own characters', () => {
    const summary = '設備報警';
    expect(marked(summary, explainMatch(['设备告警'], summary).highlights)).toEqual(['設備報警']);
  });

  test('nothing shared, nothing highlighted', () => {
    expect(explainMatch([''], 'Invoice numbering')).toEqual({ highlights: [], sharedWords: [] });
  });
});
