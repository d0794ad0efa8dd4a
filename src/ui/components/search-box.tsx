/**
 * The search box (SPEC 7): `<input type="search" name="q">` labelled 搜索, and a 搜索 button; with `error`, the
 * message beside it. Used inside a larger form (the search page's filters) or on its own (SearchBox).
 */
export function SearchInput({ q, id = 'q', error }: { q?: string; id?: string; error?: string }) {
  return (
    <>
      <div class="search-box">
        <label class="visually-hidden" for={id}>
          搜索
        </label>
        <input
          type="search"
          id={id}
          name="q"
          value={q ?? ''}
          maxLength={200}
          placeholder="标题、正文、发文字号、发文机关"
          autocomplete="off"
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <button type="submit">搜索</button>
      </div>
      {error ? (
        <p class="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </>
  );
}

/** The search box as a form of its own, sending to the search page. */
export function SearchBox({ q, action = '/search', id = 'q' }: { q?: string; action?: string; id?: string }) {
  return (
    <form role="search" method="get" action={action} aria-label="检索文件">
      <SearchInput q={q} id={id} />
    </form>
  );
}
