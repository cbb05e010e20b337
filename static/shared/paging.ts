import type { ResolverError, ResolverResult } from './api';

/** Stop following page tokens after this many pages (a broken token chain must not loop forever). */
export const MAX_PAGES = 500;

/** Pages read at once when the first page names them all (a browser allows a few requests per host at a time anyway). */
const PARALLEL_PAGES = 4;

export interface PagedRead<Page> {
  /** Reads the first page (token null) and each next one in turn. */
  read(token: string | null): Promise<ResolverResult<Page>>;
  /** The token of the page after this one; null at the end. */
  next(page: Page): string | null;
  /** Pages the first page names all at once (a project's copy); read in parallel, in any order. */
  named?(page: Page): readonly string[];
  /** Reads one of the named pages (defaults to `read`). */
  readNamed?(token: string): Promise<ResolverResult<Page>>;
  /** Each page as it arrives; `index` 0 is the first. */
  onPage(page: Page, index: number): void;
  /** False once nobody waits for the pages (the component left, a newer load began): reading stops. */
  wanted?(): boolean;
}

export type PagedOutcome =
  | { status: 'done' }
  | { status: 'failed'; error: ResolverError; /** True when the first page failed (nothing was read). */ first: boolean }
  | { status: 'abandoned' };

/** Reads the named pages, at most PARALLEL_PAGES at a time, handing each page over as it arrives; the first failure, if any. */
async function readNamedPages<Page>(
  tokens: readonly string[],
  read: (token: string) => Promise<ResolverResult<Page>>,
  onPage: (page: Page) => void,
  wanted: () => boolean,
): Promise<ResolverError | null> {
  let next = 0;
  let failure: ResolverError | null = null;
  const worker = async () => {
    while (next < tokens.length && !failure && wanted()) {
      const result = await read(tokens[next++]!);
      if (!wanted()) return;
      if (result.ok) onPage(result.data);
      else failure ??= result.error;
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_PAGES, tokens.length) }, worker));
  return failure;
}

/**
 * The app's one way to read a paged resolver answer: the first page, then either every page it
 * names at once (read in parallel) or each next token until there is none.
 */
export async function readEveryPage<Page>(paged: PagedRead<Page>): Promise<PagedOutcome> {
  const wanted = paged.wanted ?? (() => true);
  let token: string | null = null;
  let index = 0;
  for (let count = 0; count < MAX_PAGES; count += 1) {
    const result = await paged.read(token);
    if (!wanted()) return { status: 'abandoned' };
    if (!result.ok) return { status: 'failed', error: result.error, first: count === 0 };
    paged.onPage(result.data, index++);
    const named = count === 0 ? (paged.named?.(result.data) ?? []) : [];
    if (named.length > 0) {
      const failure = await readNamedPages(named, paged.readNamed ?? paged.read, (page) => paged.onPage(page, index++), wanted);
      if (!wanted()) return { status: 'abandoned' };
      return failure ? { status: 'failed', error: failure, first: false } : { status: 'done' };
    }
    token = paged.next(result.data);
    if (token === null) return { status: 'done' };
  }
  return { status: 'done' };
}
