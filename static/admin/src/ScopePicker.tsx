import { Label } from '@atlaskit/form';
import { Box, Stack } from '@atlaskit/primitives/compiled';
import Select from '@atlaskit/select';
import { useResolver } from '../../shared/hooks';
import { useI18n } from '../../shared/i18n';

/** Picks whose framework the page shows: the global default or one project's. */
export function ScopePicker({ scope, onChange }: { scope: string | undefined; onChange: (scope: string | undefined) => void }) {
  const i18n = useI18n();
  const projects = useResolver('projects.list', {});
  const overrides = useResolver('framework.overrides', {});
  const own = new Set(overrides.data ?? []);
  const options = [
    { value: '', label: i18n.t('admin.scopeGlobal') },
    ...(projects.data ?? []).map((project) => ({
      value: project.key,
      label: own.has(project.key)
        ? i18n.t('admin.scopeProjectOwn', { key: project.key, name: project.name })
        : i18n.t('common.projectOption', { name: project.name, key: project.key }),
    })),
  ];
  return (
    <Box style={{ maxWidth: 420 }}>
      <Stack space="space.050">
        <Label htmlFor="rt-framework-scope">{i18n.t('admin.scope')}</Label>
        <Select<{ value: string; label: string }, false>
          inputId="rt-framework-scope"
          options={options}
          value={options.find((option) => option.value === (scope ?? '')) ?? options[0]}
          isLoading={projects.loading}
          onChange={(option) => onChange(option?.value ? option.value : undefined)}
        />
      </Stack>
    </Box>
  );
}
