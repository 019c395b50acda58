/* The running total of the importance split. The server checks the sum; this only helps. */
(function () {
  "use strict";
  function update(box) {
    var total = 0, valid = true;
    box.querySelectorAll("input[data-importance-input]").forEach(function (input) {
      if (input.value === "") { return; }
      var n = Number(input.value);
      if (!Number.isInteger(n) || n < 0) { valid = false; } else { total += n; }
    });
    var out = box.querySelector("[data-importance-total]");
    if (!out) { return; }
    out.querySelector("[data-importance-sum]").textContent = valid ? String(total) : "–";
    out.classList.toggle("ok", valid && total === 100);
    out.classList.toggle("off", !valid || total !== 100);
  }
  function init(root) {
    root.querySelectorAll("[data-importance]").forEach(function (box) {
      box.addEventListener("input", function () { update(box); });
      var out = box.querySelector("[data-importance-total]");
      if (out) { out.hidden = false; }
      update(box);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
})();
