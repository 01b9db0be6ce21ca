// dladocs serve: the few lines of script the pages use. Everything works without them,
// except the live previews and the build progress, which then need a page reload.
document.addEventListener("DOMContentLoaded", function () {
  if (window.htmx) {
    // Validation errors (422) and edit conflicts (409) carry a page to show: swap them in.
    htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "40[09]|41[35]|422", swap: true, error: false },
      { code: "...", swap: false, error: true },
    ];
  }
  // A refused request (expired token, server stopped...): say it at the top of the page.
  function say(text) {
    var box = document.getElementById("erreur-requete") || document.createElement("p");
    box.id = "erreur-requete";
    box.className = "alerte";
    box.setAttribute("role", "alert");
    box.textContent = text;
    document.getElementById("contenu").prepend(box);
  }
  document.body.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var page = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
    var said = page.querySelector(".alerte");
    say(said ? said.textContent : (xhr.responseText || "La requête a échoué (code " + xhr.status + ")."));
  });
  document.body.addEventListener("htmx:sendError", function () {
    say("Le serveur ne répond plus : « dladocs serve » a-t-il été arrêté ?");
  });
  // The drop zone of « Vérifier un fichier »: a file dropped anywhere on it goes to its input.
  var zone = document.getElementById("zone-depot");
  if (!zone) return;
  var input = zone.querySelector("input[type=file]");
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) {
      event.preventDefault();
      zone.classList.add("survol");
    });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function () { zone.classList.remove("survol"); });
  });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      input.form.requestSubmit();
    }
  });
});
