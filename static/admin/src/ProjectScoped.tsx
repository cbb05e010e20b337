import { Fragment, useState, type ReactNode } from 'react';
import { Label } from '@atlaskit/form';
import { Box, Stack, Text } from '@atlaskit/primitives/compiled';
import Select from '@atlaskit/select';
import { ErrorState, Loading, Section } from '../../shared/components';
import { useResolver } from '../../shared/hooks';
import { useI18n, type MessageKey } from '../../shared/i18n';

/** An admin section whose settings are per project: the admin picks a project, then edits what `children` draws for it. */
export function ProjectScopedSection({ id, title, hint, label, inputId, children }: { id: string; title: MessageKey; hint: MessageKey; label: MessageKey; inputId: string; children: (projectKey: string) => ReactNode }) {
  const i18n = useI18n();
  const projects = useResolver('projects.list', {});
  const [selected, setSelected] = useState<string | undefined>(undefined);
  let body;
  if (projects.error && !projects.data) body = <ErrorState error={projects.error} onRetry={projects.reload} />;
  else if (!projects.data) body = <Loading />;
  else {
    const options = projects.data.map((project) => ({ value: project.key, label: i18n.t('common.projectOption', { name: project.name, key: project.key }) }));
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
