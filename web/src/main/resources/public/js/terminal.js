// A terminal into the learner's sandbox: xterm.js over a WebSocket to a shell that outlives the page.
// Protocol (server/.../terminal/TerminalSocket): binary frames = terminal output (the recent screen
// first), text frames from us = {"type":"input","data":...} or {"type":"resize","cols":..,"rows":..},
// a text frame {"type":"exit","code":N} when the shell ends.
(function () {
  'use strict';
  const layerlab = window.layerlab = window.layerlab || {terminals: {}, active: null};

  function wsUrl(terminalId) {
    return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws/terminals/' + encodeURIComponent(terminalId);
  }

  function attachClipboard(term, element) {
    // Ctrl+Shift+C / Ctrl+Shift+V copy and paste; right click copies a selection or pastes.
    term.attachCustomKeyEventHandler(function (ev) {
      if (ev.type !== 'keydown' || !ev.ctrlKey || !ev.shiftKey) return true;
      if (ev.code === 'KeyC') { navigator.clipboard.writeText(term.getSelection()); return false; }
      if (ev.code === 'KeyV') { navigator.clipboard.readText().then(function (t) { term.paste(t); }); return false; }
      return true;
    });
    element.addEventListener('contextmenu', function (ev) {
      ev.preventDefault();
      const selection = term.getSelection();
      if (selection) navigator.clipboard.writeText(selection);
      else navigator.clipboard.readText().then(function (t) { term.paste(t); });
    });
  }

  layerlab.openTerminal = function (element, terminalId, status) {
    const term = new Terminal({cursorBlink: true, fontSize: 14, scrollback: 5000, rendererType: 'dom',
      fontFamily: '"DejaVu Sans Mono", "Noto Sans Mono CJK KR", monospace'});
    const fit = new FitAddon.FitAddon();
    term.loadAddon(fit);
    term.open(element);
    fit.fit();
    let ws = null;
    let exited = false;
    let attempt = 0;
    const pending = []; // typed (or Run) while the socket is (re)connecting: sent once it is open

    function send(message) {
      if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
      else if (message.type === 'input' && pending.length < 1000) pending.push(message);
    }

    function connect() {
      ws = new WebSocket(wsUrl(terminalId));
      ws.binaryType = 'arraybuffer';
      ws.onopen = function () {
        attempt = 0;
        term.reset(); // the server sends the recent screen first: start clean so nothing shows twice
        if (status) status.textContent = '';
        send({type: 'resize', cols: term.cols, rows: term.rows});
        pending.splice(0).forEach(send);
      };
      ws.onmessage = function (e) {
        if (typeof e.data === 'string') {
          const m = JSON.parse(e.data);
          if (m.type === 'exit') { exited = true; if (status) status.textContent = status.dataset.ended; }
          if (m.type === 'error' && status) status.textContent = m.message;
          return;
        }
        term.write(new Uint8Array(e.data));
      };
      ws.onclose = function () {
        if (exited) return;
        if (status) status.textContent = status.dataset.reconnecting;
        attempt++;
        setTimeout(connect, Math.min(10000, 250 * Math.pow(2, attempt)));
      };
    }

    term.onData(function (data) { send({type: 'input', data: data}); });
    term.onResize(function (size) { send({type: 'resize', cols: size.cols, rows: size.rows}); });
    new ResizeObserver(function () { fit.fit(); }).observe(element);
    attachClipboard(term, element);
    connect();

    const handle = {
      id: terminalId,
      term: term,
      focus: function () { term.focus(); },
      connected: function () { return ws !== null && ws.readyState === WebSocket.OPEN; },
      run: function (command) { send({type: 'input', data: command + '\r'}); term.focus(); },
      screenText: function () {
        const buffer = term.buffer.active;
        const lines = [];
        for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i).translateToString(true));
        return lines.join('\n');
      }
    };
    layerlab.terminals[terminalId] = handle;
    layerlab.active = handle;
    return handle;
  };
})();
