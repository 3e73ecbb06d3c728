package directory_test

import (
	"bytes"
	"testing"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/tabular"
)

// FuzzImportPeople feeds arbitrary files to ImportPeople on both engines,
// as staff and as an ncp: it must never panic nor fail with an internal
// error, and when it fails it must have written nothing.
//
//	go test ./internal/directory/ -run '^$' -fuzz FuzzImportPeople -fuzztime 20s
func FuzzImportPeople(f *testing.F) {
	seeds := []string{
		"agency_code,given_name,family_name\nUA-NPU,Taras,Melnyk\n",
		"email,agency_code,unit,given_name,family_name,given_name_native,family_name_native,sex,position,languages,phone\n" +
			"t.melnyk@npu.demo.example.org,UA-NPU,Cyber Police Department,Taras,Melnyk,Тарас,Мельник,male,Inspector,uk;en,+380 44 555 0199\n",
		"email,agency_code,given_name,family_name\no.kovalenko@npu.demo.example.org,UA-NPU,Olena,Kovalenko\n",
		"agency_code;given_name;family_name\nGE-MIA;Nino;Beridze\nGE-MIA;ნინო;ბერიძე\n",
		"agency_code,given_name,family_name\nXX,<b>,\n",
		"agency_code,given_name,family_name\n\"UA-NPU,Ivan\n",
		"email,email\n",
		"\xef\xbb\xbfagency_code,given_name,family_name\r\nMD-IGP,Ion,Ceban\r\n",
		"agency_code,given_name,family_name,languages\nUA-NPU,Ivan,Petrenko,\"uk,en,xx\"\n",
		"",
	}
	for i, s := range seeds {
		f.Add([]byte(s), false, i%2 == 0)
	}
	var x bytes.Buffer
	if err := tabular.Write(&x, tabular.XLSX, directory.PersonColumns, [][]string{
		{"", "GE-MIA", "", "Tamar", "Lomidze", "თამარ", "ლომიძე", "female", "", "ka", ""},
	}); err != nil {
		f.Fatal(err)
	}
	f.Add(x.Bytes(), true, false)

	fixtures := []*fixture{newFixture(f, openDB(f, "sqlite")), newFixture(f, openDB(f, "postgres"))}
	f.Fuzz(func(t *testing.T, data []byte, xlsx, asNCP bool) {
		format := tabular.CSV
		if xlsx {
			format = tabular.XLSX
		}
		role := "coordinator"
		if asNCP {
			role = "ncp_ua"
		}
		for _, fx := range fixtures {
			before := rowCounts(t, fx.d)
			rep, err := fx.svc.ImportPeople(fx.as(role), bytes.NewReader(data), format, false)
			after := rowCounts(t, fx.d)
			if err != nil {
				if !core.IsCode(err, core.Invalid) {
					t.Fatalf("%s: unexpected error %v", fx.d.Dialect, err)
				}
				if len(rep.Errors) == 0 {
					t.Fatalf("%s: failed without reporting why: %v", fx.d.Dialect, err)
				}
				sameCounts(t, before, after)
				continue
			}
			if len(rep.Errors) != 0 || after["people"] != before["people"]+rep.Created {
				t.Fatalf("%s: report %+v, people %d → %d", fx.d.Dialect, rep, before["people"], after["people"])
			}
		}
	})
}
