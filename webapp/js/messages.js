// JSON messages on a Connection: each text message parsed and handed to the handler its `type`
// names; what is not JSON, or has a type the page does not know, is reported and ignored.

import { t } from './i18n.js';

/**
 * Calls `handlers[message.type](message)` for every message `connection` receives. A message
 * that is not a JSON object, or whose type has no handler, goes to `onInvalid(problem)` once,
 * with the problem in the page's language (pages pass their panel's event log).
 */
export function onJsonMessages(connection, handlers, onInvalid) {
  connection.addEventListener('message', (event) => {
    let message = null;
    if (typeof event.detail === 'string') {
      try {
        message = JSON.parse(event.detail);
      } catch {
        message = null;
      }
    }
    if (message === null || typeof message !== 'object') {
      onInvalid(t('log.notJson'));
    } else if (typeof message.type === 'string' && Object.hasOwn(handlers, message.type)) {
      handlers[message.type](message);
    } else {
      onInvalid(t('log.unknownType', { type: String(message.type) }));
    }
  });
}
