/**
 * The one message catalogue of every Custom UI surface, in English and Simplified Chinese, and the
 * helpers that format numbers, dates and domain values for the user's Jira locale.
 *
 * The language follows the Forge context locale: `zh-CN` / `zh_CN` → Chinese, anything else →
 * English. Numbers and dates use Intl with the context locale itself.
 */
import { createContext, createElement, useContext, useMemo, type ReactNode } from 'react';
import { COMPUTED_FIELDS, INPUT_FIELDS, type ComputedFieldName, type InputFieldName } from '../../src/domain/fields';
import { BAND_LABELS, QUADRANT_LABELS } from '../../src/domain/exports';
import { CUSTOMER_TYPES, type CustomerType, type Grade, type WeightedFactor } from '../../src/domain/framework';
import type { Violation, ViolationRule } from '../../src/domain/result';
import type { Moscow, Quadrant, ThreeFactorBand } from '../../src/domain/scoring';
import type { ErrorKind, SetupStep } from '../../src/shared/api';

export type Language = 'en' | 'zh-CN';
export type FieldName = InputFieldName | ComputedFieldName;
type Params = Record<string, string | number>;

/** Field names come from the domain's field definitions, so the catalogue and Jira agree. */
function fieldMessages(language: 'en' | 'zh'): Record<`field.${FieldName}`, string> {
  return Object.fromEntries([...INPUT_FIELDS, ...COMPUTED_FIELDS].map((field) => [`field.${field.name}`, field.label[language]])) as Record<
    `field.${FieldName}`,
    string
  >;
}

/** Band and quadrant names come from the domain too: the exports write the same words. */
function valueMessages(language: 'en' | 'zh'): Record<`band.${ThreeFactorBand}` | `quadrant.${Quadrant}`, string> {
  return {
    ...(Object.fromEntries(Object.entries(BAND_LABELS).map(([band, label]) => [`band.${band}`, label[language]])) as Record<`band.${ThreeFactorBand}`, string>),
    ...(Object.fromEntries(Object.entries(QUADRANT_LABELS).map(([quadrant, label]) => [`quadrant.${quadrant}`, label[language]])) as Record<`quadrant.${Quadrant}`, string>),
  };
}

const en = {
  ...fieldMessages('en'),
  'app.name': 'Requirement Triage',

  'common.loading': 'Loading…',
  'common.retry': 'Try again',
  'common.dismiss': 'Dismiss',
  'common.refresh': 'Refresh',
  'common.save': 'Save',
  'common.notScored': 'Not scored',
  'common.notSet': 'Not set',
  'common.none': 'None',
  'common.noDeadline': 'No deadline',
  'common.days.one': '{count} day',
  'common.days.other': '{count} days',
  'common.requirements.one': '{count} requirement',
  'common.requirements.other': '{count} requirements',
  'common.select': 'Choose…',
  'common.noOptions': 'Nothing to choose from',
  'common.project': 'Project',
  'common.projectOption': '{name} ({key})',

  'grade.S': 'S',
  'grade.A': 'A',
  'grade.B': 'B',
  'grade.C': 'C',
  'grade.label': 'Grade {grade}',
  ...valueMessages('en'),
  'quadrant.quick-win.hint': 'High value, low cost',
  'quadrant.major-project.hint': 'High value, high cost',
  'quadrant.fill-in.hint': 'Low value, low cost',
  'quadrant.avoid.hint': 'Low value, high cost',
  'moscow.Must': 'Must have',
  'moscow.Should': 'Should have',
  'moscow.Could': 'Could have',
  "moscow.Won't": "Won't have",

  'violation.required': '{field} is required.',
  'violation.required.wontReason': "Give a reason when MoSCoW is Won't have.",
  'violation.type': '{field} must be a number.',
  'violation.integer': '{field} must be a whole number.',
  'violation.range': '{field} must be from {min} to {max}.',
  'violation.one-decimal': '{field} may have at most one decimal place.',
  'violation.enum': '{field} has a value that is not allowed.',
  'violation.enum.moscow': "MoSCoW must be Must, Should, Could or Won't have.",
  'violation.enum.issuetype': 'Scores can be set only on Requirement issues.',
  'violation.sum': 'Weights must add up to 100 % (they add up to {total} %).',
  'violation.order': '{field} is out of order with the related settings.',
  'violation.order.max': '{field} must be greater than the minimum.',
  'violation.order.gradeThresholds.A': 'Grade A threshold must be lower than grade S threshold.',
  'violation.order.gradeThresholds.B': 'Grade B threshold must be lower than grade A threshold.',
  'violation.order.threeFactorBands.medium': 'The "Medium" band must start below the "High" band.',
  'violation.order.deadline': '{field} must not be shorter than the deadline of a higher grade.',
  'violation.length': '{field} must be at most {max} characters (it has {length}).',
  'violationField.issuetype': 'Issue type',

  'error.validation': 'Some values need fixing',
  'error.forbidden': "You don't have permission",
  'error.not-found': 'Not found',
  'error.conflict': 'Someone else changed this at the same time',
  'error.unavailable': 'Jira could not be reached',
  'error.internal': 'Something went wrong',
  'error.validation.hint': 'Check the values you entered.',
  'error.forbidden.hint': "Your Jira account doesn't have the permission this needs.",
  'error.not-found.hint': "The issue or project doesn't exist, or you can't see it.",
  'error.conflict.hint': 'Someone else changed this at the same time. Refresh and try again.',
  'error.unavailable.hint': 'Jira is busy or unreachable; nothing was changed. Try again in a moment.',
  'error.internal.hint': 'Something went wrong in the app; nothing was changed.',
  'error.context': "Couldn't read where this app is shown in Jira.",
  'error.crash': 'This view stopped working. Reload the page to try again.',

  'panel.notRequirement': 'Requirement Triage scores apply to Requirement issues only. Change the issue type to Requirement to score this issue.',
  'panel.inputs': 'Triage inputs',
  'similar.title': 'Similar requirements',
  'similar.none': 'No similar requirements in this project yet.',
  'similar.similarity': '{percent} similar',
  'similar.merge': 'Merge…',
  'similar.mergeTitle': 'Merge {this} and {other}',
  'similar.keep': 'Requirement to keep open',
  'similar.description': 'Description to keep',
  'similar.thisIssue': 'This one ({key})',
  'similar.otherIssue': '{key}',
  'similar.confirm': 'Merge',
  'similar.cancel': 'Cancel',
  'similar.merged': '{duplicate} is now a duplicate of {kept}: linked, its customer words added, the duplicate count raised.',
  'similar.mergedClosed': '{duplicate} was closed with resolution Duplicate.',
  'similar.mergedOpen': 'The workflow offers no way to close {duplicate}; it stays open.',
  'similar.undo': 'Undo',
  'similar.undone': 'The merge of {duplicate} into {kept} was undone.',
  'similar.undoneStatusKept': 'The workflow offers no way back to the old status of {duplicate}; change it by hand.',
  'classification.title': 'Classification',
  'classification.suggested': 'Suggested, {percent} sure',
  'classification.accept': 'Accept suggestion',
  'classification.saveChoice': 'Save {field}',
  'classification.chosen': 'Chosen by a person; suggestions never replace it.',
  'classification.noSuggestion': 'No suggestion: the text says too little.',
  'classification.field.nature': 'Nature',
  'classification.field.kind': 'Kind',
  'classification.value.functional': 'Functional',
  'classification.value.non-functional': 'Non-functional',
  'classification.value.business-process': 'Business process',
  'classification.value.new-feature': 'New feature',
  'classification.value.optimisation': 'Function optimisation',
  'classification.value.improvement': 'Function improvement',
  'classification.value.service-experience': 'Service experience',
  'classification.value.price-suggestion': 'Price suggestion',
  'classification.value.cooperation': 'Cooperation',
  'panel.results': 'Scores',
  'panel.scaleHint': 'Whole number, {min} to {max}',
  'panel.wontReasonHint': "Required when MoSCoW is Won't have.",
  'panel.saved': 'Saved. The scores are up to date.',
  'panel.fixErrors': 'Fix the highlighted fields before saving.',
  'panel.saveFailed': 'Your changes were not saved.',
  'panel.unsaved': 'Unsaved changes',
  'panel.readOnly': 'You can view these scores. Changing them needs the Edit issues permission.',
  'panel.problems': 'Some values stored on this issue are invalid and are ignored',
  'panel.problemsHint': 'Enter valid values and save to replace them.',
  'panel.breakdown': 'How the weighted score adds up',
  'panel.factor': 'Factor',
  'panel.value': 'Value',
  'panel.weight': 'Weight',
  'panel.points': 'Points',
  'panel.breakdownItem': '{factor} {value} × {weight}',
  'panel.needs': 'Needs {fields}.',
  'panel.deadline': 'Due within {days} of acceptance',
  'panel.valueCost': 'Value {value} · cost {cost}',
  'panel.conflictTitle': 'Someone else saved first',
  'panel.conflictKept': 'Your entries are still in the form. Load the current values to see what changed, then save again.',
  'panel.loadCurrent': 'Load the current values',
  'panel.whatChanged': 'What changed in version {latest}',
  'panel.scoredWith': 'Scored with framework version {version}',
  'panel.stale': 'The scoring framework has changed: version {latest} is current, these scores use version {version}.',
  'panel.staleEdit': 'Save to rescore with version {latest}.',
  'panel.staleReadOnly': 'Someone who can edit this issue can rescore it.',

  'glance.notRequirement': 'Not a Requirement',

  'matrix.title': 'Priority matrix',
  'matrix.chartTitle': 'Value / cost matrix',
  'matrix.chartDescription': '{count} requirements by implementation cost (across) and business value (up). Each point is a focusable requirement; press Enter to open it.',
  'matrix.legend': 'Priority grade',
  'matrix.noGrade': 'No grade',
  'matrix.ranked': 'Ranked requirements',
  'export.title': 'Export',
  'export.scopeProject': 'Every Requirement of {project}. The quick filters above only narrow the view and are not applied.',
  'export.scopeJql': 'Every Requirement of {project} matching the JQL "{jql}". The quick filters above only narrow the view and are not applied.',
  'export.template': 'Table',
  'export.template.register': 'Requirement register (template 1)',
  'export.template.evaluation': 'Priority evaluation table (template 2)',
  'export.format': 'Format',
  'export.format.xlsx': 'Excel workbook (.xlsx)',
  'export.format.csv': 'CSV, UTF-8 (.csv)',
  'export.headers': 'Column headers',
  'export.headers.zh': 'Chinese (中文)',
  'export.headers.en': 'English',
  'export.start': 'Export',
  'export.progress': 'Read {done} of about {total} requirements…',
  'export.progressUnknown': 'Read {done} requirements…',
  'export.writing': 'Writing the file with {count} requirements…',
  'export.done': 'Downloaded {file} with {count} requirements.',
  'export.failed': 'The export stopped; no file was downloaded',
  'matrix.rank': 'Rank',
  'matrix.key': 'Key',
  'matrix.summary': 'Summary',
  'matrix.status': 'Status',
  'matrix.value': 'Value',
  'matrix.cost': 'Cost',
  'matrix.unplotted': 'Not on the chart',
  'matrix.unplottedHint': 'These requirements need both a business value and an implementation cost to appear on the chart.',
  'matrix.empty': 'No requirements in this project yet',
  'matrix.emptyHint': 'Create issues of type Requirement and score them in the Requirement Triage panel to see them here.',
  'matrix.noProject': 'Open this page from a project.',
  'matrix.loadingPages': 'Loaded {count} requirements so far…',
  'matrix.open': 'Open {key}',
  'matrix.pointScores': 'weighted {weighted}, three-factor {threeFactor}',
  'matrix.previousPage': 'Previous page',
  'matrix.nextPage': 'Next page',
  'matrix.pagination': 'Pages of the ranked requirements',
  'matrix.page': 'Page',
  'matrix.due': 'Due',
  'matrix.unplottedMore': 'and {count} more, listed in the ranked requirements below.',
  'matrix.moveHint': 'Drag a point, or focus it and press the arrow keys, to change its business value and implementation cost.',
  'matrix.readOnly': 'You can look but not move points: moving one changes the requirement, which needs the Edit issues permission.',
  'matrix.legendMoscow': 'MoSCoW',
  'matrix.noMoscow': 'No MoSCoW',
  'matrix.sizeHint': 'Larger points: more customers asked for the requirement (merged duplicates).',
  'matrix.filtersLabel': 'Filters',
  'matrix.filtersActive': 'Filters ({count} on)',
  'matrix.filter.status': 'Status',
  'matrix.filter.moscow': 'MoSCoW',
  'matrix.filter.grade': 'Grade',
  'matrix.filter.quadrant': 'Quadrant',
  'matrix.filter.assignee': 'Assignee',
  'matrix.filter.label': 'Label',
  'matrix.filter.component': 'Component',
  'matrix.filter.any': 'Any',
  'matrix.unassigned': 'Unassigned',
  'matrix.clearFilters': 'Clear {count} filters',
  'matrix.colourBy': 'Colour points by',
  'matrix.colourByGrade': 'Priority grade',
  'matrix.colourByMoscow': 'MoSCoW',
  'matrix.jqlLabel': 'Narrow with JQL',
  'matrix.jqlApply': 'Apply',
  'matrix.jqlClear': 'Clear',
  'matrix.jqlHint': "Any JQL Jira accepts, applied within this project's requirements; leave out ORDER BY.",
  'matrix.jqlApplied': 'Showing requirements matching: {jql}',
  'matrix.jqlRefused': 'Jira did not accept this JQL, so the previous view is kept: {message}',
  'matrix.shownCount': 'Showing {shown} of {total} requirements',
  'matrix.noMatches': 'No requirements match these filters',
  'matrix.noMatchesHint': 'Clear a filter or change the JQL to see more.',
  'matrix.moved': '{key} moved to value {value}, cost {cost}: grade {grade}.',
  'matrix.moveFailed': '{key} was not moved',
  'matrix.undo': 'Undo',

  'gadget.configureTitle': 'Choose a project',
  'gadget.configureHint': 'Edit this gadget and choose the project whose requirements it should show.',
  'gadget.editTitle': 'Requirement priorities settings',
  'gadget.noProjects': "There are no projects you can see. Ask a Jira admin for access, then edit the gadget again.",
  'gadget.chooseProject': 'Choose a project to save.',
  'gadget.heading': 'Requirement priorities · {project}',
  'gadget.byGrade': 'By priority grade',
  'gadget.shareNote': 'Percentages are of the {count} scored requirements.',
  'gadget.byQuadrant': 'By value / cost quadrant',
  'gadget.unscored': 'Not scored yet',
  'gadget.empty': 'No requirements in {project} yet',
  'gadget.emptyHint': 'Requirements created in this project appear here once they are scored.',
  'gadget.gradeRow': 'Grade {grade}: {count}, {percent}',
  'gadget.headingFilter': 'Requirement priorities · filter {project}',
  'gadget.kind.grades': 'Grade distribution',
  'gadget.kind.top': 'Top {count} by weighted score',
  'gadget.kind.quadrants': 'Value / cost quadrant counts',
  'gadget.kind.moscow': 'MoSCoW counts',
  'gadget.kind.overdue': 'Overdue requirements',
  'gadget.topDetail': 'weighted {score}',
  'gadget.overdueCount.one': '{count} requirement is past its due date',
  'gadget.overdueCount.other': '{count} requirements are past their due date',
  'gadget.overdueDetail': 'due {date}, {days} overdue',
  'gadget.overdueMore': 'and {count} more; open the priority matrix to see them all.',
  'gadget.noneOverdue': 'Nothing is overdue',
  'gadget.noneScored': 'No requirement has a weighted score yet',
  'gadget.source': 'Requirements from',
  'gadget.sourceProject': 'A project',
  'gadget.sourceFilter': 'A saved filter',
  'gadget.filter': 'Saved filter',
  'gadget.filterOption': '{name} (by {owner})',
  'gadget.noFilters': 'No saved filters you can see',
  'gadget.chooseFilter': 'Choose a saved filter to save.',
  'gadget.chooseKind': 'Choose what the gadget shows.',
  'gadget.show': 'Show',
  'gadget.topN': 'How many',
  'gadget.topNHint': 'From 1 to {max}.',
  'gadget.topNRange': 'How many must be a whole number from 1 to {max}.',

  'admin.title': 'Requirement Triage setup',
  'admin.framework': 'Scoring framework',
  'admin.version': 'Version {version}',
  'admin.current': 'Current',
  'admin.createdBy': '{date} by {author}',
  'admin.setting': 'Setting',
  'admin.settingValue': 'Value',
  'admin.weight': 'Weight of {factor}',
  'admin.factorScale': 'Factor scale',
  'admin.range': '{min} to {max}',
  'admin.gradeFrom': 'Weighted score ≥ {min}',
  'admin.gradeBelow': 'Weighted score < {min}',
  'admin.gradeThreshold': 'Grade {grade}',
  'admin.band': 'Three-factor priority {band}',
  'admin.bandFrom': 'Sum ≥ {min}',
  'admin.bandBetween': 'Sum {min} to {max}',
  'admin.bandBelow': 'Sum < {min}',
  'admin.valueCostScale': 'Value / cost scale',
  'admin.highValueFrom': 'High business value from',
  'admin.highCostFrom': 'High implementation cost from',
  'admin.deadline': 'Deadline for grade {grade}',
  'admin.history': 'Version history',
  'admin.historyEmpty': 'No earlier versions.',
  'admin.setup': 'Set up a project',
  'admin.setupHint': "Adds the Requirement issue type, the app's fields on its screens and the requirement workflow to the project. Running it again is safe: nothing is created twice, and a run that stopped part-way finishes.",
  'admin.setupRun': 'Set up project',
  'admin.setupDone': 'Setup of {project} finished.',
  'admin.setupFailed': 'Setup of {project} stopped at a failed step.',
  'admin.chooseProject': 'Choose a project first.',
  'admin.edit': 'Edit framework',
  'admin.editing': 'New version based on version {version}',
  'admin.cancel': 'Cancel',
  'admin.weights': 'Weights',
  'admin.weightsHint': 'Whole percentages that add up to 100 %.',
  'admin.weightsTotal': 'Total: {total}',
  'admin.scaleMin': '{scale} minimum',
  'admin.scaleMax': '{scale} maximum',
  'admin.minimum': 'Minimum',
  'admin.maximum': 'Maximum',
  'admin.scaleHint': 'Whole numbers, 0 to 100.',
  'admin.gradeThresholds': 'Grade thresholds',
  'admin.gradeThresholdsHint': 'Lowest weighted score for each grade, at most one decimal. Below B is C.',
  'admin.gradeThresholdSetting': 'Grade {grade} threshold',
  'admin.gradeFromLabel': 'Grade {grade} from',
  'admin.bands': 'Three-factor priority bands',
  'admin.bandsHint': 'Lowest sum of urgency, importance and customer value for each band. Below medium is low.',
  'admin.bandStart': '"{band}" band from',
  'admin.quadrantSplit': 'Value / cost quadrants',
  'admin.quadrantSplitHint': 'At or above these values a requirement counts as high value or high cost.',
  'admin.deadlines': 'Deadlines',
  'admin.deadlinesHint': 'Days from acceptance to due date. Leave empty for no deadline.',
  'admin.deadlineInput': 'Grade {grade} (days)',
  'admin.setupRunningStep': 'Running step {number} of {total}…',
  'panel.needToConfirm': 'Implicit need: to be confirmed with the customer. Record the confirmation date on the issue once they agree.',
  'panel.needConfirmed': 'Implicit need, confirmed with the customer on {date}.',
  'admin.scope': 'Framework for',
  'admin.scopeGlobal': 'Global default (every project without its own)',
  'admin.scopeProjectOwn': '{name} ({key}) · own framework',
  'admin.usesGlobal': '{project} uses the global default (version {version}). Saving here creates a framework of its own for {project}.',
  'admin.customerTypeValues': 'Customer value by customer type',
  'admin.customerTypeValuesHint': 'The customer value a requirement is suggested from its linked customers: the highest their types give.',
  'admin.customerTypeValue': 'Customer value of a {type} customer',
  'customerType.strategic': 'strategic',
  'customerType.key': 'key',
  'customerType.regular': 'regular',
  'customerType.new': 'new',
  'customerType.churnRisk': 'churn-risk',
  'admin.preview': 'Effect on existing requirements',
  'admin.previewLoading': 'Working out the effect…',
  'admin.previewNone': 'No requirement changes grade or quadrant',
  'admin.previewWould': 'Would change: {moves}',
  'admin.previewQuadrants': 'Quadrants: {moves}',
  'admin.move': '{count} {from} → {to}',
  'admin.previewChecked': 'Checked against {requirements}.',
  'admin.previewList': 'Requirements that would change ({count})',
  'admin.previewKey': 'Requirement',
  'admin.previewGrade': 'Grade',
  'admin.previewQuadrant': 'Quadrant',
  'admin.previewSame': 'unchanged',
  'admin.previewIdle': 'Change a setting to see which requirements it would move.',
  'admin.previewInvalid': 'Fix the highlighted settings to see the effect.',
  'admin.previewFailed': 'The effect could not be worked out.',
  'admin.note': 'What changed and why',
  'admin.noteHint': 'Required. Shown in the version history.',
  'admin.noteRequired': 'Describe the change before saving.',
  'admin.saveVersion': 'Save as version {version}',
  'admin.fixErrors': 'Fix the highlighted settings before saving. Nothing was saved.',
  'admin.noChanges': 'The settings are the same as the current version; change something first.',
  'admin.saveFailed': 'The new version was not saved.',
  'admin.conflictTitle': 'Someone else saved a newer version first',
  'admin.conflictKept': 'Your edits are kept. Reload the newest version, check the effect, and save again.',
  'admin.reloadNewest': 'Reload the newest version',
  'admin.rebased': 'Now based on version {version}. Your edits are kept; check the effect and save again.',
  'admin.savedVersion': 'Saved as version {version}.',
  'admin.reverted': 'Version {from} restored as version {version}.',
  'admin.rescoring': 'Re-scoring requirements with version {version}',
  'admin.rescoringProgress': '{processed} of {total} requirements processed',
  'admin.rescoringChanged': '{changed} changed',
  'admin.rescoringEta': 'about {time} left',
  'admin.seconds.one': '{count} second',
  'admin.seconds.other': '{count} seconds',
  'admin.minutes.one': '{count} minute',
  'admin.minutes.other': '{count} minutes',
  'admin.rescoringFailures': 'Could not be re-scored',
  'admin.rescoringDone': 'Re-scoring finished: {changed} of {total} requirements changed.',
  'admin.rescoringDoneFailures': 'Re-scoring finished, but {count} requirements could not be re-scored.',
  'admin.rescoringSuperseded': 'A newer framework version started its own re-scoring before this one finished; that one brings every requirement up to date.',
  'admin.rescoringPollFailed': "Couldn't read the re-scoring progress; trying again.",
  'admin.compare': 'Compare two versions',
  'admin.compareFrom': 'From',
  'admin.compareTo': 'To',
  'admin.compareRun': 'Compare',
  'admin.compareSame': 'Choose two different versions.',
  'admin.diffCaption': 'Version {from} compared with version {to}',
  'admin.diffChanges.one': '{count} setting changed',
  'admin.diffChanges.other': '{count} settings changed',
  'admin.diffNone': 'These versions have the same settings.',
  'admin.diffChanged': 'changed',
  'admin.revert': 'Revert to this version',
  'admin.revertTitle': 'Revert to version {version}',
  'admin.revertHint': 'Saves a new version with the settings of version {version}, then re-scores every requirement.',
  'admin.revertRun': 'Revert',
  'admin.adminOnly': 'Only Jira administrators can change the scoring framework.',
  'step.project': 'Find the project',
  'step.fields': "Check the app's fields",
  'step.issue-type': 'Requirement issue type',
  'step.issue-type-scheme': 'Add it to the issue type scheme',
  'step.screens': "Put the app's fields on the Requirement screens",
  'step.workflow': 'Requirement workflow',
  'step.record': 'Record the setup',
  'stepStatus.done': 'Already in place',
  'stepStatus.created': 'Created',
  'stepStatus.failed': 'Failed',
  'customers.title': 'Customers',
  'customers.search': 'Search by number or name prefix',
  'customers.typeFilter': 'Customer type',
  'customers.allTypes': 'All types',
  'customers.new': 'New customer',
  'customers.import': 'Import CSV',
  'customers.loadMore': 'Load more',
  'customers.empty': 'No customers yet',
  'customers.emptyHint': 'Create one, or import a CSV file.',
  'customers.noMatches': 'No customer matches',
  'customers.noMatchesHint': 'Search by the start of a number (CUS…) or of a name.',
  'customers.readOnly': 'You can read the customer archive; creating and editing customers needs the "Create issues" or "Edit issues" permission in this project.',
  'customers.column.number': 'Number',
  'customers.column.name': 'Name',
  'customers.column.industry': 'Industry',
  'customers.column.type': 'Type',
  'customers.column.region': 'Region',
  'customers.column.contacts': 'Contacts',
  'customers.open': 'Open {number}',
  'customers.erasedLozenge': 'Erased',
  'customers.editTitle': 'Customer {number}',
  'customers.newTitle': 'New customer',
  'customers.back': 'Back to the list',
  'customers.cancel': 'Cancel',
  'customers.saved': 'Customer {number} saved.',
  'customers.section.profile': 'Profile',
  'customers.section.trade': 'Trade summary',
  'customers.section.contacts': 'Contacts',
  'customers.contactsHint': 'Contact details are stored only with the contact\'s consent: record the day they agreed first.',
  'customers.addContact': 'Add a contact',
  'customers.removeContact': 'Remove contact {index}',
  'customers.contact': 'Contact {index}',
  'customers.field.name': 'Name',
  'customers.field.industry': 'Industry (GB/T 4754-2017)',
  'customers.field.type': 'Customer type',
  'customers.field.staffBand': 'Staff',
  'customers.field.revenueBand': 'Yearly revenue (CNY)',
  'customers.field.region': 'Region',
  'customers.field.firstDealOn': 'First deal',
  'customers.field.dealsLast12Months': 'Deals in the last 12 months',
  'customers.field.totalAmount': 'Total amount (CNY)',
  'customers.field.renewed': 'Renewed',
  'customers.field.complaints': 'Complaints',
  'customers.field.contactName': 'Contact name',
  'customers.field.contactRole': 'Role',
  'customers.field.contactChannel': 'Preferred channel',
  'customers.field.contactEmail': 'E-mail',
  'customers.field.contactPhone': 'Phone',
  'customers.field.contactConsentOn': 'Consent given on',
  'customers.yes': 'Yes',
  'customers.no': 'No',
  'customers.staff.under-20': 'Under 20',
  'customers.staff.20-99': '20-99',
  'customers.staff.100-299': '100-299',
  'customers.staff.300-999': '300-999',
  'customers.staff.1000-plus': '1,000 or more',
  'customers.revenue.under-3m': 'Under 3 million',
  'customers.revenue.3m-20m': '3-20 million',
  'customers.revenue.20m-100m': '20-100 million',
  'customers.revenue.100m-400m': '100-400 million',
  'customers.revenue.400m-plus': '400 million or more',
  'customers.channel.phone': 'Phone',
  'customers.channel.email': 'E-mail',
  'customers.channel.wechat': 'WeChat',
  'customers.channel.visit': 'Visit',
  'customers.channel.other': 'Other',
  'customers.rule.required': '{field} is required.',
  'customers.rule.type': '{field} has a value of the wrong kind.',
  'customers.rule.integer': '{field} must be a whole number.',
  'customers.rule.range': '{field} is out of range.',
  'customers.rule.length': '{field} is too long.',
  'customers.rule.enum': '{field} must be one of the listed values.',
  'customers.rule.syntax': '{field} is not written correctly.',
  'customers.rule.consent': '{field} is contact data: it is stored only with the contact\'s consent. Record the day they consented first.',
  'customers.rule.unique': '{field} repeats an earlier row.',
  'customers.rule.other': '{field} is not valid.',
  'customers.importTitle': 'Import customers from CSV',
  'customers.importHint': 'First row: the column names ({columns}). One customer per row; every row is checked and nothing is imported while any row has a problem.',
  'customers.importFile': 'CSV file',
  'customers.importText': 'CSV text',
  'customers.importRun': 'Check and import',
  'customers.importDone.one': 'Imported {count} customer: {numbers}.',
  'customers.importDone.other': 'Imported {count} customers: {numbers}.',
  'customers.importErrors.one': 'Nothing was imported: {count} problem to fix',
  'customers.importErrors.other': 'Nothing was imported: {count} problems to fix',
  'customers.importRow': 'Row',
  'customers.importColumn': 'Column',
  'customers.importProblem': 'Problem',
  'customers.export': 'Export as JSON',
  'customers.exportReady': 'Export of {number} (recorded in the audit trail).',
  'customers.download': 'Download {file}',
  'customers.erase': 'Erase personal data',
  'customers.eraseConfirm': 'Erase the contacts, name and region of {number}? Requirements keep the number. This cannot be undone.',
  'customers.eraseRun': 'Erase',
  'customers.erased': 'Personal data of {number} was erased on {date}.',
  'customers.adminTools': 'Data requests (Jira administrators)',

  'links.title': 'Customers',
  'links.demand.one': '{count} customer asked for this',
  'links.demand.other': '{count} customers asked for this',
  'links.none': 'No customer is linked yet.',
  'links.add': 'Link a customer',
  'links.search': 'Search the archive by number (CUS…) or name',
  'links.searching': 'Searching…',
  'links.noMatches': 'No customer starts with that number or name.',
  'links.remove': 'Unlink {number}',
  'links.unlink': 'Unlink',
  'links.unknownName': 'Not in the archive',
  'links.readOnly': 'Linking customers needs the "Edit issues" permission.',
  'links.suggestion': 'Suggested by the linked customers: {value} ({type} → {value})',
  'links.use': 'Use',
  'links.useLabel': 'Use the suggested customer value {value}',
  'links.changeFailed': 'The customers were not changed',
  'matrix.filter.customer': 'Linked customer',
  'matrix.demand': 'Demand',
  'matrix.demandHint': 'Customers who asked',
};

export type MessageKey = keyof typeof en;

const zhCN: Record<MessageKey, string> = {
  ...fieldMessages('zh'),
  'app.name': '需求分诊',

  'common.loading': '加载中…',
  'common.retry': '重试',
  'common.dismiss': '关闭',
  'common.refresh': '刷新',
  'common.save': '保存',
  'common.notScored': '未评分',
  'common.notSet': '未填写',
  'common.none': '无',
  'common.noDeadline': '无截止期限',
  'common.days.one': '{count} 天',
  'common.days.other': '{count} 天',
  'common.requirements.one': '{count} 个需求',
  'common.requirements.other': '{count} 个需求',
  'common.select': '请选择…',
  'common.noOptions': '没有可选项',
  'common.project': '项目',
  'common.projectOption': '{name}（{key}）',

  'grade.S': 'S',
  'grade.A': 'A',
  'grade.B': 'B',
  'grade.C': 'C',
  'grade.label': '{grade} 级',
  ...valueMessages('zh'),
  'quadrant.quick-win.hint': '高价值、低成本',
  'quadrant.major-project.hint': '高价值、高成本',
  'quadrant.fill-in.hint': '低价值、低成本',
  'quadrant.avoid.hint': '低价值、高成本',
  'moscow.Must': '必须有（Must）',
  'moscow.Should': '应该有（Should）',
  'moscow.Could': '可以有（Could）',
  "moscow.Won't": "暂不实现（Won't）",

  'violation.required': '请填写{field}。',
  'violation.required.wontReason': 'MoSCoW 为“暂不实现”时必须填写原因。',
  'violation.type': '{field}必须是数字。',
  'violation.integer': '{field}必须是整数。',
  'violation.range': '{field}必须在 {min} 到 {max} 之间。',
  'violation.one-decimal': '{field}最多保留一位小数。',
  'violation.enum': '{field}的取值无效。',
  'violation.enum.moscow': 'MoSCoW 必须是必须有、应该有、可以有或暂不实现之一。',
  'violation.enum.issuetype': '只有“需求”类型的问题才能评分。',
  'violation.sum': '权重之和必须为 100%（当前为 {total}%）。',
  'violation.order': '{field}与相关设置的先后顺序不正确。',
  'violation.order.max': '{field}必须大于最小值。',
  'violation.order.gradeThresholds.A': 'A 级阈值必须低于 S 级阈值。',
  'violation.order.gradeThresholds.B': 'B 级阈值必须低于 A 级阈值。',
  'violation.order.threeFactorBands.medium': '“中”区间的起点必须低于“高”区间。',
  'violation.order.deadline': '{field}不能短于更高等级的截止期限。',
  'violation.length': '{field}最多 {max} 个字符（当前 {length} 个）。',
  'violationField.issuetype': '问题类型',

  'error.validation': '部分内容需要修改',
  'error.forbidden': '你没有权限',
  'error.not-found': '未找到',
  'error.conflict': '其他人同时修改了此内容',
  'error.unavailable': '暂时无法连接 Jira',
  'error.internal': '出现了问题',
  'error.validation.hint': '请检查输入的内容。',
  'error.forbidden.hint': '你的 Jira 账户没有执行此操作所需的权限。',
  'error.not-found.hint': '问题或项目不存在，或者你无权查看。',
  'error.conflict.hint': '其他人同时修改了此内容，请刷新后重试。',
  'error.unavailable.hint': 'Jira 繁忙或无法访问，未做任何更改。请稍后重试。',
  'error.internal.hint': '应用内部出错，未做任何更改。',
  'error.context': '无法读取此应用在 Jira 中的位置信息。',
  'error.crash': '此视图出错了，请刷新页面重试。',

  'panel.notRequirement': '需求分诊评分仅适用于“需求”类型的问题。将问题类型改为“需求”后即可评分。',
  'panel.inputs': '分诊输入',
  'similar.title': '相似需求',
  'similar.none': '本项目中暂无相似需求。',
  'similar.similarity': '相似度 {percent}',
  'similar.merge': '合并…',
  'similar.mergeTitle': '合并 {this} 与 {other}',
  'similar.keep': '保留（不关闭）的需求',
  'similar.description': '保留哪个描述',
  'similar.thisIssue': '当前需求（{key}）',
  'similar.otherIssue': '{key}',
  'similar.confirm': '合并',
  'similar.cancel': '取消',
  'similar.merged': '{duplicate} 已作为 {kept} 的重复需求：已关联，客户原话已追加，重复次数已增加。',
  'similar.mergedClosed': '{duplicate} 已关闭，解决结果为“重复”。',
  'similar.mergedOpen': '工作流不允许关闭 {duplicate}，它保持打开。',
  'similar.undo': '撤销',
  'similar.undone': '已撤销 {duplicate} 合并到 {kept}。',
  'similar.undoneStatusKept': '工作流无法把 {duplicate} 恢复到原状态，请手动修改。',
  'classification.title': '需求分类',
  'classification.suggested': '建议，置信度 {percent}',
  'classification.accept': '采用建议',
  'classification.saveChoice': '保存{field}',
  'classification.chosen': '已由人工选择；建议不会覆盖它。',
  'classification.noSuggestion': '暂无建议：文本信息不足。',
  'classification.field.nature': '需求性质',
  'classification.field.kind': '需求类别',
  'classification.value.functional': '功能性',
  'classification.value.non-functional': '非功能性',
  'classification.value.business-process': '业务流程',
  'classification.value.new-feature': '新功能',
  'classification.value.optimisation': '功能优化',
  'classification.value.improvement': '功能改进',
  'classification.value.service-experience': '服务体验',
  'classification.value.price-suggestion': '价格建议',
  'classification.value.cooperation': '合作',
  'panel.results': '评分结果',
  'panel.scaleHint': '{min} 到 {max} 的整数',
  'panel.wontReasonHint': 'MoSCoW 为“暂不实现”时必填。',
  'panel.saved': '已保存，评分已更新。',
  'panel.fixErrors': '请先修正标出的字段再保存。',
  'panel.saveFailed': '更改未保存。',
  'panel.unsaved': '有未保存的更改',
  'panel.readOnly': '你可以查看这些评分；修改评分需要“编辑问题”权限。',
  'panel.problems': '此问题中存储的部分值无效，已被忽略',
  'panel.problemsHint': '输入有效值并保存即可替换。',
  'panel.breakdown': '加权得分计算明细',
  'panel.factor': '因素',
  'panel.value': '分值',
  'panel.weight': '权重',
  'panel.points': '得分',
  'panel.breakdownItem': '{factor} {value} × {weight}',
  'panel.needs': '需要填写：{fields}。',
  'panel.deadline': '受理后 {days}内完成',
  'panel.valueCost': '价值 {value} · 成本 {cost}',
  'panel.conflictTitle': '其他人先保存了',
  'panel.conflictKept': '您输入的内容仍保留在表单中。请加载当前值查看变化，然后再次保存。',
  'panel.loadCurrent': '加载当前值',
  'panel.whatChanged': '版本 {latest} 的变化',
  'panel.scoredWith': '使用评分框架第 {version} 版计算',
  'panel.stale': '评分框架已更新：当前为第 {latest} 版，这些评分使用的是第 {version} 版。',
  'panel.staleEdit': '保存即可按第 {latest} 版重新评分。',
  'panel.staleReadOnly': '有编辑权限的用户可以重新评分。',

  'glance.notRequirement': '非需求',

  'matrix.title': '优先级矩阵',
  'matrix.chartTitle': '价值/成本矩阵',
  'matrix.chartDescription': '按实现成本（横轴）和业务价值（纵轴）显示的 {count} 个需求。每个点都可以获得焦点，按 Enter 键打开需求。',
  'matrix.legend': '优先级等级',
  'matrix.noGrade': '无等级',
  'matrix.ranked': '需求排名',
  'export.title': '导出',
  'export.scopeProject': '{project} 中的全部需求。上方的快速筛选只影响视图，不用于导出。',
  'export.scopeJql': '{project} 中符合 JQL “{jql}” 的全部需求。上方的快速筛选只影响视图，不用于导出。',
  'export.template': '表格',
  'export.template.register': '客户需求信息登记表（模板 1）',
  'export.template.evaluation': '需求优先级评估表（模板 2）',
  'export.format': '格式',
  'export.format.xlsx': 'Excel 工作簿（.xlsx）',
  'export.format.csv': 'CSV，UTF-8（.csv）',
  'export.headers': '表头语言',
  'export.headers.zh': '中文',
  'export.headers.en': '英文（English）',
  'export.start': '导出',
  'export.progress': '已读取 {done} / 约 {total} 个需求…',
  'export.progressUnknown': '已读取 {done} 个需求…',
  'export.writing': '正在生成包含 {count} 个需求的文件…',
  'export.done': '已下载 {file}，共 {count} 个需求。',
  'export.failed': '导出已中止，未下载文件',
  'matrix.rank': '排名',
  'matrix.key': '编号',
  'matrix.summary': '概要',
  'matrix.status': '状态',
  'matrix.value': '价值',
  'matrix.cost': '成本',
  'matrix.unplotted': '未在图中显示',
  'matrix.unplottedHint': '需要同时填写业务价值和实现成本，需求才会显示在图中。',
  'matrix.empty': '此项目还没有需求',
  'matrix.emptyHint': '创建“需求”类型的问题，并在需求分诊面板中评分后，即可在此查看。',
  'matrix.noProject': '请从项目中打开此页面。',
  'matrix.loadingPages': '已加载 {count} 个需求…',
  'matrix.open': '打开 {key}',
  'matrix.pointScores': '加权得分 {weighted}，三要素得分 {threeFactor}',
  'matrix.previousPage': '上一页',
  'matrix.nextPage': '下一页',
  'matrix.pagination': '需求排名分页',
  'matrix.page': '页码',
  'matrix.due': '截止日期',
  'matrix.unplottedMore': '另有 {count} 个，见下方的需求排名。',
  'matrix.moveHint': '拖动某个点，或让它获得焦点后按方向键，即可修改其业务价值和实现成本。',
  'matrix.readOnly': '您可以查看但不能移动点：移动会修改需求，需要“编辑问题”权限。',
  'matrix.legendMoscow': 'MoSCoW',
  'matrix.noMoscow': '未设 MoSCoW',
  'matrix.sizeHint': '点越大：提出该需求的客户越多（已合并的重复需求）。',
  'matrix.filtersLabel': '筛选',
  'matrix.filtersActive': '筛选（已启用 {count} 个）',
  'matrix.filter.status': '状态',
  'matrix.filter.moscow': 'MoSCoW',
  'matrix.filter.grade': '等级',
  'matrix.filter.quadrant': '象限',
  'matrix.filter.assignee': '经办人',
  'matrix.filter.label': '标签',
  'matrix.filter.component': '模块',
  'matrix.filter.any': '全部',
  'matrix.unassigned': '未分配',
  'matrix.clearFilters': '清除 {count} 个筛选',
  'matrix.colourBy': '点的颜色表示',
  'matrix.colourByGrade': '优先级等级',
  'matrix.colourByMoscow': 'MoSCoW',
  'matrix.jqlLabel': '用 JQL 缩小范围',
  'matrix.jqlApply': '应用',
  'matrix.jqlClear': '清除',
  'matrix.jqlHint': '可输入 Jira 接受的任何 JQL，在本项目的需求范围内生效；请不要包含 ORDER BY。',
  'matrix.jqlApplied': '正在显示符合以下条件的需求：{jql}',
  'matrix.jqlRefused': 'Jira 不接受此 JQL，因此保留之前的视图：{message}',
  'matrix.shownCount': '显示 {shown} / {total} 个需求',
  'matrix.noMatches': '没有符合这些筛选条件的需求',
  'matrix.noMatchesHint': '清除某个筛选条件或修改 JQL 以查看更多。',
  'matrix.moved': '{key} 已移到价值 {value}、成本 {cost}：等级 {grade}。',
  'matrix.moveFailed': '{key} 未移动',
  'matrix.undo': '撤销',

  'gadget.configureTitle': '选择项目',
  'gadget.configureHint': '编辑此小工具，选择要显示哪个项目的需求。',
  'gadget.editTitle': '需求优先级设置',
  'gadget.noProjects': '没有你可以查看的项目。请联系 Jira 管理员获取权限后再编辑此小工具。',
  'gadget.chooseProject': '请先选择项目再保存。',
  'gadget.heading': '需求优先级 · {project}',
  'gadget.byGrade': '按优先级等级',
  'gadget.shareNote': '百分比按 {count} 个已评分需求计算。',
  'gadget.byQuadrant': '按价值/成本象限',
  'gadget.unscored': '尚未评分',
  'gadget.empty': '{project} 中还没有需求',
  'gadget.emptyHint': '此项目中创建的需求评分后会显示在这里。',
  'gadget.gradeRow': '{grade} 级：{count} 个，占 {percent}',
  'gadget.headingFilter': '需求优先级 · 筛选器 {project}',
  'gadget.kind.grades': '等级分布',
  'gadget.kind.top': '加权得分前 {count} 名',
  'gadget.kind.quadrants': '价值/成本象限统计',
  'gadget.kind.moscow': 'MoSCoW 统计',
  'gadget.kind.overdue': '逾期需求',
  'gadget.topDetail': '加权得分 {score}',
  'gadget.overdueCount.one': '{count} 个需求已超过截止日期',
  'gadget.overdueCount.other': '{count} 个需求已超过截止日期',
  'gadget.overdueDetail': '截止 {date}，已逾期 {days}',
  'gadget.overdueMore': '另有 {count} 个；打开优先级矩阵查看全部。',
  'gadget.noneOverdue': '没有逾期的需求',
  'gadget.noneScored': '还没有需求有加权得分',
  'gadget.source': '需求来源',
  'gadget.sourceProject': '项目',
  'gadget.sourceFilter': '已保存的筛选器',
  'gadget.filter': '已保存的筛选器',
  'gadget.filterOption': '{name}（{owner} 创建）',
  'gadget.noFilters': '没有你可以查看的筛选器',
  'gadget.chooseFilter': '请先选择筛选器再保存。',
  'gadget.chooseKind': '请选择小工具显示的内容。',
  'gadget.show': '显示',
  'gadget.topN': '数量',
  'gadget.topNHint': '1 到 {max}。',
  'gadget.topNRange': '数量必须是 1 到 {max} 之间的整数。',

  'admin.title': '需求分诊设置',
  'admin.framework': '评分框架',
  'admin.version': '第 {version} 版',
  'admin.current': '当前版本',
  'admin.createdBy': '{author} 于 {date} 创建',
  'admin.setting': '设置项',
  'admin.settingValue': '取值',
  'admin.weight': '{factor}权重',
  'admin.factorScale': '因素评分范围',
  'admin.range': '{min} 至 {max}',
  'admin.gradeFrom': '加权得分 ≥ {min}',
  'admin.gradeBelow': '加权得分 < {min}',
  'admin.gradeThreshold': '{grade} 级',
  'admin.band': '三要素优先级：{band}',
  'admin.bandFrom': '总分 ≥ {min}',
  'admin.bandBetween': '总分 {min} 至 {max}',
  'admin.bandBelow': '总分 < {min}',
  'admin.valueCostScale': '价值/成本评分范围',
  'admin.highValueFrom': '高业务价值起点',
  'admin.highCostFrom': '高实现成本起点',
  'admin.deadline': '{grade} 级截止期限',
  'admin.history': '版本历史',
  'admin.historyEmpty': '没有更早的版本。',
  'admin.setup': '设置项目',
  'admin.setupHint': '为项目添加“需求”问题类型、其界面上的应用字段以及需求工作流。可以重复运行：不会重复创建任何内容，中途停止的设置会从中断处继续完成。',
  'admin.setupRun': '设置项目',
  'admin.setupDone': '{project} 设置完成。',
  'admin.setupFailed': '{project} 的设置在某一步失败后停止。',
  'admin.chooseProject': '请先选择项目。',
  'admin.edit': '编辑框架',
  'admin.editing': '基于第 {version} 版的新版本',
  'admin.cancel': '取消',
  'admin.weights': '权重',
  'admin.weightsHint': '整数百分比，合计必须为 100%。',
  'admin.weightsTotal': '合计：{total}',
  'admin.scaleMin': '{scale}最小值',
  'admin.scaleMax': '{scale}最大值',
  'admin.minimum': '最小值',
  'admin.maximum': '最大值',
  'admin.scaleHint': '0 到 100 的整数。',
  'admin.gradeThresholds': '等级阈值',
  'admin.gradeThresholdsHint': '各等级的最低加权得分，最多一位小数。低于 B 级即为 C 级。',
  'admin.gradeThresholdSetting': '{grade} 级阈值',
  'admin.gradeFromLabel': '{grade} 级起点',
  'admin.bands': '三要素优先级区间',
  'admin.bandsHint': '各区间的紧急程度、重要程度与客户价值之和的最低值。低于“中”即为“低”。',
  'admin.bandStart': '“{band}”区间起点',
  'admin.quadrantSplit': '价值/成本象限',
  'admin.quadrantSplitHint': '达到或超过这些值即视为高价值或高成本。',
  'admin.deadlines': '截止期限',
  'admin.deadlinesHint': '从受理到截止的天数。留空表示无截止期限。',
  'admin.deadlineInput': '{grade} 级（天）',
  'admin.setupRunningStep': '正在执行第 {number} 步（共 {total} 步）…',
  'panel.needToConfirm': '隐性需求：待与客户确认。客户确认后，请在问题中填写确认日期。',
  'panel.needConfirmed': '隐性需求，已于 {date} 与客户确认。',
  'admin.scope': '适用范围',
  'admin.scopeGlobal': '全局默认（所有没有自有框架的项目）',
  'admin.scopeProjectOwn': '{name}（{key}）· 自有框架',
  'admin.usesGlobal': '{project} 使用全局默认框架（第 {version} 版）。在此保存将为 {project} 创建自有框架。',
  'admin.customerTypeValues': '各客户类型的客户价值',
  'admin.customerTypeValuesHint': '需求的建议客户价值取其关联客户类型中的最高值。',
  'admin.customerTypeValue': '{type}的客户价值',
  'customerType.strategic': '战略客户',
  'customerType.key': '重点客户',
  'customerType.regular': '普通客户',
  'customerType.new': '新客户',
  'customerType.churnRisk': '流失风险客户',
  'admin.preview': '对现有需求的影响',
  'admin.previewLoading': '正在计算影响…',
  'admin.previewNone': '没有需求的等级或象限会改变',
  'admin.previewWould': '将改变：{moves}',
  'admin.previewQuadrants': '象限：{moves}',
  'admin.move': '{count} 个 {from} → {to}',
  'admin.previewChecked': '已检查 {requirements}。',
  'admin.previewList': '会改变的需求（{count} 个）',
  'admin.previewKey': '需求',
  'admin.previewGrade': '等级',
  'admin.previewQuadrant': '象限',
  'admin.previewSame': '不变',
  'admin.previewIdle': '修改设置后即可看到哪些需求会受影响。',
  'admin.previewInvalid': '请先修正标出的设置，再查看影响。',
  'admin.previewFailed': '无法计算影响。',
  'admin.note': '修改内容及原因',
  'admin.noteHint': '必填，会显示在版本历史中。',
  'admin.noteRequired': '保存前请说明修改内容。',
  'admin.saveVersion': '保存为第 {version} 版',
  'admin.fixErrors': '请先修正标出的设置再保存。未保存任何内容。',
  'admin.noChanges': '设置与当前版本相同，请先做出修改。',
  'admin.saveFailed': '新版本未保存。',
  'admin.conflictTitle': '其他人已先保存了更新的版本',
  'admin.conflictKept': '你的修改已保留。请加载最新版本，检查影响后再次保存。',
  'admin.reloadNewest': '加载最新版本',
  'admin.rebased': '现在基于第 {version} 版。你的修改已保留，请检查影响后再次保存。',
  'admin.savedVersion': '已保存为第 {version} 版。',
  'admin.reverted': '已将第 {from} 版恢复为第 {version} 版。',
  'admin.rescoring': '正在按第 {version} 版重新评分',
  'admin.rescoringProgress': '已处理 {processed} / {total} 个需求',
  'admin.rescoringChanged': '{changed} 个已改变',
  'admin.rescoringEta': '预计还需 {time}',
  'admin.seconds.one': '{count} 秒',
  'admin.seconds.other': '{count} 秒',
  'admin.minutes.one': '{count} 分钟',
  'admin.minutes.other': '{count} 分钟',
  'admin.rescoringFailures': '以下需求未能重新评分',
  'admin.rescoringDone': '重新评分完成：{total} 个需求中有 {changed} 个改变。',
  'admin.rescoringDoneFailures': '重新评分完成，但有 {count} 个需求未能重新评分。',
  'admin.rescoringSuperseded': '本次重新评分完成前，更新的框架版本已开始自己的重新评分，所有需求将按该版本更新。',
  'admin.rescoringPollFailed': '无法读取重新评分进度，正在重试。',
  'admin.compare': '比较两个版本',
  'admin.compareFrom': '从',
  'admin.compareTo': '到',
  'admin.compareRun': '比较',
  'admin.compareSame': '请选择两个不同的版本。',
  'admin.diffCaption': '第 {from} 版与第 {to} 版对比',
  'admin.diffChanges.one': '{count} 项设置有变化',
  'admin.diffChanges.other': '{count} 项设置有变化',
  'admin.diffNone': '这两个版本的设置相同。',
  'admin.diffChanged': '已更改',
  'admin.revert': '恢复为此版本',
  'admin.revertTitle': '恢复为第 {version} 版',
  'admin.revertHint': '以第 {version} 版的设置保存一个新版本，然后重新为所有需求评分。',
  'admin.revertRun': '恢复',
  'admin.adminOnly': '只有 Jira 管理员可以修改评分框架。',
  'step.project': '查找项目',
  'step.fields': '检查应用字段',
  'step.issue-type': '“需求”问题类型',
  'step.issue-type-scheme': '加入问题类型方案',
  'step.screens': '将应用字段加入“需求”界面',
  'step.workflow': '需求工作流',
  'step.record': '记录设置结果',
  'stepStatus.done': '已就绪',
  'stepStatus.created': '已创建',
  'stepStatus.failed': '失败',
  'customers.title': '客户档案',
  'customers.search': '按编号或名称开头搜索',
  'customers.typeFilter': '客户类型',
  'customers.allTypes': '全部类型',
  'customers.new': '新建客户',
  'customers.import': '导入 CSV',
  'customers.loadMore': '加载更多',
  'customers.empty': '还没有客户',
  'customers.emptyHint': '新建一个客户，或导入 CSV 文件。',
  'customers.noMatches': '没有匹配的客户',
  'customers.noMatchesHint': '按编号开头（CUS…）或名称开头搜索。',
  'customers.readOnly': '你可以查看客户档案；新建和编辑客户需要本项目的“创建问题”或“编辑问题”权限。',
  'customers.column.number': '编号',
  'customers.column.name': '名称',
  'customers.column.industry': '行业',
  'customers.column.type': '类型',
  'customers.column.region': '地区',
  'customers.column.contacts': '联系人',
  'customers.open': '打开 {number}',
  'customers.erasedLozenge': '已删除个人数据',
  'customers.editTitle': '客户 {number}',
  'customers.newTitle': '新建客户',
  'customers.back': '返回列表',
  'customers.cancel': '取消',
  'customers.saved': '客户 {number} 已保存。',
  'customers.section.profile': '基本信息',
  'customers.section.trade': '交易概况',
  'customers.section.contacts': '联系人',
  'customers.contactsHint': '只有在联系人同意后才保存其联系信息：请先记录其同意的日期。',
  'customers.addContact': '添加联系人',
  'customers.removeContact': '删除联系人 {index}',
  'customers.contact': '联系人 {index}',
  'customers.field.name': '名称',
  'customers.field.industry': '行业（GB/T 4754-2017）',
  'customers.field.type': '客户类型',
  'customers.field.staffBand': '人员规模',
  'customers.field.revenueBand': '年营业收入（人民币）',
  'customers.field.region': '地区',
  'customers.field.firstDealOn': '首次成交',
  'customers.field.dealsLast12Months': '近 12 个月成交次数',
  'customers.field.totalAmount': '累计金额（人民币）',
  'customers.field.renewed': '是否续约',
  'customers.field.complaints': '投诉次数',
  'customers.field.contactName': '联系人姓名',
  'customers.field.contactRole': '职务',
  'customers.field.contactChannel': '首选联系方式',
  'customers.field.contactEmail': '电子邮箱',
  'customers.field.contactPhone': '电话',
  'customers.field.contactConsentOn': '同意日期',
  'customers.yes': '是',
  'customers.no': '否',
  'customers.staff.under-20': '20 人以下',
  'customers.staff.20-99': '20-99 人',
  'customers.staff.100-299': '100-299 人',
  'customers.staff.300-999': '300-999 人',
  'customers.staff.1000-plus': '1000 人及以上',
  'customers.revenue.under-3m': '300 万元以下',
  'customers.revenue.3m-20m': '300 万-2000 万元',
  'customers.revenue.20m-100m': '2000 万-1 亿元',
  'customers.revenue.100m-400m': '1 亿-4 亿元',
  'customers.revenue.400m-plus': '4 亿元及以上',
  'customers.channel.phone': '电话',
  'customers.channel.email': '电子邮件',
  'customers.channel.wechat': '微信',
  'customers.channel.visit': '上门拜访',
  'customers.channel.other': '其他',
  'customers.rule.required': '请填写{field}。',
  'customers.rule.type': '{field}的取值类型不正确。',
  'customers.rule.integer': '{field}必须是整数。',
  'customers.rule.range': '{field}超出允许范围。',
  'customers.rule.length': '{field}过长。',
  'customers.rule.enum': '{field}必须是列出的取值之一。',
  'customers.rule.syntax': '{field}的格式不正确。',
  'customers.rule.consent': '{field}属于联系人个人信息，须经本人同意才能保存。请先记录同意日期。',
  'customers.rule.unique': '{field}与前面的行重复。',
  'customers.rule.other': '{field}无效。',
  'customers.importTitle': '从 CSV 导入客户',
  'customers.importHint': '第一行为列名（{columns}）。每行一个客户；所有行都会检查，只要有一行有问题就不会导入任何数据。',
  'customers.importFile': 'CSV 文件',
  'customers.importText': 'CSV 文本',
  'customers.importRun': '检查并导入',
  'customers.importDone.one': '已导入 {count} 个客户：{numbers}。',
  'customers.importDone.other': '已导入 {count} 个客户：{numbers}。',
  'customers.importErrors.one': '未导入任何数据：有 {count} 个问题需要修正',
  'customers.importErrors.other': '未导入任何数据：有 {count} 个问题需要修正',
  'customers.importRow': '行',
  'customers.importColumn': '列',
  'customers.importProblem': '问题',
  'customers.export': '导出为 JSON',
  'customers.exportReady': '{number} 的导出（已记入审计记录）。',
  'customers.download': '下载 {file}',
  'customers.erase': '删除个人数据',
  'customers.eraseConfirm': '删除 {number} 的联系人、名称和地区？需求仍保留该编号。此操作无法撤销。',
  'customers.eraseRun': '删除',
  'customers.erased': '{number} 的个人数据已于 {date} 删除。',
  'customers.adminTools': '数据请求（Jira 管理员）',

  'links.title': '客户',
  'links.demand.one': '{count} 个客户提出此需求',
  'links.demand.other': '{count} 个客户提出此需求',
  'links.none': '尚未关联客户。',
  'links.add': '关联客户',
  'links.search': '按编号（CUS…）或名称搜索客户档案',
  'links.searching': '搜索中…',
  'links.noMatches': '没有以该编号或名称开头的客户。',
  'links.remove': '取消关联 {number}',
  'links.unlink': '取消关联',
  'links.unknownName': '档案中不存在',
  'links.readOnly': '关联客户需要“编辑问题”权限。',
  'links.suggestion': '根据关联客户建议：{value}（{type} → {value}）',
  'links.use': '采用',
  'links.useLabel': '采用建议的客户价值 {value}',
  'links.changeFailed': '客户关联未更改',
  'matrix.filter.customer': '关联客户',
  'matrix.demand': '客户数',
  'matrix.demandHint': '提出需求的客户数',
};

export const MESSAGES: { en: Record<MessageKey, string>; 'zh-CN': Record<MessageKey, string> } = { en, 'zh-CN': zhCN };

/** `zh-CN` and `zh_CN` (any case) are Chinese; everything else, including a missing locale, is English. */
export function languageOf(locale: string | null | undefined): Language {
  return typeof locale === 'string' && locale.replace('_', '-').toLowerCase() === 'zh-cn' ? 'zh-CN' : 'en';
}

/** A BCP 47 tag Intl accepts, from Forge's `en_US` or `en-US` style; English if unusable. */
function intlLocaleOf(locale: string | null | undefined, language: Language): string {
  if (language === 'zh-CN') return 'zh-CN';
  const candidate = typeof locale === 'string' ? locale.replace(/_/g, '-') : '';
  try {
    return candidate && Intl.NumberFormat.supportedLocalesOf([candidate]).length > 0 ? candidate : 'en-US';
  } catch {
    return 'en-US';
  }
}

function validTimeZone(timeZone: string | undefined): string | undefined {
  if (!timeZone) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    return undefined;
  }
}

const FIELD_NAMES = new Set<string>([...INPUT_FIELDS, ...COMPUTED_FIELDS].map((field) => field.name));
const isFieldName = (name: string): name is FieldName => FIELD_NAMES.has(name);
const isCustomerType = (name: string | undefined): name is CustomerType => (CUSTOMER_TYPES as readonly string[]).includes(name ?? '');

type PluralBase = 'common.days' | 'common.requirements' | 'admin.seconds' | 'admin.minutes' | 'admin.diffChanges' | 'gadget.overdueCount' | 'customers.importErrors' | 'customers.importDone' | 'links.demand';

export interface I18n {
  language: Language;
  /** The locale Intl formats with. */
  intlLocale: string;
  t(key: MessageKey, params?: Params): string;
  /** A counted phrase, e.g. "1 day" / "3 days"; `{count}` is formatted for the locale, other params as given. */
  plural(base: PluralBase, count: number, params?: Params): string;
  number(value: number, options?: Intl.NumberFormatOptions): string;
  /** A weighted score, always with one decimal: "4.3". */
  score(value: number): string;
  /** A whole-number percentage given as 0-100: "30%". */
  percent(value: number, maximumFractionDigits?: number): string;
  /** A timestamp with date and time. */
  date(iso: string): string;
  /** A calendar day (yyyy-mm-dd) as the locale writes it, with no time and no time-zone shift. */
  day(isoDay: string): string;
  list(items: string[]): string;
  field(name: FieldName): string;
  grade(grade: Grade): string;
  band(band: ThreeFactorBand): string;
  quadrant(quadrant: Quadrant): string;
  quadrantHint(quadrant: Quadrant): string;
  moscow(moscow: Moscow): string;
  factor(factor: WeightedFactor): string;
  errorTitle(kind: ErrorKind): string;
  /** A sentence explaining the kind of error, for when the server's own message is not in the user's language. */
  errorHint(kind: ErrorKind): string;
  step(step: SetupStep): string;
  /** The name of a framework setting from its dotted path (`weights.urgency` → "Weight of Urgency"); the path itself if unknown. */
  setting(path: string): string;
  /** A domain Violation in the user's language, using the rule code and its params. */
  violation(violation: Violation): string;
}

export function createI18n(locale: string | null | undefined, timeZone?: string): I18n {
  const language = languageOf(locale);
  const intlLocale = intlLocaleOf(locale, language);
  const catalogue = MESSAGES[language];
  const numberFormat = new Intl.NumberFormat(intlLocale);
  // Formatters are costly to build; the matrix formats thousands of scores at once.
  const scoreFormat = new Intl.NumberFormat(intlLocale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const zone = validTimeZone(timeZone);
  const dateFormat = new Intl.DateTimeFormat(intlLocale, { dateStyle: 'medium', timeStyle: 'short', ...(zone ? { timeZone: zone } : {}) });
  const dayFormat = new Intl.DateTimeFormat(intlLocale, { dateStyle: 'medium', timeZone: 'UTC' });
  const pluralRules = new Intl.PluralRules(intlLocale);

  const format = (template: string, params?: Params): string =>
    params
      ? template.replace(/\{(\w+)\}/g, (whole, name: string) => {
          const value = params[name];
          if (value === undefined) return whole;
          return typeof value === 'number' ? numberFormat.format(value) : value;
        })
      : template;
  const t = (key: MessageKey, params?: Params): string => format(catalogue[key] ?? MESSAGES.en[key] ?? key, params);
  const field = (name: FieldName): string => t(`field.${name}`);
  const setting = (path: string): string => {
    const [section, key] = path.replace(/^settings\./, '').split('.') as [string, string | undefined];
    const isGrade = (value: string | undefined): value is Grade => value === 'S' || value === 'A' || value === 'B' || value === 'C';
    const scaleName = section === 'factorScale' ? t('admin.factorScale') : t('admin.valueCostScale');
    switch (section) {
      case 'weights':
        if (key === undefined) return t('admin.weights');
        return isFieldName(key) ? t('admin.weight', { factor: field(key) }) : path;
      case 'factorScale':
      case 'valueCostScale':
        if (key === 'min') return t('admin.scaleMin', { scale: scaleName });
        if (key === 'max') return t('admin.scaleMax', { scale: scaleName });
        return scaleName;
      case 'gradeThresholds':
        return isGrade(key) ? t('admin.gradeThresholdSetting', { grade: key }) : t('admin.gradeThresholds');
      case 'threeFactorBands':
        return key === 'high' || key === 'medium' ? t('admin.bandStart', { band: t(`band.${key}`) }) : t('admin.bands');
      case 'quadrantSplit':
        if (key === 'highValueFrom') return t('admin.highValueFrom');
        if (key === 'highCostFrom') return t('admin.highCostFrom');
        return t('admin.quadrantSplit');
      case 'deadlineDays':
        return isGrade(key) ? t('admin.deadline', { grade: key }) : t('admin.deadlines');
      case 'customerTypeValue':
        return isCustomerType(key) ? t('admin.customerTypeValue', { type: t(`customerType.${key}`) }) : t('admin.customerTypeValues');
      case 'note':
        return t('admin.note');
      default:
        return path;
    }
  };
  const fieldOrPath = (path: string): string => {
    if (isFieldName(path)) return field(path);
    if (path === 'issuetype') return t('violationField.issuetype');
    return setting(path);
  };

  const violation = (v: Violation): string => {
    const params: Params = { ...(v.params ?? {}), field: fieldOrPath(v.field) };
    const rule: ViolationRule = v.rule;
    switch (rule) {
      case 'required':
        if (v.field === 'wontReason') return t('violation.required.wontReason', params);
        return t('violation.required', params);
      case 'enum':
        if (v.field === 'moscow') return t('violation.enum.moscow', params);
        if (v.field === 'issuetype') return t('violation.enum.issuetype', params);
        return t('violation.enum', params);
      case 'range':
        // Older violations may carry no params; the English sentence then says it best.
        if (v.params?.min === undefined || v.params?.max === undefined) return language === 'en' ? v.message : t('violation.type', params);
        return t('violation.range', params);
      case 'sum':
        return v.params?.total === undefined && language === 'en' ? v.message : t('violation.sum', { total: '?', ...params });
      case 'length':
        return v.params?.max === undefined && language === 'en' ? v.message : t('violation.length', { max: '?', length: '?', ...params });
      case 'order':
        if (v.field.endsWith('Scale.max')) return t('violation.order.max', params);
        if (v.field === 'gradeThresholds.A' || v.field === 'gradeThresholds.B' || v.field === 'threeFactorBands.medium') {
          return t(`violation.order.${v.field}`, params);
        }
        if (v.field.startsWith('deadlineDays.')) return t('violation.order.deadline', params);
        return t('violation.order', params);
      case 'type':
      case 'integer':
      case 'one-decimal':
        return t(`violation.${rule}`, params);
      default:
        return v.message;
    }
  };

  return {
    language,
    intlLocale,
    t,
    plural: (base, count, params) => t(`${base}.${pluralRules.select(count) === 'one' ? 'one' : 'other'}`, { ...params, count }),
    number: (value, options) => (options ? new Intl.NumberFormat(intlLocale, options).format(value) : numberFormat.format(value)),
    score: (value) => scoreFormat.format(value),
    percent: (value, maximumFractionDigits = 0) =>
      new Intl.NumberFormat(intlLocale, { style: 'percent', maximumFractionDigits }).format(value / 100),
    date: (iso) => {
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
    },
    day: (isoDay) => {
      const date = new Date(`${isoDay.slice(0, 10)}T00:00:00Z`);
      return Number.isNaN(date.getTime()) ? isoDay : dayFormat.format(date);
    },
    list: (items) => {
      try {
        return new Intl.ListFormat(intlLocale, { style: 'long', type: 'conjunction' }).format(items);
      } catch {
        return items.join(', ');
      }
    },
    field,
    grade: (grade) => t(`grade.${grade}`),
    band: (band) => t(`band.${band}`),
    quadrant: (quadrant) => t(`quadrant.${quadrant}`),
    quadrantHint: (quadrant) => t(`quadrant.${quadrant}.hint`),
    moscow: (moscow) => t(`moscow.${moscow}`),
    factor: (factor) => field(factor),
    errorTitle: (kind) => t(`error.${kind}`),
    errorHint: (kind) => t(`error.${kind}.hint`),
    step: (step) => {
      const key = `step.${step.key}`;
      return key in catalogue ? t(key as MessageKey) : step.key;
    },
    setting,
    violation,
  };
}

const fallbackLocale = typeof navigator !== 'undefined' ? navigator.language : 'en-US';
const I18nContext = createContext<I18n>(createI18n(fallbackLocale));

export function I18nProvider({ locale, timeZone, children }: { locale: string | null | undefined; timeZone?: string; children: ReactNode }) {
  const value = useMemo(() => createI18n(locale, timeZone), [locale, timeZone]);
  return createElement(I18nContext.Provider, { value }, children);
}

/** The translator for the surface's locale (English until the Forge context has loaded). */
export function useI18n(): I18n {
  return useContext(I18nContext);
}

/** A setting's value for reading: percentages, one-decimal thresholds, days or "No deadline". */
export function formatSetting(i18n: I18n, path: string, value: number | null): string {
  if (path.startsWith('deadlineDays.')) return value === null ? i18n.t('common.noDeadline') : i18n.plural('common.days', value);
  if (value === null) return '—';
  if (path.startsWith('weights.')) return i18n.percent(value);
  if (path.startsWith('gradeThresholds.')) return i18n.score(value);
  return i18n.number(value);
}
