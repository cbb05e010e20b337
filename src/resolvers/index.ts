import Resolver from '@forge/resolver';
import type { ResolverKey } from '../shared/api';
import { confirmReviewed, getDelivery, keepDeliveryDueDate, listReview, moveDeliveryDueDate, saveDeliveryResponsibility } from './delivery';
import { getClosure, recordClosureFollowUp, recordClosureNotice, reopenClosure, waiveClosureFollowUp } from './closure';
import { exportPage } from './exports';
import { getLinkedCustomers, linkCustomers } from './customer-links';
import { eraseCustomerRecord, exportCustomerRecord, getCustomerRecord, importCustomerFile, listCustomers, saveCustomer } from './customers';
import { diffFramework, getCurrentFramework, getFrameworkHistory, getRescoringStatus, listFrameworkOverrides, previewFramework, revertFramework, saveFramework } from './framework';
import { getDeliverySettingsResolver, getFeasibility, listDutyHolders, markFeasibilityResolver, saveDeliverySettingsResolver } from './feasibility';
import { getClassification, mergeDuplicates, saveClassificationChoice, similarDuplicates, undoDuplicateMerge } from './duplicates';
import { guard, type ResolverDefinition } from './guard';
import { getIntakeStatus, rotateIntakeSecretResolver } from './intake';
import { previewSheetImport, sheetImportStatusResolver, startSheetImportResolver, uploadSheetPart } from './sheet-import';
import { listProjects, runSetup } from './projects';
import { filterDistribution, listFilters, listRequirements, moveRequirement, requirementDistribution } from './requirements';
import { getGlance, getTriage, saveTriage } from './triage';

/** Every resolver of every surface; each one goes through the guard. */
export const RESOLVER_DEFINITIONS = [
  getTriage,
  saveTriage,
  getGlance,
  listRequirements,
  moveRequirement,
  exportPage,
  requirementDistribution,
  filterDistribution,
  listFilters,
  getCurrentFramework,
  getFrameworkHistory,
  listFrameworkOverrides,
  previewFramework,
  saveFramework,
  diffFramework,
  revertFramework,
  getRescoringStatus,
  listProjects,
  runSetup,
  similarDuplicates,
  mergeDuplicates,
  undoDuplicateMerge,
  getClassification,
  saveClassificationChoice,
  listCustomers,
  getCustomerRecord,
  saveCustomer,
  importCustomerFile,
  exportCustomerRecord,
  eraseCustomerRecord,
  getLinkedCustomers,
  linkCustomers,
  getDelivery,
  moveDeliveryDueDate,
  keepDeliveryDueDate,
  saveDeliveryResponsibility,
  listReview,
  confirmReviewed,
  getFeasibility,
  markFeasibilityResolver,
  getDeliverySettingsResolver,
  saveDeliverySettingsResolver,
  listDutyHolders,
  getClosure,
  recordClosureNotice,
  recordClosureFollowUp,
  waiveClosureFollowUp,
  reopenClosure,
  getIntakeStatus,
  rotateIntakeSecretResolver,
  uploadSheetPart,
  previewSheetImport,
  startSheetImportResolver,
  sheetImportStatusResolver,
] as const satisfies readonly ResolverDefinition<ResolverKey>[];

const resolver = new Resolver();
for (const definition of RESOLVER_DEFINITIONS) {
  resolver.define(definition.key, guard(definition as ResolverDefinition<ResolverKey>) as never);
}

export const handler = resolver.getDefinitions();
