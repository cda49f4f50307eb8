import { useEffect } from 'react';

/** Sets the tab title to "<page> · Cairn". */
export function useDocumentTitle(page: string): void {
  useEffect(() => {
    document.title = `${page} · Cairn`;
  }, [page]);
}
