import { useEffect, useRef } from 'react';
import { showFlag } from '@forge/bridge';

type Flag = ReturnType<typeof showFlag>;
import type { RequirementRow } from '../../shared/api';
import type { I18n } from '../../shared/i18n';
import type { Moves } from './moves';

/**
 * Feedback on a move appears in Jira's flag group (Forge showFlag), in view whatever the page's
 * scroll, as Jira's own boards confirm a move. The success flag carries Undo and closes when the
 * undo window ends; Forge's own auto-dismiss (8 s) would end it early, so the app closes it.
 */
export function useMoveFlags(moves: Moves, i18n: I18n): void {
  const latest = useRef(moves);
  latest.current = moves;
  const { lastMove, error } = moves;

  useEffect(() => {
    if (!lastMove) return;
    const { row } = lastMove;
    const flag = openFlag({
      id: `rt-move-${row.key}-${lastMove.undoUntil}`,
      type: 'success',
      title: i18n.t('matrix.movedTitle', { key: row.key }),
      description: movedSentence(i18n, row),
      actions: [{ text: i18n.t('matrix.undo'), onClick: () => void latest.current.undo() }],
      isAutoDismiss: false,
    });
    return () => void flag?.close().catch(() => undefined);
  }, [lastMove, i18n]);

  useEffect(() => {
    if (!error) return;
    const flag = openFlag({
      id: `rt-move-failed-${error.key}-${Date.now()}`,
      type: error.error.kind === 'conflict' ? 'warning' : 'error',
      title: i18n.t('matrix.moveFailed', { key: error.key }),
      description: error.error.message,
      isAutoDismiss: false,
    });
    return () => void flag?.close().catch(() => undefined);
  }, [error, i18n]);
}

/** Says why a reader's drag or arrow key moved nothing, instead of opening the issue. */
export function flagReadOnlyMove(i18n: I18n, row: RequirementRow): void {
  openFlag({
    id: `rt-move-refused-${row.key}`,
    type: 'info',
    title: i18n.t('matrix.cannotMoveTitle', { key: row.key }),
    description: i18n.t('matrix.cannotMove'),
    isAutoDismiss: true,
  });
}

export function movedSentence(i18n: I18n, row: RequirementRow): string {
  return i18n.t('matrix.moved', {
    key: row.key,
    value: row.inputs.businessValue ?? '–',
    cost: row.inputs.implementationCost ?? '–',
    grade: row.computed.priorityGrade ?? '–',
  });
}

/** A host without flags (an old bridge) must not break the move itself. */
function openFlag(options: Parameters<typeof showFlag>[0]): Flag | null {
  try {
    return showFlag(options);
  } catch (problem) {
    console.warn('Requirement Triage: the flag could not be shown.', problem instanceof Error ? problem.message : problem);
    return null;
  }
}
