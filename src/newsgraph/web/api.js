// The page's only door to the server: JSON GETs against /api, errors turned into messages.

/** Raised when the API answers with its JSON error shape (or not JSON at all). */
export class ApiError extends Error {}

/** GET `path` with `params` (empty values dropped) and return the parsed JSON body. */
export async function getJSON(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") query.set(key, String(value));
  }
  const url = query.size ? `${path}?${query}` : path;
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const message = body?.error?.message ?? `${response.status} ${response.statusText}`;
    throw new ApiError(`${url}: ${message}`);
  }
  return body;
}

/** Every item of a paged list endpoint, up to `cap` items (the views draw at most that many). */
export async function getAll(path, params = {}, cap = 5000) {
  const items = [];
  let total = Infinity;
  while (items.length < Math.min(total, cap)) {
    const page = await getJSON(path, { ...params, limit: 1000, offset: items.length });
    total = page.total;
    items.push(...page.items);
    if (!page.items.length) break;
  }
  return { items: items.slice(0, cap), total };
}
