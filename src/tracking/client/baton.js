/*! Baton tracking snippet, served as /t/baton.js?key=… with the site's settings written in at the end. */
(function (w, d, n, C) {
  if (!C || w.__baton) return;
  w.__baton = 1;
  var VID = 'baton_vid';
  var OK = 'baton_consent';
  var queue = [];
  var timer = 0;
  var pageSent = 0;
  var stub = w.baton || {};
  // Do Not Track and Global Privacy Control mean nothing is sent, whatever the site says.
  var optedOut = n.doNotTrack === '1' || w.doNotTrack === '1' || n.globalPrivacyControl === true;

  function cookie(name) {
    var m = d.cookie.match('(?:^|; )' + name + '=([^;]*)');
    return m ? decodeURIComponent(m[1]) : null;
  }
  function setCookie(name, value, days) {
    d.cookie = name + '=' + encodeURIComponent(value) + '; path=/; max-age=' + days * 86400 + '; SameSite=Lax' + (location.protocol === 'https:' ? '; Secure' : '');
  }
  function consented() {
    var c = cookie(OK);
    if (c === '0') return false;
    return !C.consent || c === '1' || w.batonConsent === true;
  }
  function allowed() {
    return !optedOut && consented();
  }
  function uuid() {
    if (w.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = '';
    for (var i = 0; i < 16; i++) h += (b[i] + 256).toString(16).slice(1) + (i === 3 || i === 5 || i === 7 || i === 9 ? '-' : '');
    return h;
  }
  // The first-party visitor id: a cookie on the site's own domain, renewed on every visit.
  function visitor() {
    if (!allowed()) return null;
    var v = cookie(VID);
    if (!v || !/^[0-9a-f-]{36}$/.test(v)) v = uuid();
    setCookie(VID, v, 395);
    return v;
  }
  function post(path, body, beacon) {
    var data = JSON.stringify(body);
    var url = C.endpoint + path;
    // text/plain keeps it a CORS "simple" request: no preflight before each beacon.
    if (beacon && n.sendBeacon && n.sendBeacon(url, data)) return Promise.resolve(null);
    return fetch(url, { method: 'POST', body: data, keepalive: true, credentials: 'omit', headers: { 'Content-Type': 'text/plain' } })
      .then(function (r) {
        return r.ok ? r.json() : null;
      })
      .catch(function () {
        return null;
      });
  }
  function flush(beacon) {
    clearTimeout(timer);
    timer = 0;
    var v = visitor();
    if (!v) return (queue = []), Promise.resolve(null);
    var sends = [];
    while (queue.length) {
      var now = Date.now();
      var events = queue.splice(0, 50).map(function (e) {
        e.ago = now - e.at;
        delete e.at;
        return e;
      });
      sends.push(post('/t/events', { key: C.key, visitor: v, consent: true, events: events }, beacon));
    }
    return Promise.all(sends);
  }
  function push(e) {
    if (!allowed()) return;
    e.at = Date.now();
    queue.push(e);
    // Events close together go in one request.
    if (!timer) timer = setTimeout(flush, C.delay);
  }
  function page() {
    pageSent = 1;
    push({ type: 'page_viewed', url: location.href, title: d.title, referrer: d.referrer || undefined });
  }
  // The server may answer with the id this person's first browser had (two ids, one person): keep that one.
  function adopt(res) {
    if (res && res.visitor && allowed()) setCookie(VID, res.visitor, 395);
    return res;
  }
  function identify(body) {
    return flush().then(function () {
      var v = visitor();
      if (!v) return null;
      body.key = C.key;
      body.visitor = v;
      body.consent = true;
      return post('/t/identify', body).then(adopt);
    });
  }

  var api = {
    track: function (name, props) {
      push({ type: name, url: location.href, properties: props });
    },
    page: page,
    identify: function (email) {
      return C.identify ? identify({ email: email }) : Promise.resolve(null);
    },
    consent: function (yes) {
      setCookie(OK, yes ? '1' : '0', 395);
      if (!yes) {
        queue = [];
        d.cookie = VID + '=; path=/; max-age=0';
      } else if (!pageSent) page();
    },
    visitorId: function () {
      return allowed() ? visitor() : null;
    },
    allowed: allowed,
  };
  w.baton = api;

  // A tracked e-mail link (?baton_t=…) names the visitor; the token leaves the address bar at once.
  var m = /[?&]baton_t=([^&#]+)/.exec(location.search);
  if (m && history.replaceState) {
    history.replaceState(history.state, '', location.href.replace(/([?&])baton_t=[^&#]+&?/, '$1').replace(/[?&](#|$)/, '$1'));
    if (allowed()) identify({ token: decodeURIComponent(m[1]) });
  }
  if (allowed()) page();

  // Single-page apps: a history change is a page view.
  var pushState = history.pushState;
  history.pushState = function () {
    pushState.apply(history, arguments);
    page();
  };
  w.addEventListener('popstate', page);
  d.addEventListener('visibilitychange', function () {
    if (d.visibilityState === 'hidden') flush(1);
  });
  w.addEventListener('pagehide', function () {
    flush(1);
  });

  // Calls made before the script loaded: window.baton.q = [['track', [...args]], …].
  (stub.q || []).forEach(function (call) {
    if (api[call[0]]) api[call[0]].apply(null, call[1]);
  });
})(window, document, navigator, BATON_CONFIG);
