'use strict';
// The admin's autocomplete pickers (Select2 4.0, started by Django's autocomplete.js) give screen
// readers an unnamed combobox, text box and search field. Each picker is named here after its
// field: the field's <label> where it has one, else the select's aria-label (the cells of tabular
// inlines, see infrastructures/admin_display.py). A multiple picker also loses the "remove all"
// cross, which Select2 puts as a bare <span> into its list of choices; each choice keeps its own.
// Loaded with `defer`: it runs after the form's scripts and before they start the pickers.
{
    const $ = window.django && window.django.jQuery;

    function name(select) {
        const picker = $(select).data('select2');
        const label = select.labels && select.labels[0];
        const text = select.getAttribute('aria-label');
        if (!picker || !(label || text)) {
            return;
        }
        if (label && !label.id) {
            label.id = `${select.id}-label`;
        }
        const names = label ? {'aria-labelledby': label.id} : {'aria-label': text};
        picker.$container
            .find('.select2-selection, .select2-selection__rendered[role=textbox], .select2-search__field')
            .attr(names);
        if (picker.dropdown && picker.dropdown.$search) {
            picker.dropdown.$search.attr(names);  // the search field of a single picker, once open
        }
        const $single = picker.$container.find('.select2-selection--single');
        if ($single.length) {
            // The field's name, then the chosen value (which alone is Select2's name for it).
            $single.attr('id', $single.attr('id') || `${select.id}-picker`);
            const value = $single.find('.select2-selection__rendered').attr('id');
            $single.attr('aria-labelledby', `${label ? label.id : $single.attr('id')} ${value}`);
        }
    }

    if ($ && $.fn.djangoAdminSelect2) {
        const start = $.fn.djangoAdminSelect2;
        $.fn.djangoAdminSelect2 = function() {
            this.filter('[multiple]').attr('data-allow-clear', 'false');
            start.call(this);
            this.each((i, select) => name(select));
            return this;
        };
    }
}
