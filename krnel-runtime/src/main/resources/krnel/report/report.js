// Details of an op on a click in the graph or the ops table; the data is the JSON block #krnel-ops.
(function () {
  var ops = JSON.parse(document.getElementById('krnel-ops').textContent);
  var details = document.getElementById('details');
  function field(list, name, value, code) {
    if (value === null || value === undefined || value === '') return;
    var dt = document.createElement('dt'); dt.textContent = name;
    var dd = document.createElement('dd');
    var text = typeof value === 'string' ? value : JSON.stringify(value, null, 1);
    if (code) { var pre = document.createElement('pre'); pre.textContent = text; dd.appendChild(pre); } else { dd.textContent = text; }
    list.appendChild(dt); list.appendChild(dd);
  }
  function show(i) {
    var op = ops[i];
    var list = document.createElement('dl');
    var title = document.createElement('h3'); title.textContent = op.name + ' (' + op.type + ')';
    field(list, 'state', op.state);
    field(list, 'uuid', op.uuid);
    field(list, 'pseudocode', op.code, true);
    field(list, 'parameters', op.parameters, true);
    field(list, 'started', op.started);
    field(list, 'completed', op.completed);
    field(list, 'compute time', op.seconds === null ? null : op.seconds.toFixed(3) + ' s');
    field(list, 'implementation version', op.version);
    field(list, 'stale', op.stale);
    field(list, 'error', op.error, true);
    details.replaceChildren(title, list);
    document.querySelectorAll('.node.selected').forEach(function (n) { n.classList.remove('selected'); });
    var node = document.querySelector('.node[data-index="' + i + '"]');
    if (node) node.classList.add('selected');
  }
  document.querySelectorAll('[data-index]').forEach(function (el) {
    el.addEventListener('click', function () { show(+el.getAttribute('data-index')); });
    el.addEventListener('keydown', function (e) { if (e.key === 'Enter') show(+el.getAttribute('data-index')); });
  });
})();
