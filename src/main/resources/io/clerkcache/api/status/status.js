// The status page's script: polls status/data every REFRESH_MILLIS, shows the numbers and charts Clerk calls per
// minute over the last SAMPLES refreshes. Outside demo mode the data needs an administrator's bearer: it is asked
// for once, kept in this tab's sessionStorage, and sent with each fetch.
'use strict';
(function () {
  const REFRESH_MILLIS = 2000;
  const SAMPLES = 30;
  const TOKEN_KEY = 'clerk-cache.status.bearer';
  const REDIS_LABELS = { 'up': 'up', 'down': 'down', 'not-configured': 'not configured' };
  // Next to this script, whatever the page's own URL looks like.
  const DATA_URL = new URL('data', document.currentScript.src);

  const samples = [];
  let timer = null;

  const $ = (id) => document.getElementById(id);
  const show = (id, value) => { $(id).textContent = String(value); };
  const percent = (ratio) => (ratio * 100).toFixed(1) + ' %';
  const message = (text) => show('message', text || '');

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(refresh, REFRESH_MILLIS);
  }

  async function refresh() {
    clearTimeout(timer);
    const headers = { 'Accept': 'application/json' };
    const bearer = sessionStorage.getItem(TOKEN_KEY);
    if (bearer) {
      headers['Authorization'] = 'Bearer ' + bearer;
    }
    let response;
    try {
      response = await fetch(DATA_URL, { headers: headers, cache: 'no-store', credentials: 'omit' });
    } catch (e) {
      message('The service does not answer; trying again.');
      schedule();
      return;
    }
    if (response.status === 401 || response.status === 403) {
      // A wrong or expired bearer is forgotten; polling waits for a new one.
      sessionStorage.removeItem(TOKEN_KEY);
      askForBearer(await problemText(response));
      return;
    }
    if (!response.ok) {
      message('The service answered ' + response.status + ' (' + await problemText(response) + '); trying again.');
      schedule();
      return;
    }
    render(await response.json());
    schedule();
  }

  async function problemText(response) {
    try {
      const problem = await response.json();
      return problem.detail || problem.title || response.statusText;
    } catch (e) {
      return response.statusText;
    }
  }

  function render(s) {
    message('');
    $('signin').hidden = true;
    $('signout').hidden = !sessionStorage.getItem(TOKEN_KEY);

    show('cache-type', s.cacheType);
    show('redis', REDIS_LABELS[s.redis] || s.redis);
    $('redis').className = 'state ' + s.redis;

    show('hit-memo', percent(s.hitRatios.memo));
    show('hit-cache', percent(s.hitRatios.cache));
    show('hit-overall', percent(s.hitRatios.overall));

    show('calls-per-minute', s.upstream.callsLastMinute);
    show('calls-total', s.upstream.callsSinceStart);

    const blocked = s.rateBudget.blockedForMillis;
    show('budget-state', blocked > 0 ? 'held back ' + Math.ceil(blocked / 1000) + ' s (Retry-After)' : 'open');
    show('budget-rate-limited', s.rateBudget.rateLimitedAnswers);
    show('budget-refused', s.rateBudget.refusedLocally);

    samples.push(s.upstream.callsLastMinute);
    if (samples.length > SAMPLES) {
      samples.shift();
    }
    drawChart();
    show('updated', new Date().toLocaleTimeString());
  }

  // One point per sample, oldest at the left; the highest sample reaches the top.
  function drawChart() {
    const max = Math.max(1, ...samples);
    const step = 300 / (SAMPLES - 1);
    const offset = SAMPLES - samples.length;
    const points = samples.map((v, i) => ((offset + i) * step).toFixed(1) + ',' + (76 - (v / max) * 72).toFixed(1));
    $('chart-line').setAttribute('points', points.join(' '));
    show('chart-max', Math.max(0, ...samples));
  }

  function askForBearer(reason) {
    clearTimeout(timer);
    $('signin').hidden = false;
    $('signout').hidden = true;
    message(reason ? 'Administrators only: ' + reason : 'Administrators only.');
    $('token').focus();
  }

  document.addEventListener('DOMContentLoaded', function () {
    $('signin').addEventListener('submit', function (event) {
      event.preventDefault();
      const value = $('token').value.trim();
      if (value) {
        sessionStorage.setItem(TOKEN_KEY, value);
        $('token').value = '';
        message('');
        refresh();
      }
    });
    $('signout').addEventListener('click', function () {
      sessionStorage.removeItem(TOKEN_KEY);
      askForBearer('');
    });
    refresh();
  });
})();
