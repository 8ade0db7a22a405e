/* Read aloud with the browser's own speech synthesis (no outside service).
 *
 * Every <button class="read-aloud" data-read-aloud-target="CSS selector"> on any page reads the text of
 * the element it names, in that element's language (its nearest lang attribute, else the page's). The
 * buttons start hidden (the page works without JavaScript) and are shown only when the browser has a
 * voice for that language; a second press stops reading.
 */
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  if (!synth || typeof window.SpeechSynthesisUtterance !== "function") {
    return; // no speech synthesis: the buttons stay hidden
  }

  function languageOf(element) {
    var holder = element.closest("[lang]");
    return ((holder && holder.getAttribute("lang")) || document.documentElement.lang || "").toLowerCase();
  }

  function voiceFor(language) {
    if (!language) { return null; }
    var base = language.split("-")[0];
    var voices = synth.getVoices();
    for (var i = 0; i < voices.length; i++) {
      var code = (voices[i].lang || "").toLowerCase().replace("_", "-");
      if (code === language || code.split("-")[0] === base) { return voices[i]; }
    }
    return null;
  }

  function setUp(button) {
    var target = document.querySelector(button.getAttribute("data-read-aloud-target") || "");
    if (!target) { button.hidden = true; return; }
    var language = languageOf(target);
    var voice = voiceFor(language);
    button.hidden = !voice;
    if (!voice || button.dataset.readAloudReady) { return; }
    button.dataset.readAloudReady = "1";
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", function () {
      if (button.getAttribute("aria-pressed") === "true") {
        synth.cancel();
        button.setAttribute("aria-pressed", "false");
        return;
      }
      synth.cancel();
      var utterance = new window.SpeechSynthesisUtterance(target.innerText || target.textContent || "");
      utterance.lang = voice.lang || language;
      utterance.voice = voice;
      utterance.onend = utterance.onerror = function () { button.setAttribute("aria-pressed", "false"); };
      button.setAttribute("aria-pressed", "true");
      synth.speak(utterance);
    });
  }

  function setUpAll() {
    var buttons = document.querySelectorAll("button.read-aloud[data-read-aloud-target]");
    for (var i = 0; i < buttons.length; i++) { setUp(buttons[i]); }
  }

  setUpAll();
  // Many browsers load their voices after the page: look again when they arrive.
  if (typeof synth.addEventListener === "function") {
    synth.addEventListener("voiceschanged", setUpAll);
  } else {
    synth.onvoiceschanged = setUpAll;
  }
})();
