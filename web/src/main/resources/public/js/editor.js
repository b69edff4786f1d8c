// A small editor for the files in the sandbox's home directory (/root): pick a file, edit, save.
(function () {
  'use strict';
  const panel = document.getElementById('editor');
  const files = document.getElementById('editor-files');
  const text = document.getElementById('editor-text');
  const status = document.getElementById('editor-status');

  function list() {
    return fetch('/api/files').then(function (r) { return r.json(); }).then(function (names) {
      const current = files.value;
      files.textContent = '';
      names.forEach(function (n) {
        const o = document.createElement('option');
        o.value = o.textContent = n;
        files.appendChild(o);
      });
      if (names.indexOf(current) >= 0) files.value = current;
      return files.value;
    });
  }

  function load(path) {
    if (!path) { text.value = ''; return; }
    fetch('/api/files/content?path=' + encodeURIComponent(path))
      .then(function (r) { return r.ok ? r.text() : ''; })
      .then(function (t) { text.value = t; status.textContent = ''; });
  }

  panel.addEventListener('toggle', function () { if (panel.open) list().then(load); });
  files.addEventListener('change', function () { load(files.value); });
  document.getElementById('editor-save').addEventListener('click', function () {
    if (!files.value) return;
    fetch('/api/files/content?path=' + encodeURIComponent(files.value), {method: 'PUT', body: text.value})
      .then(function (r) { status.textContent = r.ok ? status.dataset.saved : 'HTTP ' + r.status; });
  });
})();
