import { Fragment, useState, type ReactNode } from 'react';
import Button from '@atlaskit/button/new';
import { Label } from '@atlaskit/form';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import type { ResolverKey } from '../../shared/api';
import { ErrorState, Loading, Section } from '../../shared/components';
import { useResolver, type Action } from '../../shared/hooks';
import { useI18n, type MessageKey } from '../../shared/i18n';
import { ConflictMessage } from './widgets';

/** An admin section whose settings are per project: the admin picks a project, then edits what `children` draws for it. */
export function ProjectScopedSection({
  id,
  title,
  hint,
  label,
  inputId,
  children,
}: {
  id: string;
  title: MessageKey;
  hint: MessageKey;
  label: MessageKey;
  inputId: string;
  children: (projectKey: string) => ReactNode;
}) {
  const i18n = useI18n();
  const projects = useResolver('projects.list', {});
  const [selected, setSelected] = useState<string | undefined>(undefined);
  let body;
  if (projects.error && !projects.data) body = <ErrorState error={projects.error} onRetry={projects.reload} />;
  else if (!projects.data) body = <Loading />;
  else {
    const options = projects.data.map((project) => ({
      value: project.key,
      label: i18n.t('common.projectOption', { name: project.name, key: project.key }),
    }));
    body = (
      <Stack space="space.200">
        <Box style={{ maxWidth: 420 }}>
          <Stack space="space.050">
            <Label htmlFor={inputId}>{i18n.t(label)}</Label>
            <Select<{ value: string; label: string }, false>
              inputId={inputId}
              options={options}
              value={options.find((option) => option.value === selected) ?? null}
              placeholder={i18n.t('common.select')}
              noOptionsMessage={() => i18n.t('common.noOptions')}
              onChange={(option) => setSelected(option?.value)}
            />
          </Stack>
        </Box>
        {selected ? <Fragment key={selected}>{children(selected)}</Fragment> : null}
      </Stack>
    );
  }
  return (
    <Section title={i18n.t(title)} id={id}>
      <Text as="p" color="color.text.subtle">
        {i18n.t(hint)}
      </Text>
      {body}
    </Section>
  );
}

/**
 * The end of a project's settings form: why the last save failed (a conflict offers the newest
 * settings; rule breaches are shown at their fields instead), that it saved, the Save button, and
 * who saved last.
 */
export function ProjectSettingsFooter<K extends ResolverKey>({
  save,
  saveLabel,
  savedMessage,
  saveTestId,
  stored,
  onReload,
}: {
  save: Action<K>;
  saveLabel: string;
  savedMessage: string;
  saveTestId: string;
  stored: { updatedBy?: string | null; updatedAt?: string | null };
  onReload: () => void;
}) {
  const i18n = useI18n();
  const { error } = save;
  const shownAtFields = error?.kind === 'validation' && error.violations !== undefined;
  return (
    <>
      {error?.kind === 'conflict' ? (
        <ConflictMessage error={error} onReload={onReload} />
      ) : error && !shownAtFields ? (
        <ErrorState error={error} />
      ) : null}
      <div role="status" aria-live="polite">
        {save.succeeded ? (
          <SectionMessage appearance="success">
            <Text as="p">{savedMessage}</Text>
          </SectionMessage>
        ) : null}
      </div>
      <Inline space="space.150" alignBlock="center" shouldWrap>
        <Button type="submit" appearance="primary" isLoading={save.busy} testId={saveTestId}>
          {saveLabel}
        </Button>
        {stored.updatedBy && stored.updatedAt ? (
          <Text size="small" color="color.text.subtle">
            {i18n.t('delivery.lastSaved', { who: stored.updatedBy, when: i18n.date(stored.updatedAt) })}
          </Text>
        ) : null}
      </Inline>
    </>
  );
}
