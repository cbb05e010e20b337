import { GRADES, type Grade } from './framework';

/**
 * The JQL behind each number a gadget shows, so a click opens that list in Jira's issue search:
 * the gadget's own query narrowed to the bar or count clicked. Fields are named by their `cf[N]`
 * id, which reads the same whatever language the site's field names are in.
 */
export interface DrillDown {
  grades: Record<Grade, string>;
  notFeasible: string;
}

/** `customfield_10042` → `cf[10042]`; any other id as Jira names it. */
export const jqlField = (fieldId: string): string => {
  const custom = /^customfield_(\d+)$/.exec(fieldId);
  return custom ? `cf[${custom[1]}]` : fieldId;
};

/** The query without its ORDER BY, in parentheses so that a narrowing AND binds to all of it. */
const scoped = (jql: string): string => `(${jql.replace(/\border\s+by\b[\s\S]*$/i, '').trim()})`;

export function drillDownJql(baseJql: string, fields: { priorityGrade: string; feasibilityMarks: string }): DrillDown {
  const base = scoped(baseJql);
  const grade = jqlField(fields.priorityGrade);
  return {
    grades: Object.fromEntries(GRADES.map((value) => [value, `${base} AND ${grade} = "${value}"`])) as Record<Grade, string>,
    // The field reads "technical: feasible; compliance: not feasible" (delivery.ts): the phrase finds any dimension.
    notFeasible: `${base} AND ${jqlField(fields.feasibilityMarks)} ~ "not feasible"`,
  };
}
