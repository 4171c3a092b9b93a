// DOM helpers. Data reaches the page only as text: these helpers set textContent and
// attributes, never HTML.

/** Creates an element with attributes and children (strings become text nodes). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) {
      continue;
    }
    if (name === 'class') {
      element.className = value;
    } else if (name.startsWith('data-')) {
      element.setAttribute(name, value);
    } else if (name in element && typeof value !== 'string') {
      element[name] = value;
    } else {
      element.setAttribute(name, value === true ? '' : value);
    }
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return element;
}

export function $(selector, root = document) {
  const found = root.querySelector(selector);
  if (!found) {
    throw new Error(`Missing element ${selector}`);
  }
  return found;
}

/** Appends an item to a list and keeps the list at most `limit` items long, scrolled to the end. */
export function appendLimited(list, item, limit = 500) {
  const stick = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.append(item);
  while (list.children.length > limit) {
    list.firstElementChild.remove();
  }
  if (stick) {
    list.scrollTop = list.scrollHeight;
  }
}

/** The WebSocket URL of an application path, built from this page's location. */
export function wsUrl(path) {
  const url = new URL(path, document.baseURI);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

export function time(date = new Date()) {
  return date.toLocaleTimeString(undefined, { hour12: false }) + '.' + String(date.getMilliseconds()).padStart(3, '0');
}
