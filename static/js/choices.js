/* Backcare: "None of these" and the choices above it, as a progressive
 * enhancement for the routine form.
 *
 * A group of checkboxes may end with one marked data-exclusive ("None of
 * these"). Ticking it clears the others, and ticking any other clears it,
 * so the form never says both. Without this script the server refuses
 * that combination and says why beside the question.
 * No framework, nothing inline: it runs under script-src 'self'.
 */
(function () {
  "use strict";

  var exclusive = document.querySelectorAll('input[type="checkbox"][data-exclusive]');
  Array.prototype.forEach.call(exclusive, function (only) {
    var group = document.querySelectorAll('input[type="checkbox"][name="' + only.name + '"]');
    Array.prototype.forEach.call(group, function (box) {
      box.addEventListener("change", function () {
        if (!box.checked) {
          return;
        }
        Array.prototype.forEach.call(group, function (other) {
          var clash = box === only ? other !== only : other === only;
          if (clash) {
            other.checked = false;
          }
        });
      });
    });
  });
})();
