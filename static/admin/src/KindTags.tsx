import { useEffect, useState, type FormEvent } from 'react';
import Button from '@atlaskit/button/new';
import { ErrorMessage, Label } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack } from '@atlaskit/primitives/compiled';
import TextField from '@atlaskit/textfield';
import { KINDS, type Kind } from '../../../src/domain/kind-tags';
import type { KindTag, KindTagLists, StoredKindTags } from '../../shared/api';
import { ErrorState, Loading } from '../../shared/components';
import { useAction, useResolver } from '../../shared/hooks';
import { ProjectScopedSection, ProjectSettingsFooter } from './ProjectScoped';
import { useI18n, type MessageKey } from '../../shared/i18n';

const FIELDS = ['code', 'en', 'zh'] as const;
type TagField = (typeof FIELDS)[number];

const violationPath = (kind: Kind, index: number, field: TagField) =>
  field === 'code' ? `${kind}.${index}.code` : `${kind}.${index}.label.${field}`;

function TagsForm({
  projectKey,
  stored,
  onSaved,
  onReload,
}: {
  projectKey: string;
  stored: StoredKindTags;
  onSaved: (saved: StoredKindTags) => void;
  onReload: () => void;
}) {
  const i18n = useI18n();
  const [draft, setDraft] = useState<KindTagLists>(stored.tags);
  const saving = useAction<'kindTags.save'>();
  const { violations } = saving;
  useEffect(() => setDraft(stored.tags), [stored]);

  const edit = (kind: Kind, index: number, field: TagField, text: string) => {
    const tags = draft[kind].map((tag, at): KindTag =>
      at !== index ? tag : field === 'code' ? { ...tag, code: text } : { ...tag, label: { ...tag.label, [field]: text } },
    );
    setDraft({ ...draft, [kind]: tags });
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const result = await saving.run('kindTags.save', { projectKey, tags: draft, expectedRevision: stored.revision });
    if (result.ok) onSaved(result.data);
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
                    const fieldViolations = violations.filter(
                      (violation) =>
                        violation.field === violationPath(kind, index, field) ||
                        (field !== 'code' && violation.field === `${kind}.${index}.label`),
                    );
                    return (
                      <Stack key={field} space="space.050">
                        <Label htmlFor={id}>{i18n.t(`kindTags.field.${field}` as MessageKey)}</Label>
                        <TextField
                          id={id}
                          isCompact
                          width={field === 'code' ? 'small' : 'medium'}
                          value={field === 'code' ? tag.code : tag.label[field]}
                          isDisabled={saving.busy}
                          isInvalid={fieldViolations.length > 0}
                          aria-describedby={`${id}-error`}
                          onChange={(event) => edit(kind, index, field, event.currentTarget.value)}
                        />
                        <div id={`${id}-error`} aria-live="polite">
                          {fieldViolations.length > 0 ? (
                            <ErrorMessage>{fieldViolations.map((violation) => i18n.violation(violation)).join(' ')}</ErrorMessage>
                          ) : null}
                        </div>
                      </Stack>
                    );
                  })}
                  <Box paddingBlockStart="space.300">
                    <Button
                      spacing="compact"
                      appearance="subtle"
                      isDisabled={saving.busy}
                      onClick={() => setDraft({ ...draft, [kind]: draft[kind].filter((_, at) => at !== index) })}
                    >
                      {i18n.t('kindTags.remove', { tag: tag.label[i18n.language === 'zh-CN' ? 'zh' : 'en'] || tag.code })}
                    </Button>
                  </Box>
                </Inline>
              ))}
              {kindViolations.length > 0 ? (
                <ErrorMessage>{kindViolations.map((violation) => i18n.violation(violation)).join(' ')}</ErrorMessage>
              ) : null}
              <div>
                <Button
                  spacing="compact"
                  isDisabled={saving.busy}
                  onClick={() => setDraft({ ...draft, [kind]: [...draft[kind], { code: '', label: { en: '', zh: '' } }] })}
                >
                  {i18n.t('kindTags.add', { kind: i18n.t(`classification.value.${kind}` as MessageKey) })}
                </Button>
              </div>
            </Stack>
          );
        })}
        <ProjectSettingsFooter
          save={saving}
          saveLabel={i18n.t('kindTags.save')}
          savedMessage={i18n.t('kindTags.saved', { project: projectKey })}
          saveTestId="rt-kind-tags-save"
          stored={stored}
          onReload={onReload}
        />
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
    <ProjectScopedSection
      id="rt-kind-tags"
      title="kindTags.title"
      hint="kindTags.hint"
      label="delivery.project"
      inputId="rt-kind-tags-project"
    >
      {(projectKey) => <ProjectTags projectKey={projectKey} />}
    </ProjectScopedSection>
  );
}
