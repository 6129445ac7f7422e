/* Backcare: a plan (or a saved routine) on screen and on paper, as a
 * progressive enhancement.
 *
 * Without this script the page says to use the browser's own Print, and
 * the print stylesheet opens every closed part (details::details-content).
 * With it:
 * - the Print buttons ([data-print]) show and call window.print(), and the
 *   words about the browser's menu ([data-print-how]) are hidden;
 * - closed parts (the later weeks in full, "What you told us") are opened
 *   just before printing and closed again after, for browsers whose print
 *   stylesheet cannot open them;
 * - a "Saved" message ([data-saved]) has focus, so a screen reader says
 *   it when the page a log leads back to loads.
 * No framework, nothing inline: it runs under script-src 'self'.
 */
(function () {
  "use strict";

  var buttons = document.querySelectorAll("[data-print]");
  var i;
  for (i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].addEventListener("click", function () {
      window.print();
    });
  }
  if (buttons.length) {
    var how = document.querySelectorAll("[data-print-how]");
    for (i = 0; i < how.length; i++) how[i].hidden = true;
  }

  var opened = [];
  window.addEventListener("beforeprint", function () {
    var closed = document.querySelectorAll("details:not([open])");
    for (var j = 0; j < closed.length; j++) {
      closed[j].open = true;
      opened.push(closed[j]);
    }
  });
  window.addEventListener("afterprint", function () {
    while (opened.length) opened.pop().open = false;
  });

  // The address's fragment usually moves focus there already.
  var saved = document.querySelector("[data-saved]");
  if (saved && document.activeElement !== saved) saved.focus();
})();
