import { assertNoInputConflicts, findInputConflicts } from '../../../src/domain/edits';
import { ConflictError } from '../../../src/domain/result';
import { EMPTY_INPUTS, type RequirementInputs } from '../../../src/domain/scoring';
import type { Message } from '../../../src/domain/messages';
import { serverText } from '../../support/server-text';

const renderIn = (locale: 'en-US' | 'zh-CN', sentence: Message) => serverText(locale, sentence.key, sentence.params);

const stored: RequirementInputs = { ...EMPTY_INPUTS, businessValue: 7, implementationCost: 3, moscow: 'Must' };

describe('conflicting score edits', () => {
  test('a changed field whose stored value still matches what the editor saw is no conflict', () => {
    expect(findInputConflicts(stored, { businessValue: 8 }, { businessValue: 7 })).toEqual([]);
  });

  test('a field someone else changed since is a conflict carrying both values', () => {
    expect(
      findInputConflicts(stored, { businessValue: 8, implementationCost: 4 }, { businessValue: 5, implementationCost: 3 }),
    ).toEqual([{ field: 'businessValue', expected: 5, stored: 7 }]);
  });

  test('blank and undefined count as the same; fields without an expectation or not edited are not compared', () => {
    expect(findInputConflicts(stored, { urgency: 3 }, { urgency: undefined })).toEqual([]);
    expect(findInputConflicts(stored, { urgency: 3 }, {})).toEqual([]);
    expect(findInputConflicts(stored, { urgency: 3 }, { businessValue: 1 })).toEqual([]);
  });

  test('the conflict message names the issue, each field, its value now and what the editor saw', () => {
    const conflicts = findInputConflicts(stored, { businessValue: 8, moscow: 'Could' }, { businessValue: 5, moscow: null });
    expect(() => assertNoInputConflicts('REQ-7', conflicts)).toThrow(ConflictError);
    const refusal = (() => {
      try {
        assertNoInputConflicts('REQ-7', conflicts);
      } catch (error) {
        return error as ConflictError;
      }
      throw new Error('no conflict was raised');
    })();
    expect(renderIn('en-US', refusal.sentence)).toBe(
      'Someone else changed REQ-7 while you were editing: Business value is now 7 (you saw 5); MoSCoW is now Must (you saw blank). Nothing was saved; reload to see the current values.',
    );
    expect(renderIn('zh-CN', refusal.sentence)).toBe(
      '你编辑期间，其他人修改了 REQ-7：业务价值现在是 7（你看到的是 5）；MoSCoW 优先级现在是 Must（你看到的是 空）。未保存任何内容；请重新加载查看当前值。',
    );
  });

  test('no conflicts: nothing is thrown', () => {
    expect(() => assertNoInputConflicts('REQ-7', [])).not.toThrow();
  });
});
