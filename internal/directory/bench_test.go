package directory_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/tabular"
)

// benchPeople renders n people as an import file, spread over the
// fixture's agencies, each with an e-mail (prefix keeps e-mails unique
// across calls). Family names are built from syllables, so that most are
// distinct but many share their first letters (and so their blocks), as in
// real data; every tenth person has a Cyrillic name as well.
func benchPeople(b testing.TB, n int, prefix string) *bytes.Reader {
	given := []string{"Olena", "Taras", "Iryna", "Andrii", "Mariia", "Oleksandr", "Yurii", "Nataliia", "Dmytro", "Oksana",
		"Nino", "Giorgi", "Tamar", "Levan", "Ana", "Armen", "Ani", "Aram", "Elvin", "Leyla", "Ion", "Elena", "Vasile", "Ana-Maria"}
	syl := []string{"ko", "va", "len", "mel", "ny", "shev", "chen", "bon", "dar", "tka", "kra", "ol", "sav", "ru", "mo", "roz",
		"ly", "mar", "ber", "id", "ze", "kap", "na", "dze", "pet", "ros", "yan", "ha", "ko", "bi", "li", "rza", "gu", "sei"}
	endings := []string{"enko", "uk", "yk", "ishvili", "adze", "yan", "ov", "ova", "escu", "u", "ian", "ev"}
	cyr := map[string]string{"Olena": "Олена", "Taras": "Тарас", "Iryna": "Ірина", "Andrii": "Андрій"}
	agencies := []string{"UA-NPU", "GE-MIA", "MD-IGP"}
	rows := make([][]string, n)
	for i := range rows {
		h := uint32(i)*2654435761 + 12345
		fam := syl[h%34] + syl[h/34%34] + syl[h/1156%34] + endings[h/39304%12]
		fam = strings.ToUpper(fam[:1]) + fam[1:]
		g := given[i%len(given)]
		gn, fn := "", ""
		if c, ok := cyr[g]; ok && i%10 == 0 {
			gn, fn = c, "Тест"
		}
		rows[i] = []string{fmt.Sprintf("%s.%d@bench.example.org", prefix, i), agencies[i%len(agencies)], "",
			g, fam, gn, fn, []string{"female", "male"}[i%2], "Inspector", "uk;en", ""}
	}
	var buf bytes.Buffer
	if err := tabular.Write(&buf, tabular.CSV, directory.PersonColumns, rows); err != nil {
		b.Fatal(err)
	}
	return bytes.NewReader(buf.Bytes())
}

// BenchmarkListPeople lists the first page (50) of 2,000 people, without
// and with a query, as a participant (no contact details visible, nothing
// audited) and as an ncp (contact details of a country visible: the
// visibility CASE runs and each page is audited through the group commit),
// from the database ("uncached": the read cache is dropped before each
// list) and as repeated requests meet it ("cached").
func BenchmarkListPeople(b *testing.B) {
	for _, engine := range dbtest.Engines {
		b.Run(engine, func(b *testing.B) {
			f := newFixture(b, openDB(b, engine))
			if _, err := f.svc.ImportPeople(sys(), benchPeople(b, 1996, "p"), tabular.CSV, false); err != nil {
				b.Fatal(err)
			}
			for _, c := range []struct{ name, role, query string }{
				{"participant", "participant", ""},
				{"participant/query", "participant", "Олена"},
				{"ncp", "ncp_ua", ""},
				{"ncp/query", "ncp_ua", "kovalenko"},
				{"ncp/query2", "ncp_ua", "olena ko"},
			} {
				for _, cached := range []bool{false, true} {
					name := c.name + "/uncached"
					if cached {
						name = c.name + "/cached"
					}
					b.Run(name, func(b *testing.B) {
						ctx := f.as(c.role)
						for b.Loop() {
							if !cached {
								f.svc.DropReadCache()
							}
							l, err := f.svc.ListPeople(ctx, directory.PersonFilter{Query: c.query}, core.PageRequest{Limit: 50})
							if err != nil || len(l.Items) == 0 {
								b.Fatal(err, l.Total)
							}
						}
					})
				}
			}
		})
	}
}

// BenchmarkImportPeople imports 20,000 people (the largest file tabular
// reads) in one transaction, duplicate checks included. Run it with
// -benchtime=1x.
func BenchmarkImportPeople(b *testing.B) {
	for _, engine := range dbtest.Engines {
		b.Run(engine, func(b *testing.B) {
			f := newFixture(b, openDB(b, engine))
			i := 0
			for b.Loop() {
				b.StopTimer()
				r := benchPeople(b, tabular.MaxRows, fmt.Sprint("i", i))
				i++
				b.StartTimer()
				rep, err := f.svc.ImportPeople(sys(), r, tabular.CSV, false)
				if err != nil || rep.Created != tabular.MaxRows {
					b.Fatal(err, rep.Created, rep.Errors)
				}
				b.ReportMetric(float64(len(rep.Warnings)), "warnings")
			}
		})
	}
}
