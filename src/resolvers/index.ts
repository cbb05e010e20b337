import Resolver from '@forge/resolver';
import type { ResolverKey } from '../shared/api';
import {
  getDelivery,
  getDeliverySettingsResolver,
  keepDeliveryDueDate,
  listDutyHolders,
  moveDeliveryDueDate,
  saveDeliveryResponsibility,
  saveDeliverySettingsResolver,
} from './delivery';
import { addCapturedDemand, createCaptured, getCapture, similarToCapture } from './capture';
import {
  closeClosure,
  getClosure,
  recordClosureFollowUp,
  recordClosureNotice,
  reopenClosure,
  waiveClosureFollowUp,
} from './closure';
import { exportPage } from './exports';
import {
  archiveCustomers,
  confirmCustomerReviewResolver,
  eraseCustomerRecord,
  listCustomerReview,
  exportCustomerRecord,
  getCustomerRecord,
  getLinkedCustomers,
  importCustomerFile,
  linkCustomers,
  listCustomers,
  saveCustomer,
} from './customers';
import {
  diffFramework,
  getCurrentFramework,
  getFrameworkHistory,
  listFrameworkOverrides,
  previewFramework,
  revertFramework,
  saveFramework,
} from './framework';
import { getFeasibility, markFeasibilityResolver } from './feasibility';
import { getClassification, saveClassificationChoice } from './classification';
import { mergeDuplicates, similarDuplicates, undoDuplicateMerge } from './duplicates';
import { filterDistribution, listFilters } from './filters';
import { getGlance } from './glance';
import { guard, type AnyResolverDefinition, type ResolverDefinition } from './guard';
import { getIntakeStatus, rotateIntakeSecretResolver } from './intake';
import { getKindTagsResolver, saveKindTagsResolver } from './kind-tags';
import { getKeyDates, getKeyDatesTimeline, saveKeyDatesResolver } from './key-dates';
import { previewSheetImport, sheetImportStatusResolver, startSheetImportResolver, uploadSheetPart } from './sheet-import';
import { listProjects } from './projects';
import { getReportGadget, getReports } from './reports';
import { getRescoringStatus } from './rescoring';
import { confirmReviewed, listReview } from './review';
import { listProjectSetupStatus, runSetup } from './setup';
import {
  addSupportTicketToRequirement,
  createRequirementFromSupportTicket,
  getSupportTicket,
  similarForSupportTicket,
} from './ticket';
import { listRequirements, moveRequirement, requirementDistribution } from './requirements';
import { getScoreHistory, getTriage, saveTriage } from './triage';

/** Every resolver of every surface; each one goes through the guard. */
export const RESOLVER_DEFINITIONS = [
  getTriage,
  saveTriage,
  getScoreHistory,
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
  listProjectSetupStatus,
  similarDuplicates,
  mergeDuplicates,
  undoDuplicateMerge,
  getClassification,
  saveClassificationChoice,
  getKindTagsResolver,
  saveKindTagsResolver,
  listCustomers,
  getCustomerRecord,
  saveCustomer,
  importCustomerFile,
  exportCustomerRecord,
  archiveCustomers,
  listCustomerReview,
  confirmCustomerReviewResolver,
  eraseCustomerRecord,
  getLinkedCustomers,
  linkCustomers,
  getDelivery,
  moveDeliveryDueDate,
  keepDeliveryDueDate,
  saveDeliveryResponsibility,
  listReview,
  confirmReviewed,
  getReports,
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
  closeClosure,
  getIntakeStatus,
  rotateIntakeSecretResolver,
  uploadSheetPart,
  previewSheetImport,
  startSheetImportResolver,
  sheetImportStatusResolver,
  getCapture,
  similarToCapture,
  createCaptured,
  addCapturedDemand,
  getSupportTicket,
  similarForSupportTicket,
  createRequirementFromSupportTicket,
  addSupportTicketToRequirement,
  getKeyDates,
  saveKeyDatesResolver,
  getKeyDatesTimeline,
  getReportGadget,
] as const satisfies readonly AnyResolverDefinition[];

const resolver = new Resolver();
for (const definition of RESOLVER_DEFINITIONS) {
  // Each definition was type-checked with its own key and scope above; here they share one loop.
  resolver.define(definition.key, guard(definition as unknown as ResolverDefinition<ResolverKey>) as never);
}

export const handler = resolver.getDefinitions();
