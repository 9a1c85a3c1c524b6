// Self-checks without a server: each option of a self-check question becomes a button; choosing one
// shows the feedback written for that option (from the question's solution, which stays in the page
// for readers without scripts) and says whether it is the right answer. Words come from the page.
(function () {
  var LETTERS = "ABCDEF";
  function setup(exercise) {
    var solution = exercise.nextElementSibling;
    if (!solution || !solution.classList.contains("solution")) return;
    var keyClass = Array.prototype.find.call(solution.classList, function (c) { return c.indexOf("quiz-key-") === 0; });
    if (!keyClass) return;
    var right = LETTERS.indexOf(keyClass.slice("quiz-key-".length).toUpperCase());
    var options = exercise.querySelectorAll("ul > li");
    var feedback = solution.querySelectorAll("ul > li");
    if (!options.length || options.length !== feedback.length) return;
    var out = document.createElement("div");
    out.className = "selfcheck-feedback";
    out.setAttribute("role", "status");
    out.setAttribute("aria-live", "polite");
    options.forEach(function (li, i) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "selfcheck-option";
      button.setAttribute("aria-pressed", "false");
      while (li.firstChild) button.appendChild(li.firstChild);
      li.appendChild(button);
      button.addEventListener("click", function () {
        exercise.querySelectorAll(".selfcheck-option").forEach(function (b) {
          b.setAttribute("aria-pressed", "false");
          b.classList.remove("chosen-right", "chosen-wrong");
        });
        button.setAttribute("aria-pressed", "true");
        button.classList.add(i === right ? "chosen-right" : "chosen-wrong");
        out.className = "selfcheck-feedback " + (i === right ? "is-right" : "is-wrong");
        out.innerHTML = feedback[i].innerHTML;
      });
    });
    exercise.appendChild(out);
    exercise.classList.add("selfcheck-ready");
  }
  function init() { document.querySelectorAll(".exercise.admonition").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
