/**
 * The emulated Jira site's fixed configuration and record shapes: accounts (one per role), what each
 * role may do, issue types, statuses and system fields. Records live in the durable store.
 */

export const SITE_URL_PLACEHOLDER = 'http://localhost';

export type Role = 'admin' | 'product-manager' | 'tech-lead' | 'manager' | 'customer-success' | 'compliance' | 'guest';

export interface SandboxUser {
  accountId: string;
  emailAddress: string;
  displayName: string;
  apiToken: string;
  role: Role;
  locale: string;
  timeZone: string;
}

export const PROJECT_PERMISSIONS = [
  'BROWSE_PROJECTS',
  'CREATE_ISSUES',
  'EDIT_ISSUES',
  'DELETE_ISSUES',
  'TRANSITION_ISSUES',
  'ADD_COMMENTS',
  'LINK_ISSUES',
  'ASSIGN_ISSUES',
  'ADMINISTER_PROJECTS',
] as const;
export type ProjectPermission = (typeof PROJECT_PERMISSIONS)[number];
export const GLOBAL_PERMISSIONS = ['ADMINISTER', 'USER_PICKER'] as const;
export type GlobalPermission = (typeof GLOBAL_PERMISSIONS)[number];

/** Who may do what on every project of the sandbox: the written table docs/SECURITY.md refers to. */
export const ROLE_PERMISSIONS: Record<Role, { global: GlobalPermission[]; project: ProjectPermission[] }> = {
  admin: { global: ['ADMINISTER', 'USER_PICKER'], project: [...PROJECT_PERMISSIONS] },
  'product-manager': {
    global: ['USER_PICKER'],
    project: [
      'BROWSE_PROJECTS',
      'CREATE_ISSUES',
      'EDIT_ISSUES',
      'DELETE_ISSUES',
      'TRANSITION_ISSUES',
      'ADD_COMMENTS',
      'LINK_ISSUES',
      'ASSIGN_ISSUES',
    ],
  },
  'tech-lead': {
    global: ['USER_PICKER'],
    project: ['BROWSE_PROJECTS', 'CREATE_ISSUES', 'EDIT_ISSUES', 'TRANSITION_ISSUES', 'ADD_COMMENTS', 'LINK_ISSUES'],
  },
  manager: { global: ['USER_PICKER'], project: ['BROWSE_PROJECTS', 'ADD_COMMENTS'] },
  'customer-success': { global: ['USER_PICKER'], project: ['BROWSE_PROJECTS', 'CREATE_ISSUES', 'ADD_COMMENTS'] },
  compliance: { global: ['USER_PICKER'], project: ['BROWSE_PROJECTS', 'ADD_COMMENTS'] },
  guest: { global: [], project: [] },
};

const user = (accountId: string, emailAddress: string, displayName: string, role: Role, locale = 'en_US'): SandboxUser => ({
  accountId,
  emailAddress,
  displayName,
  apiToken: `${emailAddress.split('@')[0]}-token`,
  role,
  locale,
  timeZone: 'Asia/Shanghai',
});

export const SEED_USERS: SandboxUser[] = [
  user('5b10ac8d82e05b22cc7d4ef5', 'admin@example.com', 'Ada Admin', 'admin'),
  user('5b10a2844c20165700ede21g', 'pm@example.com', '王芳 (Product manager)', 'product-manager', 'zh_CN'),
  user('5b10a0effa615349cb016cd8', 'techlead@example.com', 'Li Wei (Tech lead)', 'tech-lead', 'zh_CN'),
  user('5b109f2e9729b51b54dc274d', 'manager@example.com', 'Maria Manager', 'manager'),
  user('5b10ac8d82e05b22cc7d4ef6', 'cs@example.com', '陈静 (Customer success)', 'customer-success', 'zh_CN'),
  user('5b10ac8d82e05b22cc7d4ef7', 'compliance@example.com', 'Carl Compliance', 'compliance'),
  user('5b10ac8d82e05b22cc7d4ef8', 'guest@example.com', 'Gus Guest (no project access)', 'guest'),
];

/** The site's groups; members by sandbox role (one account each). Group ids are fixed so tests and settings can name them. */
export interface GroupRecord {
  groupId: string;
  name: string;
  members: Role[];
}

export const SITE_GROUPS: GroupRecord[] = [
  { groupId: '9a1e2c3d-0000-4000-8000-000000000001', name: 'jira-admins', members: ['admin'] },
  { groupId: '9a1e2c3d-0000-4000-8000-000000000002', name: 'product-team', members: ['product-manager'] },
  { groupId: '9a1e2c3d-0000-4000-8000-000000000003', name: 'tech-leads', members: ['tech-lead'] },
  { groupId: '9a1e2c3d-0000-4000-8000-000000000004', name: 'managers', members: ['manager'] },
  { groupId: '9a1e2c3d-0000-4000-8000-000000000005', name: 'customer-success', members: ['customer-success'] },
  { groupId: '9a1e2c3d-0000-4000-8000-000000000006', name: 'compliance-team', members: ['compliance'] },
];

/** Who acts in a project role: an account, or every member of a group. */
export type RoleActorRecord = { type: 'user'; role: Role } | { type: 'group'; groupId: string };

/**
 * Project roles are site-wide in Jira Cloud; each project has its own actors. Every project starts
 * with these defaults (Tech leads through their group, so the group branch is exercised); a test may
 * set a project's `roleActors` to change them.
 */
export const PROJECT_ROLES: { id: number; name: string; description: string; defaultActors: RoleActorRecord[] }[] = [
  {
    id: 10002,
    name: 'Administrators',
    description: 'A project role that represents administrators in a project',
    defaultActors: [{ type: 'user', role: 'admin' }],
  },
  {
    id: 10100,
    name: 'Product managers',
    description: 'Decide what is built and when',
    defaultActors: [{ type: 'user', role: 'product-manager' }],
  },
  {
    id: 10101,
    name: 'Tech leads',
    description: 'Judge what can be built and how',
    defaultActors: [{ type: 'group', groupId: '9a1e2c3d-0000-4000-8000-000000000003' }],
  },
  {
    id: 10102,
    name: 'Managers',
    description: 'Own the delivery of the project',
    defaultActors: [{ type: 'user', role: 'manager' }],
  },
  {
    id: 10103,
    name: 'Customer success',
    description: 'Talk to the customers',
    defaultActors: [{ type: 'user', role: 'customer-success' }],
  },
  {
    id: 10104,
    name: 'Compliance',
    description: 'Check legal and regulatory fit',
    defaultActors: [{ type: 'user', role: 'compliance' }],
  },
];

export interface IssueTypeRecord {
  id: string;
  name: string;
  description: string;
  subtask: boolean;
  hierarchyLevel: number;
}

export const SEED_ISSUE_TYPES: IssueTypeRecord[] = [
  { id: '10000', name: 'Epic', description: 'A big user story that needs to be broken down.', subtask: false, hierarchyLevel: 1 },
  { id: '10001', name: 'Task', description: 'A small, distinct piece of work.', subtask: false, hierarchyLevel: 0 },
  { id: '10002', name: 'Bug', description: 'A problem or error.', subtask: false, hierarchyLevel: 0 },
  {
    id: '10003',
    name: 'Story',
    description: 'Functionality or a feature expressed as a user goal.',
    subtask: false,
    hierarchyLevel: 0,
  },
  {
    id: '10004',
    name: 'Sub-task',
    description: 'A small piece of work that is part of a larger task.',
    subtask: true,
    hierarchyLevel: -1,
  },
];

export interface IssueTypeSchemeRecord {
  id: string;
  name: string;
  isDefault: boolean;
  issueTypeIds: string[];
}

export interface StatusRecord {
  id: string;
  name: string;
  category: { id: number; key: 'new' | 'indeterminate' | 'done'; name: string; colorName: string };
}

export const STATUSES: StatusRecord[] = [
  { id: '10000', name: 'To Do', category: { id: 2, key: 'new', name: 'To Do', colorName: 'blue-gray' } },
  { id: '3', name: 'In Progress', category: { id: 4, key: 'indeterminate', name: 'In Progress', colorName: 'yellow' } },
  { id: '10001', name: 'Done', category: { id: 3, key: 'done', name: 'Done', colorName: 'green' } },
];

/** Every status can move to every other; the transition id is derived from the target status. */
export const TRANSITIONS = STATUSES.map((status, index) => ({ id: String(11 + index * 10), name: status.name, to: status.id }));

export const PRIORITIES = [
  { id: '1', name: 'Highest' },
  { id: '2', name: 'High' },
  { id: '3', name: 'Medium' },
  { id: '4', name: 'Low' },
  { id: '5', name: 'Lowest' },
];

export interface ProjectRecord {
  id: string;
  key: string;
  name: string;
  description: string;
  leadAccountId: string;
  projectTypeKey: 'software' | 'business' | 'service_desk';
  issueTypeSchemeId: string;
  nextIssueNumber: number;
  /** The project's permission scheme, where it grants a role other than ROLE_PERMISSIONS (tests set it). */
  rolePermissions?: Partial<Record<Role, ProjectPermission[]>>;
  /** The project's actors per project role id, where they differ from PROJECT_ROLES' defaults (tests set it). */
  roleActors?: Record<string, RoleActorRecord[]>;
}

export interface FieldValidation {
  expression: string;
  /** The error message by Forge locale (`en-US`, `zh-CN`); `en-US` is the fallback. */
  errorMessage: Record<string, string>;
}

export interface FieldRecord {
  id: string;
  name: string;
  custom: boolean;
  schema: { type: string; system?: string; custom?: string; customId?: number; items?: string };
  /** For app fields: only the app may write it. */
  readOnly?: boolean;
  /** For app fields: the manifest's `edit.validation`, which Jira evaluates on create and edit (error message per locale). */
  validation?: FieldValidation;
  searchable: boolean;
  orderable: boolean;
  navigable: boolean;
  clauseNames: string[];
}

const system = (id: string, name: string, type: string, extra: Partial<FieldRecord> = {}): FieldRecord => ({
  id,
  name,
  custom: false,
  schema: { type, system: id },
  searchable: true,
  orderable: true,
  navigable: true,
  clauseNames: [id],
  ...extra,
});

export const SYSTEM_FIELDS: FieldRecord[] = [
  system('summary', 'Summary', 'string'),
  system('description', 'Description', 'string'),
  system('issuetype', 'Issue Type', 'issuetype', { clauseNames: ['issuetype', 'type'] }),
  system('project', 'Project', 'project'),
  system('status', 'Status', 'status'),
  system('assignee', 'Assignee', 'user'),
  system('reporter', 'Reporter', 'user'),
  system('priority', 'Priority', 'priority'),
  system('labels', 'Labels', 'array', { schema: { type: 'array', items: 'string', system: 'labels' } }),
  // Jira's JQL clause for this field is the singular `component`.
  system('components', 'Components', 'array', {
    schema: { type: 'array', items: 'component', system: 'components' },
    clauseNames: ['component'],
  }),
  system('duedate', 'Due date', 'date', { clauseNames: ['duedate', 'due'] }),
  system('created', 'Created', 'datetime', { orderable: false, clauseNames: ['created', 'createdDate'] }),
  system('updated', 'Updated', 'datetime', { orderable: false, clauseNames: ['updated', 'updatedDate'] }),
  system('resolution', 'Resolution', 'resolution'),
  system('issuelinks', 'Linked Issues', 'array', {
    schema: { type: 'array', items: 'issuelinks', system: 'issuelinks' },
    searchable: false,
  }),
  system('comment', 'Comment', 'comments-page', { searchable: true, navigable: false }),
];

/** System fields by the names JQL accepts, and how the JQL engine compares them. */
export const JQL_SYSTEM_FIELDS: Record<string, { id: string; kind: 'text' | 'string' | 'number' | 'date' | 'user' | 'array' }> = {
  project: { id: 'project', kind: 'array' },
  issuetype: { id: 'issuetype', kind: 'array' },
  type: { id: 'issuetype', kind: 'array' },
  status: { id: 'status', kind: 'array' },
  // By the category's name ("To Do", "In Progress", "Done") or its id, as Jira's JQL takes it.
  statuscategory: { id: 'statusCategory', kind: 'array' },
  key: { id: 'key', kind: 'array' },
  issuekey: { id: 'key', kind: 'array' },
  id: { id: 'id', kind: 'number' },
  summary: { id: 'summary', kind: 'text' },
  description: { id: 'description', kind: 'text' },
  text: { id: 'text', kind: 'text' },
  labels: { id: 'labels', kind: 'array' },
  component: { id: 'components', kind: 'array' },
  assignee: { id: 'assignee', kind: 'user' },
  reporter: { id: 'reporter', kind: 'user' },
  priority: { id: 'priority', kind: 'array' },
  created: { id: 'created', kind: 'date' },
  updated: { id: 'updated', kind: 'date' },
  duedate: { id: 'duedate', kind: 'date' },
  due: { id: 'duedate', kind: 'date' },
};

/** Fields the emulator computes or manages itself: never set through create or edit. */
export const NON_EDITABLE_FIELDS = new Set(['project', 'status', 'created', 'updated', 'resolution', 'issuelinks', 'comment']);

export interface CommentRecord {
  id: string;
  authorAccountId: string;
  body: unknown;
  created: string;
  updated: string;
}

export interface ChangelogItem {
  field: string;
  fieldId: string;
  fieldtype: 'jira' | 'custom';
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

export interface ChangelogEntry {
  id: string;
  authorAccountId: string | null;
  created: string;
  items: ChangelogItem[];
}

export interface IssueRecord {
  id: string;
  key: string;
  projectId: string;
  /** Raw values by field id: issuetype/status/priority ids, account ids for users, ADF for description. */
  fields: Record<string, unknown>;
  properties: Record<string, unknown>;
  comments: CommentRecord[];
  changelog: ChangelogEntry[];
}

export interface IssueLinkRecord {
  id: string;
  typeId: string;
  inwardIssueId: string;
  outwardIssueId: string;
}

export const ISSUE_LINK_TYPES = [
  { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' },
  { id: '10001', name: 'Duplicate', inward: 'is duplicated by', outward: 'duplicates' },
  { id: '10002', name: 'Relates', inward: 'relates to', outward: 'relates to' },
  { id: '10003', name: 'Dependency', inward: 'is a dependency of', outward: 'depends on' },
];

/** Jira's default resolutions; a transition into a done status may name one (else Done). */
export const RESOLUTIONS = [
  { id: '10000', name: 'Done', description: 'Work has been completed on this issue.' },
  { id: '10001', name: "Won't Do", description: "This issue won't be actioned." },
  { id: '10002', name: 'Duplicate', description: 'The problem is a duplicate of an existing issue.' },
  { id: '10003', name: 'Cannot Reproduce', description: 'All attempts at reproducing this issue failed.' },
];

export const COMPONENT_ASSIGNEE_TYPES = ['PROJECT_DEFAULT', 'COMPONENT_LEAD', 'PROJECT_LEAD', 'UNASSIGNED'] as const;
export type ComponentAssigneeType = (typeof COMPONENT_ASSIGNEE_TYPES)[number];

export interface ComponentRecord {
  id: string;
  projectId: string;
  name: string;
  description: string;
  leadAccountId: string | null;
  assigneeType: ComponentAssigneeType;
}

/** Who may see a saved filter besides its owner; `loggedin` is what Jira calls an `authenticated` share. */
export type ShareTarget = { type: 'global' | 'loggedin' } | { type: 'project'; projectId: string };
export type SharePermissionRecord = ShareTarget & { id: string };

export interface FilterRecord {
  id: string;
  ownerAccountId: string;
  name: string;
  description: string;
  jql: string;
  sharePermissions: SharePermissionRecord[];
}

/** Store collections of the emulated site. */
export const COLLECTIONS = {
  meta: 'jira-meta',
  projects: 'jira-projects',
  issueTypes: 'jira-issue-types',
  issueTypeSchemes: 'jira-issue-type-schemes',
  fields: 'jira-fields',
  issues: 'jira-issues',
  links: 'jira-links',
  components: 'jira-components',
  filters: 'jira-filters',
  pendingEvents: 'jira-pending-events',
  notifications: 'jira-notifications',
} as const;

/** An email Jira queued for `POST /issue/{key}/notify`: what the recipients would receive. */
export interface NotificationRecord {
  id: string;
  issueId: string;
  issueKey: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  /** Account ids the email goes to. */
  recipients: string[];
  sentBy: string;
  at: string;
}
