import { useMemo } from 'react';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import { ErrorState, GradeLozenge, IssueLink, Loading, Section } from '../../shared/components';
import { useI18n } from '../../shared/i18n';
import { byPriority, useAllRequirements } from '../../matrix/src/data';

/** Enough to see what a customer asks for; the matrix's customer filter lists them all. */
const MAX_LISTED = 50;

/**
 * The requirements of the project that name this customer among their linked customers, highest
 * priority first. Read from the same rows as the matrix (the project's copy), so opening a customer
 * costs no search of its own.
 */
export function RaisedRequirements({ projectKey, number }: { projectKey: string; number: string }) {
  const i18n = useI18n();
  const requirements = useAllRequirements(projectKey);
  const raised = useMemo(
    () => requirements.rows.filter((row) => row.linkedCustomers.includes(number)).sort(byPriority),
    [requirements.rows, number],
  );
  let content;
  if (requirements.error) content = <ErrorState error={requirements.error} onRetry={requirements.reload} />;
  else if (!requirements.ready) content = <Loading />;
  else if (raised.length === 0)
    content = (
      <Text as="p" color="color.text.subtle">
        {i18n.t('customers.raised.none', { project: projectKey })}
      </Text>
    );
  else {
    content = (
      <Stack space="space.100">
        <ul
          aria-label={i18n.t('customers.raised.title')}
          style={{ margin: 0, paddingInlineStart: token('space.250', '20px') }}
          data-testid="rt-raised-requirements"
        >
          {raised.slice(0, MAX_LISTED).map((row) => (
            <li key={row.id} style={{ marginBlockEnd: token('space.075', '6px') }}>
              <Inline space="space.100" alignBlock="center" shouldWrap>
                <IssueLink row={row} />
                <span style={{ overflowWrap: 'anywhere' }}>
                  <Text>{row.summary}</Text>
                </span>
                <GradeLozenge grade={row.computed.priorityGrade} />
                <Text size="small" color="color.text.subtle">
                  {row.status}
                </Text>
              </Inline>
            </li>
          ))}
        </ul>
        {raised.length > MAX_LISTED ? (
          <Text size="small" color="color.text.subtle">
            {i18n.t('customers.raised.more', { shown: i18n.number(MAX_LISTED), count: i18n.number(raised.length) })}
          </Text>
        ) : null}
      </Stack>
    );
  }
  return (
    <Section title={i18n.t('customers.raised.title')} id="rt-customer-raised">
      <Text as="p" size="small" color="color.text.subtle">
        {i18n.t('customers.raised.hint', { project: projectKey, number })}
      </Text>
      {content}
    </Section>
  );
}
