// The terminal side of a page: the learner's shell (the same one after a reload), more tabs, a shell
// inside a running container, the idle warning and links to published ports.
(function () {
  'use strict';
  const layerlab = window.layerlab;
  const tabs = document.getElementById('terminal-tabs');
  const host = document.getElementById('terminal-host');
  const status = document.getElementById('terminal-status');
  const views = {};

  function show(id) {
    Object.keys(views).forEach(function (k) {
      views[k].element.hidden = k !== id;
      views[k].tab.classList.toggle('active', k === id);
    });
    layerlab.active = views[id].handle;
    views[id].handle.focus();
  }

  function add(terminal, label) {
    const element = document.createElement('div');
    host.appendChild(element);
    const tab = document.createElement('button');
    tab.type = 'button';
    tab.textContent = label;
    tab.dataset.terminal = terminal.id;
    tab.addEventListener('click', function () { show(terminal.id); });
    tabs.insertBefore(tab, tabs.querySelector('.new'));
    views[terminal.id] = {element: element, tab: tab, handle: null};
    views[terminal.id].handle = layerlab.openTerminal(element, terminal.id, status);
    show(terminal.id);
  }

  function open(query) {
    return fetch('/api/terminals?' + query, {method: 'POST'}).then(function (r) {
      if (r.status === 503) { location.href = '/full'; throw new Error('full'); }
      if (!r.ok) return r.json().then(function (e) { throw new Error(e.message || r.status); });
      return r.json();
    });
  }

  function newTabButtons() {
    const plus = document.createElement('button');
    plus.type = 'button';
    plus.className = 'new';
    plus.textContent = '+';
    plus.title = tabs.dataset.newTab || 'New terminal';
    plus.addEventListener('click', function () {
      open('kind=host').then(function (t) { add(t, 'sh ' + (Object.keys(views).length + 1)); });
    });
    tabs.appendChild(plus);
  }

  layerlab.openContainerTerminal = function (container) {
    return open('kind=container&container=' + encodeURIComponent(container)).then(function (t) { add(t, container); });
  };

  function poll() {
    fetch('/api/session').then(function (r) { return r.json(); }).then(function (s) {
      const warning = document.getElementById('idle-warning');
      if (s.remainingSeconds < 300) {
        warning.textContent = warning.dataset.template.replace('{0}', Math.max(1, Math.ceil(s.remainingSeconds / 60)));
        warning.hidden = false;
      } else {
        warning.hidden = true;
      }
      const ports = document.getElementById('ports');
      ports.textContent = '';
      s.ports.forEach(function (p) {
        const a = document.createElement('a');
        a.href = p.url;
        a.target = '_blank';
        a.className = 'port-link';
        a.textContent = p.container + ' :' + p.port + ' → ' + p.containerPort;
        ports.appendChild(a);
      });
      s.containers.forEach(function (c) {
        const shell = document.createElement('button');
        shell.type = 'button';
        shell.className = 'container-shell';
        shell.title = c.image;
        shell.textContent = '>_ ' + c.name;
        shell.addEventListener('click', function () { layerlab.openContainerTerminal(c.name); });
        ports.appendChild(shell);
      });
    }).catch(function () { /* the next poll tries again */ });
  }

  newTabButtons();
  fetch('/api/terminals').then(function (r) {
    if (r.status === 503) { location.href = '/full'; throw new Error('full'); }
    if (!r.ok) return r.json().then(function (e) { throw new Error(e.message || r.status); });
    return r.json();
  }).then(function (list) {
    const hostShells = list.filter(function (t) { return t.kind === 'host'; });
    if (hostShells.length === 0) return open('kind=host&reuse=true').then(function (t) { add(t, 'sh 1'); });
    hostShells.forEach(function (t, i) { add(t, 'sh ' + (i + 1)); });
    list.filter(function (t) { return t.kind === 'container'; }).forEach(function (t) { add(t, t.container.substring(0, 12)); });
    show(hostShells[0].id);
  }).catch(function (e) { status.textContent = String(e.message || e); });
  poll();
  setInterval(poll, 15000);
})();
