import Foundation
import GazetteCore

/// The built-in reader at `/`: one HTML page with its CSS and JavaScript inline, built into the
/// binary (no build step, nothing fetched from another site) and using only the public API:
/// `/v1/categories`, `/v1/articles` (filters, `q`, `cursor`) and `/v1/articles/{id}`.
///
/// The inline style and script are allowed by their SHA-256 hashes in the
/// Content-Security-Policy (CSP Level 2 hash sources), computed here from the very strings the
/// page embeds, so the policy needs no `'unsafe-inline'` and cannot drift from the page.
enum ReaderPage {
    /// The page, UTF-8.
    static let body: [UInt8] = Array(html.utf8)

    /// A strong validator: the body's SHA-256 (first 128 bits), quoted.
    static let etag: String = "\"" + String(SHA256.hexDigest(of: body).prefix(32)) + "\""

    /// Only this origin, for everything but article images, which live on the publishers'
    /// servers (`img-src` allows any http/https and `data:` images, as `body_html` may hold).
    static let contentSecurityPolicy: String = [
        "default-src 'self'",
        "script-src '\(hashSource(script))'",
        "style-src '\(hashSource(style))'",
        "img-src 'self' https: http: data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ].joined(separator: "; ")

    /// `sha256-<base64 of the digest>` of `text`'s UTF-8 (CSP Level 3 §2.3.1 hash-source).
    static func hashSource(_ text: String) -> String {
        let hex = Array(SHA256.hexDigest(of: text.utf8).utf8)
        var digest: [UInt8] = []
        digest.reserveCapacity(32)
        var index = 0
        while index + 1 < hex.count {
            digest.append(nibble(hex[index]) << 4 | nibble(hex[index + 1]))
            index += 2
        }
        return "sha256-" + Data(digest).base64EncodedString()
    }

    private static func nibble(_ digit: UInt8) -> UInt8 {
        digit >= UInt8(ascii: "a") ? digit - UInt8(ascii: "a") + 10 : digit - UInt8(ascii: "0")
    }

    static let html: String = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <link rel="icon" href="data:,">
        <title>Gazette</title>
        <link rel="alternate" type="application/atom+xml" title="Gazette (Atom)" href="/v1/feed.atom">
        <link rel="alternate" type="application/rss+xml" title="Gazette (RSS)" href="/v1/feed.rss">
        <link rel="alternate" type="application/feed+json" title="Gazette (JSON Feed)" href="/v1/feed.json">
        <style>\(style)</style>
        </head>
        <body>
        <a class="skip" href="#main">Skip to the articles</a>
        <header class="site">
          <h1><a href="#/">Gazette</a></h1>
          <form id="search" class="search" role="search">
            <label for="q" class="visually-hidden">Search articles</label>
            <input id="q" name="q" type="search" placeholder="Search articles, e.g. 北京" autocomplete="off"
              enterkeyhint="search" aria-describedby="search-help">
            <span id="search-help" class="visually-hidden">Searches titles and article text.</span>
            <button type="submit">Search</button>
            <button type="button" id="clear-search" class="secondary" hidden>Clear search</button>
          </form>
        </header>
        <div class="layout">
          <nav class="categories" aria-label="Categories">
            <details id="category-panel">
              <summary>Categories</summary>
              <button type="button" class="category" id="all-articles" aria-pressed="true">
                <span class="name">All articles</span></button>
              <div id="categories"><p class="muted">Loading categories…</p></div>
            </details>
          </nav>
          <main id="main" tabindex="-1">
            <div id="error" class="error" role="alert" hidden></div>
            <section id="list-view" aria-labelledby="list-heading">
              <h2 id="list-heading" tabindex="-1">Newest articles</h2>
              <p id="total" class="meta"></p>
              <ol id="articles" class="articles"></ol>
              <p id="empty" class="muted" hidden>No articles match.</p>
              <button type="button" id="more" hidden>Load more</button>
            </section>
            <article id="article-view" hidden aria-labelledby="article-title">
              <p><a href="#/" class="back">← Back to the articles</a></p>
              <div id="article-content"></div>
            </article>
            <p id="status" class="visually-hidden" role="status" aria-live="polite"></p>
          </main>
        </div>
        <footer class="site">
          Feeds: <a href="/v1/feed.atom">Atom</a> · <a href="/v1/feed.rss">RSS</a> ·
          <a href="/v1/feed.json">JSON Feed</a> · API: <a href="/openapi.json">OpenAPI description</a>
        </footer>
        <script>\(script)</script>
        </body>
        </html>

        """

    static let style: String = """

        :root { color-scheme: light dark; --bg: #fff; --fg: #1b1b1b; --muted: #5f6368; --accent: #0b57d0;
          --on-accent: #fff; --line: #dadce0; --panel: #f1f3f4; --error-bg: #fce8e6; --error-fg: #a50e0e; }
        @media (prefers-color-scheme: dark) {
          :root { --bg: #121212; --fg: #e8eaed; --muted: #9aa0a6; --accent: #8ab4f8; --on-accent: #111;
            --line: #3c4043; --panel: #202124; --error-bg: #3c1412; --error-fg: #f6aea9; }
        }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--bg); color: var(--fg);
          font: 16px/1.65 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB",
            "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif; }
        a { color: var(--accent); }
        :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
          white-space: nowrap; }
        .skip { position: absolute; left: -999rem; }
        .skip:focus { left: 1rem; top: .5rem; padding: .5rem 1rem; background: var(--bg); z-index: 1; }
        .muted { color: var(--muted); }
        header.site { display: flex; flex-wrap: wrap; align-items: center; gap: .75rem 1.5rem;
          padding: .75rem 1rem; border-bottom: 1px solid var(--line); }
        header.site h1 { margin: 0; font-size: 1.5rem; }
        header.site h1 a { color: inherit; text-decoration: none; }
        form.search { display: flex; flex: 1 1 18rem; gap: .5rem; max-width: 42rem; }
        form.search input { flex: 1; min-width: 0; font: inherit; padding: .45rem .7rem; color: var(--fg);
          background: var(--bg); border: 1px solid var(--muted); border-radius: .4rem; }
        button { font: inherit; cursor: pointer; padding: .45rem .9rem; border-radius: .4rem;
          border: 1px solid var(--accent); background: var(--accent); color: var(--on-accent); }
        button.secondary, #more { background: transparent; color: var(--accent); }
        button[disabled] { opacity: .6; cursor: progress; }
        .layout { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1rem; max-width: 74rem;
          margin: 0 auto; padding: 1rem; }
        @media (min-width: 50rem) {
          .layout { grid-template-columns: 17rem minmax(0, 1fr); gap: 2rem; }
          nav.categories { position: sticky; top: 1rem; align-self: start; max-height: calc(100vh - 2rem);
            overflow: auto; }
        }
        nav.categories summary { font-weight: 600; cursor: pointer; padding: .25rem 0; }
        .tree, .tree-sub { list-style: none; margin: 0; padding: 0; }
        .tree-sub { margin-left: .5rem; padding-left: .6rem; border-left: 1px solid var(--line); }
        button.category { display: flex; justify-content: space-between; gap: .5rem; width: 100%;
          text-align: left; padding: .2rem .5rem; background: none; color: var(--fg);
          border: 1px solid transparent; }
        button.category:hover { background: var(--panel); }
        button.category:focus-visible { outline-offset: -3px; }
        button.category[aria-pressed="true"] { background: var(--panel); border-color: var(--accent);
          font-weight: 600; }
        .count { color: var(--muted); font-variant-numeric: tabular-nums; }
        #list-heading { margin: 0 0 .25rem; font-size: 1.35rem; }
        ol.articles { list-style: none; margin: 0 0 1rem; padding: 0; }
        li.summary { padding: .9rem 0; border-bottom: 1px solid var(--line); }
        li.summary article { display: grid; grid-template-columns: minmax(0, 1fr) auto; column-gap: 1rem; }
        li.summary article > :not(.thumb) { grid-column: 1; }
        li.summary h3 { margin: 0 0 .2rem; font-size: 1.1rem; line-height: 1.45; }
        .thumb { grid-column: 2; grid-row: 1 / span 3; width: 7rem; height: 4.8rem; object-fit: cover;
          border-radius: .3rem; background: var(--panel); }
        @media (max-width: 30rem) { .thumb { width: 4.5rem; height: 3.5rem; } }
        .meta { margin: 0 0 .2rem; color: var(--muted); font-size: .875rem; }
        .excerpt, .snippet { margin: 0; overflow-wrap: anywhere; }
        mark { background: #fde293; color: #111; }
        .error { margin: 0 0 1rem; padding: .75rem 1rem; color: var(--error-fg); background: var(--error-bg);
          border: 1px solid currentColor; border-radius: .4rem; }
        #article-view h2 { margin: .25rem 0 .5rem; font-size: 1.6rem; line-height: 1.35; }
        dl.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .1rem 1rem;
          margin: 0 0 1rem; color: var(--muted); font-size: .9rem; }
        dl.facts dt { font-weight: 600; }
        dl.facts dd { margin: 0; overflow-wrap: anywhere; }
        .article-body { overflow-wrap: anywhere; font-size: 1.05rem; }
        .article-body img, .article-body video, figure img { max-width: 100%; height: auto; }
        .article-body table { display: block; overflow-x: auto; }
        figure { margin: 1rem 0; }
        figcaption { color: var(--muted); font-size: .875rem; }
        footer.site { padding: 1rem; border-top: 1px solid var(--line); color: var(--muted); font-size: .875rem;
          text-align: center; }

        """

    static let script: String = #"""

        'use strict';
        (function () {
          const $ = (id) => document.getElementById(id);
          const state = { category: null, q: '', cursor: null, generation: 0, lastOpened: null };

          // Builds an element; text goes in as text, never as markup.
          function h(tag, props, children) {
            const node = document.createElement(tag);
            for (const [key, value] of Object.entries(props || {})) {
              if (value === null || value === undefined || value === false) continue;
              if (key === 'text') node.textContent = value;
              else if (key === 'class') node.className = value;
              else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
              else node.setAttribute(key, value === true ? '' : String(value));
            }
            for (const child of [].concat(children || [])) if (child !== null && child !== undefined) node.append(child);
            return node;
          }

          // GETs JSON from the API; an error answer becomes an Error carrying the problem's detail.
          async function getJSON(path) {
            let response;
            try {
              response = await fetch(path, { headers: { Accept: 'application/json' } });
            } catch (error) {
              throw new Error('The server could not be reached.');
            }
            let body = null;
            try { body = await response.json(); } catch (error) { body = null; }
            if (!response.ok) {
              const detail = body && typeof body.detail === 'string' ? body.detail : 'the server answered ' + response.status + '.';
              const error = new Error(detail);
              error.status = response.status;
              error.title = body && typeof body.title === 'string' ? body.title : response.statusText;
              throw error;
            }
            if (body === null) throw new Error('The server did not answer with JSON.');
            return body;
          }

          function showError(what, error) {
            const status = error.status ? ' (' + error.status + (error.title ? ' ' + error.title : '') + ')' : '';
            $('error').replaceChildren(h('strong', { text: what + ' failed' + status + ': ' }), error.message);
            $('error').hidden = false;
          }
          function clearError() { $('error').hidden = true; $('error').replaceChildren(); }
          function say(text) { $('status').textContent = text; }

          function formatDate(iso) {
            const date = new Date(iso);
            if (isNaN(date.getTime())) return iso;
            return date.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric',
              hour: '2-digit', minute: '2-digit' });
          }
          function time(iso) { return iso ? h('time', { datetime: iso, text: formatDate(iso) }) : null; }
          function joined(parts, separator) {
            const out = [];
            parts.filter((part) => part !== null && part !== '').forEach((part, index) => {
              if (index) out.push(separator);
              out.push(part);
            });
            return out;
          }

          // A search snippet keeps only its text and its <mark>s, whatever else it holds.
          function snippet(html) {
            const paragraph = h('p', { class: 'snippet' });
            const parsed = new DOMParser().parseFromString('<body>' + html, 'text/html');
            for (const node of parsed.body.childNodes) {
              if (node.nodeName === 'MARK') paragraph.append(h('mark', { text: node.textContent }));
              else paragraph.append(node.textContent);
            }
            return paragraph;
          }

          // MARK: categories
          function categoryList(nodes, depth) {
            const list = h('ul', { class: depth ? 'tree-sub' : 'tree' });
            for (const node of nodes) {
              const value = node.path.join(' › ');
              const button = h('button', {
                type: 'button', class: 'category', 'aria-pressed': 'false', 'data-category': value,
                title: value, onclick: () => selectCategory(value),
              }, [h('span', { class: 'name', text: node.name }),
                  h('span', { class: 'count', text: String(node.count) })]);
              const children = node.children && node.children.length && depth < 8 ? categoryList(node.children, depth + 1) : null;
              list.append(h('li', null, [button, children]));
            }
            return list;
          }

          async function loadCategories() {
            try {
              const body = await getJSON('/v1/categories');
              $('categories').replaceChildren(body.data.length ? categoryList(body.data, 0)
                : h('p', { class: 'muted', text: 'No categories yet.' }));
            } catch (error) {
              $('categories').replaceChildren(h('p', { class: 'muted', text: 'Categories could not be loaded: ' + error.message }));
            }
          }

          function selectCategory(value) {
            state.category = value;
            for (const button of document.querySelectorAll('button.category')) {
              const selected = value === null ? button.id === 'all-articles' : button.dataset.category === value;
              button.setAttribute('aria-pressed', selected ? 'true' : 'false');
            }
            if (location.hash.startsWith('#/articles/')) location.hash = '#/';
            startList(true);
          }

          // MARK: the list
          function listHeading() {
            const where = state.category ? ' in ' + state.category : '';
            return state.q ? 'Search “' + state.q + '”' + where : (state.category ? state.category : 'Newest articles');
          }

          function listURL() {
            const parameters = new URLSearchParams();
            if (state.category) parameters.append('category', state.category);
            if (state.q) parameters.append('q', state.q);
            parameters.set('limit', '20');
            if (state.cursor) parameters.set('cursor', state.cursor);
            return '/v1/articles?' + parameters.toString();
          }

          function summary(item) {
            const categories = item.categories && item.categories.length ? item.categories.join(' › ') : null;
            const meta = h('p', { class: 'meta' }, joined([time(item.published_at), item.author, categories], ' · '));
            const text = item.snippet ? snippet(item.snippet) : h('p', { class: 'excerpt', text: item.excerpt || '' });
            const thumbnail = item.thumbnail ? h('img', { class: 'thumb', src: item.thumbnail, alt: '', loading: 'lazy' }) : null;
            const link = h('a', { href: '#/articles/' + item.id, text: item.title, 'data-id': item.id });
            return h('li', { class: 'summary' }, h('article', null, [thumbnail, h('h3', null, link), meta, text]));
          }

          function startList(moveFocus) {
            state.cursor = null;
            state.generation += 1;
            $('articles').replaceChildren();
            $('total').textContent = '';
            $('empty').hidden = true;
            $('more').hidden = true;
            $('list-heading').textContent = listHeading();
            document.title = state.q || state.category ? listHeading() + ' – Gazette' : 'Gazette';
            return loadPage(false, moveFocus);
          }

          async function loadPage(isMore, moveFocus) {
            const generation = state.generation;
            const list = $('articles');
            const more = $('more');
            clearError();
            more.disabled = true;
            list.setAttribute('aria-busy', 'true');
            say('Loading articles…');
            try {
              const body = await getJSON(listURL());
              if (generation !== state.generation) return;
              const first = list.children.length;
              for (const item of body.data) list.append(summary(item));
              state.cursor = body.meta.next_cursor;
              more.hidden = !state.cursor;
              const shown = list.children.length;
              const total = typeof body.meta.total === 'number' ? body.meta.total : shown;
              $('total').textContent = total === 1 ? '1 article' : total + ' articles';
              $('empty').hidden = shown !== 0;
              say('Showing ' + shown + ' of ' + total + ' articles.');
              if (isMore && list.children[first]) list.children[first].querySelector('a').focus();
              else if (moveFocus) $('list-heading').focus();
            } catch (error) {
              if (generation !== state.generation) return;
              showError(state.q ? 'Search' : 'Loading the articles', error);
              say('');
            } finally {
              if (generation === state.generation) {
                more.disabled = false;
                list.removeAttribute('aria-busy');
              }
            }
          }

          // MARK: one article
          function fact(name, value) {
            return value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)
              ? [] : [h('dt', { text: name }), h('dd', null, value)];
          }

          function renderArticle(article) {
            const body = h('div', { class: 'article-body' });
            body.innerHTML = article.body_html; // sanitised by the server (API.md: safe for innerHTML)
            const paths = (article.category_paths || []).map((path) => path.join(' › ')).join('; ');
            const facts = h('dl', { class: 'facts' }, [].concat(
              fact('Published', time(article.published_at)),
              fact('Author', article.author),
              fact('Source', article.source),
              fact('Editor', article.editor),
              fact('Original title', article.original_title && article.original_title !== article.title ? article.original_title : null),
              fact('Categories', paths),
              fact('Tags', (article.tags || []).join(', '))));
            const shown = new Set(Array.from(body.querySelectorAll('img'), (image) => image.getAttribute('src')));
            const figures = [];
            if (article.headimg && !shown.has(article.headimg)) {
              figures.push(h('figure', null, h('img', { src: article.headimg, alt: '' })));
              shown.add(article.headimg);
            }
            const gallery = (article.images || []).filter((image) => image.src && !shown.has(image.src)).map((image) =>
              h('figure', null, [h('img', { src: image.src, alt: image.alt || '', loading: 'lazy' }),
                image.caption ? h('figcaption', { text: image.caption }) : null]));
            const images = gallery.length ? h('section', { 'aria-label': 'Images' }, [h('h3', { text: 'Images' })].concat(gallery)) : null;
            const json = h('p', { class: 'meta' }, h('a', { href: '/v1/articles/' + article.id, text: 'This article as JSON' }));
            $('article-content').replaceChildren(
              h('h2', { id: 'article-title', tabindex: '-1', text: article.title }), facts, ...figures, body, images, json);
          }

          async function openArticle(id) {
            clearError();
            state.lastOpened = id;
            $('list-view').hidden = true;
            $('article-view').hidden = false;
            $('article-content').replaceChildren(h('p', { class: 'muted', text: 'Loading the article…' }));
            $('article-view').setAttribute('aria-busy', 'true');
            try {
              const article = await getJSON('/v1/articles/' + encodeURIComponent(id));
              if (location.hash !== '#/articles/' + id) return;
              renderArticle(article);
              document.title = article.title + ' – Gazette';
              say('Article loaded.');
              window.scrollTo(0, 0);
              $('article-title').focus();
            } catch (error) {
              $('article-content').replaceChildren();
              showError('Loading the article', error);
            } finally {
              $('article-view').removeAttribute('aria-busy');
            }
          }

          function showList() {
            $('article-view').hidden = true;
            $('list-view').hidden = false;
            document.title = state.q || state.category ? listHeading() + ' – Gazette' : 'Gazette';
            const link = state.lastOpened && document.querySelector('#articles a[data-id="' + state.lastOpened + '"]');
            if (link) link.focus();
          }

          function route() {
            const match = /^#\/articles\/(\d+)$/.exec(location.hash);
            if (match) openArticle(match[1]);
            else showList();
          }

          // MARK: wiring
          $('search').addEventListener('submit', (event) => {
            event.preventDefault();
            state.q = $('q').value.trim();
            $('clear-search').hidden = !state.q;
            if (location.hash.startsWith('#/articles/')) location.hash = '#/';
            startList(true);
          });
          $('clear-search').addEventListener('click', () => {
            state.q = '';
            $('q').value = '';
            $('clear-search').hidden = true;
            $('q').focus();
            startList(false);
          });
          $('all-articles').addEventListener('click', () => selectCategory(null));
          $('more').addEventListener('click', () => loadPage(true, false));
          window.addEventListener('hashchange', route);
          if (window.matchMedia('(min-width: 50rem)').matches) $('category-panel').open = true;

          loadCategories();
          startList(false);
          route();
        })();

        """#
}
