// "Snel weg": leave for a neutral page at once, without this page in the history (issue 15). The link
// goes to /weg, which ends a portal session and sends the browser on to a neutral site, so Back
// shows no report. Progressive enhancement: without JavaScript the link still works.
(function () {
  "use strict";
  // A form that came back with errors: its summary gets the focus, so a screen reader reads it first
  // and a keyboard user starts from the links to each field (issue 15).
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
  var link = document.getElementById("exit-page");
  if (!link) { return; }
  function leave(event) {
    if (event) { event.preventDefault(); }
    document.body.style.visibility = "hidden";
    window.location.replace(link.href);
  }
  link.addEventListener("click", leave);
  // Shift pressed three times in a row (nothing else between, within two seconds) does the same.
  // Any other key starts the count again: typing a receipt code in capitals must not leave the page.
  var presses = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") { presses = []; }
  });
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") { return; }
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 2000; });
    presses.push(now);
    if (presses.length >= 3) { leave(); }
  });
}());
