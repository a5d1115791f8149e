/**
 * The only way the dashboard builds DOM: elements from createElement, text as text nodes. Data
 * never goes through innerHTML, and attributes that could run code or carry inline styles are
 * refused, so untrusted article text stays text whatever it contains.
 */

export type Attrs = Record<string, string | number | boolean | null | undefined>;
export type Child = Node | string | number | null | undefined | false | Child[];

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A URL the dashboard may link to: its own routes, or web pages (never javascript: or data:). */
export function safeHref(url: string): string | null {
  return /^(#|\/(?!\/)|https?:\/\/)/i.test(url.trim()) ? url : null;
}

function setAttrs(el: Element, attrs: Attrs | null | undefined): void {
  if (!attrs) return;
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    const lower = name.toLowerCase();
    if (lower.startsWith('on') || lower === 'style' || lower === 'srcdoc') throw new Error(`dom: refusing attribute "${name}"`);
    let v = value === true ? '' : String(value);
    if (lower === 'href' || lower === 'src' || lower === 'action' || lower === 'xlink:href') {
      const safe = safeHref(v);
      if (safe === null) continue;
      v = safe;
    }
    el.setAttribute(name, v);
  }
}

function append(el: Element | DocumentFragment, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (typeof c === 'string' || typeof c === 'number') el.append(document.createTextNode(String(c)));
    else el.append(c);
  }
}

/** An HTML element with attributes and children (strings become text nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/** An SVG element with attributes and children. */
export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

export function frag(...children: Child[]): DocumentFragment {
  const f = document.createDocumentFragment();
  append(f, children);
  return f;
}

/** A link: an internal route or a web page; anything else is shown as plain text. */
export function link(href: string, attrs: Attrs | null, ...children: Child[]): HTMLElement {
  if (safeHref(href) === null) return h('span', attrs, ...children);
  const external = /^https?:/i.test(href);
  return h('a', { ...attrs, href, ...(external ? { rel: 'noopener noreferrer nofollow', target: '_blank' } : {}) }, ...children);
}

/** Runs `fn` on Enter or Space as well as on click: for SVG shapes and other non-buttons. */
export function onActivate(el: Element, fn: (e: Event) => void): void {
  el.addEventListener('click', fn);
  el.addEventListener('keydown', (e) => {
    const key = (e as KeyboardEvent).key;
    if (key === 'Enter' || key === ' ') {
      e.preventDefault();
      fn(e);
    }
  });
}
