// search.js: the search page of a briefing site. Reads ?q=, fetches the index that
// `briefing build` writes beside the page (search/index.json, one terms/<shard>.json
// per word, the docs/<n>.json chunks of the results shown) and lists the articles that
// hold every word. Article text is only ever set as text (textContent, text nodes):
// nothing from an article can become markup here.
(() => {
  'use strict';
  const list = document.getElementById('search-results');
  const form = document.getElementById('search-form');
  const input = document.getElementById('search-q');
  const status = document.getElementById('search-status');
  if (!list || !form || !input || !status) return;
  const root = new URL(list.dataset.index || './', location.href);
  const PER_PAGE = 10;
  const files = new Map();
  const load = (path) => {
    if (!files.has(path)) {
      files.set(path, fetch(new URL(path, root)).then((r) => {
        if (!r.ok) throw new Error(`${path}: ${r.status}`);
        return r.json();
      }));
    }
    return files.get(path);
  };
  // As the index cuts text (src/render/search/terms.rs): lower case, then runs of
  // letters and digits of any script, two characters or more.
  const words = (text, stop) => [...new Set(text.toLowerCase().split(/[^\p{Alphabetic}\p{N}]+/u))]
    .filter((w) => [...w].length >= 2 && new TextEncoder().encode(w).length <= 40 && !stop.has(w));
  const shardOf = (w) => Array.from(new TextEncoder().encode([...w].slice(0, 2).join('')),
    (b) => b.toString(16).padStart(2, '0')).join('');

  // Best score of each article for one word: the word itself, or (from three
  // characters) a longer term it begins, which counts half. Rare terms count more.
  const scoresOf = (word, shard, count) => {
    const best = new Map();
    const prefix = [...word].length >= 3;
    for (const [term, postings] of Object.entries(shard)) {
      const exact = term === word;
      if (!exact && !(prefix && term.startsWith(word))) continue;
      const idf = Math.log(1 + count / postings.length);
      let doc = 0;
      for (const p of postings) {
        doc += Math.floor(p / 4);
        const s = (1 + (p % 4)) * idf * (exact ? 1 : 0.5);
        if (!(best.get(doc) >= s)) best.set(doc, s);
      }
    }
    return best;
  };

  let run = 0;
  let shown = { hits: [], next: 0, meta: null, words: [] };

  const search = async (query) => {
    const mine = ++run;
    list.replaceChildren();
    removeMore();
    const meta = await load('index.json');
    const stop = new Set(meta.stop);
    const ws = words(query, stop);
    if (!ws.length) {
      status.textContent = query.trim()
        ? `“${query.trim()}” holds only words too common to search for.`
        : `Type words to search ${meta.count} articles.`;
      return;
    }
    const shards = new Set(meta.shards);
    const perWord = await Promise.all(ws.map(async (w) => {
      const key = shardOf(w);
      return shards.has(key) ? scoresOf(w, await load(`terms/${key}.json`), meta.count) : new Map();
    }));
    if (mine !== run) return;
    perWord.sort((a, b) => a.size - b.size);
    const hits = [];
    for (const [doc, s] of perWord[0]) {
      let total = s;
      for (const other of perWord.slice(1)) {
        const t = other.get(doc);
        if (t === undefined) { total = -1; break; }
        total += t;
      }
      if (total >= 0) hits.push([doc, total]);
    }
    // Best first; among equals the newer article (ids follow the site's order).
    hits.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    shown = { hits, next: 0, meta, words: ws };
    const q = `“${query.trim()}”`;
    status.textContent = hits.length === 0 ? `No article holds ${q}.`
      : `${hits.length} article${hits.length === 1 ? '' : 's'} ${hits.length === 1 ? 'holds' : 'hold'} ${q}.`;
    await more(mine, false);
  };

  // Lists the next PER_PAGE results; from the second page on, focus moves to the first
  // of them so that a keyboard user carries on reading there.
  const more = async (mine, focus) => {
    const { hits, meta } = shown;
    const page = hits.slice(shown.next, shown.next + PER_PAGE);
    const rows = await Promise.all(page.map(async ([doc]) =>
      (await load(`docs/${Math.floor(doc / meta.chunk)}.json`))[doc % meta.chunk]));
    if (mine !== run) return;
    shown.next += page.length;
    let first = null;
    rows.forEach((row) => {
      if (!row) return;
      const item = result(row, meta);
      list.append(item);
      first = first || item.querySelector('a');
    });
    removeMore();
    if (shown.next < hits.length) {
      const button = document.createElement('button');
      button.type = 'button';
      button.id = 'search-more';
      button.className = 'search-more';
      button.textContent = `Show more results (${hits.length - shown.next} more)`;
      button.addEventListener('click', () => more(run, true));
      list.after(button);
    }
    if (focus && first) first.focus();
  };
  const removeMore = () => document.getElementById('search-more')?.remove();

  const result = ([title, url, topics, date, summary], meta) => {
    const item = document.createElement('li');
    item.className = 'search-result';
    const names = topics.map((i) => meta.topics[i]).filter(Boolean);
    if (names.length) {
      const kicker = document.createElement('p');
      kicker.className = 'kicker';
      names.forEach((t) => {
        const span = document.createElement('span');
        span.textContent = t.name;
        kicker.append(span);
      });
      item.append(kicker);
    }
    const heading = document.createElement('h2');
    heading.className = 'search-result__title';
    const link = document.createElement('a');
    link.href = url;
    link.textContent = title;
    heading.append(link);
    item.append(heading);
    if (date) {
      const meta = document.createElement('p');
      meta.className = 'meta';
      const time = document.createElement('time');
      time.dateTime = date;
      time.textContent = formatDate(date);
      meta.append(time);
      item.append(meta);
    }
    const snippet = document.createElement('p');
    snippet.className = 'search-result__snippet';
    highlight(snippet, summary, shown.words);
    item.append(snippet);
    return item;
  };

  // The summary as text nodes, with the query's words (and the terms they begin) in <mark>.
  const highlight = (into, text, ws) => {
    const pattern = new RegExp(`(?<![\\p{Alphabetic}\\p{N}])(?:${ws.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})[\\p{Alphabetic}\\p{N}]*`, 'giu');
    let at = 0;
    for (const m of text.matchAll(pattern)) {
      into.append(document.createTextNode(text.slice(at, m.index)));
      const mark = document.createElement('mark');
      mark.textContent = m[0];
      into.append(mark);
      at = m.index + m[0].length;
    }
    into.append(document.createTextNode(text.slice(at)));
  };

  const formatDate = (date) => {
    const day = /^\d{4}-\d{2}-\d{2}/.exec(date);
    if (!day) return date;
    try {
      return new Intl.DateTimeFormat(document.documentElement.lang || undefined,
        { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day[0]}T00:00:00Z`));
    } catch (e) {
      return day[0];
    }
  };

  const go = (query, push) => {
    const url = new URL(location.href);
    if (query.trim()) url.searchParams.set('q', query); else url.searchParams.delete('q');
    if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
    search(query).catch((e) => {
      status.textContent = `The search index could not be read (${e.message}).`;
    });
  };

  let timer = 0;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => go(input.value, false), 200);
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    go(input.value, true);
  });
  const fromAddress = () => {
    input.value = new URLSearchParams(location.search).get('q') || '';
    go(input.value, false);
  };
  window.addEventListener('popstate', fromAddress);
  fromAddress();
})();
