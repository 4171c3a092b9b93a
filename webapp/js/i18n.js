// UI text in English and Simplified Chinese. The language comes from the browser, or from the
// switch in the page header (remembered in localStorage). Elements name their text with
// data-i18n (textContent), data-i18n-placeholder, data-i18n-title and data-i18n-aria-label;
// elements added later are translated as they appear.

const MESSAGES = {
  en: {
    'site.name': 'WebSocket Showcase',
    'nav.label': 'Pages',
    'nav.skip': 'Skip to content',
    'nav.home': 'Home',
    'nav.echo': 'Echo',
    'nav.clock': 'Clock',
    'nav.chat': 'Chat',
    'language.label': 'Language',
    'common.error': 'Error',

    'index.title': 'WebSocket Showcase',
    'index.intro': 'Jakarta WebSocket endpoints on a servlet container, with a page to try each. Every URL is built from this page\'s address: ws:// over HTTP, wss:// over HTTPS.',
    'index.server': 'Server',
    'index.browser': 'This browser',
    'index.serverUnknown': 'unknown',
    'index.supported': 'supports WebSocket',
    'index.unsupported': 'does not support WebSocket',
    'index.echo': 'Sends every text message back as text and every binary message back as binary. Its page measures round trips and has a self-test for checking a container, proxy or TLS setup.',
    'index.clock': 'Pushes the server\'s time at every whole second of the chosen interval, in the chosen time zone, and answers time-sync requests.',
    'index.chat': 'Chat rooms with unique nicknames, presence, history and recovery after a reconnect, private messages and typing notices.',
    'index.open': 'Open the page',
    'index.url': 'Endpoint',

    'panel.title': 'Connection',
    'panel.url': 'URL',
    'panel.connect': 'Connect',
    'panel.disconnect': 'Disconnect',
    'panel.autoReconnect': 'Reconnect automatically',
    'panel.sent': 'Sent',
    'panel.received': 'Received',
    'panel.reconnects': 'Reconnects',
    'panel.bytes': '{bytes} bytes',
    'panel.log': 'Event log',
    'panel.clear': 'Clear',
    'log.handshake': 'handshake {ms} ms',
    'log.error': 'the connection failed (the browser gives no detail; see the close code)',
    'log.reason': 'reason',
    'log.reconnecting': 'reconnecting in {seconds} s (attempt {attempt})',
    'log.binary': 'binary, {bytes} bytes',
    'log.handshakeFailed': 'the handshake failed ({count} in a row)',
    'log.refused': 'after {attempts} failed handshakes in a row: the server refused the connection or could not be reached',
    'panel.refused': 'Stopped: the server refused the connection or could not be reached (the handshake failed {attempts} times in a row). Check the address and the server, then press Connect to try again.',

    'close.1000': 'normal closure',
    'close.1001': 'going away: the server is stopping, or the connection went quiet (no answer to a ping)',
    'close.1002': 'protocol error',
    'close.1003': 'unsupported data, such as binary where only text is accepted',
    'close.1005': 'no status code was given',
    'close.1006': 'abnormal closure: the connection was lost without a close frame',
    'close.1007': 'invalid data, such as text that is not UTF-8',
    'close.1008': 'policy violation, such as reading too slowly or sending too fast',
    'close.1009': 'message too big',
    'close.1010': 'a required extension was not negotiated',
    'close.1011': 'internal server error',
    'close.1012': 'the service is restarting',
    'close.1013': 'try again later, such as a full room',
    'close.1014': 'bad gateway',
    'close.1015': 'TLS handshake failure',
    'close.private': 'application-defined code',
    'close.unknown': 'unknown code',

    'echo.title': 'Echo',
    'echo.intro': 'Everything you send comes back unchanged: text as text, binary as binary, in order. Each reply shows its round-trip time.',
    'echo.send': 'Send',
    'echo.text': 'Text',
    'echo.sendText': 'Send text',
    'echo.bytes': 'Bytes in hex',
    'echo.sendBytes': 'Send bytes',
    'echo.file': 'File',
    'echo.sendFile': 'Send file',
    'echo.messages': 'Messages',
    'echo.kind.text': 'text',
    'echo.kind.binary': 'binary',
    'echo.bytesCount': '{bytes} bytes',
    'echo.notOpen': 'not sent: the connection is not open',
    'echo.badHex': 'Give bytes as pairs of hex digits, such as 48 65 6c 6c 6f.',
    'selftest.title': 'Self-test',
    'selftest.intro': 'Checks this browser, the network path and the server on a connection of its own: the handshake, text and binary round trips, a large message, round-trip times over 50 messages and a clean close. Copy the report into a ticket.',
    'selftest.run': 'Run self-test',
    'selftest.copy': 'Copy report',
    'selftest.report': 'Report',
    'selftest.running': 'Running…',
    'selftest.passed': 'All checks passed.',
    'selftest.failed': '{count} check(s) failed.',
    'selftest.copied': 'Copied.',
    'selftest.selectToCopy': 'Selected: press Ctrl+C to copy.',
    'selftest.timeout': 'no answer within 10 s',
    'selftest.closed': 'the connection closed',
    'selftest.step.support': 'Browser support',
    'selftest.step.handshake': 'Handshake',
    'selftest.step.text': 'Text round trip',
    'selftest.step.binary': 'Binary round trip',
    'selftest.step.large': 'Large message',
    'selftest.step.rtt': 'Round-trip time',
    'selftest.step.close': 'Clean close',
    'selftest.step.failed': 'Stopped',

    'clock.title': 'Clock',
    'clock.intro': 'The server pushes its time at every whole second of the interval, in the time zone you choose. The offset between your clock and the server\'s comes from a time-sync exchange, as NTP computes it.',
    'clock.interval': 'Interval',
    'clock.zone': 'Time zone',
    'clock.lastTick': 'Tick number',
    'clock.offset': 'Server clock offset',
    'clock.rtt': 'Round trip',
    'clock.sync': 'Sync now',
    'clock.serverAhead': 'the server is ahead',
    'clock.serverBehind': 'the server is behind',
    'clock.seconds': '{n} s',

    'chat.title': 'Chat',
    'chat.join': 'Join',
    'chat.connectTitle': 'Joins the room named above, under the nickname given',
    'chat.room': 'Room',
    'chat.nickname': 'Nickname',
    'chat.nicknameHint': 'empty: the server picks a guest name',
    'chat.members': 'Members',
    'chat.messages': 'Messages',
    'chat.message': 'Message',
    'chat.to': 'To',
    'chat.everyone': 'everyone',
    'chat.send': 'Send',
    'chat.rename': 'Rename',
    'chat.newName': 'New nickname',
    'chat.you': ' (you)',
    'chat.private': 'private',
    'chat.whisperTo': 'Send a private message to {name}',
    'chat.typingOne': '{names} is typing…',
    'chat.typingMany': '{names} are typing…',
    'chat.joined': 'You joined {room} as {name}.',
    'chat.rejoined': 'Reconnected to {room} as {name}.',
    'chat.gap': 'Some messages were sent while you were away and are no longer kept.',
    'chat.roomRestarted': 'Room {room} started anew while you were away.',
    'chat.joinNotice': '{name} joined.',
    'chat.leaveNotice': '{name} left.',
    'chat.renameNotice': '{from} is now {to}.',
    'chat.error': 'Error {code}:',
    'chat.notConnected': 'Not sent: not connected.',
    'chat.nameRefused': 'The nickname “{name}” was refused:',
  },
  'zh-CN': {
    'site.name': 'WebSocket 示例',
    'nav.label': '页面',
    'nav.skip': '跳到正文',
    'nav.home': '首页',
    'nav.echo': '回显',
    'nav.clock': '时钟',
    'nav.chat': '聊天',
    'language.label': '语言',
    'common.error': '错误',

    'index.title': 'WebSocket 示例',
    'index.intro': '运行在 Servlet 容器上的 Jakarta WebSocket 端点，每个端点都有一个试用页面。所有地址都由本页地址生成：HTTP 下用 ws://，HTTPS 下用 wss://。',
    'index.server': '服务器',
    'index.browser': '本浏览器',
    'index.serverUnknown': '未知',
    'index.supported': '支持 WebSocket',
    'index.unsupported': '不支持 WebSocket',
    'index.echo': '把收到的文本按文本、二进制按二进制原样发回。页面会测量往返时间，并提供自检，用于检查容器、代理或 TLS 配置。',
    'index.clock': '按所选间隔在每个整秒推送服务器时间，使用所选时区，并响应对时请求。',
    'index.chat': '聊天室：昵称唯一、在线成员、历史消息、断线重连后补齐消息、私信和正在输入提示。',
    'index.open': '打开页面',
    'index.url': '端点',

    'panel.title': '连接',
    'panel.url': '地址',
    'panel.connect': '连接',
    'panel.disconnect': '断开',
    'panel.autoReconnect': '自动重连',
    'panel.sent': '已发送',
    'panel.received': '已接收',
    'panel.reconnects': '重连次数',
    'panel.bytes': '{bytes} 字节',
    'panel.log': '事件日志',
    'panel.clear': '清空',
    'log.handshake': '握手 {ms} 毫秒',
    'log.error': '连接出错（浏览器不提供细节，请看关闭码）',
    'log.reason': '原因',
    'log.reconnecting': '{seconds} 秒后重连（第 {attempt} 次）',
    'log.binary': '二进制，{bytes} 字节',
    'log.handshakeFailed': '握手失败（连续第 {count} 次）',
    'log.refused': '握手连续失败 {attempts} 次后停止：服务器拒绝了连接或无法访问',
    'panel.refused': '已停止：服务器拒绝了连接或无法访问（握手连续失败 {attempts} 次）。请检查地址和服务器，然后点击“连接”重试。',

    'close.1000': '正常关闭',
    'close.1001': '端点离开：服务器正在停止，或连接静默（未回应 ping）',
    'close.1002': '协议错误',
    'close.1003': '不支持的数据类型，例如只接受文本时收到二进制',
    'close.1005': '未提供状态码',
    'close.1006': '异常关闭：连接断开且没有关闭帧',
    'close.1007': '数据无效，例如不是 UTF-8 的文本',
    'close.1008': '违反策略，例如读取过慢或发送过快',
    'close.1009': '消息过大',
    'close.1010': '缺少必需的扩展',
    'close.1011': '服务器内部错误',
    'close.1012': '服务正在重启',
    'close.1013': '请稍后重试，例如房间已满',
    'close.1014': '网关错误',
    'close.1015': 'TLS 握手失败',
    'close.private': '应用自定义的关闭码',
    'close.unknown': '未知关闭码',

    'echo.title': '回显',
    'echo.intro': '发送的内容会原样按顺序返回：文本仍是文本，二进制仍是二进制。每条回复都显示往返时间。',
    'echo.send': '发送',
    'echo.text': '文本',
    'echo.sendText': '发送文本',
    'echo.bytes': '十六进制字节',
    'echo.sendBytes': '发送字节',
    'echo.file': '文件',
    'echo.sendFile': '发送文件',
    'echo.messages': '消息',
    'echo.kind.text': '文本',
    'echo.kind.binary': '二进制',
    'echo.bytesCount': '{bytes} 字节',
    'echo.notOpen': '未发送：连接未打开',
    'echo.badHex': '请用成对的十六进制数字表示字节，例如 48 65 6c 6c 6f。',
    'selftest.title': '自检',
    'selftest.intro': '用独立的连接检查浏览器、网络路径和服务器：握手、文本和二进制往返、大消息、50 条消息的往返时间以及正常关闭。可把报告复制到工单中。',
    'selftest.run': '运行自检',
    'selftest.copy': '复制报告',
    'selftest.report': '报告',
    'selftest.running': '正在运行…',
    'selftest.passed': '全部检查通过。',
    'selftest.failed': '{count} 项检查失败。',
    'selftest.copied': '已复制。',
    'selftest.selectToCopy': '已选中：按 Ctrl+C 复制。',
    'selftest.timeout': '10 秒内没有回应',
    'selftest.closed': '连接已关闭',
    'selftest.step.support': '浏览器支持',
    'selftest.step.handshake': '握手',
    'selftest.step.text': '文本往返',
    'selftest.step.binary': '二进制往返',
    'selftest.step.large': '大消息',
    'selftest.step.rtt': '往返时间',
    'selftest.step.close': '正常关闭',
    'selftest.step.failed': '已中止',

    'clock.title': '时钟',
    'clock.intro': '服务器按所选间隔在每个整秒推送时间，使用你选择的时区。你的时钟与服务器时钟的偏差由对时交换按 NTP 的方法算出。',
    'clock.interval': '间隔',
    'clock.zone': '时区',
    'clock.lastTick': '报时序号',
    'clock.offset': '服务器时钟偏差',
    'clock.rtt': '往返时间',
    'clock.sync': '立即对时',
    'clock.serverAhead': '服务器较快',
    'clock.serverBehind': '服务器较慢',
    'clock.seconds': '{n} 秒',

    'chat.title': '聊天',
    'chat.join': '加入',
    'chat.connectTitle': '以填写的昵称加入上方填写的房间',
    'chat.room': '房间',
    'chat.nickname': '昵称',
    'chat.nicknameHint': '留空则由服务器分配访客名',
    'chat.members': '成员',
    'chat.messages': '消息',
    'chat.message': '消息',
    'chat.to': '发给',
    'chat.everyone': '所有人',
    'chat.send': '发送',
    'chat.rename': '改名',
    'chat.newName': '新昵称',
    'chat.you': '（你）',
    'chat.private': '私信',
    'chat.whisperTo': '给 {name} 发私信',
    'chat.typingOne': '{names} 正在输入…',
    'chat.typingMany': '{names} 正在输入…',
    'chat.joined': '你以 {name} 的身份加入了 {room}。',
    'chat.rejoined': '已重新连接到 {room}，身份为 {name}。',
    'chat.gap': '你离开期间有消息发出，其中一部分已不再保存。',
    'chat.roomRestarted': '你离开期间房间 {room} 已重新开始。',
    'chat.joinNotice': '{name} 加入了。',
    'chat.leaveNotice': '{name} 离开了。',
    'chat.renameNotice': '{from} 改名为 {to}。',
    'chat.error': '错误 {code}：',
    'chat.notConnected': '未发送：尚未连接。',
    'chat.nameRefused': '昵称“{name}”未被接受：',
  },
};

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
