'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const state = { category: null, q: '', cursor: null, generation: 0, lastOpened: null, revalidate: false };

  // Whether a value is something to show: a missing value is left out, never written as
  // "null" or "undefined" (append and replaceChildren would turn it into that text).
  function present(value) { return value !== null && value !== undefined; }

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
    node.append(...[].concat(children || []).filter(present));
    return node;
  }

  // GETs JSON from the API; an error answer becomes an Error carrying the problem's detail.
  // `revalidate`: ask the server even when the browser holds a fresh copy (after new articles
  // were announced, the cached list is out of date).
  async function getJSON(path, revalidate) {
    let response;
    try {
      response = await fetch(path, { headers: { Accept: 'application/json' }, cache: revalidate ? 'no-cache' : 'default' });
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
    $('error').replaceChildren(h('strong', { text: what + ' failed' + status + ': ' }), message(error));
    $('error').hidden = false;
  }
  function message(error) { return error && typeof error.message === 'string' ? error.message : 'an unexpected error.'; }
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
    parts.filter((part) => present(part) && part !== '').forEach((part, index) => {
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
      $('categories').replaceChildren(h('p', { class: 'muted', text: 'Categories could not be loaded: ' + message(error) }));
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

  // MARK: live announcements
  // An EventSource on /v1/stream (filtered by the selected category) counts articles that
  // arrived after the list was loaded: "3 new articles — show". Deletions of counted articles
  // take them off the count. The browser reconnects by itself with Last-Event-ID.
  const live = { source: null, category: undefined, fresh: new Set() };

  function showLiveCount() {
    const count = live.fresh.size;
    $('live-count').textContent = count === 1 ? '1 new article' : count + ' new articles';
    $('live').hidden = count === 0;
  }

  function onLiveEvent(event) {
    let change;
    try { change = JSON.parse(event.data); } catch (error) { return; }
    if (!change || typeof change.id !== 'number') return;
    const listed = document.querySelector('#articles a[data-id="' + change.id + '"]');
    if (event.type === 'upserted' && !listed) live.fresh.add(change.id);
    if (event.type === 'deleted') live.fresh.delete(change.id);
    showLiveCount();
  }

  function followLive() {
    live.fresh.clear();
    showLiveCount();
    if (!('EventSource' in window) || (live.source && live.category === state.category)) return;
    if (live.source) live.source.close();
    live.category = state.category;
    const query = state.category ? '?category=' + encodeURIComponent(state.category) : '';
    live.source = new EventSource('/v1/stream' + query);
    live.source.addEventListener('upserted', onLiveEvent);
    live.source.addEventListener('deleted', onLiveEvent);
    live.source.addEventListener('open', () => { $('live').dataset.stream = 'open'; });
  }

  function startList(moveFocus) {
    followLive();
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
      const body = await getJSON(listURL(), state.revalidate);
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
  // The server-rendered page of an article (API.md, "Article pages"), by slug; a slug of all
  // digits would be read as an id there, and one with a slash is no single path segment, so
  // such an article is linked by its id.
  function pageURL(article) {
    const key = /^[0-9]+$|\//.test(article.slug) ? String(article.id) : article.slug;
    return '/articles/' + encodeURIComponent(key);
  }

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
    const links = h('p', { class: 'meta' }, [
      h('a', { href: pageURL(article), class: 'permalink', text: 'Open as a page' }), ' · ',
      h('a', { href: '/v1/articles/' + article.id, text: 'This article as JSON' })]);
    $('article-content').replaceChildren(...[
      h('h2', { id: 'article-title', tabindex: '-1', text: article.title }), facts, ...figures, body, images, links,
    ].filter(present));
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
  $('live-show').addEventListener('click', () => {
    if (location.hash.startsWith('#/articles/')) location.hash = '#/';
    state.revalidate = true;
    startList(true);
  });
  window.addEventListener('hashchange', route);
  if (window.matchMedia('(min-width: 50rem)').matches) $('category-panel').open = true;

  loadCategories();
  startList(false);
  route();
})();
