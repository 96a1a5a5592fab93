// The officer page (officer.html): sign-in state, the unit's queue, one dossier, triage of a new dossier and the
// supervisor's override. A file of its own because the pages' Content-Security-Policy allows no inline script.
// Every call is same-origin and cookie-authenticated; the server decides who may see and do what (the page only hides
// what the signed-in role cannot use). POSTs carry the anti-forgery token from GET /officer/session in a header.
(function () {
  'use strict';

  var ROLE_NAMES = { officer: 'cán bộ', supervisor: 'giám sát viên', admin: 'quản trị viên', staff: 'nhân viên', citizen: 'không có vai trò cán bộ' };
  var FORBIDDEN_DOSSIER = 'Bạn không có quyền xem hồ sơ này.';
  var FORBIDDEN_ACTION = 'Bạn không có quyền thực hiện thao tác này.';
  var SESSION_LOST = 'Phiên đăng nhập đã hết hoặc chưa đăng nhập. Xin đăng nhập lại.';
  var NO_OFFICER_ROLE = 'Tài khoản đã đăng nhập chưa được cấp quyền cán bộ một cửa. Xin liên hệ quản trị hệ thống.';

  var session = null;
  var rows = [];
  var sortKey = null;
  var sortDir = 1;
  var openId = null;

  function $(id) { return document.getElementById(id); }

  function say(el, text, isError) {
    el.textContent = text || '';
    el.classList.toggle('error', !!isError);
  }

  // ---- HTTP -------------------------------------------------------------------------------------------------------

  // A failed call, with the message to show (Vietnamese) and its status (0 when the network failed).
  function CallError(status, message) {
    this.status = status;
    this.message = message;
  }

  function retryAfterSeconds(response) {
    var value = response.headers.get('Retry-After');
    if (!value) return null;
    var seconds = parseInt(value, 10);
    if (String(seconds) === value.trim()) return Math.max(0, seconds);
    var date = Date.parse(value);
    return isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
  }

  function errorsOf(body) {
    if (body && Array.isArray(body.errors) && body.errors.length) return body.errors.join(' ');
    if (body && typeof body.detail === 'string') return body.detail;
    if (body && typeof body.title === 'string') return body.title;
    if (body && typeof body.error === 'string') return body.error;
    return null;
  }

  // Same-origin JSON call. Redirects are not followed: an API that answers a missing sign-in with a redirect to the
  // identity provider means "not signed in" here, never a cross-origin fetch.
  function call(method, url, body, forbiddenText) {
    var headers = { 'Accept': 'application/json' };
    var init = { method: method, headers: headers, credentials: 'same-origin', redirect: 'manual', cache: 'no-store' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    if (method !== 'GET' && session && session.antiforgeryHeader && session.antiforgeryToken) {
      headers[session.antiforgeryHeader] = session.antiforgeryToken;
    }
    return fetch(url, init).then(function (response) {
      if (response.type === 'opaqueredirect') throw new CallError(401, SESSION_LOST);
      if (response.status === 403) throw new CallError(403, forbiddenText || FORBIDDEN_ACTION);
      if (response.status === 429) {
        var wait = retryAfterSeconds(response);
        throw new CallError(429, 'Hệ thống đang bận, xin chờ ' + (wait === null ? 'vài' : wait) + ' giây rồi thử lại.');
      }
      return response.text().then(function (text) {
        var data = null;
        if (text) {
          try { data = JSON.parse(text); } catch (e) { data = null; }
        }
        // The server says why (not signed in, sign-in expired, sign-in not configured on this server).
        if (response.status === 401) throw new CallError(401, errorsOf(data) || SESSION_LOST);
        if (!response.ok) {
          throw new CallError(response.status, errorsOf(data) || ('Máy chủ trả lỗi ' + response.status + '.'));
        }
        return { status: response.status, data: data };
      });
    }, function () {
      throw new CallError(0, 'Không kết nối được máy chủ. Xin thử lại.');
    });
  }

  // Shows a failed call where it happened; a lost sign-in sends the whole page back to the sign-in prompt.
  function fail(el, error) {
    if (!(error instanceof CallError)) error = new CallError(0, String(error && error.message || error));
    if (error.status === 401) {
      showSignedOut(error.message, true);
      return;
    }
    say(el, error.message, true);
  }

  // ---- Session ----------------------------------------------------------------------------------------------------

  // GET /officer/session: {signedIn, subject, role, roles, units, antiforgery: {headerName, formFieldName, token}};
  // 401 when nobody is signed in. Roles are lower-case names ("officer", "supervisor", "admin"); units "*" is all.
  function readSession(data) {
    if (!data || !data.signedIn || !data.subject) return null;
    var af = data.antiforgery || {};
    var roles = (data.roles || []).map(function (r) { return String(r).toLowerCase(); });
    if (data.role && roles.indexOf(String(data.role).toLowerCase()) < 0) roles.unshift(String(data.role).toLowerCase());
    return {
      subject: String(data.subject),
      roles: roles,
      units: (data.units || []).map(String),
      antiforgeryHeader: af.headerName || 'RequestVerificationToken',
      antiforgeryField: af.formFieldName || '__RequestVerificationToken',
      antiforgeryToken: af.token || null,
    };
  }

  function isSupervisor() { return !!session && session.roles.indexOf('supervisor') >= 0; }

  function isAdmin() { return !!session && session.roles.indexOf('admin') >= 0; }

  function showSignedOut(reason, isError) {
    session = null;
    $('who').hidden = true;
    $('signed-in').hidden = true;
    $('signed-out').hidden = false;
    if (reason) say($('signed-out-reason'), reason, isError);
    say($('status'), '');
  }

  function showSignedIn() {
    $('who-subject').textContent = session.subject;
    $('who-roles').textContent = session.roles.map(function (r) { return ROLE_NAMES[r] || r; }).join(', ') || '—';
    $('who-units').textContent = session.units.length === 0 ? '—'
      : session.units.indexOf('*') >= 0 ? 'tất cả' : session.units.join(', ');
    var token = $('logout-token');
    token.name = session.antiforgeryField;
    token.value = session.antiforgeryToken || '';
    $('override-form').hidden = !isSupervisor();
    document.querySelectorAll('.admin-only').forEach(function (el) { el.hidden = !isAdmin(); });
    $('signed-out').hidden = true;
    $('who').hidden = false;
    $('signed-in').hidden = false;
    say($('status'), '');
  }

  function loadSession() {
    say($('status'), 'Đang kiểm tra đăng nhập…');
    return call('GET', '/officer/session', undefined, NO_OFFICER_ROLE).then(function (r) {
      session = readSession(r.data);
      if (!session) {
        showSignedOut(null, false);
        return;
      }
      showSignedIn();
      // An admin alone works no dossier (the queue would answer 403): the page points them to the registry instead.
      if (!isAdmin() || isSupervisor() || session.roles.indexOf('officer') >= 0) loadQueue();
      else say($('queue-status'), 'Tài khoản quản trị không xử lý hồ sơ; dùng phần «Dự án trọng điểm» bên dưới.');
      loadProjects();
      openFromAddress();
    }).catch(function (e) {
      if (e instanceof CallError && e.status === 401) showSignedOut(e.message, false);
      else fail($('status'), e);
    });
  }

  // ---- Queue ------------------------------------------------------------------------------------------------------

  function flagsRank(i) { return (i.isPriority ? 8 : 0) + (i.overdue ? 4 : 0) + (i.atRisk ? 2 : 0) + (i.needsReview ? 1 : 0); }

  function flag(cls, text) {
    var s = document.createElement('span');
    s.className = 'flag ' + cls;
    s.textContent = text;
    return s;
  }

  function cell(tr, text) {
    var td = document.createElement('td');
    td.textContent = text == null ? '' : String(text);
    tr.appendChild(td);
    return td;
  }

  function render() {
    var items = rows.slice();
    if (sortKey) {
      items.sort(function (a, b) {
        var x = a[sortKey], y = b[sortKey];
        if (x == null && y == null) return 0;
        if (x == null) return 1;
        if (y == null) return -1;
        return (typeof x === 'number' ? x - y : String(x).localeCompare(String(y), 'vi')) * sortDir;
      });
    }
    var tbody = document.querySelector('#queue tbody');
    tbody.textContent = '';
    items.forEach(function (i) {
      var tr = document.createElement('tr');
      tr.setAttribute('data-id', i.id);
      if (i.overdue) tr.className = 'overdue';
      var f = cell(tr, '');
      if (i.isPriority) { var p = flag('flag-priority', 'ưu tiên'); p.title = i.project || ''; f.appendChild(p); }
      if (i.overdue) f.appendChild(flag('flag-overdue', 'quá hạn'));
      if (i.atRisk) f.appendChild(flag('flag-atrisk', 'sắp đến hạn'));
      if (i.needsReview) f.appendChild(flag('flag-review', 'cần xem xét'));
      if (!i.complete) f.appendChild(flag('flag-incomplete', 'thiếu giấy tờ'));
      var open = document.createElement('button');
      open.type = 'button';
      open.className = 'open';
      open.textContent = i.id;
      open.addEventListener('click', function () { openDossier(i.id); });
      cell(tr, '').appendChild(open);
      cell(tr, i.procedure);
      cell(tr, i.receivedAt ? i.receivedAt.substring(0, 16).replace('T', ' ') : '');
      cell(tr, i.dueDate ? i.dueDate + (i.dueDateIsRangeMax ? ' (muộn nhất)' : '') : 'tùy trường hợp');
      cell(tr, i.workingDaysLeft);
      cell(tr, i.unit);
      tbody.appendChild(tr);
    });
    say($('queue-status'), rows.length === 0 ? 'Chưa có hồ sơ nào.' : rows.length + ' hồ sơ.');
  }

  function unitText(i) {
    if (i.overrideUnitCode) return i.overrideUnitCode + ' (cán bộ chỉnh)';
    var names = i.unitNames || [], codes = i.unitCodes || [];
    if (names.length === 0) return codes.join(', ') || 'chưa xác định';
    return names.map(function (n, k) { return codes[k] ? n + ' (' + codes[k] + ')' : n; }).join(', ');
  }

  function loadQueue() {
    say($('queue-status'), 'Đang tải…');
    return call('GET', '/api/queue').then(function (r) {
      rows = ((r.data && r.data.items) || []).map(function (i) {
        i.flagsRank = flagsRank(i);
        i.procedure = (i.procedureCode ? i.procedureCode + ' — ' : '') + (i.procedureName || 'chưa xác định');
        i.unit = unitText(i);
        return i;
      });
      render();
    }).catch(function (e) { fail($('queue-status'), e); });
  }

  // ---- One dossier ------------------------------------------------------------------------------------------------

  function field(dl, label, value) {
    if (value == null || value === '' || (Array.isArray(value) && value.length === 0)) return;
    var dt = document.createElement('dt');
    dt.textContent = label;
    var dd = document.createElement('dd');
    dd.textContent = Array.isArray(value) ? value.join('; ') : String(value);
    dl.appendChild(dt);
    dl.appendChild(dd);
  }

  function showDossier(t) {
    openId = t.id;
    $('dossier-id').textContent = t.id;
    var dl = $('dossier-fields');
    dl.textContent = '';
    field(dl, 'Thủ tục', (t.procedureCode ? t.procedureCode + ' — ' : '') + (t.procedureName || 'chưa xác định'));
    field(dl, 'Độ tin cậy', typeof t.confidence === 'number' ? Math.round(t.confidence * 100) + '%' : null);
    field(dl, 'Thủ tục khác có thể', (t.alternatives || []).map(function (a) {
      return a.procedureCode + ' (' + Math.round(a.confidence * 100) + '%)';
    }));
    field(dl, 'Giấy tờ', t.complete ? 'đủ' : 'thiếu');
    field(dl, 'Còn thiếu', t.missingDocuments);
    field(dl, 'Giấy tờ thêm', t.extraDocuments);
    field(dl, 'Tiếp nhận', t.receivedAt ? String(t.receivedAt).substring(0, 16).replace('T', ' ') : null);
    field(dl, 'Hạn trả', t.dueDate ? (t.dueDateEarliest ? t.dueDateEarliest + ' – ' : '') + t.dueDate : 'tùy trường hợp');
    // Right under the due date: the legal basis of the time limit it was counted from, and its validity.
    field(dl, 'Căn cứ thời hạn', t.timeLimitBasis);
    field(dl, 'Thời hạn giải quyết', t.processingTime);
    var route = t.routeTo || {};
    field(dl, 'Xã/phường mới', (route.candidates || []).map(function (c) { return c.unitName + ' (' + c.unitCode + ')'; }));
    field(dl, 'Nơi tiếp nhận', route.office);
    field(dl, 'Cơ quan giải quyết', route.agency);
    if (t.priority && t.priority.isPriority) field(dl, 'Ưu tiên', (t.priority.project || '') + (t.priority.reason ? ' — ' + t.priority.reason : ''));
    field(dl, 'Cần xem xét', t.needsReview ? (t.reviewReasons || []).join('; ') || 'có' : null);
    field(dl, 'Ghi chú', t.notes);
    $('override-procedure').value = '';
    $('override-unit').value = '';
    say($('override-status'), '');
    say($('dossier-status'), '');
    $('dossier').hidden = false;
    $('dossier-fields').hidden = false;
    $('override-form').hidden = !isSupervisor();
  }

  function openDossier(id) {
    openId = id;
    $('dossier-id').textContent = id;
    $('dossier-fields').textContent = '';
    $('dossier').hidden = false;
    $('override-form').hidden = true;
    say($('dossier-status'), 'Đang mở hồ sơ…');
    return call('GET', '/api/triage/' + encodeURIComponent(id), undefined, FORBIDDEN_DOSSIER)
      .then(function (r) { showDossier(r.data); })
      .catch(function (e) { fail($('dossier-status'), e); });
  }

  function submitOverride(ev) {
    ev.preventDefault();
    if (!openId) return;
    // Who overrides is the signed-in subject, taken by the server from the session, never from the body.
    var body = {};
    var code = $('override-procedure').value.trim(), unit = $('override-unit').value.trim();
    if (code) body.procedureCode = code;
    if (unit) body.unitCode = unit;
    if (!code && !unit) {
      say($('override-status'), 'Cần nhập mã thủ tục hoặc mã xã/phường mới.', true);
      return;
    }
    say($('override-status'), 'Đang ghi nhận…');
    call('POST', '/api/triage/' + encodeURIComponent(openId) + '/override', body)
      .then(function () {
        say($('override-status'), 'Đã ghi nhận điều chỉnh.');
        loadQueue();
      })
      .catch(function (e) { fail($('override-status'), e); });
  }

  // officer.html#hoso=ID opens that dossier once signed in (a link to one dossier, e.g. from a chat message).
  function openFromAddress() {
    var m = /^#hoso=([^&]+)/.exec(location.hash);
    if (m && session) openDossier(decodeURIComponent(m[1]));
  }

  // ---- Triage of a new dossier ------------------------------------------------------------------------------------

  function text(id) { return $(id).value.trim(); }

  function dossierFromForm() {
    var body = { description: text('t-description') };
    var docs = $('t-documents').value.split(/\r?\n/).map(function (s) { return s.trim(); }).filter(Boolean);
    if (docs.length) body.documents = docs;
    if (text('t-id')) body.id = text('t-id');
    // datetime-local has no offset; the one-stop shops are in Hanoi (UTC+7, no daylight saving).
    if (text('t-received')) body.receivedAt = text('t-received') + (text('t-received').length === 16 ? ':00' : '') + '+07:00';
    if (text('t-channel')) body.channel = text('t-channel');
    if (text('t-applicant')) body.applicant = { type: text('t-applicant') };
    if (text('t-project')) body.projectCode = text('t-project');
    var parcel = {};
    if (text('t-new-unit')) parcel.newUnit = text('t-new-unit');
    if (text('t-old-commune')) parcel.oldCommune = text('t-old-commune');
    if (text('t-old-district')) parcel.oldDistrict = text('t-old-district');
    if (Object.keys(parcel).length) body.parcel = parcel;
    return body;
  }

  function submitTriage(ev) {
    ev.preventDefault();
    say($('triage-status'), 'Đang phân loại…');
    call('POST', '/api/triage', dossierFromForm())
      .then(function (r) {
        say($('triage-status'), (r.status === 201 ? 'Đã phân loại hồ sơ ' : 'Hồ sơ đã có, kết quả đã lưu: ') + r.data.id + '.');
        $('triage-form').reset();
        showDossier(r.data);
        loadQueue();
      })
      .catch(function (e) { fail($('triage-status'), e); });
  }

  // ---- Priority projects ------------------------------------------------------------------------------------------

  var projects = [];
  var editingCode = null;

  function vnDate(iso) {
    if (!iso) return '';
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso));
    return m ? m[3] + '/' + m[2] + '/' + m[1] : String(iso);
  }

  function lines(id) { return $(id).value.split(/\r?\n/).map(function (s) { return s.trim(); }).filter(Boolean); }

  function projectRow(v) {
    var p = v.project || {};
    var tr = document.createElement('tr');
    tr.setAttribute('data-code', v.code);
    if (p.status === 'closed') tr.className = 'project-closed';
    cell(tr, v.code);
    cell(tr, p.name || '');
    var status = cell(tr, p.status === 'closed' ? 'đã đóng' : 'đang hiệu lực');
    if (!p.verified) {
      var warn = document.createElement('div');
      warn.className = 'unverified';
      warn.textContent = 'chưa đối chiếu';
      status.appendChild(warn);
    }
    var basis = p.legalBasis ? p.legalBasis.instrument + (p.legalBasis.date ? ' (' + vnDate(p.legalBasis.date) + ')' : '') : '—';
    var basisCell = cell(tr, basis);
    if (p.note) {
      var note = document.createElement('div');
      note.className = 'basis-note';
      note.textContent = p.note;
      basisCell.appendChild(note);
    }
    cell(tr, (p.effectiveFrom ? vnDate(p.effectiveFrom) : '…') + ' – ' + (p.effectiveTo ? vnDate(p.effectiveTo) : '…'));
    cell(tr, (p.oldUnits || []).join('; ')).className = 'units';
    // Folded: a district-wide project reaches dozens of new communes.
    var units = p.newUnits || [];
    var newCell = cell(tr, '');
    newCell.className = 'units';
    var details = document.createElement('details');
    var summary = document.createElement('summary');
    var partial = units.filter(function (u) { return u.mergeType === 'partial'; }).length;
    summary.textContent = units.length + ' xã/phường' + (partial ? ' (' + partial + ' một phần)' : '');
    var list = document.createElement('div');
    list.textContent = units.map(function (u) {
      return u.name + ' (' + u.code + ')' + (u.mergeType === 'partial' ? ' — một phần' : '');
    }).join('; ');
    details.appendChild(summary);
    details.appendChild(list);
    newCell.appendChild(details);
    cell(tr, 'v' + v.version + ' từ ' + vnDate(v.validFrom) + (v.change === 'seed' ? ' (dữ liệu khởi tạo)' : ''));
    if (isAdmin()) {
      var actions = cell(tr, '');
      if (p.status !== 'closed') {
        var edit = document.createElement('button');
        edit.type = 'button';
        edit.className = 'project-edit';
        edit.textContent = 'Sửa';
        edit.addEventListener('click', function () { editProject(v); });
        var close = document.createElement('button');
        close.type = 'button';
        close.className = 'project-close';
        close.textContent = 'Đóng';
        close.addEventListener('click', function () { startClose(v.code); });
        actions.appendChild(edit);
        actions.appendChild(close);
      }
    }
    return tr;
  }

  function renderProjects() {
    var body = $('projects-table').querySelector('tbody');
    body.textContent = '';
    projects.forEach(function (v) { body.appendChild(projectRow(v)); });
  }

  function loadProjects() {
    say($('projects-status'), 'Đang tải danh mục dự án…');
    return call('GET', '/api/priority-projects').then(function (r) {
      projects = (r.data && r.data.items) || [];
      renderProjects();
      say($('projects-status'), projects.length + ' dự án.');
    }).catch(function (e) { fail($('projects-status'), e); });
  }

  function resetProjectForm() {
    editingCode = null;
    $('project-form').reset();
    $('p-code').readOnly = false;
    $('project-form-title').textContent = 'Thêm dự án (quản trị viên)';
    $('project-submit').textContent = 'Thêm dự án';
    $('project-cancel').hidden = true;
  }

  function editProject(v) {
    var p = v.project || {};
    editingCode = v.code;
    $('p-code').value = v.code;
    $('p-code').readOnly = true;
    $('p-name').value = p.name || '';
    $('p-aliases').value = (p.aliases || []).join('\n');
    $('p-old-units').value = (p.oldUnits || []).join('\n');
    $('p-instrument').value = p.legalBasis ? p.legalBasis.instrument || '' : '';
    $('p-basis-date').value = p.legalBasis && p.legalBasis.date ? p.legalBasis.date : '';
    $('p-from').value = p.effectiveFrom || '';
    $('p-to').value = p.effectiveTo || '';
    $('p-verified').checked = !!p.verified;
    $('p-note').value = p.note || '';
    $('p-source').value = p.source || '';
    $('project-form-title').textContent = 'Sửa dự án ' + v.code + ' (tạo phiên bản mới)';
    $('project-submit').textContent = 'Lưu phiên bản mới';
    $('project-cancel').hidden = false;
    say($('project-form-status'), '');
    $('project-form').scrollIntoView();
  }

  function submitProject(ev) {
    ev.preventDefault();
    var body = {
      code: text('p-code'),
      name: text('p-name'),
      aliases: lines('p-aliases'),
      oldUnits: lines('p-old-units'),
      legalBasis: { instrument: text('p-instrument'), date: text('p-basis-date') || null },
      effectiveFrom: text('p-from') || null,
      effectiveTo: text('p-to') || null,
      verified: $('p-verified').checked,
      note: text('p-note') || null,
      source: text('p-source') || null,
    };
    var code = editingCode;
    say($('project-form-status'), code ? 'Đang lưu…' : 'Đang thêm…');
    var request = code
      ? call('PUT', '/api/priority-projects/' + encodeURIComponent(code), body, FORBIDDEN_ACTION)
      : call('POST', '/api/priority-projects', body, FORBIDDEN_ACTION);
    request.then(function (r) {
      resetProjectForm();
      say($('project-form-status'), (code ? 'Đã lưu phiên bản ' : 'Đã thêm dự án ') + r.data.code + ' (v' + r.data.version + ').');
      loadProjects();
    }).catch(function (e) { fail($('project-form-status'), e); });
  }

  function startClose(code) {
    $('project-close-form').reset();
    $('close-code').textContent = code;
    say($('project-close-status'), '');
    $('project-close-form').hidden = false;
    $('project-close-form').scrollIntoView();
  }

  function submitClose(ev) {
    ev.preventDefault();
    var code = $('close-code').textContent;
    if (!code) return;
    var body = {};
    if (text('close-to')) body.effectiveTo = text('close-to');
    if (text('close-note')) body.note = text('close-note');
    say($('project-close-status'), 'Đang đóng…');
    call('POST', '/api/priority-projects/' + encodeURIComponent(code) + '/close', body, FORBIDDEN_ACTION)
      .then(function (r) {
        $('project-close-form').hidden = true;
        say($('projects-status'), 'Đã đóng dự án ' + r.data.code + ' (v' + r.data.version + ').');
        return call('GET', '/api/priority-projects').then(function (l) {
          projects = (l.data && l.data.items) || [];
          renderProjects();
        });
      })
      .catch(function (e) { fail($('project-close-status'), e); });
  }

  // ---- Wiring -----------------------------------------------------------------------------------------------------

  document.querySelectorAll('#queue th').forEach(function (th) {
    th.addEventListener('click', function () {
      var key = th.getAttribute('data-key');
      sortDir = sortKey === key ? -sortDir : 1;
      sortKey = key;
      document.querySelectorAll('#queue th').forEach(function (o) { o.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', sortDir === 1 ? 'ascending' : 'descending');
      render();
    });
  });
  $('reload').addEventListener('click', loadQueue);
  $('dossier-close').addEventListener('click', function () { $('dossier').hidden = true; openId = null; });
  $('override-form').addEventListener('submit', submitOverride);
  $('triage-form').addEventListener('submit', submitTriage);
  $('projects-reload').addEventListener('click', loadProjects);
  $('project-form').addEventListener('submit', submitProject);
  $('project-cancel').addEventListener('click', function () { resetProjectForm(); say($('project-form-status'), ''); });
  $('project-close-form').addEventListener('submit', submitClose);
  $('close-cancel').addEventListener('click', function () { $('project-close-form').hidden = true; });
  window.addEventListener('hashchange', openFromAddress);
  loadSession();
})();
