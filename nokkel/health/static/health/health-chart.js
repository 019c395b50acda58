/* Draws every <canvas data-health-chart="history" data-source="ID"> from the JSON in
   <script id="ID">, like core's charts.js. The numbers are also in a table beside it. */
(function () {
  "use strict";

  function line(value, count, color) {
    var data = [];
    for (var i = 0; i < count; i++) { data.push(value); }
    return { type: "line", data: data, borderColor: color, borderDash: [6, 4],
             pointRadius: 0, borderWidth: 1, label: String(value) };
  }

  var builders = {
    history: function (data) {
      var count = data.labels.length;
      return {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: [
            { type: "bar", label: data.score_label, data: data.scores,
              backgroundColor: data.colors },
            line(data.green_min, count, "#3a8f5c"),
            line(data.yellow_min, count, "#b23a48")
          ]
        },
        options: { animation: false, responsive: true, maintainAspectRatio: false,
                   plugins: { legend: { display: false } },
                   scales: { y: { min: 0, max: 100 } } }
      };
    }
  };

  function draw(root) {
    if (typeof Chart === "undefined") { return; }
    root.querySelectorAll("canvas[data-health-chart]").forEach(function (canvas) {
      if (canvas.dataset.drawn) { return; }
      var source = document.getElementById(canvas.dataset.source);
      var build = builders[canvas.dataset.healthChart];
      if (!source || !build) { return; }
      new Chart(canvas, build(JSON.parse(source.textContent)));
      canvas.dataset.drawn = "1";
    });
  }

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function (event) { draw(event.target); });
})();
