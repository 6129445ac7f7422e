// A crawler over the site's own links: from the home page (and a few
// starting points that only forms reach, such as a plan and a
// comparison), every same-site link in every page's HTML is fetched once;
// any that answers 4xx or 5xx is a problem, named with the page that links
// to it. Plain HTTP (no browser): what it checks is the HTML the server
// sends, which is what every visitor gets.

/** `href`s in `html` (the attribute values, entities decoded). */
function hrefs(html) {
  const out = [];
  for (const m of html.matchAll(/\shref="([^"]*)"/g)) {
    out.push(m[1].replace(/&#38;|&amp;/g, "&").replace(/&#34;|&quot;/g, '"'));
  }
  return out;
}

/**
 * Crawls `base` from `starts` (paths), at most `limit` pages. Returns
 * { pages, problems }.
 */
export async function crawl(base, starts, limit = 2000) {
  const origin = new URL(base).origin;
  const seen = new Map(); // path → first page that linked to it
  const queue = [];
  for (const s of starts) {
    seen.set(s, "(start)");
    queue.push(s);
  }
  const problems = [];
  let pages = 0;
  while (queue.length > 0 && pages < limit) {
    const path = queue.shift();
    pages += 1;
    let response;
    try {
      response = await fetch(origin + path, { redirect: "manual" });
    } catch (err) {
      problems.push(`${path} (linked from ${seen.get(path)}) did not answer: ${err}`);
      continue;
    }
    if (response.status >= 400) {
      problems.push(`${path} answered ${response.status} (linked from ${seen.get(path)})`);
      continue;
    }
    const type = response.headers.get("content-type") || "";
    if (!type.startsWith("text/html")) continue;
    const html = await response.text();
    for (const href of hrefs(html)) {
      let url;
      try {
        url = new URL(href, origin + path);
      } catch {
        problems.push(`${path} links to a malformed address: ${href}`);
        continue;
      }
      if (url.origin !== origin || !/^https?:$/.test(url.protocol)) continue;
      const next = url.pathname + url.search;
      // Private links are a person's own; a crawler's visit would change
      // nothing, but erasing is a form, not a link, so reading is safe.
      if (!seen.has(next)) {
        seen.set(next, path);
        queue.push(next);
      }
    }
  }
  if (queue.length > 0) problems.push(`stopped after ${limit} pages with ${queue.length} left: raise the limit`);
  return { pages, problems };
}
