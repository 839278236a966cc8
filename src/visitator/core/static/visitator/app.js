/* Visitator: start DKFDS's components. Loaded with `defer` after dkfds.min.js and htmx.min.js. */
(function () {
  "use strict";
  var DKFDS = window.DKFDS;
  if (!DKFDS) {
    return;
  }
  DKFDS.init();

  /* Content swapped in by htmx: start the components inside it. Not DKFDS.init(), which would also
     set up the header navigation a second time. */
  function initScope(scope) {
    function each(selector, Component) {
      if (!Component) {
        return;
      }
      var nodes = scope.querySelectorAll(selector);
      for (var i = 0; i < nodes.length; i++) {
        new Component(nodes[i]).init();
      }
    }
    each(".accordion, .accordion-bordered:not(.accordion)", DKFDS.Accordion);
    each(".alert.has-close", DKFDS.Alert);
    each(".form-limit", DKFDS.CharacterLimit);
    each(".js-checkbox-toggle-content", DKFDS.CheckboxToggleContent);
    each(".js-radio-toggle-group", DKFDS.RadioToggleGroup);
    each(".js-dropdown", DKFDS.Dropdown);
    each("div.tab-container", DKFDS.Tabs);
    each(".tooltip-wrapper", DKFDS.Tooltip);
    var summary = scope.querySelector('[data-module="error-summary"]');
    if (summary && DKFDS.ErrorSummary) {
      new DKFDS.ErrorSummary(summary).init();
    }
  }

  /* htmx fires htmx:load on every element it adds, and once on <body> at start-up (done above). */
  document.addEventListener("htmx:load", function (event) {
    var elt = event.detail && event.detail.elt;
    if (elt && elt !== document.body && elt.querySelectorAll) {
      initScope(elt);
    }
  });
})();
