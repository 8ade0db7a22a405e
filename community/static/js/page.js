/* What every page does for a member on a keyboard; the page works without it. */
(function () {
  "use strict";

  // "Skip to content" moves the focus into <main> without putting #main in the address: a form without
  // its own action would keep it, and a page opened at an anchor skips its `autofocus` (below).
  var skip = document.querySelector("a.skip[href='#main']");
  var main = document.getElementById("main");
  if (skip && main) {
    skip.addEventListener("click", function (event) {
      event.preventDefault();
      main.setAttribute("tabindex", "-1");  // focusable from a script, still no Tab stop
      main.focus();
    });
  }

  // A form sent back with errors marks its first wrong field `autofocus`. Browsers skip that when the
  // address has an anchor (e.g. #main, kept from "Skip to content" through the form's own address).
  var wrong = document.querySelector("main [autofocus]");
  if (wrong && (document.activeElement === document.body || document.activeElement === null)) { wrong.focus(); }

  // The phone's "More" menu is a <details>: it opens by keyboard on its own. Here it closes again with
  // Escape (the focus goes back to "More"), and when the focus or a tap moves elsewhere, so the open
  // list never covers what the member reaches next.
  var more = document.querySelector("header details.more");
  if (!more) { return; }
  var summary = more.querySelector("summary");
  more.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && more.open) {
      more.open = false;
      summary.focus();
    }
  });
  more.addEventListener("focusout", function (event) {
    if (more.open && event.relatedTarget && !more.contains(event.relatedTarget)) { more.open = false; }
  });
  document.addEventListener("click", function (event) {
    if (more.open && !more.contains(event.target)) { more.open = false; }
  });
}());
