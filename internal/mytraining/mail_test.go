package mytraining_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/mytraining"
)

// TestMailCatalogue renders both mails in every language: a subject and a
// body with the name or the note in them, nothing left unrendered and no
// message key shown.
func TestMailCatalogue(t *testing.T) {
	b, err := i18n.Load(mytraining.Module.Locales)
	if err != nil {
		t.Fatal(err)
	}
	data := map[string]any{"Name": "Ana Abashidze", "Note": "Family name corrected."}
	leftover := regexp.MustCompile(`\{\{|\}\}|<no value>|mytraining\.|%!`)
	tpls := mytraining.MailTemplates()
	if len(tpls) != 2 {
		t.Errorf("%d templates", len(tpls))
	}
	for name, tpl := range tpls {
		for _, lang := range i18n.Languages {
			c, err := tpl(b.Localizer(lang.Code), data)
			if err != nil {
				t.Errorf("%s %s: %v", name, lang.Code, err)
				continue
			}
			all := c.Subject + "\n" + c.Text
			if strings.TrimSpace(c.Subject) == "" || strings.TrimSpace(c.Text) == "" || leftover.MatchString(all) ||
				!strings.Contains(all, "Ana Abashidze") && !strings.Contains(all, "Family name corrected.") {
				t.Errorf("%s %s: %q\n%s", name, lang.Code, c.Subject, c.Text)
			}
		}
	}
	if missing := b.Missing(); len(missing) > 0 {
		t.Errorf("missing messages: %v", missing)
	}
}
