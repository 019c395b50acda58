/* Draws every <canvas data-chart="KIND" data-source="ID"> from the JSON in <script id="ID">.
   The numbers are also in a table beside each chart, for screen readers and for reading. */
(function () {
  "use strict";
  var palette = ["#0b4f8a", "#e07b00", "#3a8f5c", "#8a3ab9", "#b23a48", "#5b6576"];

  function percent(value) { return Math.round(value * 100) + " %"; }

  var builders = {
    pareto: function (data) {
      return {
        data: {
          labels: data.labels,
          datasets: [
            { type: "line", label: data.cumulative_label, data: data.cumulative, yAxisID: "share",
              borderColor: palette[1], backgroundColor: palette[1], pointRadius: 0, borderWidth: 2 },
            { type: "line", label: "80 %", data: data.labels.map(function () { return 0.8; }), yAxisID: "share",
              borderColor: "#888", borderDash: [6, 4], pointRadius: 0, borderWidth: 1 },
            { type: "line", label: "95 %", data: data.labels.map(function () { return 0.95; }), yAxisID: "share",
              borderColor: "#bbb", borderDash: [2, 4], pointRadius: 0, borderWidth: 1 },
            { type: "bar", label: data.revenue_label, data: data.revenue, yAxisID: "revenue",
              backgroundColor: data.colors }
          ]
        },
        options: {
          animation: false, responsive: true, maintainAspectRatio: false,
          interaction: { mode: "index", intersect: false },
          scales: {
            x: { ticks: { display: data.labels.length <= 40 } },
            revenue: { position: "left", beginAtZero: true },
            share: { position: "right", min: 0, max: 1, ticks: { callback: percent }, grid: { drawOnChartArea: false } }
          }
        }
      };
    },
    revenue: function (data) {
      var datasets = data.services.map(function (service, i) {
        return { type: "bar", label: service.label, data: service.revenue, stack: "revenue",
                 backgroundColor: palette[i % palette.length] };
      });
      datasets.unshift({ type: "line", label: data.year_earlier_label, data: data.year_earlier,
                         borderColor: "#333", borderDash: [5, 4], pointRadius: 2, borderWidth: 2 });
      return {
        data: { labels: data.labels, datasets: datasets },
        options: { animation: false, responsive: true, maintainAspectRatio: false,
                   interaction: { mode: "index", intersect: false },
                   scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } }
      };
    }
  };

  function draw(root) {
    if (typeof Chart === "undefined") { return; }
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (canvas.dataset.drawn) { return; }
      var source = document.getElementById(canvas.dataset.source);
      var build = builders[canvas.dataset.chart];
      if (!source || !build) { return; }
      var config = build(JSON.parse(source.textContent));
      config.type = "bar";
      new Chart(canvas, config);
      canvas.dataset.drawn = "1";
    });
  }

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function (event) { draw(event.target); });
})();
