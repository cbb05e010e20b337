import { useEffect, useRef } from 'react';
import { view as forgeView } from '@forge/bridge';
import { viewPath, type MatrixView } from './filter-model';

interface PageHistory {
  location: { pathname: string };
  replace(path: string): void;
}

/**
 * Keeps the project page's address on the view shown (Forge's view.createHistory: the path is
 * relative to the app's URL), so the address is the view's link: bookmarked, it is saved; sent,
 * it is shared. Replacing, not pushing, keeps the browser's Back for leaving the page.
 */
export function useViewInAddress(view: MatrixView): void {
  const history = useRef<Promise<PageHistory | null> | null>(null);
  const path = viewPath(view) || '/';
  useEffect(() => {
    history.current ??= (forgeView.createHistory() as Promise<PageHistory>).catch(() => null);
    void history.current.then((pageHistory) => {
      if (pageHistory && typeof pageHistory.replace === 'function' && pageHistory.location.pathname !== path)
        pageHistory.replace(path);
    });
  }, [path]);
}
