import { useEffect, useState, type FormEvent } from 'react';
import Button from '@atlaskit/button/new';
import { ErrorMessage, Label } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import TextField from '@atlaskit/textfield';
import { KINDS, type Kind } from '../../../src/domain/kind-tags';
import { call } from '../../shared/api';
import type { KindTag, KindTagLists, ResolverError, StoredKindTags, Violation } from '../../shared/api';
import { ErrorState, Loading } from '../../shared/components';
import { useResolver } from '../../shared/hooks';
import { ProjectScopedSection } from './ProjectScoped';
import { useI18n, type MessageKey } from '../../shared/i18n';
import { ConflictMessage } from './widgets';

const FIELDS = ['code', 'en', 'zh'] as const;
type TagField = (typeof FIELDS)[number];

const violationPath = (kind: Kind, index: number, field: TagField) => (field === 'code' ? `${kind}.${index}.code` : `${kind}.${index}.label.${field}`);

function TagsForm({ projectKey, stored, onSaved, onReload }: { projectKey: string; stored: StoredKindTags; onSaved: (saved: StoredKindTags) => void; onReload: () => void }) {
  const i18n = useI18n();
  const [draft, setDraft] = useState<KindTagLists>(stored.tags);
  const [violations, setViolations] = useState<Violation[]>([]);
  const [error, setError] = useState<ResolverError | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  useEffect(() => setDraft(stored.tags), [stored]);

  const edit = (kind: Kind, index: number, field: TagField, text: string) => {
    const tags = draft[kind].map((tag, at): KindTag => (at !== index ? tag : field === 'code' ? { ...tag, code: text } : { ...tag, label: { ...tag.label, [field]: text } }));
    setDraft({ ...draft, [kind]: tags });
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setSaved(false);
    const result = await call('kindTags.save', { projectKey, tags: draft, expectedRevision: stored.revision });
    setSaving(false);
    if (result.ok) {
      setViolations([]);
      setError(null);
      setSaved(true);
      onSaved(result.data);
    } else if (result.error.kind === 'validation' && result.error.violations) {
      setViolations(result.error.violations);
      setError(null);
    } else setError(result.error);
  };

  return (
    <form noValidate onSubmit={save} data-testid="rt-kind-tags-form">
      <Stack space="space.300">
        {KINDS.map((kind) => {
          const kindViolations = violations.filter((violation) => violation.field === kind);
          return (
            <Stack key={kind} space="space.100" testId={`rt-kind-tags-${kind}`}>
              <Heading size="xsmall" as="h3">
                {i18n.t(`classification.value.${kind}` as MessageKey)}
              </Heading>
              {draft[kind].map((tag, index) => (
                <Inline key={index} space="space.100" alignBlock="start" shouldWrap>
                  {FIELDS.map((field) => {
                    const id = `rt-kind-tag-${kind}-${index}-${field}`;
                    const fieldViolations = violations.filter((violation) => violation.field === violationPath(kind, index, field) || (field !== 'code' && violation.field === `${kind}.${index}.label`));
                    return (
                      <Stack key={field} space="space.050">
                        <Label htmlFor={id}>{i18n.t(`kindTags.field.${field}` as MessageKey)}</Label>
                        <TextField
                          id={id}
                          isCompact
                          width={field === 'code' ? 'small' : 'medium'}
                          value={field === 'code' ? tag.code : tag.label[field]}
                          isDisabled={saving}
                          isInvalid={fieldViolations.length > 0}
                          aria-describedby={`${id}-error`}
                          onChange={(event) => edit(kind, index, field, event.currentTarget.value)}
                        />
                        <div id={`${id}-error`} aria-live="polite">
                          {fieldViolations.length > 0 ? <ErrorMessage>{fieldViolations.map((violation) => i18n.violation(violation)).join(' ')}</ErrorMessage> : null}
                        </div>
                      </Stack>
                    );
                  })}
                  <Box paddingBlockStart="space.300">
                    <Button spacing="compact" appearance="subtle" isDisabled={saving} onClick={() => setDraft({ ...draft, [kind]: draft[kind].filter((_, at) => at !== index) })}>
                      {i18n.t('kindTags.remove', { tag: tag.label[i18n.language === 'zh-CN' ? 'zh' : 'en'] || tag.code })}
                    </Button>
                  </Box>
                </Inline>
              ))}
              {kindViolations.length > 0 ? <ErrorMessage>{kindViolations.map((violation) => i18n.violation(violation)).join(' ')}</ErrorMessage> : null}
              <div>
                <Button spacing="compact" isDisabled={saving} onClick={() => setDraft({ ...draft, [kind]: [...draft[kind], { code: '', label: { en: '', zh: '' } }] })}>
                  {i18n.t('kindTags.add', { kind: i18n.t(`classification.value.${kind}` as MessageKey) })}
                </Button>
              </div>
            </Stack>
          );
        })}
        {error?.kind === 'conflict' ? <ConflictMessage error={error} onReload={onReload} /> : error ? <ErrorState error={error} /> : null}
        <div role="status" aria-live="polite">
          {saved ? (
            <SectionMessage appearance="success">
              <Text as="p">{i18n.t('kindTags.saved', { project: projectKey })}</Text>
            </SectionMessage>
          ) : null}
        </div>
        <Inline space="space.150" alignBlock="center" shouldWrap>
          <Button type="submit" appearance="primary" isLoading={saving} testId="rt-kind-tags-save">
            {i18n.t('kindTags.save')}
          </Button>
          {stored.updatedBy && stored.updatedAt ? (
            <Text size="small" color="color.text.subtle">
              {i18n.t('delivery.lastSaved', { who: stored.updatedBy, when: i18n.date(stored.updatedAt) })}
            </Text>
          ) : null}
        </Inline>
      </Stack>
    </form>
  );
}

function ProjectTags({ projectKey }: { projectKey: string }) {
  const loaded = useResolver('kindTags.get', { projectKey });
  const [stored, setStored] = useState<StoredKindTags | null>(null);
  useEffect(() => setStored(loaded.data), [loaded.data]);
  if (loaded.error) return <ErrorState error={loaded.error} onRetry={loaded.reload} />;
  if (!stored) return <Loading />;
  return <TagsForm projectKey={projectKey} stored={stored} onSaved={setStored} onReload={loaded.reload} />;
}

/** Per project: the second-level tags each kind offers on the panel (the defaults until an admin saves). */
export function KindTags() {
  return (
    <ProjectScopedSection id="rt-kind-tags" title="kindTags.title" hint="kindTags.hint" label="delivery.project" inputId="rt-kind-tags-project">
      {(projectKey) => <ProjectTags projectKey={projectKey} />}
    </ProjectScopedSection>
  );
}
