// A lesson page: Run buttons type a command into the terminal, Check asks the server to run the
// step's check in the sandbox, hints and solutions open on request, a step's files are placed.
(function () {
  'use strict';
  const layerlab = window.layerlab;
  const lesson = document.body.dataset.lesson;
  const runLabel = document.getElementById('lesson-script').dataset.run;

  document.querySelectorAll('pre[data-command]').forEach(function (pre) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'run';
    button.textContent = runLabel;
    button.addEventListener('click', function () {
      const code = pre.querySelector('code') || pre;
      if (layerlab.active) layerlab.active.run(code.textContent.replace(/\n+$/, ''));
    });
    pre.classList.add('command');
    pre.appendChild(button);
  });

  document.querySelectorAll('section.step').forEach(function (section) {
    const step = section.dataset.step;
    const result = section.querySelector('.check-result');
    const check = section.querySelector('button.check');
    if (check) check.addEventListener('click', function () {
      check.disabled = true;
      fetch('/api/lessons/' + lesson + '/steps/' + step + '/check', {method: 'POST'})
        .then(function (r) { return r.json(); })
        .then(function (r) {
          result.className = 'check-result ' + (r.passed ? 'ok' : 'fail');
          result.textContent = r.passed ? result.dataset.passed : result.dataset.notYet + ' ' + (r.output || '');
          if (r.passed) section.classList.add('passed');
        })
        .finally(function () { check.disabled = false; });
    });
    const hint = section.querySelector('button.show-hint');
    if (hint) hint.addEventListener('click', function () { section.querySelector('p.hint').hidden = false; });
    const solution = section.querySelector('button.show-solution');
    if (solution) solution.addEventListener('click', function () { section.querySelector('pre.solution').hidden = false; });
    const place = section.querySelector('button.place-files');
    if (place) place.addEventListener('click', function () {
      fetch('/api/lessons/' + lesson + '/steps/' + step + '/files', {method: 'POST'})
        .then(function (r) { if (r.ok) place.classList.add('done'); });
    });
  });
})();
