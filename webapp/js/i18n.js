// The pages' language: English or Simplified Chinese, from the browser or from the switch in
// the page header (remembered in localStorage); t() with {placeholders}. Elements name their
// text with data-i18n (textContent), data-i18n-placeholder, data-i18n-title and
// data-i18n-aria-label; elements added later are translated as they appear. The text itself
// is in i18n/, one module per language.

import en from './i18n/en.js';
import zhCN from './i18n/zh-CN.js';

const MESSAGES = { en, 'zh-CN': zhCN };

export const LANGUAGES = { en: 'English', 'zh-CN': '简体中文' };
const STORAGE_KEY = 'showcase.language';
const listeners = [];

function pick() {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored && MESSAGES[stored]) {
    return stored;
  }
  for (const tag of navigator.languages || [navigator.language]) {
    if (/^zh(-(cn|sg|hans)|$)/i.test(tag) || /^zh-hans/i.test(tag)) {
      return 'zh-CN';
    }
    if (/^en\b/i.test(tag)) {
      return 'en';
    }
  }
  return 'en';
}

let language = pick();

export function currentLanguage() {
  return language;
}

/** The text of `key` with {placeholders} filled in from `values` (as text, never markup). */
export function t(key, values = {}) {
  const text = MESSAGES[language][key] ?? MESSAGES.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (match, name) => (name in values ? String(values[name]) : match));
}

function translateElement(element) {
  if (element.dataset.i18n) {
    element.textContent = t(element.dataset.i18n);
  }
  if (element.dataset.i18nPlaceholder) {
    element.placeholder = t(element.dataset.i18nPlaceholder);
  }
  if (element.dataset.i18nTitle) {
    element.title = t(element.dataset.i18nTitle);
  }
  if (element.dataset.i18nAriaLabel) {
    element.setAttribute('aria-label', t(element.dataset.i18nAriaLabel));
  }
}

const SELECTOR = '[data-i18n], [data-i18n-placeholder], [data-i18n-title], [data-i18n-aria-label]';

export function translate(root = document) {
  if (root instanceof Element && root.matches(SELECTOR)) {
    translateElement(root);
  }
  for (const element of root.querySelectorAll(SELECTOR)) {
    translateElement(element);
  }
}

export function onLanguageChange(listener) {
  listeners.push(listener);
}

/** Switches the page to `next` and remembers the choice. */
export function setLanguage(next) {
  if (MESSAGES[next]) {
    localStorage.setItem(STORAGE_KEY, next);
    apply(next);
  }
}

function apply(next) {
  language = next;
  document.documentElement.lang = next;
  translate();
  const titleKey = document.documentElement.dataset.i18nPageTitle;
  if (titleKey) {
    document.title = titleKey === 'index.title' ? t(titleKey) : `${t(titleKey)} · ${t('site.name')}`;
  }
  const select = document.getElementById('language');
  if (select) {
    select.value = next;
  }
  for (const listener of listeners) {
    listener(next);
  }
}

/** Translates the page, keeps translating what is added to it, and wires the language switch. */
export function startI18n() {
  new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      for (const node of mutation.addedNodes) {
        if (node instanceof Element) {
          translate(node);
        }
      }
    }
  }).observe(document.body, { childList: true, subtree: true });
  const select = document.getElementById('language');
  if (select) {
    select.replaceChildren(...Object.entries(LANGUAGES).map(([tag, name]) => {
      const option = document.createElement('option');
      option.value = tag;
      option.lang = tag;
      option.textContent = name;
      return option;
    }));
    select.addEventListener('change', () => setLanguage(select.value));
  }
  apply(language);
}
