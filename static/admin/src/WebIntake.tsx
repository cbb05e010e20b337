import Button from '@atlaskit/button/new';
import { Label } from '@atlaskit/form';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import { ErrorState, Loading } from '../../shared/components';
import { useAction, useResolver } from '../../shared/hooks';
import { ProjectScopedSection } from './ProjectScoped';
import { useI18n } from '../../shared/i18n';

/** One project's web intake: its URL, and its secret created or replaced (shown this once). */
function ProjectIntake({ projectKey }: { projectKey: string }) {
  const i18n = useI18n();
  const status = useResolver('intake.status', { projectKey });
  const rotation = useAction<'intake.rotateSecret'>();
  const shown = rotation.result;

  if (status.error && !status.data) return <ErrorState error={status.error} onRetry={status.reload} />;
  if (!status.data) return <Loading />;
  const current = shown ?? status.data;

  const rotate = () => rotation.run('intake.rotateSecret', { projectKey });

  return (
    <Stack space="space.150">
      <Stack space="space.050">
        <Label htmlFor="rt-intake-url">{i18n.t('admin.intakeUrl')}</Label>
        <input
          id="rt-intake-url"
          readOnly
          value={current.url}
          style={{ width: '100%', fontFamily: 'monospace' }}
          onFocus={(event) => event.currentTarget.select()}
        />
      </Stack>
      <Text as="p" color="color.text.subtle">
        {current.secretCreatedAt
          ? i18n.t('admin.intakeSecretSince', { date: i18n.date(current.secretCreatedAt) })
          : i18n.t('admin.intakeNoSecret')}
      </Text>
      <Inline>
        <Button
          appearance={current.secretCreatedAt ? 'default' : 'primary'}
          isLoading={rotation.busy}
          onClick={() => void rotate()}
        >
          {i18n.t(current.secretCreatedAt ? 'admin.intakeRotate' : 'admin.intakeCreate')}
        </Button>
      </Inline>
      <div role="status" aria-live="polite">
        {shown ? (
          <SectionMessage appearance="warning">
            <Stack space="space.100">
              <Text as="p">{i18n.t('admin.intakeShownOnce')}</Text>
              <Label htmlFor="rt-intake-secret">{i18n.t('admin.intakeSecret')}</Label>
              <input
                id="rt-intake-secret"
                readOnly
                value={shown.secret}
                style={{ width: '100%', fontFamily: 'monospace' }}
                onFocus={(event) => event.currentTarget.select()}
              />
            </Stack>
          </SectionMessage>
        ) : null}
      </div>
      {rotation.error ? <ErrorState error={rotation.error} /> : null}
    </Stack>
  );
}

export function WebIntake() {
  return (
    <ProjectScopedSection
      id="rt-web-intake"
      title="admin.intake"
      hint="admin.intakeHint"
      label="common.project"
      inputId="rt-intake-project"
    >
      {(projectKey) => <ProjectIntake projectKey={projectKey} />}
    </ProjectScopedSection>
  );
}
