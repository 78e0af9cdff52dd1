  // ---- The explorer: filters, evidence panel, timeline. ------------------
  // Included by graph.html inside the page's one inline script (so the CSP
  // hash covers it), after nodes, edges, network, safeId and explorerData.
  // Every string of the data is shown with textContent or as a text node,
  // never parsed as markup; only http(s) URLs (checked in Python, again
  // here) become links. Hook for tests and notebooks:
  // window.graphbuild.explorer.{apply, counts, showNode, showEdge, close, fit, reveal}.
  var DAY_MS = 86400000;
  var byId = function (id) { return document.getElementById(id); };
  var quadColour = new Map(explorerData.quads.map(function (q) { return [q[0], q[1]]; }));
  var quadOrder = explorerData.quads.map(function (q) { return q[0]; });
  var events = new Map();  // page edge id -> event record
  var eventsOf = new Map();  // page node id -> its event records
  var entities = new Map();
  var labelOf = new Map();
  var haystack = new Map();  // page node id -> lower-case label and aliases, for the search
  nodeData.forEach(function (n) { labelOf.set(n.id, n.label); eventsOf.set(n.id, []); });
  explorerData.entities.forEach(function (en) {
    en.id = safeId(en.id);
    entities.set(en.id, en);
    haystack.set(en.id, [labelOf.get(en.id) || ""].concat(en.aliases).join("\n").toLowerCase());
  });
  explorerData.events.forEach(function (ev) {
    ev.edge = safeId(ev.edge); ev.from = safeId(ev.from); ev.to = safeId(ev.to);
    events.set(ev.edge, ev);
    [ev.from, ev.to].forEach(function (n) { if (eventsOf.has(n) && (n !== ev.to || ev.from !== ev.to)) { eventsOf.get(n).push(ev); } });
  });
  var relationEdges = edgeData.filter(function (e) { return e.relation === true; });
  var relationsShown = false;
  var nodeHidden = new Map(nodeData.map(function (n) { return [n.id, false]; }));
  var edgeHidden = new Map(edgeData.map(function (e) { return [e.id, e.hidden === true]; }));
  var visible = { nodes: 0, edges: 0, events: 0, relations: 0 };

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function svgEl(tag, attrs) {
    var e = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    return e;
  }
  function checked(name) {
    return new Set(Array.from(document.querySelectorAll('input[name="' + name + '"]:checked')).map(function (i) { return i.value; }));
  }

  // ---- Filters -------------------------------------------------------------
  function filters() {
    var min = parseInt(byId("gb-min-sources").value, 10);
    return {
      types: checked("gb-type"), statuses: checked("gb-status"),
      from: byId("gb-from").value, to: byId("gb-to").value, undated: byId("gb-undated").checked,
      minSources: isFinite(min) && min > 1 ? min : 1,
      search: byId("gb-search").value.trim().toLowerCase(),
      hideIsolated: byId("gb-isolated").checked,
    };
  }
  function inDates(ev, f) {
    if (!ev.day) { return f.undated; }
    return (!f.from || ev.day >= f.from) && (!f.to || ev.day <= f.to);
  }
  // Everything but the dates: what the timeline counts.
  function passesBut(ev, f, matched) {
    return f.types.has(ev.type) && f.statuses.has(ev.status) && ev.sources >= f.minSources &&
      (matched === null || matched.has(ev.from) || matched.has(ev.to));
  }
  function matches(f) {
    if (!f.search) { return null; }
    var found = new Set();
    haystack.forEach(function (text, id) { if (text.indexOf(f.search) !== -1) { found.add(id); } });
    return found;
  }
  function apply() {
    var f = filters(), matched = matches(f), touched = new Set();
    var nodeChanges = [], edgeChanges = [];
    visible = { nodes: 0, edges: 0, events: 0, relations: 0 };
    events.forEach(function (ev, id) {
      var show = passesBut(ev, f, matched) && inDates(ev, f);
      if (show) { touched.add(ev.from); touched.add(ev.to); visible.events += 1; }
      if (edgeHidden.get(id) === show) { edgeHidden.set(id, !show); edgeChanges.push({ id: id, hidden: !show }); }
    });
    nodeHidden.forEach(function (hidden, id) {
      var show = matched !== null ? (matched.has(id) || touched.has(id)) : (!f.hideIsolated || touched.has(id));
      if (show) { visible.nodes += 1; }
      if (hidden === show) { nodeHidden.set(id, !show); nodeChanges.push({ id: id, hidden: !show }); }
    });
    relationEdges.forEach(function (e) {
      var show = relationsShown && !nodeHidden.get(e.from) && !nodeHidden.get(e.to);
      if (show) { visible.relations += 1; }
      if (edgeHidden.get(e.id) === show) { edgeHidden.set(e.id, !show); edgeChanges.push({ id: e.id, hidden: !show }); }
    });
    visible.edges = visible.events + visible.relations;
    nodes.update(nodeChanges);
    edges.update(edgeChanges);
    byId("gb-counts").textContent = visible.nodes + " of " + nodeData.length + " entities, " + visible.events +
      " of " + events.size + " events" + (relationsShown ? ", " + visible.relations + " relations" : "");
    syncQuadBoxes();
    drawTimeline(f, matched);
    return counts();
  }
  function counts() { return { nodes: visible.nodes, edges: visible.edges, events: visible.events, relations: visible.relations }; }
  function syncQuadBoxes() {
    document.querySelectorAll('input[name="gb-quad"]').forEach(function (box) {
      var mine = Array.from(document.querySelectorAll('input[name="gb-type"]')).filter(function (t) { return t.dataset.quad === box.value; });
      var on = mine.filter(function (t) { return t.checked; }).length;
      box.checked = on === mine.length; box.indeterminate = on > 0 && on < mine.length;
    });
  }
  document.querySelectorAll('input[name="gb-quad"]').forEach(function (box) {
    box.addEventListener("change", function () {
      document.querySelectorAll('input[name="gb-type"]').forEach(function (t) { if (t.dataset.quad === box.value) { t.checked = box.checked; } });
      apply();
    });
  });
  ["gb-search", "gb-from", "gb-to", "gb-min-sources"].forEach(function (id) { byId(id).addEventListener("input", apply); });
  document.querySelectorAll("#gb-filters input").forEach(function (input) { input.addEventListener("change", apply); });
  byId("gb-reset").addEventListener("click", function () {
    document.querySelectorAll("#gb-filters input[type=checkbox]").forEach(function (box) { box.checked = true; });
    byId("gb-search").value = ""; byId("gb-min-sources").value = "1";
    byId("gb-from").value = explorerData.range[0]; byId("gb-to").value = explorerData.range[1];
    apply();
  });
  var typeTotals = new Map();
  events.forEach(function (ev) { typeTotals.set(ev.type, (typeTotals.get(ev.type) || 0) + 1); });
  document.querySelectorAll("#gb-filters .gb-n").forEach(function (span) { span.textContent = String(typeTotals.get(span.dataset.type) || 0); });
  var relations = byId("gb-relations");
  if (relations) {
    relations.addEventListener("click", function () {
      relationsShown = !relationsShown;
      relations.setAttribute("aria-pressed", relationsShown ? "true" : "false");
      relations.textContent = (relationsShown ? "hide " : "show ") + relationEdges.length;
      apply();
    });
  }

  // ---- Evidence panel ------------------------------------------------------
  var panel = byId("gb-panel"), panelBody = byId("gb-panel-body");
  var PANEL_EVENTS = 200;  // events listed for one entity
  function isLink(url) { return /^https?:\/\//i.test(url); }
  // The sentence as text nodes, its trigger words in <mark>s.
  function sentence(text, marks) {
    var quote = el("blockquote", "gb-sentence"), at = 0;
    marks.forEach(function (m) {
      if (m[0] < at || m[1] > text.length) { return; }
      quote.appendChild(document.createTextNode(text.slice(at, m[0])));
      quote.appendChild(el("mark", null, text.slice(m[0], m[1])));
      at = m[1];
    });
    quote.appendChild(document.createTextNode(text.slice(at)));
    return quote;
  }
  function report(r) {
    var li = el("li", "gb-report");
    var who = [r.source || "unnamed source", r.doc, r.published].filter(Boolean).join(" \u00b7 ");
    li.appendChild(el("div", "gb-source", who + (r.attribution ? " \u2014 according to " + r.attribution : "")));
    li.appendChild(sentence(r.sentence, r.marks));
    if (r.link && isLink(r.link)) {
      var a = el("a", "gb-url", r.link);
      a.href = r.link; a.target = "_blank"; a.rel = "noopener noreferrer";
      li.appendChild(a);
    } else if (r.url) {
      li.appendChild(el("div", "gb-source", "URL (not a web link): " + r.url));
    }
    return li;
  }
  function eventItem(ev) {
    var box = el("div", "gb-event");
    box.dataset.edge = ev.edge;
    box.appendChild(el("div", "gb-event-head", (labelOf.get(ev.from) || ev.from) + " \u2192 " + (ev.predicate || "?") +
      " \u2192 " + (labelOf.get(ev.to) || ev.to)));
    var facts = el("div", "gb-facts");
    var swatch = el("span", "gb-swatch");
    swatch.style.background = quadColour.get(ev.quad) || "#9d9d9d";
    facts.appendChild(swatch);
    facts.appendChild(document.createTextNode(" " + [ev.type + " (" + ev.quad + ")", ev.status, ev.date || "undated",
      ev.location ? "in " + ev.location : "", ev.mode ? "mode: " + ev.mode : "",
      ev.sources + " source" + (ev.sources === 1 ? "" : "s")].filter(Boolean).join(" \u00b7 ")));
    box.appendChild(facts);
    var list = el("ol");
    ev.reports.forEach(function (r) { list.appendChild(report(r)); });
    box.appendChild(list);
    if (ev.more) { box.appendChild(el("div", "gb-source", "\u2026 and " + ev.more + " more reports")); }
    return box;
  }
  function openPanel(title, facts, items, note) {
    panelBody.replaceChildren(el("h2", null, title));
    if (facts) { panelBody.appendChild(el("div", "gb-facts", facts)); }
    items.forEach(function (item) { panelBody.appendChild(item); });
    if (note) { panelBody.appendChild(el("div", "gb-source", note)); }
    var wasHidden = panel.hidden;
    panel.hidden = false;
    panel.scrollTop = 0;
    if (wasHidden) { resized(); }
  }
  // The graph and the timeline narrow or widen with the panel: tell vis-network
  // (it listens to the window's resize) and redraw the timeline.
  function resized() { window.dispatchEvent(new Event("resize")); }
  function byDate(a, b) {  // undated last
    var x = a.day || "~", y = b.day || "~";
    return x < y ? -1 : x > y ? 1 : (a.edge < b.edge ? -1 : a.edge > b.edge ? 1 : 0);
  }
  function showNode(id) {
    var en = entities.get(id);
    if (!en) { return false; }
    var all = eventsOf.get(id) || [];
    var shown = all.filter(function (ev) { return !edgeHidden.get(ev.edge); }).sort(byDate);
    var facts = [en.type, en.country, en.role, en.aliases.length ? "also: " + en.aliases.join("; ") : ""].filter(Boolean).join(" \u00b7 ");
    var hidden = all.length - shown.length, cut = Math.max(shown.length - PANEL_EVENTS, 0);
    var note = [hidden ? hidden + " more events hidden by the filters" : "", cut ? cut + " more events not listed" : ""].filter(Boolean).join("; ");
    openPanel(labelOf.get(id) || id, facts + " \u00b7 " + shown.length + " events shown",
      shown.slice(0, PANEL_EVENTS).map(eventItem), note);
    return true;
  }
  function showEdge(id) {
    var ev = events.get(id);
    if (ev) { openPanel("Event", null, [eventItem(ev)], ""); return true; }
    var rel = edges.get(id);
    if (!rel || !rel.title) { return false; }
    var text = el("blockquote", "gb-sentence", rel.title.textContent);
    openPanel("Relation (open triple)", null, [text], "");
    return true;
  }
  function closePanel() {
    if (panel.hidden) { return; }
    panel.hidden = true; panelBody.replaceChildren();
    resized();
  }
  byId("gb-panel-close").addEventListener("click", closePanel);
  network.on("click", function (params) {
    if (params.nodes.length) { showNode(params.nodes[0]); }
    else if (params.edges.length) { showEdge(params.edges[0]); }
    else { closePanel(); }
  });

  // ---- Timeline: events per day by quad class; drag to choose the dates. ---
  var timeline = byId("gb-timeline");
  var first = explorerData.range[0] ? Date.parse(explorerData.range[0] + "T00:00:00Z") : NaN;
  var dayCount = isFinite(first) ? Math.round((Date.parse(explorerData.range[1] + "T00:00:00Z") - first) / DAY_MS) + 1 : 0;
  var AXIS = 16, PAD = 8, MAX_STEP = 28;
  function dayIndex(day) { return Math.round((Date.parse(day + "T00:00:00Z") - first) / DAY_MS); }
  function dayOf(index) { return new Date(first + index * DAY_MS).toISOString().slice(0, 10); }
  function geometry() {
    var width = Math.max(timeline.clientWidth, 50), height = Math.max(timeline.clientHeight, 40);
    // At most MAX_STEP pixels a day, so that a few days do not make slabs.
    return { width: width, height: height, step: Math.min((width - 2 * PAD) / Math.max(dayCount, 1), MAX_STEP), base: height - AXIS };
  }
  function drawTimeline(f, matched) {
    var g = geometry();
    timeline.setAttribute("viewBox", "0 0 " + g.width + " " + g.height);
    timeline.replaceChildren();
    if (!dayCount) {
      var none = svgEl("text", { x: PAD, y: g.height / 2, "font-size": 12, fill: "#777" });
      none.textContent = "No dated events";
      timeline.appendChild(none);
      return;
    }
    var perDay = new Map();
    events.forEach(function (ev) {
      if (!ev.day || !passesBut(ev, f, matched)) { return; }
      var i = dayIndex(ev.day), row = perDay.get(i) || new Map();
      row.set(ev.quad, (row.get(ev.quad) || 0) + 1);
      perDay.set(i, row);
    });
    var peak = 1;
    perDay.forEach(function (row) { var n = 0; row.forEach(function (c) { n += c; }); peak = Math.max(peak, n); });
    var lo = f.from ? dayIndex(f.from) : 0, hi = f.to ? dayIndex(f.to) : dayCount - 1;
    timeline.appendChild(svgEl("rect", { class: "gb-range", x: PAD + lo * g.step, y: 0, width: Math.max((hi - lo + 1) * g.step, 1),
      height: g.base, fill: "#dbe8f7" }));
    perDay.forEach(function (row, i) {
      var y = g.base;
      quadOrder.forEach(function (quad) {
        var n = row.get(quad);
        if (!n) { return; }
        var h = n / peak * (g.base - 6);
        y -= h;
        timeline.appendChild(svgEl("rect", { class: "gb-bar", "data-day": dayOf(i), "data-quad": quad, "data-count": n,
          x: PAD + i * g.step, y: y, width: Math.max(g.step - 0.5, 0.8), height: h, fill: quadColour.get(quad) }));
      });
    });
    timeline.appendChild(svgEl("line", { x1: PAD, y1: g.base, x2: PAD + dayCount * g.step, y2: g.base, stroke: "#999" }));
    [[0, "start"], [dayCount - 1, "end"]].forEach(function (tick) {
      if (tick[1] === "end" && dayCount === 1) { return; }
      var label = svgEl("text", { x: tick[1] === "start" ? PAD : PAD + dayCount * g.step, y: g.height - 3, "font-size": 11,
        fill: "#555", "text-anchor": tick[1] });
      label.textContent = dayOf(tick[0]);
      timeline.appendChild(label);
    });
    var peakLabel = svgEl("text", { x: PAD + 2, y: 11, "font-size": 10, fill: "#777" });
    peakLabel.textContent = "at most " + peak + (peak === 1 ? " event" : " events") + " a day";
    timeline.appendChild(peakLabel);
  }
  function dayAt(clientX) {
    var g = geometry(), x = clientX - timeline.getBoundingClientRect().left;
    return Math.min(Math.max(Math.floor((x - PAD) / g.step), 0), Math.max(dayCount - 1, 0));
  }
  var brushStart = null;
  function brushTo(clientX) {  // the days from where the drag began to here
    var a = dayOf(Math.min(brushStart, dayAt(clientX))), b = dayOf(Math.max(brushStart, dayAt(clientX)));
    if (byId("gb-from").value === a && byId("gb-to").value === b) { return; }
    byId("gb-from").value = a; byId("gb-to").value = b;
    apply();
  }
  timeline.addEventListener("pointerdown", function (e) {
    if (!dayCount) { return; }
    brushStart = dayAt(e.clientX);
    timeline.setPointerCapture(e.pointerId);
    brushTo(e.clientX);
  });
  timeline.addEventListener("pointermove", function (e) { if (brushStart !== null) { brushTo(e.clientX); } });
  timeline.addEventListener("pointerup", function (e) { if (brushStart !== null) { brushTo(e.clientX); brushStart = null; } });
  timeline.addEventListener("dblclick", function () { byId("gb-from").value = explorerData.range[0]; byId("gb-to").value = explorerData.range[1]; apply(); });
  window.addEventListener("resize", function () { drawTimeline(filters(), matches(filters())); });

  function fitVisible() {
    var shown = nodeData.filter(function (n) { return !nodeHidden.get(n.id); }).map(function (n) { return n.id; });
    network.fit(shown.length ? { nodes: shown, animation: false } : { animation: false });
  }
  // An entity the focus menu picks is shown even if the filters hid it.
  function reveal(id) {
    if (!nodeHidden.get(id)) { return; }
    byId("gb-isolated").checked = false; byId("gb-search").value = "";
    apply();
  }
  var explorer = { apply: apply, counts: counts, showNode: showNode, showEdge: showEdge, close: closePanel, fit: fitVisible, reveal: reveal };
  apply();
  fitVisible();
