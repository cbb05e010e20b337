import { drillDownJql, jqlField } from '../../../src/domain/gadget-drill-down';

const fields = { priorityGrade: 'customfield_10042', feasibilityMarks: 'customfield_10077' };

describe('the JQL behind a gadget count', () => {
  test('a grade bar narrows the project query to that grade, without its ORDER BY', () => {
    const drill = drillDownJql('project = "REQ" AND issuetype = "Requirement" ORDER BY key ASC', fields);
    expect(drill.grades.A).toBe('(project = "REQ" AND issuetype = "Requirement") AND cf[10042] = "A"');
    expect(Object.keys(drill.grades)).toEqual(['S', 'A', 'B', 'C']);
  });

  test('"not feasible" searches the feasibility marks field; an OR in a filter stays inside its parentheses', () => {
    const drill = drillDownJql('issuetype = "Requirement" AND (labels = crm OR component = CRM)', fields);
    expect(drill.notFeasible).toBe(
      '(issuetype = "Requirement" AND (labels = crm OR component = CRM)) AND cf[10077] ~ "not feasible"',
    );
  });

  test('a field id that is not a custom field is used as it is', () => {
    expect(jqlField('priority')).toBe('priority');
    expect(jqlField('customfield_7')).toBe('cf[7]');
  });
});
