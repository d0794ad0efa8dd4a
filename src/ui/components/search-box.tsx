/** The search box (SPEC 7): `<input type="search" name="q">` labelled 搜索, and a 搜索 button. */
export function SearchBox({ q, action = '/search', id = 'q' }: { q?: string; action?: string; id?: string }) {
  return (
    <form class="search-box" role="search" method="get" action={action}>
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
      />
      <button type="submit">搜索</button>
    </form>
  );
}
