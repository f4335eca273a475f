/*! Baton forms: renders <div data-baton-form="<form id>"></div> elements. Served as /f/forms.js. */
(function (w, d) {
  var script = d.currentScript;
  var endpoint = (script && script.getAttribute('data-endpoint')) || (script && script.src ? new URL(script.src).origin : '');
  var HIDDEN = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'];
  var AUTOCOMPLETE = {
    email: 'email',
    first_name: 'given-name',
    last_name: 'family-name',
    title: 'organization-title',
    phone: 'tel',
    country: 'country-name',
    'company.name': 'organization',
  };

  // ── show_if, as src/domain/conditions evaluates it, for the values a form produces ──
  function get(subject, path) {
    var v = subject;
    var keys = path.split('.');
    for (var i = 0; i < keys.length; i++) {
      if (v === null || typeof v !== 'object') return undefined;
      v = Object.prototype.hasOwnProperty.call(v, keys[i]) ? v[keys[i]] : undefined;
    }
    return v;
  }
  function missing(v) {
    return v === undefined || v === null;
  }
  function norm(t) {
    return t.trim().toLowerCase();
  }
  function num(v) {
    if (typeof v === 'number') return isNaN(v) ? undefined : v;
    if (typeof v !== 'string' || v.trim() === '') return undefined;
    var n = Number(v);
    return isFinite(n) ? n : undefined;
  }
  function word(t) {
    return t === 'true' || t === 'yes' ? true : t === 'false' || t === 'no' ? false : undefined;
  }
  function text(v) {
    return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
  }
  function equalsAny(v, constants) {
    if (missing(v)) return constants.indexOf(null) >= 0;
    return constants.some(function (c) {
      if (c === null) return false;
      if (typeof v === 'boolean') return typeof c === 'boolean' ? c === v : typeof c === 'string' && word(norm(c)) === v;
      if (typeof v === 'number') return typeof c !== 'boolean' && num(typeof c === 'string' ? norm(c) : c) === v;
      if (typeof v !== 'string') return false;
      var t = norm(v);
      if (typeof c === 'boolean') return word(t) === c;
      if (typeof c === 'string' && norm(c) === t) return true;
      var n = num(t);
      return n !== undefined && num(typeof c === 'string' ? norm(c) : c) === n;
    });
  }
  function truthy(v) {
    if (typeof v === 'boolean') return v;
    if (typeof v === 'number') return v !== 0 && !isNaN(v);
    if (typeof v === 'string') return ['', 'false', 'no', '0'].indexOf(norm(v)) < 0;
    return v !== null && typeof v === 'object';
  }
  function holds(c, s) {
    var v = c.field ? get(s, c.field) : undefined;
    var n = num(v);
    var t = text(v);
    switch (c.op) {
      case 'and':
        return c.args.every(function (a) {
          return holds(a, s);
        });
      case 'or':
        return c.args.some(function (a) {
          return holds(a, s);
        });
      case 'not':
        return !holds(c.arg, s);
      case 'const':
        return c.value;
      case 'truthy':
        return truthy(v);
      case 'exists':
        return !missing(v);
      case 'missing':
        return missing(v);
      case 'eq':
        return equalsAny(v, [c.value]);
      case 'ne':
        return !equalsAny(v, [c.value]);
      case 'in':
        return equalsAny(v, c.values);
      case 'not_in':
        return !equalsAny(v, c.values);
      case 'between':
        return n !== undefined && n >= c.low && n <= c.high;
      case 'matches':
      case 'glob':
        return t !== undefined && new RegExp(c.source, c.flags).test(t);
      case 'contains':
        return t !== undefined && norm(t).includes(c.value.toLowerCase());
      case 'starts_with':
        return t !== undefined && norm(t).startsWith(c.value.toLowerCase());
      case 'ends_with':
        return t !== undefined && norm(t).endsWith(c.value.toLowerCase());
    }
    var limit = num(c.value);
    if (n === undefined || limit === undefined) return false;
    return c.op === 'lt' ? n < limit : c.op === 'le' ? n <= limit : c.op === 'gt' ? n > limit : c.op === 'ge' && n >= limit;
  }
  w.__batonHolds = holds;
  if (!d.querySelector) return;

  // ── rendering ──
  function el(tag, attrs, children) {
    var e = d.createElement(tag);
    for (var k in attrs || {}) {
      if (attrs[k] === undefined || attrs[k] === false) continue;
      if (k === 'text') e.textContent = attrs[k];
      else e.setAttribute(k, attrs[k] === true ? '' : attrs[k]);
    }
    (children || []).forEach(function (c) {
      if (c) e.appendChild(c);
    });
    return e;
  }
  function visitor() {
    try {
      if (w.baton && w.baton.visitorId) return w.baton.visitorId();
    } catch (e) {
      /* the snippet is absent or blocked */
    }
    var m = /(?:^|; )baton_vid=([^;]*)/.exec(d.cookie);
    return m ? decodeURIComponent(m[1]) : null;
  }
  function send(path, body) {
    return fetch(endpoint + path, { method: 'POST', body: JSON.stringify(body), keepalive: true, credentials: 'omit', headers: { 'Content-Type': 'text/plain' } });
  }
  function style() {
    if (d.getElementById('baton-form-style')) return;
    var css =
      '.baton-form{font:var(--baton-font,inherit);color:var(--baton-color,inherit);max-width:var(--baton-max-width,36rem);box-sizing:border-box}' +
      '.baton-form *{box-sizing:border-box}.baton-form h2{margin:0 0 .5em;font-size:1.4em}' +
      '.baton-field{margin:0 0 var(--baton-gap,1rem);border:0;padding:0}.baton-field label,.baton-field legend{display:block;font-weight:600;margin-bottom:.3em}' +
      '.baton-field input:not([type=radio]):not([type=checkbox]),.baton-field select,.baton-field textarea{width:100%;font:inherit;font-size:max(16px,1em);padding:.6em .7em;' +
      'border:1px solid var(--baton-border,#8a8f98);border-radius:var(--baton-radius,6px);background:var(--baton-input-bg,#fff);color:inherit;min-height:44px}' +
      '.baton-field :focus-visible,.baton-form button:focus-visible{outline:3px solid var(--baton-focus,var(--baton-accent,#2563eb));outline-offset:2px}' +
      '.baton-field .baton-choice{display:flex;gap:.6em;align-items:flex-start;font-weight:400;min-height:44px;padding:.4em 0;margin:0}.baton-choice input{flex:none;width:1.25em;height:1.25em;margin:.15em 0 0}' +
      '.baton-help{font-size:.9em;opacity:.8;margin:.3em 0 0}.baton-error{color:var(--baton-error,#b91c1c);font-size:.9em;margin:.3em 0 0}.baton-error:empty{display:none}' +
      '[aria-invalid=true]{border-color:var(--baton-error,#b91c1c)!important}' +
      '.baton-form button{font:inherit;font-weight:600;min-height:44px;padding:.7em 1.4em;border:0;border-radius:var(--baton-radius,6px);cursor:pointer;' +
      'background:var(--baton-accent,#2563eb);color:var(--baton-accent-text,#fff);width:100%}@media(min-width:40em){.baton-form button{width:auto}}' +
      '.baton-hp{position:absolute!important;left:-10000px;width:1px;height:1px;overflow:hidden}.baton-status{margin-top:.8em}';
    d.head.appendChild(el('style', { id: 'baton-form-style', text: css }));
  }

  function mount(root) {
    if (root.__baton) return;
    root.__baton = 1;
    var formId = root.getAttribute('data-baton-form');
    var query = '?page=' + encodeURIComponent(location.href);
    var v = visitor();
    if (v) query += '&visitor=' + encodeURIComponent(v);
    fetch(endpoint + '/f/' + encodeURIComponent(formId) + '/render' + query, { credentials: 'omit' })
      .then(function (r) {
        return r.ok ? r.json() : Promise.reject(r.status);
      })
      .then(function (spec) {
        render(root, formId, spec, v);
      })
      .catch(function () {
        root.textContent = 'This form could not be loaded. Please try again later.';
      });
  }

  function render(root, formId, spec, vid) {
    style();
    var prefix = 'bf-' + formId.replace(/[^A-Za-z0-9_-]/g, '') + '-';
    var inputs = {};
    var wrappers = {};
    var progress = { view_id: spec.view_id, touched: [], filled: [], last: null };
    var status = el('div', { class: 'baton-status', role: 'status', 'aria-live': 'polite' });
    var alert = el('div', { class: 'baton-error', role: 'alert' });
    var form = el('form', { class: 'baton-form', novalidate: true, 'aria-labelledby': prefix + 'title' });
    form.appendChild(el('h2', { id: prefix + 'title', text: spec.form.title }));
    if (spec.form.intro) form.appendChild(el('p', { text: spec.form.intro }));

    spec.fields.forEach(function (f, i) {
      var id = prefix + i;
      var describedBy = (f.help ? id + '-help ' : '') + id + '-error';
      var mark = f.required ? el('span', { 'aria-hidden': 'true', text: ' *' }) : null;
      var wrap;
      var input;
      if (f.type === 'radio') {
        input = [];
        wrap = el('fieldset', { class: 'baton-field', 'aria-describedby': describedBy, 'aria-required': f.required ? 'true' : undefined }, [
          el('legend', { text: f.label }, [mark]),
        ]);
        f.options.forEach(function (o, j) {
          var r = el('input', { type: 'radio', name: f.name, id: id + '-' + j, value: o.value });
          input.push(r);
          wrap.appendChild(el('label', { class: 'baton-choice', for: id + '-' + j }, [r, el('span', { text: o.label })]));
        });
      } else if (f.type === 'checkbox') {
        input = el('input', { type: 'checkbox', id: id, name: f.name, 'aria-describedby': describedBy, 'aria-required': f.required ? 'true' : undefined });
        wrap = el('div', { class: 'baton-field' }, [el('label', { class: 'baton-choice', for: id }, [input, el('span', { text: f.label }), mark])]);
      } else {
        var common = { id: id, name: f.name, 'aria-describedby': describedBy, 'aria-required': f.required ? 'true' : undefined, placeholder: f.placeholder, autocomplete: AUTOCOMPLETE[f.name] };
        if (f.type === 'select') {
          input = el('select', common, [el('option', { value: '', text: 'Choose…' })]);
          f.options.forEach(function (o) {
            input.appendChild(el('option', { value: o.value, text: o.label }));
          });
        } else if (f.type === 'textarea') {
          input = el('textarea', Object.assign(common, { rows: 4, maxlength: f.max_length }));
        } else {
          input = el('input', Object.assign(common, { type: f.type, min: f.min, max: f.max, maxlength: f.max_length, inputmode: f.type === 'number' ? 'numeric' : undefined }));
        }
        wrap = el('div', { class: 'baton-field' }, [el('label', { for: id, text: f.label }, [mark]), input]);
      }
      if (f.help) wrap.appendChild(el('p', { class: 'baton-help', id: id + '-help', text: f.help }));
      wrap.appendChild(el('p', { class: 'baton-error', id: id + '-error' }));
      wrap.setAttribute('data-field', f.name);
      inputs[f.name] = input;
      wrappers[f.name] = wrap;
      form.appendChild(wrap);
    });

    var consent = null;
    if (spec.form.consent) {
      consent = el('input', { type: 'checkbox', id: prefix + 'consent', name: 'consent', 'aria-describedby': prefix + 'consent-error', 'aria-required': spec.form.consent.required ? 'true' : undefined });
      form.appendChild(
        el('div', { class: 'baton-field', 'data-field': 'consent' }, [
          el('label', { class: 'baton-choice', for: prefix + 'consent' }, [consent, el('span', { text: spec.form.consent.text })]),
          el('p', { class: 'baton-error', id: prefix + 'consent-error' }),
        ]),
      );
    }
    // A field people never see; bots fill every field they find.
    var trap = el('input', { type: 'text', name: 'website', id: prefix + 'website', tabindex: '-1', autocomplete: 'off' });
    form.appendChild(el('div', { class: 'baton-hp', 'aria-hidden': 'true' }, [el('label', { for: prefix + 'website', text: 'Leave this empty' }), trap]));
    var button = el('button', { type: 'submit', text: spec.form.submit_label });
    form.appendChild(button);
    form.appendChild(alert);
    form.appendChild(status);

    function valueOf(f) {
      var input = inputs[f.name];
      if (f.type === 'radio') {
        var checked = input.filter(function (r) {
          return r.checked;
        })[0];
        return checked ? checked.value : undefined;
      }
      if (f.type === 'checkbox') return input.checked;
      var raw = input.value.trim();
      if (raw === '') return undefined;
      return f.type === 'number' && num(raw) !== undefined ? num(raw) : raw;
    }
    function values() {
      var out = {};
      spec.fields.forEach(function (f) {
        if (wrappers[f.name].hidden) return;
        var v = valueOf(f);
        if (v !== undefined) out[f.name] = v;
      });
      return out;
    }
    function subject(vals) {
      var s = {};
      for (var name in vals) {
        var dot = name.indexOf('.');
        if (dot < 0) s[name] = vals[name];
        else (s[name.slice(0, dot)] = s[name.slice(0, dot)] || {})[name.slice(dot + 1)] = vals[name];
      }
      return s;
    }
    // Follow-ups appear and disappear as the visitor answers.
    function applyConditions() {
      spec.fields.forEach(function (f) {
        if (f.show_if) wrappers[f.name].hidden = !holds(f.show_if, subject(values()));
      });
    }
    function setError(name, message) {
      var wrap = name === 'consent' ? form.querySelector('[data-field=consent]') : wrappers[name];
      if (!wrap) return;
      wrap.querySelector('.baton-error').textContent = message || '';
      var targets = name === 'consent' ? [consent] : [].concat(inputs[name]);
      targets.forEach(function (t) {
        if (message) t.setAttribute('aria-invalid', 'true');
        else t.removeAttribute('aria-invalid');
      });
    }
    function check() {
      var problems = [];
      spec.fields.forEach(function (f) {
        if (wrappers[f.name].hidden) return setError(f.name, '');
        var v = valueOf(f);
        var message = '';
        if (f.required && (v === undefined || v === false)) message = 'Please answer this question.';
        else if (v !== undefined && f.type === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) message = 'Please enter an e-mail address such as name@company.com.';
        else if (v !== undefined && f.type === 'number' && typeof v !== 'number') message = 'Please enter a number.';
        else if (typeof v === 'number' && f.min !== undefined && v < f.min) message = 'Please enter ' + f.min + ' or more.';
        else if (typeof v === 'number' && f.max !== undefined && v > f.max) message = 'Please enter ' + f.max + ' or less.';
        else if (typeof v === 'string' && f.pattern && !new RegExp(f.pattern, 'u').test(v)) message = f.pattern_hint || 'Please check the format.';
        setError(f.name, message);
        if (message) problems.push(f.name);
      });
      if (consent && spec.form.consent.required && !consent.checked) {
        setError('consent', 'Please tick the box to agree.');
        problems.push('consent');
      } else if (consent) setError('consent', '');
      return problems;
    }
    function focusFirst(names) {
      var first = names[0] === 'consent' ? consent : [].concat(inputs[names[0]])[0];
      if (first) first.focus();
    }
    function report() {
      if (progress.view_id) send('/f/' + formId + '/progress', progress);
    }
    form.addEventListener('focusin', function (e) {
      var name = e.target.name;
      if (!name || name === 'website') return;
      var first = !progress.touched.length;
      if (progress.touched.indexOf(name) < 0) progress.touched.push(name);
      progress.last = name;
      if (first) report();
    });
    form.addEventListener('focusout', function (e) {
      var f = spec.fields.filter(function (x) {
        return x.name === e.target.name;
      })[0];
      if (f && valueOf(f) !== undefined && progress.filled.indexOf(f.name) < 0) progress.filled.push(f.name);
    });
    form.addEventListener('change', applyConditions);
    form.addEventListener('input', applyConditions);
    w.addEventListener('pagehide', function () {
      if (progress.touched.length && !progress.done && navigator.sendBeacon) navigator.sendBeacon(endpoint + '/f/' + formId + '/progress', JSON.stringify(progress));
    });

    form.addEventListener('submit', function (e) {
      e.preventDefault();
      alert.textContent = '';
      var problems = check();
      if (problems.length) {
        alert.textContent = problems.length === 1 ? 'One answer needs attention.' : problems.length + ' answers need attention.';
        return focusFirst(problems);
      }
      var params = new URLSearchParams(location.search);
      var hidden = {};
      var wanted = function (k) {
        return spec.form.hidden.indexOf(k) >= 0;
      };
      HIDDEN.forEach(function (k) {
        if (params.get(k) && wanted(k)) hidden[k] = params.get(k);
      });
      if (d.referrer && wanted('referrer')) hidden.referrer = d.referrer;
      if (wanted('landing_page')) hidden.landing_page = location.origin + location.pathname;
      button.disabled = true;
      status.textContent = 'Sending…';
      send('/f/' + formId + '/submit', {
        submission_id: spec.submission_id,
        view_id: spec.view_id,
        visitor: vid || undefined,
        values: values(),
        consent: consent ? consent.checked : undefined,
        hidden: hidden,
        page: location.href,
        website: trap.value,
        remember: spec.track && navigator.doNotTrack !== '1' && navigator.globalPrivacyControl !== true,
      })
        .then(function (r) {
          return r.json().then(function (body) {
            return { ok: r.ok, body: body };
          });
        })
        .then(function (res) {
          button.disabled = false;
          status.textContent = '';
          if (!res.ok) {
            var details = (res.body.error && res.body.error.details) || [];
            details.forEach(function (x) {
              setError(x.path, x.message.charAt(0).toUpperCase() + x.message.slice(1) + '.');
            });
            alert.textContent = (res.body.error && res.body.error.message) || 'The form could not be sent. Please try again.';
            if (details.length) focusFirst([details[0].path]);
            return;
          }
          progress.done = true;
          if (res.body.visitor && !vid) d.cookie = 'baton_vid=' + res.body.visitor + '; path=/; max-age=' + 395 * 86400 + '; SameSite=Lax';
          var done = el('div', { class: 'baton-form baton-done', role: 'status', tabindex: '-1' }, [el('p', { text: res.body.message })]);
          root.replaceChild(done, form);
          done.focus();
        })
        .catch(function () {
          button.disabled = false;
          status.textContent = '';
          alert.textContent = 'The form could not be sent. Check your connection and try again.';
        });
    });
    applyConditions();
    root.textContent = '';
    root.appendChild(form);
  }

  function mountAll() {
    [].forEach.call(d.querySelectorAll('[data-baton-form]'), mount);
  }
  if (d.readyState === 'loading') d.addEventListener('DOMContentLoaded', mountAll);
  else mountAll();
  w.batonForms = { mount: mountAll };
})(window, document);
