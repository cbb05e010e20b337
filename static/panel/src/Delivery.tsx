import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import Button from '@atlaskit/button/new';
import { Label } from '@atlaskit/form';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import TextField from '@atlaskit/textfield';
import type { DeliveryView, PayloadOf } from '../../shared/api';
import { DetailList, ErrorState, Loading, Section } from '../../shared/components';
import { useAction, useResolver } from '../../shared/hooks';
import { useI18n } from '../../shared/i18n';

type Notice = { appearance: 'success' | 'information'; text: string } | null;

type DeliveryKey = 'delivery.dueDate.move' | 'delivery.dueDate.keep' | 'delivery.responsibility.save';

function DaysLeft({ view }: { view: DeliveryView }) {
  const i18n = useI18n();
  if (view.done) return <Lozenge appearance="success">{i18n.t('delivery.done')}</Lozenge>;
  if (view.daysLeft === null) return null;
  if (view.daysLeft < 0)
    return (
      <Lozenge appearance="removed">{i18n.t('delivery.overdue', { days: i18n.plural('common.days', -view.daysLeft) })}</Lozenge>
    );
  if (view.daysLeft === 0) return <Lozenge appearance="moved">{i18n.t('delivery.dueToday')}</Lozenge>;
  return (
    <Lozenge appearance="default">{i18n.t('delivery.daysLeft', { days: i18n.plural('common.days', view.daysLeft) })}</Lozenge>
  );
}

/** The grade changed after acceptance: move the due date to the new grade's deadline, or keep it. */
function DueDateProposal({
  view,
  busy,
  onMove,
  onKeep,
}: {
  view: DeliveryView;
  busy: boolean;
  onMove: () => void;
  onKeep: () => void;
}) {
  const i18n = useI18n();
  const proposal = view.dueDateProposal;
  if (!proposal) return null;
  const text = i18n.t('delivery.proposal', {
    from: proposal.fromGrade ? i18n.grade(proposal.fromGrade) : '–',
    to: i18n.grade(proposal.toGrade),
    fromDate: i18n.day(proposal.from),
    toDate: i18n.day(proposal.to),
  });
  return (
    <div data-testid="rt-due-date-proposal">
      <SectionMessage
        appearance="discovery"
        title={i18n.t('delivery.proposalTitle')}
        actions={
          view.canEdit
            ? [
                <SectionMessageAction key="move" onClick={busy ? undefined : onMove}>
                  {i18n.t('delivery.move')}
                </SectionMessageAction>,
                <SectionMessageAction key="keep" onClick={busy ? undefined : onKeep}>
                  {i18n.t('delivery.keep')}
                </SectionMessageAction>,
              ]
            : []
        }
      >
        <Text as="p">{text}</Text>
      </SectionMessage>
    </div>
  );
}

function DepartmentEditor({
  view,
  busy,
  onSave,
  onCancel,
}: {
  view: DeliveryView;
  busy: boolean;
  onSave: (department: string) => void;
  onCancel: () => void;
}) {
  const i18n = useI18n();
  const id = useId();
  const [value, setValue] = useState(view.responsibleDepartment ?? '');
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onSave(value);
      }}
    >
      <Stack space="space.050">
        <Label htmlFor={id}>{i18n.t('delivery.departmentLabel')}</Label>
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <div style={{ width: 220 }}>
            <TextField
              id={id}
              value={value}
              maxLength={255}
              autoFocus
              onChange={(event) => setValue(event.currentTarget.value)}
            />
          </div>
          <Button type="submit" appearance="primary" isLoading={busy}>
            {i18n.t('common.save')}
          </Button>
          <Button onClick={onCancel}>{i18n.t('delivery.cancel')}</Button>
        </Inline>
      </Stack>
    </form>
  );
}

/**
 * Owner, responsible department and dates of the requirement, and the offer to move the due date
 * after a grade change. `grade` is the panel's current grade: when a save changes it, this reloads.
 */
export function Delivery({ grade }: { grade: string | null }) {
  const i18n = useI18n();
  const delivery = useResolver('delivery.get', {});
  const [view, setView] = useState<DeliveryView | null>(null);
  const [editing, setEditing] = useState(false);
  // One action for every button: they share the busy state and the error.
  const action = useAction<DeliveryKey>();
  const { busy, error } = action;
  const [notice, setNotice] = useState<Notice>(null);
  const firstGrade = useRef(grade);

  useEffect(() => setView(delivery.data), [delivery.data]);
  const { reload } = delivery;
  useEffect(() => {
    if (grade !== firstGrade.current) reload();
    firstGrade.current = grade;
  }, [grade, reload]);

  async function act<K extends DeliveryKey>(key: K, payload: PayloadOf<K>, noticeOf: (next: DeliveryView) => Notice) {
    setNotice(null);
    const result = await action.run(key, payload);
    if (!result.ok) {
      if (result.error.kind === 'conflict') reload();
      return;
    }
    setView(result.data as DeliveryView);
    setEditing(false);
    setNotice(noticeOf(result.data as DeliveryView));
  }

  if (!view) {
    return (
      <Section title={i18n.t('delivery.title')} id="rt-delivery">
        {delivery.error ? <ErrorState error={delivery.error} onRetry={reload} /> : <Loading />}
      </Section>
    );
  }
  if (!view.isRequirement) return null;
  const proposal = view.dueDateProposal;
  const rows: { label: string; value: ReactNode; testId: string }[] = [
    {
      label: i18n.t('delivery.owner'),
      testId: 'rt-delivery-owner',
      value: (
        <Inline space="space.100" alignBlock="center" shouldWrap>
          {view.owner ? (
            <Text>{view.owner.displayName}</Text>
          ) : (
            <Text color="color.text.subtlest">{i18n.t('delivery.unassigned')}</Text>
          )}
          {view.canEdit ? (
            <Button
              spacing="compact"
              appearance="subtle"
              isDisabled={busy}
              onClick={() => void act('delivery.responsibility.save', { assignToMe: true }, () => null)}
            >
              {i18n.t('delivery.assignToMe')}
            </Button>
          ) : null}
        </Inline>
      ),
    },
    {
      label: i18n.t('delivery.department'),
      testId: 'rt-delivery-department',
      value: editing ? (
        <DepartmentEditor
          view={view}
          busy={busy}
          onCancel={() => setEditing(false)}
          onSave={(department) =>
            void act(
              'delivery.responsibility.save',
              { department: department.trim() || null, expectedDepartment: view.responsibleDepartment },
              () => null,
            )
          }
        />
      ) : (
        <Inline space="space.100" alignBlock="center" shouldWrap>
          {view.responsibleDepartment ? (
            <Text>{view.responsibleDepartment}</Text>
          ) : (
            <Text color="color.text.subtlest">{i18n.t('common.notSet')}</Text>
          )}
          {view.canEdit ? (
            <Button spacing="compact" appearance="subtle" isDisabled={busy} onClick={() => setEditing(true)}>
              {i18n.t('delivery.editDepartment')}
            </Button>
          ) : null}
        </Inline>
      ),
    },
    {
      label: i18n.t('delivery.dueDate'),
      testId: 'rt-delivery-due-date',
      value: (
        <Inline space="space.100" alignBlock="center" shouldWrap>
          {view.dueDate ? (
            <Text>{i18n.day(view.dueDate)}</Text>
          ) : (
            <Text color="color.text.subtlest">{i18n.t('common.notSet')}</Text>
          )}
          <DaysLeft view={view} />
        </Inline>
      ),
    },
    {
      label: i18n.t('delivery.acceptedOn'),
      testId: 'rt-delivery-accepted-on',
      value: view.acceptedOn ? (
        <Text>{i18n.day(view.acceptedOn)}</Text>
      ) : (
        <Text color="color.text.subtlest">{i18n.t('delivery.notAccepted')}</Text>
      ),
    },
  ];

  return (
    <Section title={i18n.t('delivery.title')} id="rt-delivery">
      {proposal ? (
        <DueDateProposal
          view={view}
          busy={busy}
          onMove={() =>
            void act('delivery.dueDate.move', { expectedDueDate: proposal.from, toGrade: proposal.toGrade }, (next) =>
              next.dueDate === proposal.to
                ? { appearance: 'success', text: i18n.t('delivery.moved', { date: i18n.day(proposal.to) }) }
                : {
                    appearance: 'information',
                    text: i18n.t('delivery.alreadyChanged', {
                      date: next.dueDate ? i18n.day(next.dueDate) : i18n.t('common.notSet'),
                    }),
                  },
            )
          }
          onKeep={() =>
            void act('delivery.dueDate.keep', { grade: proposal.toGrade }, () => ({
              appearance: 'information',
              text: i18n.t('delivery.kept', { date: i18n.day(proposal.from), grade: i18n.grade(proposal.toGrade) }),
            }))
          }
        />
      ) : null}
      {notice ? (
        <div aria-live="polite">
          <SectionMessage appearance={notice.appearance === 'success' ? 'success' : 'information'}>
            <Text as="p">{notice.text}</Text>
          </SectionMessage>
        </div>
      ) : null}
      {error ? <ErrorState error={error} /> : null}
      <DetailList
        alignCenter
        rows={rows.map((row) => ({ key: row.testId, label: row.label, value: row.value, testId: row.testId }))}
      />
    </Section>
  );
}
