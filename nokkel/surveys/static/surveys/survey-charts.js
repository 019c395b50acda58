/* Draws every <canvas data-survey-chart="KIND" data-source="ID"> from the JSON in <script id="ID">,
   like core's charts.js. The numbers are also in a table beside each chart. */
(function () {
  "use strict";
  var palette = ["#0b4f8a", "#e07b00", "#8a3ab9", "#b23a48", "#3a8f5c", "#5b6576"];

  function bars(series, offset) {
    return series.map(function (s, i) {
      return { type: "bar", label: s.label, data: s.values,
               backgroundColor: palette[(i + offset) % palette.length] };
    });
  }

  var builders = {
    levels: function (data) {
      return {
        type: "bar",
        data: { labels: data.labels, datasets: bars(data.levels, 0) },
        options: { animation: false, responsive: true, maintainAspectRatio: false,
                   scales: { y: { min: 1, max: 7, ticks: { stepSize: 1 } } } }
      };
    },
    gaps: function (data) {
      return {
        type: "bar",
        data: { labels: data.labels, datasets: bars(data.gaps, 3) },
        options: { animation: false, responsive: true, maintainAspectRatio: false,
                   indexAxis: "y", scales: { x: { suggestedMin: -3, suggestedMax: 3 } } }
      };
    },
    trend: function (data) {
      return {
        type: "line",
        data: { labels: data.labels, datasets: [
          { label: data.nps_label, data: data.nps, yAxisID: "nps", borderColor: palette[0],
            backgroundColor: palette[0], pointRadius: 3 },
          { label: data.weighted_gap_label, data: data.weighted_gap, yAxisID: "gap",
            borderColor: palette[1], backgroundColor: palette[1], pointRadius: 3 }
        ] },
        options: { animation: false, responsive: true, maintainAspectRatio: false,
                   scales: { nps: { position: "left", min: -100, max: 100 },
                             gap: { position: "right", suggestedMin: -3, suggestedMax: 1,
                                    grid: { drawOnChartArea: false } } } }
      };
    },
    nps: function (data) {
      var colors = data.labels.map(function (label) {
        var n = Number(label);
        return n >= 9 ? "#3a8f5c" : (n >= 7 ? "#9aa3b2" : "#b23a48");
      });
      return {
        type: "bar",
        data: { labels: data.labels, datasets: [
          { label: data.label, data: data.counts, backgroundColor: colors }
        ] },
        options: { animation: false, responsive: true, maintainAspectRatio: false,
                   plugins: { legend: { display: false } },
                   scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
      };
    }
  };

  function draw(root) {
    if (typeof Chart === "undefined") { return; }
    root.querySelectorAll("canvas[data-survey-chart]").forEach(function (canvas) {
      if (canvas.dataset.drawn) { return; }
      var source = document.getElementById(canvas.dataset.source);
      var build = builders[canvas.dataset.surveyChart];
      if (!source || !build) { return; }
      new Chart(canvas, build(JSON.parse(source.textContent)));
      canvas.dataset.drawn = "1";
    });
  }

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function (event) { draw(event.target); });
})();
