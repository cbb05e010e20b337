import { useState, type ChangeEvent } from 'react';
import { ErrorMessage, HelperMessage, Label } from '@atlaskit/form';
import { Stack } from '@atlaskit/primitives/compiled';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import { Text } from '@atlaskit/primitives/compiled';
import { textAreaStyle } from '../../shared/components';
import type { ResolverError } from '../../shared/api';
import type { I18n } from '../../shared/i18n';
import { useI18n } from '../../shared/i18n';

export const MAX_NOTE_LENGTH = 500;

/** A required multi-line note (Atlaskit has no textarea in this bundle), styled with the design tokens. */
export function NoteInput(props: {
  id: string;
  value: string;
  error: string | null;
  disabled: boolean;
  onChange: (value: string) => void;
}) {
  const i18n = useI18n();
  const [focused, setFocused] = useState(false);
  const invalid = props.error !== null;
  return (
    <Stack space="space.050">
      <Label htmlFor={props.id}>{i18n.t('admin.note')}</Label>
      <textarea
        id={props.id}
        name="note"
        rows={3}
        value={props.value}
        disabled={props.disabled}
        maxLength={MAX_NOTE_LENGTH}
        required
        aria-invalid={invalid}
        aria-describedby={`${props.id}-hint ${props.id}-error`}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
        onChange={(event: ChangeEvent<HTMLTextAreaElement>) => props.onChange(event.target.value)}
        style={textAreaStyle({ focused, invalid }, 640)}
      />
      <div id={`${props.id}-hint`}>
        <HelperMessage>{i18n.t('admin.noteHint')}</HelperMessage>
      </div>
      <div id={`${props.id}-error`} aria-live="polite">
        {props.error ? <ErrorMessage>{props.error}</ErrorMessage> : null}
      </div>
    </Stack>
  );
}

/** A save refused because someone saved first: the server's message (it names them) and a way to catch up. */
export function ConflictMessage({ error, onReload }: { error: ResolverError; onReload: () => void }) {
  const i18n = useI18n();
  return (
    <div role="alert" data-testid="rt-conflict">
      <SectionMessage
        appearance="warning"
        title={i18n.t('admin.conflictTitle')}
        actions={[
          <SectionMessageAction key="reload" onClick={onReload}>
            {i18n.t('admin.reloadNewest')}
          </SectionMessageAction>,
        ]}
      >
        <Stack space="space.100">
          <Text as="p">{error.message || i18n.errorHint('conflict')}</Text>
          <Text as="p">{i18n.t('admin.conflictKept')}</Text>
        </Stack>
      </SectionMessage>
    </div>
  );
}

/** "2 A → S, 1 B → A" */
export function describeMoves<T extends string>(
  i18n: I18n,
  moves: { from: T | null; to: T | null; count: number }[],
  name: (value: T) => string,
): string {
  const label = (value: T | null) => (value === null ? i18n.t('common.notScored') : name(value));
  return i18n.list(moves.map((move) => i18n.t('admin.move', { count: move.count, from: label(move.from), to: label(move.to) })));
}
