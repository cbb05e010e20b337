/**
 * Every catalogue in both languages, for the build (the glance's `rt-messages:` subsets) and for
 * tests. Surfaces never import this: they load their own catalogues in one language.
 */
import adminEn from './en/admin';
import commonEn from './en/common';
import customersEn from './en/customers';
import gadgetEn from './en/gadget';
import intakeEn from './en/intake';
import matrixEn from './en/matrix';
import panelEn from './en/panel';
import ticketEn from './en/ticket';
import type { CatalogueName, MessageKey } from './index';
import adminZh from './zh-CN/admin';
import commonZh from './zh-CN/common';
import customersZh from './zh-CN/customers';
import gadgetZh from './zh-CN/gadget';
import intakeZh from './zh-CN/intake';
import matrixZh from './zh-CN/matrix';
import panelZh from './zh-CN/panel';
import ticketZh from './zh-CN/ticket';

export const CATALOGUES: Record<CatalogueName, { en: Record<string, string>; 'zh-CN': Record<string, string> }> = {
  common: { en: commonEn, 'zh-CN': commonZh },
  panel: { en: panelEn, 'zh-CN': panelZh },
  matrix: { en: matrixEn, 'zh-CN': matrixZh },
  customers: { en: customersEn, 'zh-CN': customersZh },
  intake: { en: intakeEn, 'zh-CN': intakeZh },
  gadget: { en: gadgetEn, 'zh-CN': gadgetZh },
  admin: { en: adminEn, 'zh-CN': adminZh },
  ticket: { en: ticketEn, 'zh-CN': ticketZh },
};

const merged = (language: 'en' | 'zh-CN') =>
  Object.assign({}, ...Object.values(CATALOGUES).map((catalogue) => catalogue[language])) as Record<MessageKey, string>;

export const MESSAGES: { en: Record<MessageKey, string>; 'zh-CN': Record<MessageKey, string> } = {
  en: merged('en'),
  'zh-CN': merged('zh-CN'),
};
