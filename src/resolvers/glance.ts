import { z } from 'zod';
import { COMPUTED_FIELDS } from '../domain/fields';
import { readStoredComputed } from '../domain/scoring';
import { jiraAsApp, jiraAsUser, JiraError } from '../jira/client';
import { resolveAppFieldIds } from '../services/app-fields';
import { getRequirementIssueTypeId } from '../storage/setup-store';
import { missingPermission, type ResolverDefinition } from './guard';
import { isRequirementIssue } from '../jira/issue-fields';

/**
 * The glance shows one badge beside the panel on every issue, so it answers in one Jira call: the
 * issue's computed fields read as the caller, which Jira answers only for someone who may browse
 * the issue (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-get).
 * A check by the app first would be a second round trip for the same answer.
 */
export const getGlance: ResolverDefinition<'glance.get', 'signed-in'> = {
  key: 'glance.get',
  access: { scope: 'signed-in' },
  payload: z
    .object({ issueKey: z.string().regex(/^[A-Z][A-Z0-9_]{0,49}-[1-9][0-9]{0,9}$/, 'must be an issue key such as REQ-1') })
    .strict(),
  async run({ payload }) {
    const [ids, requirementTypeId] = await Promise.all([resolveAppFieldIds(jiraAsApp()), getRequirementIssueTypeId()]);
    const issue = await jiraAsUser()
      .getIssue(payload.issueKey, ['issuetype', ...COMPUTED_FIELDS.map((field) => ids[field.name])])
      .catch((error: unknown) => {
        // The same answer for "no such issue" and "not yours", as the guard gives.
        if (error instanceof JiraError && error.kind === 'not-found')
          throw missingPermission('BROWSE_PROJECTS', { issueKey: payload.issueKey });
        throw error;
      });
    const isRequirement = isRequirementIssue(issue, requirementTypeId);
    const computed = readStoredComputed(
      Object.fromEntries(COMPUTED_FIELDS.map((field) => [field.name, issue.fields[ids[field.name]]])),
    );
    return {
      isRequirement,
      computed: {
        priorityGrade: computed.priorityGrade,
        weightedScore: computed.weightedScore,
        valueCostQuadrant: computed.valueCostQuadrant,
      },
    };
  },
};
