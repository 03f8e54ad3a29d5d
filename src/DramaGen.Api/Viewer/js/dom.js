// Every piece of data reaches the DOM as text nodes or attribute values, never as HTML.

/**
 * Creates an element: props may hold class, testid, text, dataset, style (an object of CSS properties, set
 * through CSSOM because the Content-Security-Policy refuses inline style attributes), on<event> handlers and plain attributes.
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value == null || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name === 'testid') element.dataset.testid = value;
    else if (name === 'text') element.textContent = value;
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name === 'style') for (const [property, css] of Object.entries(value)) element.style.setProperty(property, css);
    else if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** A URL from data, if it is http(s) or same-origin; anything else (javascript:, data:) is dropped. */
export function safeUrl(url) {
  if (typeof url !== 'string' || url === '') return null;
  try {
    const parsed = new URL(url, location.href);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** The URL with a version parameter, so a regenerated file under the same key is fetched again. */
export function withVersion(url, version) {
  const safe = safeUrl(url);
  if (!safe || !version) return safe;
  const parsed = new URL(safe);
  parsed.searchParams.set('v', version);
  return parsed.href;
}

let noticeTimer;

/** A short message in the top bar; errors stay until the next message. */
export function notify(text, kind = 'info') {
  const notice = document.getElementById('notice');
  notice.textContent = text;
  notice.dataset.kind = kind;
  clearTimeout(noticeTimer);
  if (kind !== 'error') noticeTimer = setTimeout(() => { notice.textContent = ''; }, 6000);
}

export function formatDate(value) {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString();
}
