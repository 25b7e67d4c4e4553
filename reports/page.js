// The report page's only script (reports/html.py inlines it; the page's CSP allows it
// by hash). It reads record data from an inert JSON block and writes it with
// textContent only: no markup is ever built from record data.
(function () {
  "use strict";
  var VIEWS = { all: 0, seed: 1, modern: 2 };
  // Fields of each entry of data.records (reports/html.py, RECORD_FIELDS).
  var COL = 0, CHECK = 1, EDITION = 2, GRADE = 3, CLAUSE = 4, LEVEL = 5, MESSAGE = 6,
    TRANSCRIPT = 7, REPRODUCE = 8, EXAMPLE = 9, DURATION = 10;
  var data = null;
  function records() {
    if (data === null) {
      data = JSON.parse(document.getElementById("report-data").textContent);
    }
    return data;
  }
  var byId = function (id) { return document.getElementById(id); };
  var edition = byId("f-edition"), grade = byId("f-grade"), level = byId("f-level"),
    disagree = byId("f-disagree"), shown = byId("shown"), panel = byId("detail");
  var sections = [], total = 0;
  Array.prototype.forEach.call(byId("matrix").tBodies, function (tbody) {
    var section = { head: tbody.rows[0], rows: [] };
    for (var i = 1; i < tbody.rows.length; i++) {
      var tr = tbody.rows[i], cells = [], tds = tr.querySelectorAll("td.c");
      for (var j = 0; j < tds.length; j++) {
        var g = (tds[j].getAttribute("data-g") || "||").split("|");
        cells.push({ td: tds[j], g: g, shown: g[0] });
      }
      section.rows.push({ tr: tr, level: tr.getAttribute("data-level"), cells: cells });
      total++;
    }
    sections.push(section);
  });

  function apply() {
    var view = VIEWS[edition.value], want = grade.value, lvl = level.value;
    var onlyDisagree = disagree.checked, count = 0;
    document.body.className = "ed-" + edition.value;
    sections.forEach(function (section) {
      var any = false;
      section.rows.forEach(function (row) {
        var seen = {}, kinds = 0;
        row.cells.forEach(function (cell) {
          var g = cell.g[view];
          if (cell.shown !== g) {
            cell.td.className = g ? "c g-" + g : "c";
            cell.shown = g;
          }
          if (g && !seen[g]) { seen[g] = true; kinds++; }
        });
        var show = kinds > 0 && (!lvl || row.level === lvl) && (!want || seen[want] === true) &&
          (!onlyDisagree || kinds > 1);
        row.tr.hidden = !show;
        if (show) { any = true; count++; }
      });
      section.head.hidden = !any;
    });
    shown.textContent = count + " of " + total + " clauses shown";
  }

  function add(parent, tag, text, cls) {
    var el = document.createElement(tag);
    if (cls) { el.className = cls; }
    el.textContent = text;
    parent.appendChild(el);
    return el;
  }

  function open(td) {
    var all = records(), view = edition.value, inMatrix = td.closest("#matrix") !== null;
    var ids = td.getAttribute("data-r").split(" ");
    while (panel.firstChild) { panel.removeChild(panel.firstChild); }
    var close = add(panel, "button", "close", "");
    close.type = "button";
    close.addEventListener("click", function () { hide(); });
    var row = td.parentNode.querySelector("summary");
    add(panel, "h3", row.firstChild.textContent + " \u2014 " + all.columns[td.cellIndex - 1], "");
    ids.forEach(function (id) {
      // String fields are indexes into the table of distinct strings.
      var r = all.records[Number(id)].map(function (v, k) {
        return k >= CHECK && k <= REPRODUCE && v !== null ? all.strings[v] : v;
      });
      if (inMatrix && view !== "all" && r[EDITION] !== view) { return; }
      var box = add(panel, "div", "", "rec");
      var head = add(box, "div", "", "");
      add(head, "b", r[CHECK], "");
      add(head, "span", " [" + r[EDITION] + "] ", "");
      add(head, "span", r[GRADE], "g-" + r[GRADE]);
      add(head, "span", " " + r[CLAUSE] + " (" + r[LEVEL] + "), " + r[DURATION] + " s, " +
        all.columns[r[COL]], "muted");
      if (r[MESSAGE]) { add(box, "div", "message", "muted"); add(box, "pre", r[MESSAGE], "msg"); }
      if (r[TRANSCRIPT]) {
        add(box, "div", "wire transcript (<< received by the server, >> sent by it; seconds)",
          "muted");
        add(box, "pre", r[TRANSCRIPT], "wire");
      }
      if (r[EXAMPLE] !== null && r[EXAMPLE] !== undefined) {
        add(box, "div", "example (shrunk counterexample)", "muted");
        add(box, "pre", JSON.stringify(r[EXAMPLE], null, 2), "example");
      }
      add(box, "div", "reproduce", "muted");
      add(box, "pre", r[REPRODUCE], "reproduce");
    });
    panel.hidden = false;
    var old = document.querySelector("td.sel");
    if (old) { old.classList.remove("sel"); }
    td.classList.add("sel");
  }

  function hide() {
    panel.hidden = true;
    var old = document.querySelector("td.sel");
    if (old) { old.classList.remove("sel"); }
  }

  document.addEventListener("click", function (event) {
    var td = event.target.closest ? event.target.closest("td[data-r]") : null;
    if (td) { open(td); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { hide(); }
  });
  [edition, grade, level].forEach(function (el) { el.addEventListener("change", apply); });
  disagree.addEventListener("change", apply);
  apply();
  document.body.setAttribute("data-ready", "1");
}());
