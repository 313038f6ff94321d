// The live page: every view is a JSON document of the API (docs/ui.md), pushed by server-sent events.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const views = {};
  let current = null; // the execution shown, from the address's #execution/ID

  function cell(tr, text, cls) {
    const td = document.createElement('td');
    td.textContent = text == null ? '' : String(text);
    if (cls) td.className = cls;
    tr.appendChild(td);
    return td;
  }
  function rows(table, items, fill) {
    const body = $(table).tBodies[0];
    body.replaceChildren();
    for (const it of items) { const tr = document.createElement('tr'); fill(tr, it); body.appendChild(tr); }
  }
  const cls = (s) => /Failed|TimedOut|Cancelled|unhealthy|Rejected|DeadLettered/.test(s) ? 'bad'
      : /Success|healthy|Handled/.test(s) ? 'ok' : /Waiting|draining|InProgress/.test(s) ? 'warn' : '';

  function fleet(doc) {
    $('fleet-error').textContent = doc.Error || '';
    const groups = $('groups');
    groups.replaceChildren();
    for (const g of doc.AutoScalingGroups || []) {
      const h = document.createElement('h3');
      h.textContent = g.AutoScalingGroupName + ' (desired ' + g.DesiredCapacity + ', min ' + g.MinSize + ', max ' + g.MaxSize + ')';
      groups.appendChild(h);
      const t = document.createElement('table');
      t.className = 'group';
      t.innerHTML = '<thead><tr><th>Instance</th><th>Lifecycle</th><th>Health</th><th>Target health</th></tr></thead><tbody></tbody>';
      for (const i of g.Instances) {
        const tr = document.createElement('tr');
        cell(tr, i.InstanceId);
        cell(tr, i.LifecycleState, i.LifecycleState === 'InService' ? 'ok' : 'warn');
        cell(tr, i.HealthStatus);
        const th = (i.TargetHealth || []).map((x) => x.TargetGroupName + ': ' + x.State).join(', ');
        cell(tr, th || 'not registered', cls(th));
        t.tBodies[0].appendChild(tr);
      }
      groups.appendChild(t);
    }
    rows('out-of-rotation', doc.OutOfRotation || [], (tr, o) => {
      tr.dataset.instanceId = o.InstanceId;
      cell(tr, o.InstanceId);
      cell(tr, o.Why, 'warn');
      const by = o.TakenOutBy;
      const td = cell(tr, by ? (by.Kind === 'handler' ? 'handler ' + by.Handler + ' (rule ' + by.Rule + ')' : 'execution ')
          + ' ' + by.Action : '');
      if (by && by.ExecutionId) {
        const a = document.createElement('a');
        a.href = '#execution/' + by.ExecutionId;
        a.textContent = by.ExecutionId.slice(0, 8) + (by.StepName ? ' / ' + by.StepName : '');
        td.appendChild(document.createTextNode(' '));
        td.appendChild(a);
      }
      cell(tr, o.Since || '');
      cell(tr, o.Deadline ? o.Deadline.Kind + ': ' + o.Deadline.At : '');
    });
  }

  function executions(doc) {
    const f = ($('filter').value || '').toLowerCase();
    const list = (doc.AutomationExecutionMetadataList || []).filter((e) => !f
        || (e.DocumentName + ' ' + e.AutomationExecutionStatus + ' ' + e.AutomationExecutionId).toLowerCase().includes(f));
    const c = doc.Fleetops || {};
    $('execution-counts').textContent = c.Running + ' running, ' + c.Total + ' in the store, ' + list.length + ' shown';
    rows('execution-list', list, (tr, e) => {
      tr.dataset.executionId = e.AutomationExecutionId;
      const td = cell(tr, '');
      const a = document.createElement('a');
      a.href = '#execution/' + e.AutomationExecutionId;
      a.textContent = e.AutomationExecutionId;
      td.appendChild(a);
      cell(tr, e.DocumentName);
      cell(tr, e.AutomationExecutionStatus, cls(e.AutomationExecutionStatus));
      cell(tr, e.CurrentStepName || '');
      cell(tr, e.ExecutionStartTime || '');
      cell(tr, e.ExecutionEndTime || '');
    });
    if (current) load(current);
  }

  function execution(doc) {
    const x = doc.AutomationExecution;
    const f = doc.Fleetops || {};
    $('execution').hidden = false;
    $('execution-id').textContent = x.AutomationExecutionId;
    $('execution-summary').textContent = x.DocumentName + ': ' + x.AutomationExecutionStatus
        + (x.FailureMessage ? ' (' + x.FailureMessage + ')' : '');
    $('timeline').innerHTML = f.TimelineSvg || ''; // drawn by the server (the HTML report's chart), texts escaped there
    const ap = $('approvals');
    ap.replaceChildren();
    for (const w of f.ApprovalsWaiting || []) {
      const p = document.createElement('p');
      p.className = 'approval';
      p.textContent = 'Waiting for approval at ' + w.StepName + ' ';
      for (const type of ['Approve', 'Reject']) {
        const b = document.createElement('button');
        b.textContent = type;
        b.id = type.toLowerCase() + '-' + w.StepName;
        b.onclick = () => signal(x.AutomationExecutionId, type, b);
        p.appendChild(b);
      }
      ap.appendChild(p);
    }
    rows('steps', x.StepExecutions || [], (tr, s) => {
      cell(tr, s.StepName);
      cell(tr, s.Action);
      cell(tr, s.StepStatus + (s.FailureMessage ? ': ' + s.FailureMessage : ''), cls(s.StepStatus));
      cell(tr, JSON.stringify(s.Inputs || {}));
      cell(tr, JSON.stringify(s.Outputs || {}));
      const calls = ((f.StepExecutions || []).find((x) => x.StepName === s.StepName) || {}).ApiCalls || [];
      cell(tr, calls.map((c) => c.Service + ' ' + c.Operation + (c.ErrorCode ? ' (' + c.ErrorCode + ')' : '')).join(', '));
    });
    const ch = $('children');
    ch.replaceChildren();
    for (const c of f.ChildExecutions || []) {
      const a = document.createElement('a');
      a.href = '#execution/' + c.AutomationExecutionId;
      a.textContent = c.StepName + ': ' + c.DocumentName + ' ' + c.AutomationExecutionStatus;
      ch.appendChild(a);
      ch.appendChild(document.createElement('br'));
    }
  }

  function signal(id, type, button) {
    button.disabled = true;
    fetch('api/executions/' + encodeURIComponent(id) + '/signal', {
      method: 'POST', headers: {'Content-Type': 'application/json'}, credentials: 'same-origin',
      body: JSON.stringify({SignalType: type, By: 'fleetops-ui'})
    }).then((r) => r.json().then((j) => { $('status').textContent = r.ok ? type + ' sent' : j.__type + ': ' + j.message; }));
  }

  function events(doc) {
    const c = doc.Counts || {};
    $('event-counts').textContent = Object.keys(c).map((k) => k + ' ' + c[k]).join(' · ');
    rows('event-list', (doc.Events || []).slice(0, 100), (tr, e) => {
      cell(tr, e.Time);
      cell(tr, e.Type, cls(e.Type));
      cell(tr, (e.DetailType || e.MessageId || '') + (e.InstanceId ? ' ' + e.InstanceId : ''));
      cell(tr, e.Rules ? e.Rules.join(', ') : e.Rule ? e.Rule + (e.Handler ? ' / ' + e.Handler : '') : '');
      cell(tr, e.Outcome || e.Reason || e.Note || '', cls(e.Outcome || ''));
    });
  }

  function replicas(doc) {
    rows('replica-list', doc.Replicas || [], (tr, r) => { cell(tr, r.Owner); cell(tr, r.LastHeartbeat); cell(tr, r.Leases); });
    rows('lease-list', doc.Leases || [], (tr, l) => {
      cell(tr, l.Resource); cell(tr, l.Owner); cell(tr, l.Token); cell(tr, l.ExpiresAt); cell(tr, l.LastRenewal); cell(tr, l.TakenFrom || '');
    });
    rows('takeover-list', doc.Takeovers || [], (tr, k) => { cell(tr, k.Resource); cell(tr, k.From); cell(tr, k.To); cell(tr, k.Token); cell(tr, k.At); });
    const t = doc.Takeable || [];
    $('takeable').textContent = t.length ? t.length + ' lease(s) expired unreleased (a dead replica\'s work): '
        + t.map((l) => l.Resource + ' of ' + l.Owner).join(', ') : '';
  }

  const render = {fleet: fleet, executions: executions, events: events, replicas: replicas};

  function load(id) {
    fetch('api/executions/' + encodeURIComponent(id), {credentials: 'same-origin'})
      .then((r) => r.ok ? r.json() : null).then((doc) => { if (doc && current === id) execution(doc); });
  }

  function route() {
    const m = /^#execution\/(.+)$/.exec(location.hash);
    current = m ? decodeURIComponent(m[1]) : null;
    if (current) load(current); else $('execution').hidden = true;
  }

  const stream = new EventSource('api/stream');
  for (const name of Object.keys(render)) {
    stream.addEventListener(name, (e) => {
      views[name] = JSON.parse(e.data);
      render[name](views[name]);
      document.body.dataset['updated' + name[0].toUpperCase() + name.slice(1)] = String(Date.now());
    });
  }
  stream.onopen = () => { $('status').textContent = 'live'; $('status').className = 'ok'; };
  stream.onerror = () => { $('status').textContent = 'reconnecting…'; $('status').className = 'warn'; };
  // a page that goes (reload, navigation, tab closed) ends its stream at once: an open one holds one of the
  // browser's six connections to the host until the server notices (docs/ui.md, "Live")
  window.addEventListener('pagehide', () => stream.close());
  window.addEventListener('pageshow', (e) => { if (e.persisted) location.reload(); }); // back from the page cache: a new stream
  $('filter').addEventListener('input', () => { if (views.executions) executions(views.executions); });
  window.addEventListener('hashchange', route);
  route();
})();
