/* The decision form and the draft page (progressive enhancement; everything works without it).
   - Choosing "Afslag" hides the grant part (the server ignores it for a refusal anyway).
   - Main considerations and facts are marked "(valgfri)" when the citizen gets everything applied for.
   - A form marked data-submit-once is sent once: a double click does not send it twice. */
(function () {
  "use strict";

  var form = document.getElementById("decision-form");
  if (form) {
    var grant = document.getElementById("grant-terms");
    var granting = (form.getAttribute("data-granting-outcomes") || "").split(" ");
    var optional = form.querySelectorAll("[data-optional-when-granted]");

    var update = function () {
      var chosen = form.querySelector('input[name="outcome"]:checked');
      var value = chosen ? chosen.value : "";
      if (grant) {
        grant.hidden = value !== "" && granting.indexOf(value) === -1;
      }
      for (var i = 0; i < optional.length; i++) {
        var label = form.querySelector('label[for="' + optional[i].id + '"]');
        if (!label) {
          continue;
        }
        var marker = label.querySelector(".js-optional");
        if (value === "granted" && !marker) {
          marker = document.createElement("span");
          marker.className = "weight-normal js-optional";
          marker.textContent = " (" + (form.getAttribute("data-optional-label") || "valgfri") + ")";
          label.appendChild(marker);
        } else if (value !== "granted" && marker) {
          label.removeChild(marker);
        }
      }
    };
    // The server marks them "(valgfri)" for the outcome it was sent; from here the script keeps the mark.
    for (var k = 0; k < optional.length; k++) {
      var own = form.querySelector('label[for="' + optional[k].id + '"] .weight-normal');
      if (own) {
        own.parentNode.removeChild(own);
      }
    }
    var radios = form.querySelectorAll('input[name="outcome"]');
    for (var r = 0; r < radios.length; r++) {
      radios[r].addEventListener("change", update);
    }
    update();
  }

  var once = document.querySelectorAll("form[data-submit-once]");
  for (var f = 0; f < once.length; f++) {
    once[f].addEventListener("submit", function (event) {
      if (this.getAttribute("data-submitted") === "true") {
        event.preventDefault();
        return;
      }
      this.setAttribute("data-submitted", "true");
      var buttons = this.querySelectorAll('button[type="submit"]');
      for (var b = 0; b < buttons.length; b++) {
        buttons[b].setAttribute("aria-disabled", "true");
      }
    });
  }
})();
