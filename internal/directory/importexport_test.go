package directory_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/tabular"
)

// file renders a header and rows in format f.
func file(t testing.TB, f tabular.Format, header []string, rows ...[]string) *bytes.Reader {
	t.Helper()
	var b bytes.Buffer
	if err := tabular.Write(&b, f, header, rows); err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(b.Bytes())
}

func csvText(s string) *strings.Reader { return strings.NewReader(s) }

func errStrings(rep tabular.Report) []string {
	var out []string
	for _, e := range rep.Errors {
		out = append(out, strings.Join([]string{itoa(e.Line), e.Column, e.Code}, ":"))
	}
	return out
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func TestImportAgencies(t *testing.T) {
	for _, format := range []tabular.Format{tabular.CSV, tabular.XLSX} {
		t.Run(string(format), func(t *testing.T) {
			eachEngine(t, func(t *testing.T, d *db.DB) {
				f := newFixture(t, d)
				ctx := f.as("coordinator")
				rows := [][]string{
					{"AM-POL", "AM", "Police of the Republic of Armenia", "Հայաստանի Հանրապետության ոստիկանություն", "RA Police", "police", "Yerevan", "https://www.police.am", "info@police.example.org", "+374 10 555 000"},
					{"az-scc", "az", "State Customs Committee", "Dövlət Gömrük Komitəsi", "SCC", "customs", "Baku", "", "", ""},
					{"GE-MIA", "GE", "Ministry of Internal Affairs of Georgia", f.geMIA.NameNative, "MIA", "police", "Batumi", "https://police.ge", "info@mia.example.org", "+995 32 555 0100"},
				}
				head := auditHead(t, d)
				before := rowCounts(t, d)
				dry := must[tabular.Report](t)(f.svc.ImportAgencies(ctx, file(t, format, directory.AgencyColumns, rows...), format, true))
				sameCounts(t, before, rowCounts(t, d))
				if dry.Rows != 3 || dry.Created != 2 || dry.Updated != 1 || !dry.DryRun {
					t.Errorf("dry run %+v", dry)
				}
				rep := must[tabular.Report](t)(f.svc.ImportAgencies(ctx, file(t, format, directory.AgencyColumns, rows...), format, false))
				if rep.Rows != 3 || rep.Created != 2 || rep.Updated != 1 || len(rep.Errors) != 0 {
					t.Errorf("report %+v", rep)
				}
				am := must[directory.Agency](t)(f.svc.AgencyByCode(ctx, "AM-POL"))
				if am.NameNative != rows[0][3] || am.Phone != "+374 10 555 000" || am.Type != directory.AgencyPolice {
					t.Errorf("AM-POL %+v", am)
				}
				if az := must[directory.Agency](t)(f.svc.AgencyByCode(ctx, "AZ-SCC")); az.CountryCode != "AZ" {
					t.Errorf("AZ-SCC %+v", az)
				}
				if ge := must[directory.Agency](t)(f.svc.Agency(ctx, f.geMIA.ID)); ge.City != "Batumi" {
					t.Errorf("GE-MIA not updated: %+v", ge)
				}
				entries := auditSince(t, d, head)
				if len(entries) != 1 || entries[0].Action != "directory.agencies.imported" || !strings.Contains(entries[0].Details, `"created":2`) {
					t.Errorf("audit %+v", entries)
				}
				verifyChain(t, f.log)
			})
		})
	}
}

func TestImportPeople(t *testing.T) {
	for _, format := range []tabular.Format{tabular.CSV, tabular.XLSX} {
		t.Run(string(format), func(t *testing.T) {
			eachEngine(t, func(t *testing.T, d *db.DB) {
				f := newFixture(t, d)
				ctx := f.as("admin")
				rows := [][]string{
					{"t.melnyk@npu.demo.example.org", "UA-NPU", "cyber police department", "Taras", "Melnyk", "Тарас", "Мельник", "male", "Inspector", "uk; en", "+380 44 555 0199"},
					{"", "GE-MIA", "", "Tamar", "Lomidze", "თამარ", "ლომიძე", "female", "", "ka,en", ""},
					{"O.Kovalenko@npu.demo.example.org", "UA-NPU", "Cyber Police Department", "Olena", "Kovalenko", "Олена", "Коваленко", "female", "Head of analysis", "uk;en", "+380 44 555 0101"},
				}
				head := auditHead(t, d)
				rep := must[tabular.Report](t)(f.svc.ImportPeople(ctx, file(t, format, directory.PersonColumns, rows...), format, false))
				if rep.Rows != 3 || rep.Created != 2 || rep.Updated != 1 || len(rep.Errors) != 0 {
					t.Errorf("report %+v", rep)
				}
				list := must[core.List[directory.Person]](t)(f.svc.ListPeople(ctx, directory.PersonFilter{Query: "Мельник"}, core.PageRequest{}))
				if list.Total != 1 {
					t.Fatalf("imported person not found: %+v", list)
				}
				p := list.Items[0]
				if p.UnitID != f.uaUnit.ID || p.Sex != directory.SexMale || !slices.Equal(p.Languages, []string{"uk", "en"}) || p.Phone != "+380 44 555 0199" || p.CountryCode != "UA" {
					t.Errorf("imported %+v", p)
				}
				if o := must[directory.Person](t)(f.svc.Person(ctx, f.olena.ID)); o.Position != "Head of analysis" {
					t.Errorf("olena not updated by e-mail: %+v", o)
				}
				dups := must[[]directory.Duplicate](t)(f.svc.LikelyDuplicates(ctx, directory.PersonInput{GivenName: "Tamar", FamilyName: "Lomidze"}, ""))
				if len(dups) != 1 {
					t.Errorf("imported people have no name blocks: %+v", dups)
				}
				entries := auditSince(t, d, head)
				actions := ids(entries, func(e auditEntry) string { return e.Action })
				if !slices.Contains(actions, "directory.people.imported") || strings.Contains(entries[0].Details, "Melnyk") {
					t.Errorf("audit %+v", entries)
				}
				verifyChain(t, f.log)
			})
		})
	}
}

// TestImportErrors: every problem is reported with its line and column,
// and nothing is written.
func TestImportErrors(t *testing.T) {
	eachEngine(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		win1251, err := charmap.Windows1251.NewEncoder().String("agency_code,given_name,family_name,family_name_native\nUA-NPU,Taras,Melnyk,Мельник\n")
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name   string
			actor  string
			people bool
			body   string
			want   []string // line:column:code
			values []string // offending values, in order
		}{
			{"three bad rows", "admin", true,
				"email,agency_code,given_name,family_name,languages\n" +
					"a.one@example.org,UA-NPU,Anna,One,uk\n" +
					"b.two@example.org,XX-NONE,Borys,Two,uk\n" +
					"c.three@,UA-NPU,Cyril,Three,uk\n" +
					"d.four@example.org,UA-NPU,Dmytro,Four,uk\n" +
					"e.five@example.org,UA-NPU,Eva,F1ve,uk\n",
				[]string{"3:agency_code:unknown_agency", "4:email:invalid_email", "6:family_name:invalid"},
				[]string{"XX-NONE", "c.three@", "F1ve"}},
			{"several problems on one row, all reported", "admin", true,
				"agency_code,given_name,family_name,sex,languages,phone\n" +
					"UA-NPU,<b>Ivan</b>,,unknown,xx,12345\n",
				[]string{"2:given_name:markup", "2:family_name:required", "2:sex:one_of", "2:languages:invalid", "2:phone:invalid_phone"}, nil},
			{"windows-1251 is an encoding error", "admin", true, win1251, []string{"2::encoding"}, nil},
			{"missing required columns", "admin", true, "email,given_name\nx@example.org,Ivan\n",
				[]string{"1:agency_code:required", "1:family_name:required"}, nil},
			{"malformed CSV", "admin", true, "agency_code,given_name,family_name\nUA-NPU,\"Ivan,Petrenko\n", []string{"2::malformed"}, nil},
			{"empty file", "admin", true, "", []string{"0::empty"}, nil},
			{"same e-mail twice", "admin", true,
				"email,agency_code,given_name,family_name\nx@example.org,UA-NPU,Ivan,Petrenko\nX@example.org,UA-NPU,Ivan,Petrenko\n",
				[]string{"3:email:duplicate"}, nil},
			{"e-mail of someone the importer may not see", "ncp_ge", true,
				"email,agency_code,given_name,family_name\no.kovalenko@npu.demo.example.org,GE-MIA,Olena,Kovalenko\n",
				[]string{"2:email:duplicate"}, nil},
			{"ncp importing another country's row fails whole", "ncp_ge", true,
				"agency_code,given_name,family_name\nGE-MIA,Levan,Tsiklauri\nUA-NPU,Taras,Melnyk\n",
				[]string{"3:agency_code:forbidden"}, nil},
			{"archived agency is unknown", "admin", true,
				"agency_code,given_name,family_name\nAM-OLD,Aram,Petrosyan\n", []string{"2:agency_code:unknown_agency"}, nil},
			{"unknown unit", "admin", true,
				"agency_code,unit,given_name,family_name\nGE-MIA,Cyber Police Department,Levan,Tsiklauri\n", []string{"2:unit:unknown_unit"}, nil},
			{"agencies: same code twice, unknown country, bad type", "coordinator", false,
				"code,country,name,type\nAM-POL,AM,Police,police\nam-pol,AM,Police,police\nXK-POL,XK,Police,police\nAM-X,AM,X,army\n",
				[]string{"3:code:duplicate", "4:country:unknown_country", "5:type:one_of"}, nil},
			{"agencies: ncp of GE updating a UA agency", "ncp_ge", false,
				"code,country,name,type\nGE-NEW,GE,New,police\nUA-NPU,GE,National Police,police\n",
				[]string{"3:code:forbidden"}, nil},
			{"agencies: missing columns", "coordinator", false, "code,name\nX,Y\n",
				[]string{"1:country:required", "1:type:required"}, nil},
		}
		old := must[directory.Agency](t)(f.svc.CreateAgency(sys(), directory.AgencyInput{Code: "AM-OLD", CountryCode: "AM", Name: "Old police", Type: "police"}))
		if err := f.svc.ArchiveAgency(sys(), old.ID, true); err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				before := rowCounts(t, d)
				var rep tabular.Report
				var err error
				if c.people {
					rep, err = f.svc.ImportPeople(f.as(c.actor), csvText(c.body), tabular.CSV, false)
				} else {
					rep, err = f.svc.ImportAgencies(f.as(c.actor), csvText(c.body), tabular.CSV, false)
				}
				sameCounts(t, before, rowCounts(t, d))
				if !core.IsCode(err, core.Invalid) {
					t.Errorf("got %v, want invalid", err)
				}
				if got := errStrings(rep); !slices.Equal(got, c.want) {
					t.Errorf("errors %v, want %v", got, c.want)
				}
				for i, v := range c.values {
					if rep.Errors[i].Value != v {
						t.Errorf("error %d value %q, want %q", i, rep.Errors[i].Value, v)
					}
				}
			})
		}
		t.Run("long values are cut in the report", func(t *testing.T) {
			rep, _ := f.svc.ImportPeople(f.as("admin"), csvText("agency_code,given_name,family_name\nUA-NPU,Ivan,"+strings.Repeat("Щ", 300)+"\n"), tabular.CSV, false)
			if len(rep.Errors) != 1 || rep.Errors[0].Code != "too_long" || rep.Errors[0].Param != "100" || len([]rune(rep.Errors[0].Value)) != 100 {
				t.Errorf("%+v", rep.Errors)
			}
		})
		t.Run("enumerated columns list the allowed values", func(t *testing.T) {
			rep, _ := f.svc.ImportAgencies(f.as("admin"), csvText("code,country,name,type\nAM-X,AM,X,army\n"), tabular.CSV, true)
			if len(rep.Errors) != 1 || rep.Errors[0].Code != directory.CodeOneOf || !strings.HasPrefix(rep.Errors[0].Param, "police, customs, border_guard,") {
				t.Errorf("type: %+v", rep.Errors)
			}
			rep, _ = f.svc.ImportPeople(f.as("admin"), csvText("agency_code,given_name,family_name,sex\nUA-NPU,Ivan,Petrenko,m\n"), tabular.CSV, true)
			if len(rep.Errors) != 1 || rep.Errors[0].Code != directory.CodeOneOf || rep.Errors[0].Param != "female, male" {
				t.Errorf("sex: %+v", rep.Errors)
			}
		})
		t.Run("unknown format", func(t *testing.T) {
			rep, err := f.svc.ImportPeople(f.as("admin"), csvText("x"), tabular.Format("xls"), false)
			if !core.IsCode(err, core.Invalid) || len(rep.Errors) != 1 || rep.Errors[0].Code != "unknown_format" {
				t.Errorf("%v %+v", err, rep)
			}
		})
	})
}

// TestImportDuplicateWarnings: likely duplicates across scripts, against
// existing people and earlier rows, are warnings; the import goes ahead.
func TestImportDuplicateWarnings(t *testing.T) {
	eachEngine(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		body := "agency_code,given_name,family_name,given_name_native,family_name_native\n" +
			"UA-NPU,Olha,Melnyk,,\n" + // line 2
			"UA-NPU,Olga,Melnik,Ольга,Мельник\n" + // line 3: the same as line 2, through the native name
			"UA-NPU,Elena,Kovalenko,Олена,Коваленко\n" + // line 4: olena, through the native name
			"GE-MIA,Nino,Beridze,,\n" + // line 5: nino, Latin against her Georgian name too
			"GE-MIA,Levan,Tsiklauri,ლევან,წიკლაური\n" // line 6: nobody
		rep, err := f.svc.ImportPeople(f.as("coordinator"), csvText(body), tabular.CSV, false)
		if err != nil {
			t.Fatalf("%v %+v", err, rep.Errors)
		}
		if rep.Created != 5 {
			t.Errorf("created %d", rep.Created)
		}
		type w struct {
			line     int
			existing string
			detail   string
		}
		var got []w
		for _, x := range rep.Warnings {
			if x.Code != "likely_duplicate" || x.Score < names88 {
				t.Errorf("warning %+v", x)
			}
			got = append(got, w{x.Line, x.ExistingID, x.Detail})
		}
		want := []w{{3, "", "Olha Melnyk (line 2)"}, {4, f.olena.ID, "Olena Kovalenko (UA-NPU)"}, {5, f.nino.ID, "Nino Beridze (GE-MIA)"}}
		if !slices.Equal(got, want) {
			t.Errorf("warnings %+v,\nwant %+v", got, want)
		}
	})
}

const names88 = 0.88

// TestExportRoundTrip: an export imports back (dry run) without errors or
// changes, and respects visibility.
func TestExportRoundTrip(t *testing.T) {
	eachEngine(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		for _, format := range []tabular.Format{tabular.CSV, tabular.XLSX} {
			for _, c := range []struct {
				actor  string
				filter directory.PersonFilter
				rows   int
			}{
				{"admin", directory.PersonFilter{}, 4},
				{"coordinator", directory.PersonFilter{Country: "UA"}, 1},
				{"ncp_ge", directory.PersonFilter{Country: "GE"}, 2},
			} {
				t.Run(string(format)+" people as "+c.actor, func(t *testing.T) {
					ctx := f.as(c.actor)
					var buf bytes.Buffer
					if err := f.svc.ExportPeople(ctx, &buf, format, c.filter); err != nil {
						t.Fatal(err)
					}
					before := rowCounts(t, d)
					rep, err := f.svc.ImportPeople(ctx, bytes.NewReader(buf.Bytes()), format, true)
					sameCounts(t, before, rowCounts(t, d))
					if err != nil || len(rep.Errors) != 0 {
						t.Fatalf("%v %+v", err, rep.Errors)
					}
					if rep.Rows != c.rows || rep.Created != 0 || rep.Updated != 0 {
						t.Errorf("round trip %+v", rep)
					}
				})
			}
			t.Run(string(format)+" agencies", func(t *testing.T) {
				ctx := f.as("observer")
				var buf bytes.Buffer
				if err := f.svc.ExportAgencies(ctx, &buf, format, directory.AgencyFilter{}); err != nil {
					t.Fatal(err)
				}
				rep, err := f.svc.ImportAgencies(f.as("admin"), bytes.NewReader(buf.Bytes()), format, true)
				if err != nil || len(rep.Errors) != 0 || rep.Rows != 3 || rep.Created+rep.Updated != 0 {
					t.Errorf("%v %+v", err, rep)
				}
			})
		}
		t.Run("export without visible contacts", func(t *testing.T) {
			var buf bytes.Buffer
			if err := f.svc.ExportPeople(f.as("ncp_ge"), &buf, tabular.CSV, directory.PersonFilter{Country: "UA"}); err != nil {
				t.Fatal(err)
			}
			if s := buf.String(); strings.Contains(s, "npu.demo.example.org") || strings.Contains(s, "555 0101") || !strings.Contains(s, "Kovalenko") {
				t.Errorf("export shows hidden contacts:\n%s", s)
			}
		})
		t.Run("observers do not export people", func(t *testing.T) {
			var buf bytes.Buffer
			err := f.svc.ExportPeople(f.as("observer"), &buf, tabular.CSV, directory.PersonFilter{})
			if !core.IsCode(err, core.Forbidden) || buf.Len() != 0 {
				t.Errorf("%v, %d bytes", err, buf.Len())
			}
		})
	})
}
