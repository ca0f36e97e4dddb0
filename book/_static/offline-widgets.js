/* Lets the vendored ipywidgets HTML manager (vendor/html-manager/embed.js, which
 * finds its fonts beside its own script) typeset widget labels with the site's
 * MathJax. Loaded before the manager. */
(function () {
  "use strict";
  // The manager typesets widget labels with the MathJax 2 call
  // MathJax.Hub.Queue(["Typeset", MathJax.Hub, element]); the site runs MathJax 3.
  // Translate that one call. Before MathJax has started there is nothing to do:
  // its start-up typesets the whole page.
  var hub = {
    Queue: function (job) {
      var element = job && job[2];
      if (window.MathJax && window.MathJax.typesetPromise) {
        window.MathJax.typesetPromise(element ? [element] : undefined).catch(function (err) {
          console.warn("MathJax could not typeset a widget label:", err);
        });
      }
    },
  };
  window.MathJax = window.MathJax || {};
  window.MathJax.Hub = hub;
  var startup = (window.MathJax.startup = window.MathJax.startup || {});
  startup.ready = function () {
    window.MathJax.startup.defaultReady();
    window.MathJax.Hub = hub; // MathJax 3 has replaced the object by now
  };
})();
