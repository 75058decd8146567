/* The recap theme's only script: the dark-mode toggle, and keyboard access to code blocks
   that scroll sideways. The page works fully without it. */
(function () {
  "use strict";
  var root = document.documentElement;
  var query = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function current() {
    var chosen = root.dataset.theme;
    if (chosen === "light" || chosen === "dark") return chosen;
    return query && query.matches ? "dark" : "light";
  }

  function show(button) {
    button.setAttribute("aria-pressed", current() === "dark" ? "true" : "false");
  }

  function setUp() {
    var button = document.querySelector(".recap-mode-toggle");
    if (button) {
      button.hidden = false;
      show(button);
      button.addEventListener("click", function () {
        var next = current() === "dark" ? "light" : "dark";
        root.dataset.theme = next;
        try { localStorage.setItem("recap-theme", next); } catch (e) { /* private mode */ }
        show(button);
      });
      if (query && query.addEventListener) {
        query.addEventListener("change", function () { show(button); });
      }
    }
    // A region that scrolls must be reachable from the keyboard.
    var blocks = document.querySelectorAll(".recap-main pre, .recap-main table.recap-talk-table");
    for (var i = 0; i < blocks.length; i++) {
      if (blocks[i].scrollWidth > blocks[i].clientWidth && !blocks[i].hasAttribute("tabindex")) {
        blocks[i].tabIndex = 0;
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
