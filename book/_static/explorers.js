/* The website's explorers (lossutils.explorers.web_frames): each range input picks one of
 * the pictures drawn in advance by the book's Python code; this script only shows the
 * picture whose positions match the inputs'. Pictures not yet shown wait in data-src,
 * so a page loads one picture per explorer. */
(function () {
  "use strict";

  function wire(explorer) {
    var inputs = Array.prototype.slice.call(
      explorer.querySelectorAll(".lossutils-web-controls input[type=range]"));
    var frames = Array.prototype.slice.call(explorer.querySelectorAll(".lossutils-frame"));

    function show() {
      var key = inputs.map(function (input) { return input.value; }).join(",");
      inputs.forEach(function (input) {
        var label = JSON.parse(input.dataset.labels)[Number(input.value)];
        input.setAttribute("aria-valuetext", label);
        input.closest(".lossutils-web-control").querySelector("output").textContent = label;
      });
      frames.forEach(function (frame) {
        var shown = frame.dataset.stops === key;
        if (shown) {
          var waiting = frame.querySelector("img[data-src]");
          if (waiting) {
            waiting.src = waiting.dataset.src;
            waiting.removeAttribute("data-src");
          }
        }
        frame.hidden = !shown;
      });
    }

    inputs.forEach(function (input) { input.addEventListener("input", show); });
    explorer.querySelector(".lossutils-web-controls").hidden = false;
    explorer.querySelector(".lossutils-web-note").hidden = false;
    explorer.querySelector(".lossutils-notebook-note").hidden = true;
    show();  // in case a control was moved before this script ran
  }

  function start() {
    document.querySelectorAll(".lossutils-web-explorer").forEach(wire);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
