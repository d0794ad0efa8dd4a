/**
 * Text with the search engine's highlights. The engine's highlight is already HTML: the text escaped and
 * only `<em>` added (src/search/highlight.ts, held by its tests and the pages' hostile-input tests). This
 * is the one place a page inserts markup it did not build itself.
 */
export function Highlighted({ html }: { html: string }) {
  return <span class="hl" dangerouslySetInnerHTML={{ __html: html }} />;
}
