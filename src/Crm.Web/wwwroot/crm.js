// The shell's only script. Remembers the browser's time zone in a cookie, so the server renders times in it
// (docs/adr/0030), and offers the zone to the interactive circuit on the first visit.
(function () {
    function zone() {
        try { return Intl.DateTimeFormat().resolvedOptions().timeZone || null; } catch (e) { return null; }
    }

    var tz = zone();
    if (tz && document.cookie.indexOf("crm-tz=" + encodeURIComponent(tz)) < 0) {
        document.cookie = "crm-tz=" + encodeURIComponent(tz) + "; path=/; max-age=31536000; samesite=lax";
    }

    window.crm = {
        timeZone: zone
    };
})();

// After a failed save: put the keyboard on the first field with a message, so the user can fix it at once.
window.crm.focusFirstError = function () {
    var field = document.querySelector(".mud-input-error input, .mud-input-error textarea, .mud-input-control.mud-input-error input");
    if (field) { field.focus(); }
};

// After a failed request (FormAlerts): put the keyboard on the first field with a message, else bring the alerts
// beside the buttons into view and focus them, so the user sees what happened where they pressed Save.
window.crm.revealProblem = function (alerts) {
    var field = document.querySelector(".mud-input-error input, .mud-input-error textarea");
    if (field) { field.focus(); field.scrollIntoView({ block: "center" }); return; }
    if (alerts) { alerts.scrollIntoView({ block: "center" }); alerts.focus({ preventScroll: true }); }
};
