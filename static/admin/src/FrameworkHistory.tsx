import { useState, type FormEvent } from 'react';
import Button from '@atlaskit/button/new';
import { ErrorMessage, Label } from '@atlaskit/form';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import Select from '@atlaskit/select';
import { token } from '@atlaskit/tokens';
import type { FrameworkDiff, FrameworkVersion, SavedVersion } from '../../shared/api';
import { ErrorState, Loading, VisuallyHidden } from '../../shared/components';
import { DataTable } from '../../shared/DataTable';
import { useAction } from '../../shared/hooks';
import { formatSetting, useI18n } from '../../shared/i18n';
import { settingLeaves } from './framework-form';
import { VersionMeta } from './FrameworkView';
import { ConflictMessage, NoteInput } from './widgets';

type Option = { value: number; label: string };

function DiffTable({ diff }: { diff: FrameworkDiff }) {
  const i18n = useI18n();
  const changed = new Set(diff.changes.map((change) => change.setting));
  const after = new Map(settingLeaves(diff.to.settings));
  return (
    <Stack space="space.100">
      <Text weight="semibold" testId="rt-diff-summary">
        {diff.changes.length === 0 ? i18n.t('admin.diffNone') : i18n.plural('admin.diffChanges', diff.changes.length)}
      </Text>
      <DataTable
        columns={[
          {
            key: 'setting',
            header: i18n.t('admin.setting'),
            rowHeader: true,
            width: '46%',
            cell: ([path]) =>
              changed.has(path) ? (
                <>
                  <Text weight="semibold">{i18n.setting(path)}</Text>
                  <VisuallyHidden> ({i18n.t('admin.diffChanged')})</VisuallyHidden>
                </>
              ) : (
                i18n.setting(path)
              ),
          },
          {
            key: 'from',
            header: i18n.t('admin.version', { version: diff.from.version }),
            cell: ([path, before]) => (
              <Text color={changed.has(path) ? 'color.text.subtle' : 'color.text'}>{formatSetting(i18n, path, before)}</Text>
            ),
          },
          {
            key: 'to',
            header: i18n.t('admin.version', { version: diff.to.version }),
            cell: ([path]) => (
              <Text weight={changed.has(path) ? 'bold' : 'regular'}>{formatSetting(i18n, path, after.get(path) ?? null)}</Text>
            ),
          },
        ]}
        rows={settingLeaves(diff.from.settings)}
        rowKey={([path]) => path}
        caption={i18n.t('admin.diffCaption', { from: diff.from.version, to: diff.to.version })}
        captionVisible
        rowAttributes={([path]) => ({ 'data-changed': changed.has(path) })}
        maxWidth={720}
        testId="rt-diff"
      />
    </Stack>
  );
}

function Compare({ versions }: { versions: FrameworkVersion[] }) {
  const i18n = useI18n();
  const options: Option[] = versions.map((version) => ({
    value: version.version,
    label: i18n.t('admin.version', { version: version.version }),
  }));
  const [from, setFrom] = useState<number | undefined>(versions[1]?.version);
  const [to, setTo] = useState<number | undefined>(versions[0]?.version);
  const [problem, setProblem] = useState<string | null>(null);
  const comparison = useAction<'framework.diff'>();
  const { busy: loading, error, result: diff } = comparison;

  const run = async (event: FormEvent) => {
    event.preventDefault();
    if (from === undefined || to === undefined || from === to) {
      setProblem(i18n.t('admin.compareSame'));
      return;
    }
    setProblem(null);
    await comparison.run('framework.diff', { from, to });
  };

  const picker = (id: string, label: string, value: number | undefined, onChange: (value: number | undefined) => void) => (
    <Stack space="space.050">
      <Label htmlFor={id}>{label}</Label>
      <Select<Option, false>
        inputId={id}
        options={options}
        value={options.find((option) => option.value === value) ?? null}
        placeholder={i18n.t('common.select')}
        isInvalid={problem !== null}
        onChange={(option) => {
          onChange(option?.value);
          setProblem(null);
        }}
      />
    </Stack>
  );

  return (
    <form noValidate onSubmit={run} aria-labelledby="rt-compare-heading">
      <Stack space="space.150">
        <Text weight="semibold" id="rt-compare-heading">
          {i18n.t('admin.compare')}
        </Text>
        <div
          style={{
            display: 'grid',
            gap: token('space.150', '12px'),
            gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 160px), 1fr))',
            alignItems: 'end',
            maxWidth: 560,
          }}
        >
          {picker('rt-compare-from', i18n.t('admin.compareFrom'), from, setFrom)}
          {picker('rt-compare-to', i18n.t('admin.compareTo'), to, setTo)}
          <Box>
            <Button type="submit" isLoading={loading}>
              {i18n.t('admin.compareRun')}
            </Button>
          </Box>
        </div>
        <div aria-live="polite">{problem ? <ErrorMessage>{problem}</ErrorMessage> : null}</div>
        {error ? <ErrorState error={error} /> : null}
        {loading && !diff ? <Loading /> : null}
        {diff ? <DiffTable diff={diff} /> : null}
      </Stack>
    </form>
  );
}

function RevertForm({
  version,
  newest,
  projectKey,
  onCancel,
  onSaved,
  onReloadNewest,
}: {
  version: number;
  newest: number;
  projectKey?: string;
  onCancel: () => void;
  onSaved: (saved: SavedVersion) => void;
  onReloadNewest: () => void;
}) {
  const i18n = useI18n();
  const [note, setNote] = useState('');
  const [attempted, setAttempted] = useState(false);
  const { busy, error, run } = useAction<'framework.revert'>();
  const id = `rt-revert-${version}-note`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (note.trim() === '') {
      document.getElementById(id)?.focus();
      return;
    }
    const result = await run('framework.revert', {
      version,
      note: note.trim(),
      baseVersion: newest,
      ...(projectKey ? { projectKey } : {}),
    });
    if (result.ok) onSaved(result.data);
  };

  return (
    <form noValidate onSubmit={submit} aria-label={i18n.t('admin.revertTitle', { version })}>
      <Box
        padding="space.150"
        backgroundColor="color.background.neutral.subtle"
        style={{ borderRadius: token('radius.medium', '6px') }}
      >
        <Stack space="space.150">
          <Text weight="semibold">{i18n.t('admin.revertTitle', { version })}</Text>
          <Text size="small" color="color.text.subtle">
            {i18n.t('admin.revertHint', { version })}
          </Text>
          {error?.kind === 'conflict' ? (
            <ConflictMessage error={error} onReload={onReloadNewest} />
          ) : error ? (
            <ErrorState error={error} title={i18n.t('admin.saveFailed')} />
          ) : null}
          <NoteInput
            id={id}
            value={note}
            error={attempted && note.trim() === '' ? i18n.t('admin.noteRequired') : null}
            disabled={busy}
            onChange={setNote}
          />
          <Inline space="space.100" shouldWrap>
            <Button type="submit" appearance="warning" isLoading={busy}>
              {i18n.t('admin.revertRun')}
            </Button>
            <Button appearance="subtle" onClick={onCancel} isDisabled={busy}>
              {i18n.t('admin.cancel')}
            </Button>
          </Inline>
        </Stack>
      </Box>
    </form>
  );
}

/** Every version, newest first: compare any two, or revert to an old one (a new version with its settings). */
export function FrameworkHistory({
  versions,
  projectKey,
  canEdit,
  onSaved,
  onReloadNewest,
}: {
  versions: FrameworkVersion[];
  projectKey?: string;
  canEdit: boolean;
  onSaved: (saved: SavedVersion, revertedFrom: number) => void;
  onReloadNewest: () => void;
}) {
  const i18n = useI18n();
  const [reverting, setReverting] = useState<number | null>(null);
  if (versions.length === 0) return <Text color="color.text.subtle">{i18n.t('admin.historyEmpty')}</Text>;
  const sorted = [...versions].sort((a, b) => b.version - a.version);
  const newest = sorted[0]!.version;
  return (
    <Stack space="space.300">
      {sorted.length > 1 ? <Compare versions={sorted} /> : null}
      <ol reversed style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="rt-history-list">
        {sorted.map((version) => (
          <li
            key={version.version}
            style={{
              borderInlineStart: `2px solid ${token('color.border', '#0B120E24')}`,
              marginBlockEnd: token('space.100', '8px'),
            }}
          >
            <Box paddingInlineStart="space.150" paddingBlock="space.050">
              <Stack space="space.100">
                <Stack space="space.050">
                  <Inline space="space.100" alignBlock="center" shouldWrap>
                    <Text weight="semibold">{i18n.t('admin.version', { version: version.version })}</Text>
                    {version.version === newest ? <Lozenge appearance="success">{i18n.t('admin.current')}</Lozenge> : null}
                  </Inline>
                  <VersionMeta framework={version} />
                  {version.note ? <Text as="p">{version.note}</Text> : null}
                </Stack>
                {canEdit && version.version !== newest && reverting !== version.version ? (
                  <Inline>
                    <Button
                      appearance="default"
                      onClick={() => setReverting(version.version)}
                      aria-label={`${i18n.t('admin.revert')} (${i18n.t('admin.version', { version: version.version })})`}
                    >
                      {i18n.t('admin.revert')}
                    </Button>
                  </Inline>
                ) : null}
                {reverting === version.version ? (
                  <RevertForm
                    version={version.version}
                    newest={newest}
                    projectKey={projectKey}
                    onCancel={() => setReverting(null)}
                    onReloadNewest={onReloadNewest}
                    onSaved={(saved) => {
                      setReverting(null);
                      onSaved(saved, version.version);
                    }}
                  />
                ) : null}
              </Stack>
            </Box>
          </li>
        ))}
      </ol>
    </Stack>
  );
}
