/* The admin's calendar on Thai pages: Buddhist-era years (พ.ศ.).
 *
 * Django's DateTimeShortcuts writes the picked day, and "Today" / "Yesterday" / "Tomorrow", with a
 * Christian-era year, and reads the field's year as CE when it opens the calendar. On a Thai page
 * (<html lang="th">) this writes BE years (CE + 543), opens the calendar at the month of a BE date,
 * and shows BE years in the calendar's caption. The server accepts either era.
 * Installed when the document is parsed (after DateTimeShortcuts.js, before its init on "load"). */
'use strict';
function installEraCalendar() {
    const OFFSET = 543;
    const THRESHOLD = 2400; // a year at or above this is BE (as sustain/core/thaidates.py reads it)
    function thai() { return (document.documentElement.lang || '').slice(0, 2) === 'th'; }
    function toBE(text) {
        return text.replace(/\b(\d{4})\b/, function(y) { const n = +y; return String(n < THRESHOLD ? n + OFFSET : n); });
    }
    function toCE(text) {
        return text.replace(/\b(\d{4})\b/, function(y) { const n = +y; return String(n >= THRESHOLD ? n - OFFSET : n); });
    }
    const shortcuts = window.DateTimeShortcuts;
    if (!shortcuts || !window.CalendarNamespace) { return; }

    const callback = shortcuts.handleCalendarCallback;
    shortcuts.handleCalendarCallback = function(num) {
        const write = callback.call(shortcuts, num);
        return function(y, m, d) {
            write(y, m, d);
            const input = shortcuts.calendarInputs[num];
            if (thai()) { input.value = toBE(input.value); }
        };
    };
    const quick = shortcuts.handleCalendarQuickLink;
    shortcuts.handleCalendarQuickLink = function(num, offset) {
        quick.call(shortcuts, num, offset);
        const input = shortcuts.calendarInputs[num];
        if (thai()) { input.value = toBE(input.value); }
    };
    const open = shortcuts.openCalendar;
    shortcuts.openCalendar = function(num) {
        const input = shortcuts.calendarInputs[num];
        const typed = input.value;
        if (typed) { input.value = toCE(typed); }
        try { open.call(shortcuts, num); } finally { input.value = typed; }
    };
    // Whatever wrote a CE year into a date field through the calendar's links (a shortcut bound
    // before this ran), the field shows the same day in BE once the click is handled.
    document.addEventListener('click', function() {
        if (!thai()) { return; }
        window.setTimeout(function() {
            document.querySelectorAll('input.vDateField').forEach(function(input) {
                if (input.value) { input.value = toBE(input.value); }
            });
        }, 0);
    });
    const draw = window.CalendarNamespace.draw;
    window.CalendarNamespace.draw = function(month, year, divId, cb, selected) {
        draw.call(window.CalendarNamespace, month, year, divId, cb, selected);
        if (!thai()) { return; }
        const caption = document.querySelector('#' + divId + ' caption');
        if (caption) { caption.textContent = caption.textContent.replace(String(year), String(year + OFFSET)); }
    };
}
if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', installEraCalendar);
} else {
    installEraCalendar();
}
