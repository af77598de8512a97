// Marsad's relation views, drawn in the browser as SVG from this server's own JSON: a dyad's timeline
// (/api/dyads/A/B), the actor network (/api/network) and a map of event places on the vendored Natural Earth
// outline (static/countries-110m.json, TopoJSON from the npm package world-atlas, ISC). Plain JavaScript, no
// library, nothing fetched from elsewhere, no inline script: the pages work offline and under a strict CSP.
// Every label is set with textContent / setAttribute, never parsed as markup.
"use strict";
(function () {
  var SVG = "http://www.w3.org/2000/svg";

  function el(name, attrs, parent, text) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function tip(node, text) { el("title", {}, node, text); return node; }
  function fmt(x, digits) { return (x > 0 ? "+" : "") + x.toFixed(digits); }
  function note(fig, text) {
    var p = document.createElement("p");
    p.className = "chart-note";
    p.textContent = text;
    fig.appendChild(p);
  }
  function getJSON(url) {
    return fetch(url, {headers: {Accept: "application/json"}, credentials: "same-origin"}).then(function (r) {
      if (!r.ok) { throw new Error(url + ": HTTP " + r.status); }
      return r.json();
    });
  }
  // index −10 … +10 → red … grey … blue
  function indexColour(x) {
    if (x === null || x === undefined) { return "#999"; }
    var t = Math.max(-1, Math.min(1, x / 6));
    var grey = [150, 150, 150], end = t < 0 ? [200, 30, 30] : [20, 90, 200], a = Math.abs(t);
    var c = grey.map(function (g, i) { return Math.round(g + (end[i] - g) * a); });
    return "rgb(" + c.join(",") + ")";
  }

  // ---- the dyad timeline: bars = events per period, line = the cooperation–conflict index ----
  function drawDyad(fig, data) {
    // the window the server chose (relations.series.chart_window): the data's span, not a stray date's
    var start = +(fig.getAttribute("data-start") || 0), end = fig.getAttribute("data-end");
    var periods = data.periods.slice(start, end === null ? undefined : +end + 1);
    if (!periods.length) { note(fig, "No events between these two parties."); return; }
    var W = 1100, H = 340, L = 52, R = 52, T = 20, B = 58, w = W - L - R, h = H - T - B;
    var svg = el("svg", {viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "dyad timeline"});
    var maxN = Math.max.apply(null, periods.map(function (p) { return p.events; }).concat([1]));
    var step = w / periods.length;
    function x(i) { return L + step * (i + 0.5); }
    function yIdx(v) { return T + h * (10 - v) / 20; }
    function yN(n) { return T + h - h * n / maxN; }
    [-10, -5, 0, 5, 10].forEach(function (v) {
      el("line", {x1: L, x2: L + w, y1: yIdx(v), y2: yIdx(v), "class": v === 0 ? "zero" : "grid"}, svg);
      el("text", {x: L - 6, y: yIdx(v) + 4, "text-anchor": "end"}, svg, (v > 0 ? "+" : "") + v);
    });
    el("text", {x: 14, y: T + h / 2, transform: "rotate(-90 14 " + (T + h / 2) + ")", "text-anchor": "middle"},
       svg, "index (conflict − … + cooperation)");
    el("text", {x: W - 14, y: T + h / 2, transform: "rotate(90 " + (W - 14) + " " + (T + h / 2) + ")",
                "text-anchor": "middle"}, svg, "events");
    el("text", {x: L + w + 6, y: T + 4}, svg, String(maxN));
    el("text", {x: L + w + 6, y: T + h + 4}, svg, "0");
    var every = Math.max(1, Math.ceil(periods.length / 14));
    periods.forEach(function (p, i) {
      var bw = Math.max(1, step * 0.7);
      if (p.events) {
        tip(el("rect", {x: x(i) - bw / 2, y: yN(p.events), width: bw, height: T + h - yN(p.events), "class": "bar"},
               svg), p.period + ": " + p.events + " event(s)");
      }
      if (i % every === 0) {
        el("text", {x: x(i), y: T + h + 18, "text-anchor": "middle"}, svg, p.period);
      }
    });
    el("line", {x1: L, x2: L + w, y1: T + h, y2: T + h, "class": "axis"}, svg);
    el("line", {x1: L, x2: L, y1: T, y2: T + h, "class": "axis"}, svg);
    // the index line, broken over empty periods
    var d = "", pen = false;
    periods.forEach(function (p, i) {
      if (p.index === null) { pen = false; return; }
      d += (pen ? " L" : " M") + x(i).toFixed(1) + " " + yIdx(p.index).toFixed(1);
      pen = true;
    });
    if (d) { el("path", {d: d.trim(), "class": "line"}, svg); }
    periods.forEach(function (p, i) {
      if (p.index === null) { return; }
      var a = el("a", {href: "/events/" + p.clusters[0]}, svg);
      tip(el("circle", {cx: x(i), cy: yIdx(p.index), r: 4.5, "class": "pt"}, a),
          p.period + ": index " + fmt(p.index, 2) + ", " + p.events + " event(s) (q1–q4 " +
          [p.q1, p.q2, p.q3, p.q4].join("/") + ")");
    });
    el("text", {x: L, y: H - 12}, svg, data.a.name + " – " + data.b.name + ", by " + data.by);
    fig.insertBefore(svg, fig.firstChild);
  }

  // ---- the network: a small deterministic force layout of the busiest nodes ----
  function layout(nodes, edges, W, H) {
    var n = nodes.length, pos = nodes.map(function (_, i) {
      var a = 2 * Math.PI * i / Math.max(1, n), r = 0.35 * Math.min(W, H) * (0.6 + 0.4 * ((i * 7) % 5) / 5);
      return {x: W / 2 + r * Math.cos(a), y: H / 2 + r * Math.sin(a)};
    });
    var k = Math.sqrt(W * H / Math.max(1, n)) * 0.55, temp = W / 8;
    for (var it = 0; it < 300; it++) {
      var disp = pos.map(function () { return {x: 0, y: 0}; });
      for (var i = 0; i < n; i++) {
        for (var j = i + 1; j < n; j++) {
          var dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y, dist = Math.max(1, Math.sqrt(dx * dx + dy * dy));
          var f = k * k / dist;
          disp[i].x += dx / dist * f; disp[i].y += dy / dist * f;
          disp[j].x -= dx / dist * f; disp[j].y -= dy / dist * f;
        }
      }
      edges.forEach(function (e) {
        var a = pos[e.s], b = pos[e.t], dx = a.x - b.x, dy = a.y - b.y;
        var dist = Math.max(1, Math.sqrt(dx * dx + dy * dy)), f = dist * dist / k * (0.6 + 0.4 * Math.log(1 + e.events));
        disp[e.s].x -= dx / dist * f; disp[e.s].y -= dy / dist * f;
        disp[e.t].x += dx / dist * f; disp[e.t].y += dy / dist * f;
      });
      for (i = 0; i < n; i++) {  // a weak pull to the centre keeps loose components on the canvas
        disp[i].x += (W / 2 - pos[i].x) * 0.06 * k / 10; disp[i].y += (H / 2 - pos[i].y) * 0.06 * k / 10;
        var len = Math.max(1e-9, Math.sqrt(disp[i].x * disp[i].x + disp[i].y * disp[i].y));
        pos[i].x += disp[i].x / len * Math.min(len, temp);
        pos[i].y += disp[i].y / len * Math.min(len, temp);
        pos[i].x = Math.max(40, Math.min(W - 40, pos[i].x));
        pos[i].y = Math.max(25, Math.min(H - 25, pos[i].y));
      }
      temp = Math.max(1, temp * 0.985);
    }
    return pos;
  }

  // labels that do not overlap: each tries above, below, right and left of its node, busiest node first, and is
  // left out (its name stays in the node's tooltip) when all four would cover a node or a label already placed
  function placeLabels(svg, items) {
    // the nodes are obstacles too: a name never covers another node's circle
    var placed = items.map(function (it) { return {x: it.x - it.r, y: it.y - it.r, w: 2 * it.r, h: 2 * it.r}; });
    function hits(b) {
      return placed.some(function (p) {
        return b.x < p.x + p.w && p.x < b.x + b.w && b.y < p.y + p.h && p.y < b.y + b.h;
      });
    }
    items.forEach(function (it) {
      var t = el("text", {x: it.x, y: it.y, "text-anchor": "middle", "paint-order": "stroke", stroke: "#fff",
                          "stroke-width": 3, "class": "label"}, svg, it.text);
      var bb = t.getBBox(), w = bb.width + 4, h = bb.height + 2, r = it.r;
      var spots = [[it.x, it.y - r - 4, "middle"], [it.x, it.y + r + h - 2, "middle"],
                   [it.x + r + 4, it.y + h / 3, "start"], [it.x - r - 4, it.y + h / 3, "end"]];
      for (var k = 0; k < spots.length; k++) {
        var sx = spots[k][0], sy = spots[k][1], anchor = spots[k][2];
        var left = anchor === "middle" ? sx - w / 2 : anchor === "start" ? sx : sx - w;
        var box = {x: left, y: sy - h + 3, w: w, h: h};
        if (!hits(box)) {
          t.setAttribute("x", sx); t.setAttribute("y", sy); t.setAttribute("text-anchor", anchor);
          placed.push(box);
          return;
        }
      }
      svg.removeChild(t);
    });
  }

  var NODE_COLOURS = {state: "#2f6f9f", other: "#c07a12"};

  function drawNetwork(fig, data) {
    var top = +(fig.getAttribute("data-top") || 25);
    var nodes = data.nodes.slice(0, top);
    if (!nodes.length) { note(fig, "No edges: no two parties share an event with these filters."); return; }
    var at = {};
    nodes.forEach(function (nd, i) { at[nd.id] = i; });
    var edges = data.edges.filter(function (e) { return e.source in at && e.target in at; })
      .map(function (e) { return {s: at[e.source], t: at[e.target], events: e.events, e: e}; });
    var W = 1100, H = 640;
    var pos = layout(nodes, edges, W, H);
    var svg = el("svg", {viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "actor network"});
    fig.appendChild(svg);  // in the document first: labels are measured (getBBox) to keep them apart
    var maxE = Math.max.apply(null, edges.map(function (e) { return e.events; }).concat([1]));
    var maxN = Math.max.apply(null, nodes.map(function (n) { return n.events; }).concat([1]));
    edges.slice().reverse().forEach(function (e) {
      var a = el("a", {href: "/dyads/" + encodeURIComponent(e.e.source) + "/" + encodeURIComponent(e.e.target)}, svg);
      tip(el("line", {x1: pos[e.s].x, y1: pos[e.s].y, x2: pos[e.t].x, y2: pos[e.t].y,
                      stroke: indexColour(e.e.index), "stroke-opacity": 0.75,
                      "stroke-width": 1 + 7 * Math.sqrt(e.events / maxE)}, a),
          nodes[e.s].name + " – " + nodes[e.t].name + ": " + e.events + " event(s), index " +
          (e.e.index === null ? "—" : fmt(e.e.index, 2)));
    });
    var labels = [];
    nodes.forEach(function (nd, i) {
      var r = 4 + 14 * Math.sqrt(nd.events / maxN);
      tip(el("circle", {cx: pos[i].x, cy: pos[i].y, r: r, fill: nd.type === "state" ? NODE_COLOURS.state : NODE_COLOURS.other,
                        stroke: "#fff", "stroke-width": 1.5, "class": "node"}, svg), nd.name + ": " + nd.events + " event(s)");
      labels.push({x: pos[i].x, y: pos[i].y, r: r, text: nd.name});
    });
    placeLabels(svg, labels);  // nodes come busiest first, so the busiest keep their labels
    fig.scrollLeft = (fig.scrollWidth - fig.clientWidth) / 2;  // on a narrow screen, open on the middle
    if (data.nodes.length > nodes.length) {
      note(fig, "Showing the " + nodes.length + " busiest of " + data.nodes.length + " nodes; raise Min events or lower Nodes to thin it.");
    }
  }

  // ---- the map: TopoJSON → SVG paths, equirectangular projection ----
  function decodeArcs(topo) {
    var tr = topo.transform;
    return topo.arcs.map(function (arc) {
      var x = 0, y = 0;
      return arc.map(function (p) {
        if (tr) { x += p[0]; y += p[1]; return [x * tr.scale[0] + tr.translate[0], y * tr.scale[1] + tr.translate[1]]; }
        return [p[0], p[1]];
      });
    });
  }
  function ringPoints(arcs, ring) {
    var pts = [];
    ring.forEach(function (i, k) {
      var a = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
      pts = pts.concat(k ? a.slice(1) : a);
    });
    // unwrap longitudes so a ring crossing the antimeridian stays in one piece (drawn again shifted by 360°)
    for (var j = 1; j < pts.length; j++) {
      var d = pts[j][0] - pts[j - 1][0];
      if (d > 180) { pts[j] = [pts[j][0] - 360, pts[j][1]]; } else if (d < -180) { pts[j] = [pts[j][0] + 360, pts[j][1]]; }
    }
    return pts;
  }
  function ringPath(pts, shift) {
    return "M" + pts.map(function (p) { return (p[0] + shift).toFixed(2) + " " + (-p[1]).toFixed(2); }).join("L") + "Z";
  }
  function worldPath(topo) {
    var arcs = decodeArcs(topo), d = [];
    topo.objects.countries.geometries.forEach(function (g) {
      if (g.id === "010") { return; }  // Antarctica: no events, and its ring circles the pole
      var polys = g.type === "Polygon" ? [g.arcs] : g.type === "MultiPolygon" ? g.arcs : [];
      polys.forEach(function (poly) {
        poly.forEach(function (ring) {
          var pts = ringPoints(arcs, ring);
          var lons = pts.map(function (p) { return p[0]; });
          d.push(ringPath(pts, 0));
          if (Math.min.apply(null, lons) < -180) { d.push(ringPath(pts, 360)); }
          if (Math.max.apply(null, lons) > 180) { d.push(ringPath(pts, -360)); }
        });
      });
    });
    return d.join("");
  }

  function drawMap(fig, topo) {
    var places = Array.prototype.map.call(document.querySelectorAll("#map-places tr[data-lat]"), function (tr) {
      return {lat: +tr.getAttribute("data-lat"), lon: +tr.getAttribute("data-lon"), n: +tr.getAttribute("data-n"),
              name: tr.getAttribute("data-name"), href: tr.getAttribute("data-href")};
    });
    // user units: x = longitude, y = −latitude (equirectangular), the view box chosen below
    var svg = el("svg", {role: "img", "aria-label": "map of event places", preserveAspectRatio: "xMidYMid meet"});
    el("rect", {x: -180, y: -85, width: 360, height: 145, "class": "sea"}, svg);
    el("path", {d: worldPath(topo), "class": "land", "fill-rule": "evenodd"}, svg);
    var dots = el("g", {}, svg);
    var maxN = Math.max.apply(null, places.map(function (p) { return p.n; }).concat([1]));
    function view(x0, y0, w, h) {
      svg.setAttribute("viewBox", [x0, y0, w, h].map(function (v) { return v.toFixed(2); }).join(" "));
      while (dots.firstChild) { dots.removeChild(dots.firstChild); }
      var unit = w / 1100;  // one screen pixel of a 1100-px-wide map, in degrees
      places.slice().sort(function (a, b) { return b.n - a.n; }).forEach(function (p) {
        var a = el("a", {href: p.href}, dots);
        tip(el("circle", {cx: p.lon, cy: -p.lat, r: unit * (3 + 13 * Math.sqrt(p.n / maxN)), "class": "dot"}, a),
            (p.name || "?") + ": " + p.n + " event(s)");
      });
    }
    function world() { view(-180, -85, 360, 145); }
    function fit() {
      if (!places.length) { world(); return; }
      var xs = places.map(function (p) { return p.lon; }), ys = places.map(function (p) { return -p.lat; });
      var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
      var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
      var w = Math.max(40, (x1 - x0) * 1.3), h = Math.max(w * 145 / 360, (y1 - y0) * 1.3);
      w = Math.min(360, Math.max(w, h * 360 / 145)); h = w * 145 / 360;
      var cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
      view(Math.max(-180, Math.min(180 - w, cx - w / 2)), Math.max(-85, Math.min(60 - h, cy - h / 2)), w, h);
    }
    fig.appendChild(svg);
    fit();
    var bf = document.getElementById("map-fit"), bw = document.getElementById("map-world");
    if (bf) { bf.addEventListener("click", fit); }
    if (bw) { bw.addEventListener("click", world); }
    if (!places.length) { note(fig, "No event with coordinates for these filters."); }
  }

  function fail(fig, err) { note(fig, "Could not draw the chart: " + err.message); }

  document.addEventListener("DOMContentLoaded", function () {
    var dyad = document.getElementById("dyad-chart");
    if (dyad) { getJSON(dyad.getAttribute("data-src")).then(function (d) { drawDyad(dyad, d); }, function (e) { fail(dyad, e); }); }
    var net = document.getElementById("network-chart");
    if (net) { getJSON(net.getAttribute("data-src")).then(function (d) { drawNetwork(net, d); }, function (e) { fail(net, e); }); }
    var map = document.getElementById("map");
    if (map) { getJSON(map.getAttribute("data-world")).then(function (t) { drawMap(map, t); }, function (e) { fail(map, e); }); }
  });
}());
