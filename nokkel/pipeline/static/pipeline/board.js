/* The pipeline board: drag a card to another phase column to move it.
 *
 * The move is posted to the card's move URL with the board's filters; the server answers
 * with the whole board re-rendered from what is stored, so column sums stay right and a
 * refused move puts the card back. Lost needs a reason, so dropping on "lost" opens the
 * card's move form instead. Without JavaScript each card's page has the same move.
 */
(function () {
  "use strict";

  function filters() {
    var form = document.getElementById("board-filters");
    var values = {};
    if (form) {
      new FormData(form).forEach(function (value, key) { values[key] = value; });
    }
    return values;
  }

  function csrfToken() {
    var input = document.querySelector("[data-csrf-token]");
    return input ? input.getAttribute("data-csrf-token") : "";
  }

  function move(event) {
    if (event.from === event.to) {
      return;
    }
    var card = event.item;
    var phase = event.to.getAttribute("data-phase-list");
    var url = card.getAttribute("data-move-url");
    if (phase === "lost") {
      window.location.href = url + "?phase=lost";
      return;
    }
    var values = filters();
    values.phase = phase;
    values.board = "1";
    document.getElementById("board").setAttribute("aria-busy", "true");
    htmx.ajax("POST", url, {
      target: "#board",
      swap: "outerHTML",
      values: values,
      headers: { "X-CSRFToken": csrfToken() }
    }).catch(function () { window.location.reload(); });
  }

  function init(root) {
    var lists = root.querySelectorAll ? root.querySelectorAll("[data-phase-list]") : [];
    lists.forEach(function (list) {
      if (list.getAttribute("data-sortable") === "on") {
        return;
      }
      list.setAttribute("data-sortable", "on");
      Sortable.create(list, {
        group: "pipeline",
        sort: false,
        animation: 120,
        draggable: ".opportunity-card",
        ghostClass: "dragging",
        onEnd: move
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    htmx.onLoad(init);
    document.body.addEventListener("htmx:responseError", function () { window.location.reload(); });
  });
})();
