/* The course's own behaviour in the book's pages (loaded on every page from _static).

   A figure shrunk to a phone's column shrinks its text with it. course_lib.plotting records on
   each figure the display width it was drawn for and the size of its smallest text there
   (data-min-font-px); where the page shows the figure so small that this text falls under 9 px,
   a tap, Enter or Space opens the figure at the size it was drawn for, in a dialog that scrolls
   sideways and closes with Escape or its button, giving the focus back to the figure. */
(function () {
  "use strict";
  var MIN_PX = 9;
  var WORDS = {
    en: { open: "tap to open at full size", close: "Close" },
    ko: { open: "누르면 원래 크기로 열립니다", close: "닫기" },
  };
  function words() {
    return WORDS[(document.documentElement.lang || "en").slice(0, 2)] || WORDS.en;
  }
  function shownFont(img) {
    var drawn = Number(img.getAttribute("width"));
    var font = Number(img.dataset.minFontPx);
    var shown = img.getBoundingClientRect().width;
    return drawn && font && shown ? (font * shown) / drawn : Infinity;
  }
  function open(img) {
    var dialog = document.createElement("dialog");
    dialog.className = "course-figure-zoom";
    dialog.setAttribute("aria-label", img.alt);
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = words().close;
    close.addEventListener("click", function () { dialog.close(); });
    var full = document.createElement("img");
    full.src = img.src;
    full.alt = img.alt;
    full.width = Number(img.getAttribute("width"));
    dialog.append(close, full);
    dialog.addEventListener("close", function () { dialog.remove(); img.focus(); });
    document.body.append(dialog);
    dialog.showModal();
    close.focus();
  }
  function mark() {
    document.querySelectorAll("img.course-figure").forEach(function (img) {
      var small = shownFont(img) < MIN_PX;
      if (small && !img.dataset.zoom) {
        img.dataset.zoom = "1";
        img.tabIndex = 0;
        img.setAttribute("role", "button");
        img.setAttribute("aria-label", img.alt + " (" + words().open + ")");
      } else if (!small && img.dataset.zoom) {
        delete img.dataset.zoom;
        img.removeAttribute("tabindex");
        img.removeAttribute("role");
        img.removeAttribute("aria-label");
      }
    });
  }
  document.addEventListener("click", function (event) {
    var img = event.target.closest && event.target.closest("img.course-figure[data-zoom]");
    if (img) open(img);
  });
  document.addEventListener("keydown", function (event) {
    var img = event.target.closest && event.target.closest("img.course-figure[data-zoom]");
    if (img && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      open(img);
    }
  });
  // The theme's search and colour-mode buttons carry an aria-label that differs from what they
  // show (a keyboard shortcut; the modes' names), so a speech user saying what they see missed
  // them (axe-core: label-content-name-mismatch). The search buttons are named by their text;
  // the colour-mode button by its label, moved into text that is read but not shown.
  function quietDecorations() {
    document.querySelectorAll(".search-button__button").forEach(function (button) {
      if (button.textContent.trim()) button.removeAttribute("aria-label");
    });
    document.querySelectorAll(".theme-switch-button[aria-label]").forEach(function (button) {
      var name = document.createElement("span");
      name.className = "visually-hidden";
      name.textContent = button.getAttribute("aria-label");
      button.removeAttribute("aria-label");
      button.append(name);
    });
  }
  // A long name in the prose (course_lib.normalization.batch_norm_backward) is one word wider
  // than a phone's column: let it break after a dot or an underscore, never inside a word.
  function breakableNames() {
    document.querySelectorAll("code.literal").forEach(function (code) {
      if (code.closest("pre") || code.textContent.length < 24) return;
      var walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
      var texts = [];
      while (walker.nextNode()) texts.push(walker.currentNode);
      texts.forEach(function (text) {
        var parts = text.nodeValue.split(/(?<=[._])/);
        if (parts.length < 2) return;
        var fragment = document.createDocumentFragment();
        parts.forEach(function (part, i) {
          if (i) fragment.append(document.createElement("wbr"));
          fragment.append(part);
        });
        text.replaceWith(fragment);
      });
    });
  }
  function ready() {
    quietDecorations();
    breakableNames();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
  window.addEventListener("load", mark);
  window.addEventListener("resize", mark);
})();
