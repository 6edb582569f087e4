// Tongban's only script: progressive enhancements. Every page works without it.
(function () {
  "use strict";
  // Move focus to the error summary so screen readers announce it.
  var summary = document.querySelector(".error-summary");
  if (summary) summary.focus();

  // Kiosk mode: sign out after inactivity with a visible countdown, so the next
  // person at the hall terminal does not find someone else's session.
  var timer = document.querySelector("[data-kiosk-timeout]");
  if (!timer) return;
  var total = parseInt(timer.getAttribute("data-kiosk-timeout"), 10) || 120;
  var left = total;
  var out = timer.querySelector(".kiosk-seconds");
  function reset() { left = total; if (out) out.textContent = String(left); }
  ["pointerdown", "keydown", "touchstart"].forEach(function (e) { document.addEventListener(e, reset, { passive: true }); });
  setInterval(function () {
    left -= 1;
    if (out) out.textContent = String(Math.max(left, 0));
    if (left === 0) {
      var f = document.createElement("form");
      f.method = "post"; f.action = "/logout";
      var t = document.createElement("input");
      t.type = "hidden"; t.name = "csrf_token"; t.value = timer.getAttribute("data-csrf");
      f.appendChild(t); document.body.appendChild(f); f.submit();
    }
  }, 1000);
})();
