package directory

import (
	"strings"
	"testing"

	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/tabular"
)

func TestPeopleRowsHTML(t *testing.T) {
	b, err := i18n.Load(Module.Locales)
	if err != nil {
		t.Fatal(err)
	}
	l := b.Localizer("ka")
	nino := Person{ID: "01a2239b-ecff-78e1-a9db-1edea67abb58", GivenName: "<script>alert(1)</script>", GivenNameNative: "ნინო", FamilyNameNative: `"ბერიძე"`,
		CountryCode: "GE", AgencyID: "a1", AgencyName: "MIA & co", Position: `<img src=x onerror=alert(1)>`,
		Email: `n"x@example.org`, ContactVisible: true, Archived: true}
	olena := Person{ID: "id2", GivenName: "Olena", AgencyID: "a2", AgencyName: "NPU", CountryCode: "UA", Email: ""}
	got := string(peopleRowsHTML(l, []Person{nino, olena}, map[string]Country{"GE": {Code: "GE", NameEN: "Georgia"}}, nil))
	for _, want := range []string{
		`<a href="/directory/people/01a2239b-ecff-78e1-a9db-1edea67abb58">&lt;script&gt;alert(1)&lt;/script&gt;</a>`,
		`<span class="muted" lang="ka">ნინო &#34;ბერიძე&#34;</span>`,
		`<td>` + countryName(l, "GE", "Georgia") + `</td>`,
		`<span class="badge badge-archived">` + l.T("dir.status.archived") + `</span>`,
		`<a href="/directory/agencies/a1">MIA &amp; co</a>`,
		`<td>&lt;img src=x onerror=alert(1)&gt;</td>`,
		`<a href="mailto:n&#34;x@example.org">n&#34;x@example.org</a>`,
		`<span class="muted">` + l.T("dir.person.contact_hidden_short") + `</span>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("rows lack %s\n%s", want, got)
		}
	}
	if strings.Count(got, "<tr>") != 2 || strings.Contains(got, "<script>") || strings.Contains(got, "<img") {
		t.Errorf("rows:\n%s", got)
	}
}

func TestImportWarningMessage(t *testing.T) {
	b, err := i18n.Load(Module.Locales)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "ro", "uk", "ka", "hy", "az", "ru"} {
		l := b.Localizer(lang)
		line := importWarningMessage(l, tabular.RowWarning{Code: "likely_duplicate", Name: "Olena Kovalenko", OtherLine: 7, Detail: "Olena Kovalenko (line 7)"})
		if !strings.Contains(line, "Olena Kovalenko") || !strings.Contains(line, "7") || (lang != "en" && strings.Contains(line, "line")) {
			t.Errorf("%s: earlier-row warning %q", lang, line)
		}
		existing := importWarningMessage(l, tabular.RowWarning{Code: "likely_duplicate", Name: "Nino Beridze", AgencyCode: "GE-MIA", Detail: "Nino Beridze (GE-MIA)"})
		if !strings.Contains(existing, "Nino Beridze (GE-MIA)") {
			t.Errorf("%s: existing-person warning %q", lang, existing)
		}
	}
}
