import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';

/**
 * A page as HTML text. Preact escapes every text child and attribute value; the only way to put markup in
 * is `dangerouslySetInnerHTML`, which the components use in one place (Highlighted, for the search engine's
 * escaped highlights).
 */
export function renderPage(page: VNode): string {
  return `<!DOCTYPE html>${render(page)}`;
}
