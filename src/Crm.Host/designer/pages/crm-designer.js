// Mounts one Elsa Studio custom element on our host pages. Loaded before _framework/blazor.webassembly.js.
// - remote-endpoint is mandatory and must be absolute: this site's /elsa/api (same origin, so the sign-in cookie goes along).
// - Callbacks are set only after customElements.whenDefined(tag): a property set earlier is shadowed and never fires.
// - Inside an iframe of our own UI, events are also posted to the parent window ({source: "crm-designer", type, id}).
(function () {
  "use strict";
  var embedded = window.parent !== window;
  if (embedded) {
    document.documentElement.classList.add("crm-embedded");
    document.addEventListener("DOMContentLoaded", function () { document.body.classList.add("crm-embedded"); });
  }

  function notifyParent(type, id) {
    if (embedded) {
      window.parent.postMessage({ source: "crm-designer", type: type, id: id }, window.location.origin);
    }
  }

  function query(name) {
    return new URLSearchParams(window.location.search).get(name);
  }

  function message(text) {
    var host = document.getElementById("crm-host");
    var p = document.createElement("p");
    p.className = "crm-message";
    p.textContent = text;
    host.replaceChildren(p);
  }

  // tag: custom element name; attributes: extra attributes; callbacks: property name -> function.
  function mount(tag, attributes, callbacks) {
    var element = document.createElement(tag);
    element.setAttribute("remote-endpoint", window.location.origin + "/elsa/api");
    Object.keys(attributes || {}).forEach(function (name) { element.setAttribute(name, attributes[name]); });
    document.getElementById("crm-host").appendChild(element);
    customElements.whenDefined(tag).then(function () {
      Object.keys(callbacks || {}).forEach(function (name) { element[name] = callbacks[name]; });
    });
    return element;
  }

  function go(page, name, value) {
    window.location.href = page + "?" + name + "=" + encodeURIComponent(value);
  }

  window.crmDesigner = { mount: mount, query: query, message: message, go: go, notifyParent: notifyParent };
})();
