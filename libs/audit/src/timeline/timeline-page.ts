/**
 * The auditors' timeline page: static HTML and vanilla JavaScript (no build step), served by the
 * API at /audit/timeline. Kept as strings so the compiled app serves it without copying assets.
 * It calls the replay API with the auditor's bearer token and shows each event's actor, time,
 * rule citations and verification status, in Chinese or English.
 */
export const TIMELINE_HTML = String.raw`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>审计时间线 · Chengguo</title>
<style>
  body { font-family: system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 0; color: #1d2733; background: #f6f7f9; }
  header { background: #16324f; color: #fff; padding: 12px 20px; display: flex; align-items: center; gap: 16px; }
  header h1 { font-size: 18px; margin: 0; flex: 1; }
  header button { background: transparent; color: #fff; border: 1px solid #8fb3d9; border-radius: 4px; padding: 4px 10px; cursor: pointer; }
  header button[aria-pressed="true"] { background: #8fb3d9; color: #16324f; }
  form { display: flex; flex-wrap: wrap; gap: 10px; padding: 14px 20px; background: #fff; border-bottom: 1px solid #dde2e8; align-items: end; }
  label { display: flex; flex-direction: column; font-size: 12px; gap: 4px; }
  input, select { padding: 6px 8px; font-size: 14px; border: 1px solid #c4ccd6; border-radius: 4px; min-width: 160px; }
  form button { padding: 7px 16px; background: #1f6feb; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
  #summary { padding: 10px 20px; font-size: 14px; }
  #summary.ok { color: #116329; } #summary.broken { color: #a40e26; font-weight: 600; }
  ol#timeline { list-style: none; margin: 0; padding: 0 20px 30px 40px; position: relative; }
  ol#timeline::before { content: ""; position: absolute; left: 28px; top: 0; bottom: 0; width: 2px; background: #c4ccd6; }
  li.event { position: relative; background: #fff; border: 1px solid #dde2e8; border-radius: 6px; margin: 10px 0; padding: 10px 14px; }
  li.event::before { content: ""; position: absolute; left: -17px; top: 16px; width: 10px; height: 10px; border-radius: 50%; background: #1f6feb; }
  li.event[data-status="broken"]::before, li.event[data-status="after_break"]::before { background: #cf222e; }
  .row { display: flex; gap: 12px; flex-wrap: wrap; align-items: baseline; }
  .type { font-weight: 600; } .time, .stream, .actor { font-size: 13px; color: #57606a; }
  .rules span { display: inline-block; background: #ddf4ff; color: #0a3069; border-radius: 10px; padding: 0 8px; margin-right: 4px; font-size: 12px; }
  .status { font-size: 12px; border-radius: 10px; padding: 1px 8px; }
  .status.verified { background: #dafbe1; color: #116329; } .status.broken, .status.after_break { background: #ffebe9; color: #a40e26; }
  .status.unverified { background: #eaeef2; color: #57606a; }
  #error { color: #a40e26; padding: 0 20px; }
</style>
</head>
<body>
<header>
  <h1 id="title" data-i18n="title"></h1>
  <button type="button" id="lang-zh" aria-pressed="true">中文</button>
  <button type="button" id="lang-en" aria-pressed="false">English</button>
</header>
<form id="query">
  <label><span data-i18n="token"></span><input id="token" name="token" type="password" autocomplete="off"></label>
  <label><span data-i18n="kind"></span>
    <select id="kind" name="kind">
      <option value="achievement" data-i18n="kindAchievement"></option>
      <option value="stream" data-i18n="kindStream"></option>
    </select>
  </label>
  <label><span data-i18n="id"></span><input id="subject" name="subject" required autocomplete="off"></label>
  <button type="submit" id="load" data-i18n="load"></button>
</form>
<div id="error" role="alert"></div>
<div id="summary" aria-live="polite"></div>
<ol id="timeline"></ol>
<script src="/audit/timeline.js"></script>
</body>
</html>
`;

export const TIMELINE_JS = String.raw`(function () {
  'use strict';
  var STRINGS = {
    'zh-CN': {
      title: '审计时间线：事件回放与防篡改校验', token: '访问令牌（审计人员）', kind: '查看对象', kindAchievement: '成果（跨流程时间线）',
      kindStream: '事件流', id: '编号', load: '加载', actor: '操作人', recorded: '记录时间', occurred: '发生时间', rules: '依据条款',
      stream: '事件流', verified: '已校验', broken: '链条断裂', after_break: '断点之后', unverified: '未校验',
      intact: '校验通过：共 {n} 个事件，哈希链完整。', tampered: '校验失败：{stream} 第 {rev} 号事件（{kind}），应为 {expected}，实为 {found}。',
      empty: '没有事件。', failed: '请求失败：'
    },
    en: {
      title: 'Audit timeline: event replay and tamper evidence', token: 'Access token (auditor)', kind: 'Subject', kindAchievement: 'Achievement (cross-process timeline)',
      kindStream: 'Stream', id: 'Id', load: 'Load', actor: 'Actor', recorded: 'Recorded', occurred: 'Occurred', rules: 'Rules',
      stream: 'Stream', verified: 'Verified', broken: 'Broken link', after_break: 'After a break', unverified: 'Unverified',
      intact: 'Verified: {n} events, hash chain intact.', tampered: 'Verification failed: {stream} revision {rev} ({kind}), expected {expected}, found {found}.',
      empty: 'No events.', failed: 'Request failed: '
    }
  };
  var lang = (new URLSearchParams(location.search).get('lang') === 'en') ? 'en' : 'zh-CN';
  var last = null;

  function t(key, vars) {
    var text = STRINGS[lang][key] || key;
    Object.keys(vars || {}).forEach(function (k) { text = text.split('{' + k + '}').join(String(vars[k])); });
    return text;
  }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function fmt(iso) {
    var d = new Date(iso);
    return isNaN(d.getTime()) ? iso : d.toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) + ' (UTC+8)';
  }
  function applyLanguage() {
    document.documentElement.lang = lang;
    document.title = t('title');
    document.querySelectorAll('[data-i18n]').forEach(function (node) { node.textContent = t(node.getAttribute('data-i18n')); });
    document.getElementById('lang-zh').setAttribute('aria-pressed', String(lang === 'zh-CN'));
    document.getElementById('lang-en').setAttribute('aria-pressed', String(lang === 'en'));
    if (last) render(last);
  }
  function render(result) {
    var list = document.getElementById('timeline');
    var summary = document.getElementById('summary');
    list.textContent = '';
    var reports = result.verification ? (Array.isArray(result.verification) ? result.verification : [result.verification]) : [];
    var firstBreak = null; var checked = 0;
    reports.forEach(function (r) { checked += r.checkedEvents; if (!firstBreak && r.firstBreak) firstBreak = r.firstBreak; });
    summary.className = firstBreak ? 'broken' : 'ok';
    summary.textContent = firstBreak
      ? t('tampered', { stream: firstBreak.streamId, rev: firstBreak.revision, kind: firstBreak.kind, expected: firstBreak.expected, found: firstBreak.found })
      : (result.events.length ? t('intact', { n: checked }) : t('empty'));
    result.events.forEach(function (e) {
      var item = el('li', 'event');
      item.setAttribute('data-status', e.verification);
      item.setAttribute('data-event-id', e.eventId);
      var head = el('div', 'row');
      head.appendChild(el('span', 'type', e.type));
      head.appendChild(el('span', 'status ' + e.verification, t(e.verification)));
      head.appendChild(el('span', 'stream', t('stream') + ': ' + e.streamId + ' #' + e.revision));
      item.appendChild(head);
      var who = el('div', 'row');
      who.appendChild(el('span', 'actor', t('actor') + ': ' + (e.actor ? e.actor.userId + ' (' + e.actor.role + ')' : '—')));
      who.appendChild(el('span', 'time', t('recorded') + ': ' + fmt(e.recordedAt)));
      who.appendChild(el('span', 'time', t('occurred') + ': ' + fmt(e.occurredAt)));
      item.appendChild(who);
      var rules = el('div', 'rules');
      rules.appendChild(el('span', '', t('rules')));
      if (e.ruleKeys.length === 0) rules.appendChild(document.createTextNode('—'));
      e.ruleKeys.forEach(function (k) { var chip = el('span', 'rule', k); rules.appendChild(chip); });
      item.appendChild(rules);
      list.appendChild(item);
    });
  }
  function load(event) {
    if (event) event.preventDefault();
    var kind = document.getElementById('kind').value;
    var id = document.getElementById('subject').value.trim();
    var token = document.getElementById('token').value.trim();
    document.getElementById('error').textContent = '';
    var url = kind === 'stream' ? '/audit/streams/' + encodeURIComponent(id) + '/events' : '/audit/achievements/' + encodeURIComponent(id) + '/timeline';
    return fetch(url, { headers: { Authorization: 'Bearer ' + token, Accept: 'application/json' } })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) throw new Error(body.code + ': ' + body.detail);
          return body;
        });
      })
      .then(function (body) { last = body; render(body); document.body.setAttribute('data-loaded', 'true'); })
      .catch(function (error) { document.getElementById('error').textContent = t('failed') + error.message; document.body.setAttribute('data-loaded', 'error'); });
  }
  document.getElementById('lang-zh').addEventListener('click', function () { lang = 'zh-CN'; applyLanguage(); });
  document.getElementById('lang-en').addEventListener('click', function () { lang = 'en'; applyLanguage(); });
  document.getElementById('query').addEventListener('submit', load);
  var params = new URLSearchParams(location.search);
  // A token may come in the fragment, which browsers never send to the server.
  var fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.get('token')) document.getElementById('token').value = fragment.get('token');
  if (params.get('stream')) { document.getElementById('kind').value = 'stream'; document.getElementById('subject').value = params.get('stream'); }
  if (params.get('achievement')) { document.getElementById('kind').value = 'achievement'; document.getElementById('subject').value = params.get('achievement'); }
  applyLanguage();
  if (params.get('stream') || params.get('achievement')) load();
})();
`;
