/**
 * The message catalogues of the Custom UI, one per surface plus `common`, each in English
 * (`en/<name>.ts`) and Simplified Chinese (`zh-CN/<name>.ts`, typed by the English one, so the
 * compiler refuses a missing or an extra key).
 *
 * Where a key goes: in the catalogue of the one surface that shows it (a project-page subpage has
 * its own: `customers`, `intake`); in `common` when several surfaces show it or static/shared does.
 * A surface loads `common` and its own catalogues, in the reader's language only
 * (static/<surface>/src/messages.ts); test/unit/static/messages.test.ts checks that every key a
 * surface's code names is in a catalogue it loads.
 *
 * This module holds types only: importing it adds no message to a bundle.
 */
import type admin from './en/admin';
import type common from './en/common';
import type customers from './en/customers';
import type gadget from './en/gadget';
import type intake from './en/intake';
import type matrix from './en/matrix';
import type panel from './en/panel';
import type ticket from './en/ticket';

export interface Catalogues {
  common: typeof common;
  panel: typeof panel;
  matrix: typeof matrix;
  customers: typeof customers;
  intake: typeof intake;
  gadget: typeof gadget;
  admin: typeof admin;
  ticket: typeof ticket;
}
export type CatalogueName = keyof Catalogues;
export type MessageKey = { [Name in CatalogueName]: keyof Catalogues[Name] }[CatalogueName] & string;
/** One language's messages as a module's default export (what `import()` of a catalogue gives). */
export type CatalogueModule = { default: Readonly<Partial<Record<MessageKey, string>>> };
