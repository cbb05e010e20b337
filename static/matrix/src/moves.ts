import { useCallback, useEffect, useRef, useState } from 'react';
import { call } from '../../shared/api';
import type { RequirementRow, ResolverError } from '../../shared/api';

/** How long the undo of a move is offered. */
export const UNDO_MS = 10_000;

export interface LastMove {
  row: RequirementRow;
  from: { value: number | null; cost: number | null };
  /** When the undo offer ends (ms since epoch). */
  undoUntil: number;
}

export interface Moves {
  move(row: RequirementRow, value: number, cost: number): Promise<void>;
  undo(): Promise<void>;
  lastMove: LastMove | null;
  error: { key: string; error: ResolverError } | null;
  dismissError(): void;
  /** Keys whose move is being saved. */
  saving: ReadonlySet<string>;
}

const withPosition = (row: RequirementRow, value: number | null, cost: number | null): RequirementRow => ({
  ...row,
  inputs: { ...row.inputs, businessValue: value, implementationCost: cost },
});

/**
 * Re-scoring by moving points: the point moves at once, the server writes value and cost (checking
 * nobody changed them since), and the row is replaced by what the server computed. A refused move
 * puts the point back and says why. The last move can be undone for UNDO_MS.
 */
export function useMoves(replaceRow: (row: RequirementRow) => void): Moves {
  const [lastMove, setLastMove] = useState<LastMove | null>(null);
  const [error, setError] = useState<Moves['error']>(null);
  const [saving, setSaving] = useState<ReadonlySet<string>>(new Set());
  const timer = useRef<ReturnType<typeof setTimeout>>();

  useEffect(() => () => clearTimeout(timer.current), []);

  const send = useCallback(
    async (row: RequirementRow, value: number, cost: number): Promise<RequirementRow | null> => {
      const expected = { businessValue: row.inputs.businessValue, implementationCost: row.inputs.implementationCost };
      replaceRow(withPosition(row, value, cost));
      setSaving((keys) => new Set(keys).add(row.key));
      const result = await call('requirements.move', {
        issueKey: row.key,
        businessValue: value,
        implementationCost: cost,
        expected,
      });
      setSaving((keys) => {
        const next = new Set(keys);
        next.delete(row.key);
        return next;
      });
      if (!result.ok) {
        replaceRow(row);
        setError({ key: row.key, error: result.error });
        return null;
      }
      replaceRow(result.data);
      setError(null);
      return result.data;
    },
    [replaceRow],
  );

  const offerUndo = useCallback((move: LastMove | null) => {
    clearTimeout(timer.current);
    setLastMove(move);
    if (move) timer.current = setTimeout(() => setLastMove(null), UNDO_MS);
  }, []);

  const move = useCallback(
    async (row: RequirementRow, value: number, cost: number) => {
      if (row.inputs.businessValue === value && row.inputs.implementationCost === cost) return;
      const saved = await send(row, value, cost);
      offerUndo(
        saved
          ? {
              row: saved,
              from: { value: row.inputs.businessValue, cost: row.inputs.implementationCost },
              undoUntil: Date.now() + UNDO_MS,
            }
          : null,
      );
    },
    [send, offerUndo],
  );

  const undo = useCallback(async () => {
    if (!lastMove) return;
    offerUndo(null);
    const { row, from } = lastMove;
    // Moved points always had both values, so the way back is to real numbers.
    if (from.value !== null && from.cost !== null) await send(row, from.value, from.cost);
  }, [lastMove, send, offerUndo]);

  return { move, undo, lastMove, error, dismissError: useCallback(() => setError(null), []), saving };
}
