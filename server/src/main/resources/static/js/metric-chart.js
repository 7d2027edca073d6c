// Device page chart: one metric over the last hour, day or week from the rollups (uPlot).
// Kept in a file because the CSP forbids inline scripts. Markup: #metric-chart[data-series-url],
// select#chart-metric (values "metric|instance"), buttons [data-range] inside #chart-ranges.
(function () {
  function init() {
    var box = document.getElementById("metric-chart");
    var select = document.getElementById("chart-metric");
    if (!box || !select || typeof uPlot === "undefined") { return; }
    var range = "HOUR";
    var plot = null;
    var note = document.getElementById("chart-note");

    function draw() {
      var parts = select.value.split("|");
      var url = box.getAttribute("data-series-url") + "?metric=" + encodeURIComponent(parts[0])
          + "&instance=" + encodeURIComponent(parts.slice(1).join("|")) + "&range=" + range;
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
        .then(function (series) {
          var xs = [], avg = [], min = [], max = [];
          series.points.forEach(function (p) {
            xs.push(Date.parse(p.at) / 1000); avg.push(p.avg); min.push(p.min); max.push(p.max);
          });
          if (plot) { plot.destroy(); plot = null; }
          note.textContent = xs.length === 0 ? "No samples in this range yet." : "";
          if (xs.length === 0) { return; }
          var unit = series.unit ? " (" + series.unit + ")" : "";
          plot = new uPlot({
            width: Math.max(320, box.clientWidth || 800), height: 260,
            series: [{}, { label: "avg" + unit, stroke: "#2563eb", width: 2 },
                     { label: "min", stroke: "#94a3b8", dash: [4, 4] }, { label: "max", stroke: "#dc2626", dash: [4, 4] }],
            axes: [{}, { size: 60 }]
          }, [xs, avg, min, max], box);
        })
        .catch(function (e) { note.textContent = "The chart could not be loaded (" + e.message + ")."; });
    }

    select.addEventListener("change", draw);
    document.querySelectorAll("#chart-ranges [data-range]").forEach(function (b) {
      b.addEventListener("click", function () {
        range = b.getAttribute("data-range");
        document.querySelectorAll("#chart-ranges [data-range]").forEach(function (o) { o.classList.toggle("active", o === b); });
        draw();
      });
    });
    draw();
  }
  document.addEventListener("DOMContentLoaded", init);
})();
