// Regiepool: copy buttons beside links (progressive enhancement). Without
// JavaScript, or without clipboard access, the buttons stay hidden and the
// links stay fully visible and selectable.
(function () {
  "use strict";
  if (!navigator.clipboard) {
    return;
  }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("data-copy") + "-status");
    if (!target) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.textContent.trim()).then(function () {
        if (status) { status.textContent = "Link gekopieerd."; }
      }, function () {
        if (status) { status.textContent = "Kopiëren lukte niet: selecteer de link en kopieer hem zelf."; }
      });
    });
  });
})();
